#!/bin/sh
# host.sh - the host-side checks beside the QEMU suite, and the verdict.
#
#   host.sh [DIR RESULT LOGS [SUITE]]   (tests/host, build/suite.result, build)
#
# Runs the command SUITE (make test gives the QEMU suite's; its console
# shows here as it runs) and every DIR/NAME.sh (each exits 0 on success,
# 77 when it cannot run here, anything else on failure), two at a time:
# QEMU under TCG keeps one core busy, and this host has two (USHI_JOBS
# says otherwise).  Each script's output goes to LOGS/host-NAME.log.  When
# all are done: one TAP-like line per script, in name order, then the
# QEMU suite's counts (RESULT, written by tests/judge.sh) added to
# theirs, and "N passed, N failed, N skipped" as the last line.  Exits
# non-zero if anything failed.
#
# The arguments let tests/host/host_verdict.sh feed it scripts of its own.

# One job of the pool below: host.sh --job LOGS suite|SCRIPT.  A script's
# output goes to its log, "STATUS SECONDS" to LOG.rc.  The scripts build
# and boot fixed things: make test's own variables (T, BOOT, MEM...) stay
# out of their makes.
if [ "$1" = --job ]; then
	if [ "$3" = suite ]; then
		sh -c "$USHI_SUITE"
		exit 0
	fi
	log=$2/host-$(basename "$3" .sh).log
	start=$(date +%s)
	MAKEFLAGS= MFLAGS= sh "$3" > "$log" 2>&1
	echo "$? $(($(date +%s) - start))" > "$log.rc"
	exit 0
fi

dir=${1:-tests/host} result=${2:-build/suite.result} logs=${3:-build}
USHI_SUITE=$4
export USHI_SUITE
mkdir -p "$logs"
for t in "$dir"/*.sh; do rm -f "$logs/host-$(basename "$t" .sh).log.rc"; done
# The suite first: it is the longest job.
{ [ -n "$USHI_SUITE" ] && echo suite; for t in "$dir"/*.sh; do [ -e "$t" ] && echo "$t"; done; } |
	xargs -n 1 -P "${USHI_JOBS:-2}" sh "$0" --job "$logs"

pass=0 fail=0 skip=0
for t in "$dir"/*.sh; do
	[ -e "$t" ] || continue
	name=$(basename "$t" .sh)
	log=$logs/host-$name.log
	rc=none secs=?
	[ -r "$log.rc" ] && read rc secs < "$log.rc"
	echo "# host: $name ($secs s)"
	if [ $rc = 0 ]; then
		echo "ok - host/$name"
		pass=$((pass + 1))
	elif [ $rc = 77 ]; then
		echo "ok - host/$name # SKIP $(tail -1 "$log")"
		skip=$((skip + 1))
	else
		echo "not ok - host/$name # exit status $rc (log: $log)"
		sed 's/^/    /' "$log" | tail -20
		fail=$((fail + 1))
	fi
done
if [ -r "$result" ] && read spass sfail sskip < "$result" && [ -n "$sskip" ]; then
	:
else
	spass=0 sfail=1 sskip=0
	echo "host.sh: no result from the QEMU suite ($result)"
fi
echo "$((spass + pass)) passed, $((sfail + fail)) failed, $((sskip + skip)) skipped"
[ $((sfail + fail)) -eq 0 ]
