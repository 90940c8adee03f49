#!/bin/bash
# boot.sh ushi|linux OUT INITRD KERNEL [TEST...]
#
# Boots INITRD (tools/ltp/runner as init) on ushi or on a Linux kernel
# image in QEMU, bounded by $LTP_BOOT_TIMEOUT seconds, and writes:
#   OUT/<kind>.log      the whole console
#   OUT/<kind>.results  one line per test: "name PASS|FAIL|SKIP [(why)]"
# Tests that did not build (OUT/unbuilt) are FAIL (not built); tests the
# runner never reported (the boot died or timed out) are FAIL (no result).
# Prints the verdict lines and the totals.  LTP_KERNEL_ARGS adds to ushi's
# command line (trace=enosys: a line for each system call ushi lacks).
# The caller holds the QEMU lock.
set -u
kind=$1 out=$2 initrd=$3 kernel=$4
shift 4
QEMU=${QEMU:-qemu-system-x86_64}
LIMIT=${LTP_BOOT_TIMEOUT:-1800}
TEST_LIMIT=${LTP_TEST_TIMEOUT:-120}
args="-t $TEST_LIMIT $*"
case $kind in
ushi)  append="panic=-1 ${LTP_KERNEL_ARGS:-} init=/opt/ltp/runner -- $args" ;;
linux) append="console=ttyS0 rdinit=/opt/ltp/runner panic=-1 quiet -- $args" ;;
*)     echo "usage: $0 ushi|linux OUT INITRD KERNEL [TEST...]" >&2; exit 2 ;;
esac
log=$out/$kind.log res=$out/$kind.results
start=$(date +%s)
timeout -k 5 "$LIMIT" "$QEMU" -m "${LTP_MEM:-1G}" -cpu max -smp 1 -no-reboot \
	-display none -monitor none -serial stdio \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$kernel" -initrd "$initrd" -append "$append" </dev/null 2>&1 |
	tr -d '\r' | tee "$log" | grep --line-buffered -E '^ltp: (PASS|FAIL|SKIP|[0-9]+ passed)' |
	sed -u 's/^ltp: //'
echo "ltp: $kind boot took $(( $(date +%s) - start )) s; console in $log"

# The results file, in runtest order: reported verdicts, then the rest.
sed -n 's/^ltp: \(PASS\|FAIL\|SKIP\) \([^ ]*\)\(.*\)$/\2 \1\3/p' "$log" > "$res"
if [ $# -eq 0 ]; then
	awk '!/^#/ && NF >= 2 { print $1 }' "$(dirname "$initrd")/stage/opt/ltp/runtest" |
	while read -r t; do
		grep -q "^$t " "$res" || echo "$t FAIL (no result)"
	done >> "$res"
	[ -f "$out/unbuilt" ] && sed 's/$/ FAIL (not built)/' "$out/unbuilt" >> "$res"
fi
p=$(grep -c ' PASS' "$res") f=$(grep -c ' FAIL' "$res") s=$(grep -c ' SKIP' "$res")
echo "ltp: $kind: $p passed, $f failed, $s skipped"
