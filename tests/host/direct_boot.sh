#!/bin/sh
# direct_boot.sh - the boot contract without GRUB: QEMU's -kernel.
#
# QEMU loads build/ushi.elf itself and enters the PVH entry its ELF note
# names (boot/header.S), with the outside program's GNU cpio as -initrd
# and "init=/prog -- two words" as -append.  Checks: the kernel says it
# took the PVH path and got the command line, and then what contract.sh
# checks (contract.inc): output, argv and QEMU's exit status 15, with
# QEMU's default CPU and 128 MiB, and with -cpu max and 1 GiB.
set -e
. tests/host/contract.inc
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
make -s build/ushi.elf >/dev/null
contract_cpio "$dir"
for machine in "-m 128M" "-m 1G -cpu max"; do
	set +e
	sh tools/qemu-lock.sh timeout 30 qemu-system-x86_64 $machine -display none \
		-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 -serial stdio \
		-monitor none -kernel build/ushi.elf -initrd "$dir/initrd.cpio" \
		-append "init=/prog -- two words" </dev/null > "$dir/out" 2>&1
	rc=$?
	set -e
	grep -q "^boot: PVH" "$dir/out" ||
		{ echo "FAIL ($machine): the kernel did not enter through PVH"; tail -5 "$dir/out"; exit 1; }
	tr -d '\r' < "$dir/out" | grep -qx "command line: init=/prog -- two words" ||
		{ echo "FAIL ($machine): the -append command line did not arrive"; exit 1; }
	contract_judge "$machine" "$dir/out" $rc
done
