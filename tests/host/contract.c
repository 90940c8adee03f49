/*
 * contract.c - the outside program of the boot contract host tests
 * (contract.sh through GRUB, direct_boot.sh through QEMU's -kernel,
 * uefi.sh through GRUB under OVMF).  It uses printf, malloc, a file of
 * its cpio, a pipe and an unknown system call, prints one line with its
 * argv, and exits 7.
 */
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
