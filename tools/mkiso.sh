#!/bin/sh
# mkiso.sh OUT.iso KERNEL INITRD "CMDLINE"
# A GRUB rescue ISO (BIOS, and UEFI when grub-efi-amd64-bin is present)
# that boots the kernel with multiboot2 and the initramfs as module2.
#
# The same inputs give the same ISO bytes: xorriso's volume dates, its
# UUID and every file's date come from SOURCE_DATE_EPOCH (the Makefile sets
# it from the commit; mtools' mcopy reads it too), and mformat, which
# grub-mkrescue runs for the EFI image, gets a fixed FAT serial number
# through a wrapper first on PATH (it would pick a random one).
set -e
out=$1 kernel=$2 initrd=$3 cmdline=$4
: "${SOURCE_DATE_EPOCH:=1700000000}"
export SOURCE_DATE_EPOCH
dir=$(dirname "$out")/$(basename "$out" .iso).d
rm -rf "$dir" "$dir.bin"
mkdir -p "$dir/boot/grub" "$dir.bin"
printf '#!/bin/sh\nexec %s -N 75736869 "$@"\n' "$(command -v mformat || echo mformat)" > "$dir.bin/mformat"
chmod +x "$dir.bin/mformat"
bin=$(cd "$dir.bin" && pwd)
uuid=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y%m%d%H%M%S00)
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
mkrescue() {
	PATH="$bin:$PATH" grub-mkrescue -o "$out" "$dir" -- \
		-volume_date uuid "$uuid" -volume_date all_file_dates "=$SOURCE_DATE_EPOCH"
}
mkrescue >/dev/null 2>&1 || { mkrescue; exit 1; }
