#!/bin/sh
# demos.sh - the demo tour and `make run DEMO=... TRACE=...`.
#
#   1. The default init (the tour, /sbin/init), booted with QEMU's
#      -kernel, runs all six demos; each says "All N checks passed", the
#      tour says every demo passed, and init's exit line says 0.
#   2. `make run DEMO=cowdemo TRACE=cow` boots straight into cowdemo with
#      the trace on, through make run's GRUB ISO: the command line, cowdemo's checks, the kernel's
#      cow-copy trace lines, and make's own exit status 0 (init's status).
set -e
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0
demos="cowdemo odfdemo zeropage vforkdemo clonedemo threaddemo"

make -s build/ushi.elf build/initrd.cpio >/dev/null
set +e
sh tools/qemu-lock.sh timeout 120 qemu-system-x86_64 -m 256M -cpu max -smp 1 -no-reboot \
	-display none -device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel build/ushi.elf \
	-initrd build/initrd.cpio -append "panic=-1 init=/sbin/init" \
	-serial stdio -monitor none < /dev/null | tr -d '\r' > "$dir/tour.log"
set -e
# QEMU's status is lost in the pipe; init's own line says it.
for d in $demos; do
	if grep -q "^tour: $d: passed" "$dir/tour.log" && grep -q "^$d: All [0-9]* checks passed" "$dir/tour.log"; then
		echo "demos: ok tour: $d ran and passed its checks"
	else
		echo "demos: FAIL tour: $d did not pass"
		fail=1
	fi
done
if grep -q "^tour: all 6 demos passed" "$dir/tour.log" && grep -q "ushi: init exited with status 0" "$dir/tour.log" &&
   ! grep -q "CHECK FAILED" "$dir/tour.log"; then
	echo "demos: ok the tour ended with every demo passed and init's status 0"
else
	echo "demos: FAIL the tour did not end cleanly"
	fail=1
fi
[ $fail = 0 ] || { echo "--- the tour's console:"; cat "$dir/tour.log"; }

set +e
sh tools/qemu-lock.sh timeout 120 make -s run BOOT=grub DEMO=cowdemo TRACE=cow < /dev/null > "$dir/run.log" 2>&1
rc=$?
set -e
tr -d '\r' < "$dir/run.log" > "$dir/run.txt"
check() {
	if grep -q "$2" "$dir/run.txt"; then echo "demos: ok make run DEMO=cowdemo TRACE=cow: $1"
	else echo "demos: FAIL make run DEMO=cowdemo TRACE=cow: $1"; fail=1; fi
}
check "the command line is init=/bin/cowdemo trace=cow" "^command line: init=/bin/cowdemo trace=cow$"
check "cowdemo passed its checks" "^cowdemo: All [0-9]* checks passed"
check "the trace shows the child's cow-copy faults" "^\[trace\] fault pid=[0-9]* va=0x[0-9a-f]* kind=cow-copy pfn=0x[0-9a-f]*->0x[0-9a-f]* count=2->1$"
if [ "$rc" = 0 ]; then
	echo "demos: ok make run exited 0 (init's exit status)"
else
	echo "demos: FAIL make run exited $rc"
	fail=1
fi
[ $fail = 0 ] || { echo "--- make run's console:"; cat "$dir/run.txt"; }
exit $fail
