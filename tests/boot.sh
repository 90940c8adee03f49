#!/bin/sh
# boot.sh OUTDIR TIMEOUT "QEMU COMMAND AND FLAGS" KERNEL INITRD "CMDLINE"
# boot.sh OUTDIR TIMEOUT "QEMU COMMAND AND FLAGS" ISO
#
# Boots the test suite headless: the kernel directly (QEMU's -kernel,
# -initrd and -append: the PVH entry, no GRUB), or a GRUB ISO.  Its
# serial console goes to this terminal and to OUTDIR/test.log, and
# tests/judge.sh judges the log and QEMU's exit status: it ends with
# "suite: N passed, N failed, N skipped", leaves "N N N" in
# OUTDIR/suite.result, and exits non-zero if anything failed.
out=$1 limit=$2 qemu=$3
shift 3
case $# in
1) set -- -cdrom "$1" ;;
3) set -- -kernel "$1" -initrd "$2" -append "$3" ;;
*) echo "usage: boot.sh OUTDIR TIMEOUT QEMU (KERNEL INITRD CMDLINE | ISO)"; exit 2 ;;
esac
log=$out/test.log
rcfile=$out/test.rc
mkdir -p "$out"
rm -f "$rcfile" "$out/suite.result"
start=$(date +%s)
( timeout -k 5 "$limit" $qemu "$@" -serial stdio -monitor none </dev/null; echo $? > "$rcfile" ) |
	stdbuf -oL tr -d '\r' | tee "$log"
rc=$(cat "$rcfile")
echo "(QEMU suite: $(($(date +%s) - start)) s, QEMU status $rc)"
sh "$(dirname "$0")/judge.sh" "$log" "$rc" qemu "$out/suite.result"
