#!/bin/sh
# host.sh - the host-side checks, after the QEMU suite, and the verdict.
#
# Runs every tests/host/NAME.sh (each exits 0 on success, 77 when it
# cannot run here, anything else on failure; each takes the machine-wide
# QEMU lock itself if it boots QEMU), prints one TAP-like line per script,
# then adds the QEMU suite's counts (build/suite.result, written by
# tests/judge.sh) and ends with "N passed, N failed, N skipped" as its
# last line.  Exits non-zero if anything failed.
#
#   host.sh [DIR RESULT LOGS]   (tests/host, build/suite.result, build)
#
# The arguments let tests/host/host_verdict.sh feed it scripts of its own.
dir=${1:-tests/host} result=${2:-build/suite.result} logs=${3:-build}
pass=0 fail=0 skip=0
if [ -r "$result" ] && read spass sfail sskip < "$result" && [ -n "$sskip" ]; then
	:
else
	spass=0 sfail=1 sskip=0
	echo "host.sh: no result from the QEMU suite ($result)"
fi
mkdir -p "$logs"
for t in "$dir"/*.sh; do
	[ -e "$t" ] || continue
	name=$(basename "$t" .sh)
	log=$logs/host-$name.log
	echo "# host: $name"
	sh "$t" > "$log" 2>&1
	rc=$?
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
echo "$((spass + pass)) passed, $((sfail + fail)) failed, $((sskip + skip)) skipped"
[ $((sfail + fail)) -eq 0 ]
