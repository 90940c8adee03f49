#!/bin/sh
# mkiso.sh OUT.iso KERNEL INITRD "CMDLINE"
# A GRUB rescue ISO (BIOS, and UEFI when grub-efi-amd64-bin is present)
# that boots the kernel with multiboot2 and the initramfs as module2.
set -e
out=$1 kernel=$2 initrd=$3 cmdline=$4
dir=$(dirname "$out")/$(basename "$out" .iso).d
rm -rf "$dir"
mkdir -p "$dir/boot/grub"
cp "$kernel" "$dir/boot/ushi.elf"
cp "$initrd" "$dir/boot/initrd.cpio"
cat > "$dir/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
menuentry "ushi" {
	multiboot2 /boot/ushi.elf $cmdline
	module2 /boot/initrd.cpio
	boot
}
CFG
grub-mkrescue -o "$out" "$dir" >/dev/null 2>&1 || { grub-mkrescue -o "$out" "$dir"; exit 1; }
