/*
 * mmap_errors: the deterministic errnos of mmap/munmap/mprotect, through
 * raw syscalls (musl checks some of these itself).  EINVAL: length 0, an
 * unaligned MAP_FIXED address, neither MAP_PRIVATE nor MAP_SHARED, an
 * unaligned file offset, an unaligned munmap/mprotect address.  EBADF: a
 * file mapping with a bad fd.  EACCES: MAP_SHARED+PROT_WRITE of an
 * O_RDONLY fd, any mapping of an O_WRONLY fd.  ENODEV: a pipe, a
 * directory, a procfs file (regular, but with no pages to map).  ENOMEM: a length that cannot fit, MAP_FIXED at a kernel
 * address, mprotect of unmapped memory.  What must work: MAP_PRIVATE +
 * PROT_WRITE of an O_RDONLY fd, an anonymous mapping whatever the fd.
 */
#include "t.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define PG 4096UL
#define F "/tmp/mmap_errors.dat"

static long rmmap(void *a, size_t len, int prot, int flags, int fd, long off)
{
	return syscall(SYS_mmap, a, len, prot, flags, fd, off);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	const int RW = PROT_READ | PROT_WRITE, PA = MAP_PRIVATE | MAP_ANONYMOUS;
	unlink(F);
	int fd = open(F, O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK(fd >= 0, "create: %s", strerror(errno));
	static char page[2 * PG];
	memset(page, 'd', sizeof page);
	CHECK_EQ(write(fd, page, sizeof page), sizeof page);
	int rd = open(F, O_RDONLY), wr = open(F, O_WRONLY);
	CHECK(rd >= 0 && wr >= 0, "open: %s", strerror(errno));
	char *base = mmap(NULL, 4 * PG, RW, PA, -1, 0);
	CHECK(base != MAP_FAILED, "mmap: %s", strerror(errno));

	/* EINVAL. */
	CHECK_ERR(rmmap(NULL, 0, RW, PA, -1, 0), EINVAL);
	CHECK_ERR(rmmap(NULL, 0, PROT_READ, MAP_PRIVATE, fd, 0), EINVAL);
	CHECK_ERR(rmmap(base + 1, PG, RW, PA | MAP_FIXED, -1, 0), EINVAL);
	CHECK_ERR(rmmap(base + 2048, PG, RW, PA | MAP_FIXED, -1, 0), EINVAL);
	CHECK_ERR(rmmap(NULL, PG, RW, MAP_ANONYMOUS, -1, 0), EINVAL);
	CHECK_ERR(rmmap(NULL, PG, PROT_READ, 0, fd, 0), EINVAL);
	CHECK_ERR(rmmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 100), EINVAL);
	CHECK_ERR(rmmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, PG + 1), EINVAL);
	CHECK_ERR(syscall(SYS_munmap, base + 1, PG), EINVAL);
	CHECK_ERR(syscall(SYS_munmap, base, 0), EINVAL);
	CHECK_ERR(syscall(SYS_mprotect, base + 8, PG, PROT_READ), EINVAL);
	CHECK_EQ(base[0], 0);                       /* base survived all that */

	/* EBADF. */
	CHECK_ERR(rmmap(NULL, PG, PROT_READ, MAP_PRIVATE, -1, 0), EBADF);
	CHECK_ERR(rmmap(NULL, PG, PROT_READ, MAP_SHARED, 999, 0), EBADF);

	/* EACCES. */
	CHECK_ERR(rmmap(NULL, PG, RW, MAP_SHARED, rd, 0), EACCES);
	CHECK_ERR(rmmap(NULL, PG, PROT_READ, MAP_SHARED, wr, 0), EACCES);
	CHECK_ERR(rmmap(NULL, PG, PROT_READ, MAP_PRIVATE, wr, 0), EACCES);
	/* ... but a private writable copy of a read-only fd is fine. */
	long ok = rmmap(NULL, PG, RW, MAP_PRIVATE, rd, 0);
	CHECK(ok > 0, "MAP_PRIVATE|PROT_WRITE of an O_RDONLY fd failed: %ld", ok);
	if (ok > 0) {
		char *m = (char *)ok;
		CHECK_EQ(m[0], 'd');
		m[0] = 'X';
		CHECK_EQ(m[0], 'X');
		char c;
		CHECK_EQ(pread(rd, &c, 1, 0), 1);
		CHECK_EQ(c, 'd');                     /* the file is not changed */
		munmap(m, PG);
	}

	/* ENODEV: files that cannot be mapped. */
	int p[2];
	CHECK_EQ(pipe(p), 0);
	CHECK_ERR(rmmap(NULL, PG, PROT_READ, MAP_PRIVATE, p[0], 0), ENODEV);
	close(p[0]);
	close(p[1]);
	int dfd = open("/tmp", O_RDONLY | O_DIRECTORY);
	CHECK_ERR(rmmap(NULL, PG, PROT_READ, MAP_PRIVATE, dfd, 0), ENODEV);
	close(dfd);
	int pfd = open("/proc/self/stat", O_RDONLY);
	CHECK(pfd >= 0, "open /proc/self/stat: %s", strerror(errno));
	CHECK_ERR(rmmap(NULL, PG, PROT_READ, MAP_PRIVATE, pfd, 0), ENODEV);
	CHECK_ERR(rmmap(NULL, PG, PROT_READ, MAP_SHARED, pfd, 0), ENODEV);
	close(pfd);

	/* ENOMEM. */
	CHECK_ERR(rmmap(NULL, (size_t)-PG, RW, PA, -1, 0), ENOMEM);
	CHECK_ERR(rmmap(NULL, (size_t)-1, RW, PA, -1, 0), ENOMEM);
	CHECK_ERR(rmmap(NULL, 1UL << 48, RW, PA, -1, 0), ENOMEM);
	CHECK_ERR(rmmap((void *)0xffff888000000000UL, PG, RW, PA | MAP_FIXED, -1, 0), ENOMEM);
	CHECK_ERR(rmmap((void *)(0x00007fffffffe000UL), 4 * PG, RW, PA | MAP_FIXED, -1, 0), ENOMEM);
	char *q = mmap(NULL, 2 * PG, RW, PA, -1, 0);
	CHECK(q != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK_EQ(munmap(q, 2 * PG), 0);
	CHECK_ERR(syscall(SYS_mprotect, q, PG, PROT_READ), ENOMEM);
	/* musl maps an EPERM from anonymous mmap to ENOMEM; the libc calls
	 * give the same errnos as the raw ones here. */
	CHECK(mmap(NULL, 0, RW, PA, -1, 0) == MAP_FAILED && errno == EINVAL, "libc mmap len 0: errno %d", errno);
	CHECK(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 1) == MAP_FAILED && errno == EINVAL,
	      "libc mmap unaligned offset: errno %d", errno);

	/* An anonymous mapping ignores fd and takes offset 0. */
	long an = rmmap(NULL, PG, RW, PA, 12345, 0);
	CHECK(an > 0, "anonymous mmap with fd 12345 failed: %ld", an);
	if (an > 0) {
		CHECK_EQ(*(char *)an, 0);
		munmap((void *)an, PG);
	}

	munmap(base, 4 * PG);
	close(fd);
	close(rd);
	close(wr);
	CHECK_EQ(unlink(F), 0);
	return t_done();
}
