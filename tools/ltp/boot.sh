#!/bin/bash
# boot.sh ushi|linux OUT INITRD KERNEL [TEST...]
#
# Boots INITRD (tools/ltp/runner as init, at /opt/$SUITE/runner) on ushi or
# on a Linux kernel image in QEMU, bounded by ${S}_BOOT_TIMEOUT seconds,
# and writes:
#   OUT/<kind>.log      the whole console
#   OUT/<kind>.results  one line per test: "name PASS|FAIL|SKIP [(why)]"
# SUITE is ltp (default) or selftests; S is its upper case, naming the
# suite's own knobs: ${S}_TEST_TIMEOUT (a test; default 120 s),
# ${S}_BOOT_TIMEOUT (default 1800 s), ${S}_MEM (default 1G),
# ${S}_KERNEL_ARGS (added to ushi's command line; trace=enosys: a line for
# each system call ushi lacks).
# Tests that did not build (OUT/unbuilt) are FAIL (not built); tests the
# runner never reported (the boot died or timed out) are FAIL (no result).
# Prints the verdict lines and the totals.  The caller holds the QEMU lock.
set -u
kind=$1 out=$2 initrd=$3 kernel=$4
shift 4
SUITE=${SUITE:-ltp}
S=$(echo "$SUITE" | tr a-z A-Z)
knob() { local v=${S}_$1; echo "${!v:-$2}"; }
QEMU=${QEMU:-qemu-system-x86_64}
LIMIT=$(knob BOOT_TIMEOUT 1800)
root=/opt/$SUITE
# The exit status that means "skipped": LTP's TCONF, kselftest's KSFT_SKIP.
case $SUITE in selftests) skip=4 ;; *) skip=32 ;; esac
args="-t $(knob TEST_TIMEOUT 120) -p $SUITE -s $skip -f $root/runtest $*"
case $kind in
ushi)  append="panic=-1 $(knob KERNEL_ARGS '') init=$root/runner -- $args" ;;
linux) append="console=ttyS0 rdinit=$root/runner panic=-1 quiet -- $args" ;;
*)     echo "usage: $0 ushi|linux OUT INITRD KERNEL [TEST...]" >&2; exit 2 ;;
esac
log=$out/$kind.log res=$out/$kind.results
start=$(date +%s)
timeout -k 5 "$LIMIT" "$QEMU" -m "$(knob MEM 1G)" -cpu max -smp 1 -no-reboot \
	-display none -monitor none -serial stdio \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$kernel" -initrd "$initrd" -append "$append" </dev/null 2>&1 |
	tr -d '\r' | tee "$log" | grep --line-buffered -E "^$SUITE: (PASS|FAIL|SKIP|[0-9]+ passed)" |
	sed -u "s/^$SUITE: //"
echo "$SUITE: $kind boot took $(( $(date +%s) - start )) s; console in $log"

# The results file, in runtest order: reported verdicts, then the rest.
sed -n "s/^$SUITE: \(PASS\|FAIL\|SKIP\) \([^ ]*\)\(.*\)$/\2 \1\3/p" "$log" > "$res"
if [ $# -eq 0 ]; then
	awk '!/^#/ && NF >= 2 { print $1 }' "$(dirname "$initrd")/stage$root/runtest" |
	while read -r t; do
		grep -q "^$t " "$res" || echo "$t FAIL (no result)"
	done >> "$res"
	[ -f "$out/unbuilt" ] && sed 's/$/ FAIL (not built)/' "$out/unbuilt" >> "$res"
fi
p=$(grep -c ' PASS' "$res") f=$(grep -c ' FAIL' "$res") s=$(grep -c ' SKIP' "$res")
echo "$SUITE: $kind: $p passed, $f failed, $s skipped"
