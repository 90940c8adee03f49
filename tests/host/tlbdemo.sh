#!/bin/sh
# tlbdemo.sh - TLB shootdown, shown by user/tlbdemo on 2 CPUs.
#
# Boots the debug kernel with 2 CPUs (multi-threaded TCG) into tlbdemo
# three times:
#   1. as is, with trace=tlb: every child's copy stays the parent's memory
#      at fork, the demo exits 0, and the trace shows CPU 0 sending a
#      flush of the parent's mm to CPU 1;
#   2. with tlb_shootdown=off (and trace=tlb): the "UNSAFE" boot line,
#      the trace marking the skipped IPIs, and the demo failing: mostly
#      it catches a child's copy that is not the parent's memory at fork
#      or changes after; the stale translations can also make the parent
#      read the child's stack (it says so) or crash (SIGSEGV) - any of
#      them, and never "All N checks passed", with a non-zero status;
#   3. the normal kernel with tlb_shootdown=off refuses it and the demo
#      passes.
# Exits 77 when the first boot traced no flush sent to another CPU: the
# demo's threads never ran on two CPUs at once, so nothing can be shown.
set -e
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
make -s build/ushi.elf build/debug/ushi.elf build/initrd.cpio >/dev/null
fail=0

# boot KERNEL NAME "EXTRA ARGS": the console of one boot into tlbdemo in $dir/NAME.log.
boot() {
	set +e
	sh tools/qemu-lock.sh timeout 90 qemu-system-x86_64 -m 256M -cpu max -smp 2 \
		-accel tcg,thread=multi -no-reboot -display none \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$1" -initrd build/initrd.cpio \
		-append "panic=-1 $3 init=/bin/tlbdemo" -serial stdio -monitor none \
		< /dev/null | tr -d '\r' > "$dir/$2.log"
	set -e
}

# expect NAME WHAT REGEX: the boot's console has a line matching REGEX.
expect() {
	if grep -q "$3" "$dir/$1.log"; then echo "tlbdemo: ok $1: $2"
	else echo "tlbdemo: FAIL $1: $2"; fail=1; fi
}

boot build/debug/ushi.elf shootdown "trace=tlb"
if ! grep -q "^\[trace\] tlb cpu=[01] .* targets=[01]$" "$dir/shootdown.log"; then
	grep "^tlbdemo: note" "$dir/shootdown.log" || true
	echo "no flush went to another CPU: the demo's threads never ran on two CPUs at once"
	exit 77
fi
expect shootdown "the writer pinned to CPU 1, the forking thread to CPU 0" "^tlbdemo: The writer runs on CPU 1, the main thread on CPU 0\.$"
expect shootdown "every child's copy stayed the parent's memory at fork" "^tlbdemo: All [0-9]* checks passed\.$"
expect shootdown "tlbdemo exited 0" "^ushi: init exited with status 0 "
expect shootdown "the trace shows a shootdown from CPU 0 to CPU 1" "^\[trace\] tlb cpu=0 mm=0x[0-9a-f]* range=[^ ]*.* targets=1$"
if grep -q "ipi=skipped" "$dir/shootdown.log"; then echo "tlbdemo: FAIL shootdown: an IPI was skipped"; fail=1; fi

boot build/debug/ushi.elf off "tlb_shootdown=off trace=tlb"
expect off "the debug kernel says tlb_shootdown=off is UNSAFE" "^tlb: UNSAFE: tlb_shootdown=off"
expect off "the trace shows the IPIs skipped" "^\[trace\] tlb cpu=[01] .* ipi=skipped$"
if grep -q "^tlbdemo: All [0-9]* checks passed" "$dir/off.log"; then
	echo "tlbdemo: FAIL off: the demo passed: the stale write was not caught"; fail=1
fi
expect off "tlbdemo ended non-zero" "^ushi: init exited with status [1-9][0-9]* "
how=$(grep -o "^tlbdemo: round [0-9]*: the child's copy CHANGED\|^tlbdemo: the PARENT is running the child's code\|^ushi: init killed by signal [0-9]*" "$dir/off.log" | head -1)
echo "tlbdemo: with tlb_shootdown=off the bug showed as: ${how:-(nothing specific)}"

boot build/ushi.elf refused "tlb_shootdown=off"
expect refused "the normal kernel refuses tlb_shootdown=off" "^tlb: tlb_shootdown=off refused"
expect refused "and the demo passes" "^tlbdemo: All [0-9]* checks passed\.$"

if [ $fail != 0 ]; then
	for b in shootdown off refused; do echo "--- $b:"; grep -v "^\[trace\]" "$dir/$b.log" | tail -25; done
fi
exit $fail
