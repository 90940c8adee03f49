#!/bin/sh
# boot.sh ISO TIMEOUT "QEMU COMMAND AND FLAGS" [OUTDIR]
#
# Boots the test ISO headless, its serial console on this terminal and in
# OUTDIR/test.log (OUTDIR defaults to build), and has tests/judge.sh judge
# the log and QEMU's exit status: it ends with "suite: N passed, N
# failed, N skipped", leaves "N N N" in OUTDIR/suite.result, and exits
# non-zero if anything failed.
iso=$1 limit=$2 qemu=$3 out=${4:-build}
log=$out/test.log
rcfile=$out/test.rc
mkdir -p "$out"
rm -f "$rcfile" "$out/suite.result"
start=$(date +%s)
( timeout -k 5 "$limit" $qemu -cdrom "$iso" -serial stdio -monitor none </dev/null; echo $? > "$rcfile" ) |
	stdbuf -oL tr -d '\r' | tee "$log"
rc=$(cat "$rcfile")
echo "(QEMU suite: $(($(date +%s) - start)) s, QEMU status $rc)"
sh "$(dirname "$0")/judge.sh" "$log" "$rc" qemu "$out/suite.result"
