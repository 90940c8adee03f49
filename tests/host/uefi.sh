#!/bin/sh
# uefi.sh - the GRUB ISO under UEFI firmware (OVMF) instead of SeaBIOS.
#
# The contract program (tests/host/contract.c, in a GNU cpio) on an ISO
# made by tools/mkiso.sh - the same ISO maker as make iso, whose image
# carries GRUB for BIOS and for UEFI - booted with -bios OVMF.fd.  GRUB's
# UEFI build loads the kernel and the module where the firmware's memory
# map lets it (the module right after the kernel, low in memory).
# Checks (contract.inc): output, argv and QEMU's exit status 15.
set -e
. tests/host/contract.inc
ovmf=/usr/share/ovmf/OVMF.fd
[ -r $ovmf ] || { echo "FAIL: no $ovmf (make deps installs Debian's ovmf)"; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
make -s build/ushi.elf >/dev/null
contract_cpio "$dir"
sh tools/mkiso.sh "$dir/c.iso" build/ushi.elf "$dir/initrd.cpio" "init=/prog -- two words"
machine="-m 256M -cpu max"
set +e
sh tools/qemu-lock.sh timeout 60 qemu-system-x86_64 $machine -bios $ovmf -display none \
	-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 -serial stdio \
	-monitor none -cdrom "$dir/c.iso" </dev/null > "$dir/out" 2>&1
rc=$?
set -e
tr -d '\r' < "$dir/out" | grep -aq "^boot: multiboot2" ||
	{ echo "FAIL (OVMF): the kernel did not enter through GRUB"; tail -c 600 "$dir/out"; exit 1; }
contract_judge "OVMF $machine" "$dir/out" $rc
