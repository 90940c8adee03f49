#!/bin/sh
# contract.sh - the boot contract, as an outside suite would use it.
#
# A plain static musl program (printf, malloc, a file read, a pipe) is
# packed with GNU cpio by itself - none of ushi's tooling - and booted
# through GRUB with "init=/prog -- two words".  Checks: the program's
# output, its argv, and QEMU's exit status (exit 7 -> (7 << 1) | 1 = 15),
# with QEMU's default CPU and 128 MiB, and with -cpu max and 1 GiB.
set -e
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
make -s build/ushi.elf >/dev/null
cat > "$dir/prog.c" <<'C'
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	char *buf = malloc(1 << 20), line[64] = "";
	int p[2], fd = open("/etc/motd", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, line, sizeof line - 1) : -1;
	if (!buf || n <= 0 || pipe(p))
		return 1;
	memset(buf, 'x', 1 << 20);
	write(p[1], "through a pipe", 15);
	char got[16] = "";
	read(p[0], got, sizeof got);
	long none = syscall(499);       /* no such call: ENOSYS, and nothing on the console */
	printf("contract: argc=%d argv1=%s argv2=%s motd=%.*s pipe=%s enosys=%d\n", argc,
	       argc > 1 ? argv[1] : "-", argc > 2 ? argv[2] : "-", (int)strcspn(line, "\n"), line, got,
	       none == -1 && errno == ENOSYS);
	return 7;
}
C
musl-gcc -static -O2 "$dir/prog.c" -o "$dir/prog"
mkdir -p "$dir/root/etc" "$dir/iso/boot/grub"
cp "$dir/prog" "$dir/root/prog"
echo "moo" > "$dir/root/etc/motd"
(cd "$dir/root" && find . | cpio --quiet -o -H newc) > "$dir/iso/boot/initrd.cpio"
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
	flock /tmp/ushi-test.lock timeout 60 qemu-system-x86_64 $machine -display none \
		-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 -serial stdio \
		-monitor none -cdrom "$dir/c.iso" </dev/null > "$dir/out" 2>&1
	rc=$?
	set -e
	out=$(tr -d '\r' < "$dir/out")
	echo "$out" | grep "contract:" || true
	echo "$out" | grep -q "contract: argc=3 argv1=two argv2=words motd=moo pipe=through a pipe enosys=1" ||
		{ echo "FAIL ($machine): wrong or missing output"; echo "$out" | tail -5; exit 1; }
	if echo "$out" | grep -q "unknown syscall"; then
		echo "FAIL ($machine): the console says more than Linux's would:"; echo "$out" | grep "unknown syscall"; exit 1
	fi
	echo "$out" | grep -q "ushi: init exited with status 7" ||
		{ echo "FAIL ($machine): no exit line"; exit 1; }
	[ "$rc" = 15 ] || { echo "FAIL ($machine): QEMU exit status $rc, expected 15"; exit 1; }
	echo "ok ($machine): output, argv and exit status 15"
done
