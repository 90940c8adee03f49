#!/bin/sh
# contract.sh - the boot contract, as an outside suite would use it.
#
# A plain static musl program (tests/host/contract.c: printf, malloc, a
# file read, a pipe) is packed with GNU cpio by itself - none of ushi's
# tooling - and booted through GRUB with "init=/prog -- two words".
# Checks (contract.inc): the program's output, its argv, and QEMU's exit
# status (exit 7 -> (7 << 1) | 1 = 15), with QEMU's default CPU and
# 128 MiB, and with -cpu max and 1 GiB.
set -e
. tests/host/contract.inc
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
make -s build/ushi.elf >/dev/null
contract_cpio "$dir"
mkdir -p "$dir/iso/boot/grub"
cp "$dir/initrd.cpio" "$dir/iso/boot/initrd.cpio"
cp build/ushi.elf "$dir/iso/boot/ushi.elf"
cat > "$dir/iso/boot/grub/grub.cfg" <<'G'
set timeout=0
menuentry "contract" {
	multiboot2 /boot/ushi.elf init=/prog -- two words
	module2 /boot/initrd.cpio
	boot
}
G
grub-mkrescue -o "$dir/c.iso" "$dir/iso" >/dev/null 2>&1
for machine in "-m 128M" "-m 1G -cpu max"; do
	set +e
	sh tools/qemu-lock.sh timeout 60 qemu-system-x86_64 $machine -display none \
		-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 -serial stdio \
		-monitor none -cdrom "$dir/c.iso" </dev/null > "$dir/out" 2>&1
	rc=$?
	set -e
	contract_judge "$machine" "$dir/out" $rc
done
