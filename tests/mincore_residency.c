/*
 * mincore_residency - mincore(2) as Linux: one byte per page, bit 0 for
 * a resident page.  Private anonymous memory is resident once touched
 * (a read maps the zero page; PROT_NONE keeps it); a file's pages are
 * resident while in its page cache, mapped or not, and so are shared
 * anonymous pages dropped from the page table by MADV_DONTNEED.
 * Errors: unaligned start EINVAL, a hole or a range past user space
 * ENOMEM, a vector that cannot be written EFAULT.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/mman.h>

#define PG 4096L
#define FILE_NAME "/tmp/mincore_residency"

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	unsigned char v[4];

	char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap failed");
	memset(v, 0xff, sizeof v);
	CHECK_OK(mincore(p, 4 * PG, v));
	CHECK(v[0] == 0 && v[1] == 0 && v[2] == 0 && v[3] == 0, "untouched: %d %d %d %d",
	      v[0], v[1], v[2], v[3]);
	(void)*(volatile char *)(p + PG);       /* read: the zero page */
	p[2 * PG] = 1;
	p[3 * PG] = 1;
	CHECK_OK(mprotect(p + 3 * PG, PG, PROT_NONE));
	CHECK_OK(mincore(p, 4 * PG - 100, v));  /* a partial last page counts */
	CHECK(v[0] == 0 && v[1] == 1 && v[2] == 1 && v[3] == 1, "touched: %d %d %d %d",
	      v[0], v[1], v[2], v[3]);
	CHECK_OK(mincore(p, 0, NULL));

	/* Errors, in Linux's order. */
	CHECK_ERR(mincore(p + 1, PG, v), EINVAL);
	CHECK_ERR(mincore(p, 1UL << 60, v), ENOMEM);
	CHECK_ERR(mincore(p, PG, (unsigned char *)0xffff888000000000UL), EFAULT);
	CHECK_ERR(mincore(p, 4 * PG, (unsigned char *)(p + 3 * PG)), EFAULT);
	CHECK_OK(munmap(p + 2 * PG, PG));
	memset(v, 7, sizeof v);
	CHECK_ERR(mincore(p, 4 * PG, v), ENOMEM);
	CHECK(v[0] == 0 && v[1] == 1, "before the hole: %d %d", v[0], v[1]);
	munmap(p, 4 * PG);

	/* A file's pages are resident in its page cache, mapped or not. */
	int fd = open(FILE_NAME, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "open: %s", strerror(errno));
	char buf[2 * PG];
	memset(buf, 'x', sizeof buf);
	CHECK_EQ(write(fd, buf, sizeof buf), sizeof buf);
	char *f = mmap(NULL, 2 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(f != MAP_FAILED, "mmap of the file failed");
	memset(v, 0, sizeof v);
	CHECK_OK(mincore(f, 2 * PG, v));
	CHECK(v[0] == 1 && v[1] == 1, "file pages: %d %d", v[0], v[1]);
	munmap(f, 2 * PG);
	close(fd);
	unlink(FILE_NAME);

	/* Shared anonymous memory: the page stays in its unnamed file. */
	char *s = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(s != MAP_FAILED, "mmap shared failed");
	s[0] = 1;
	CHECK_OK(madvise(s, 2 * PG, MADV_DONTNEED));
	memset(v, 7, sizeof v);
	CHECK_OK(mincore(s, 2 * PG, v));
	CHECK(v[0] == 1 && v[1] == 0, "shared anonymous: %d %d", v[0], v[1]);
	munmap(s, 2 * PG);
	return t_done();
}
