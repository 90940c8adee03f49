/*
 * msync_basic: msync(2) on mapped memory succeeds (MS_SYNC, MS_ASYNC,
 * MS_INVALIDATE, no flag at all), and a shared file mapping's writes are
 * in the file afterwards.  Linux's errnos, in Linux's order: EINVAL for
 * unknown flags, an unaligned start, MS_ASYNC with MS_SYNC (even over
 * unmapped memory); ENOMEM for a range with a hole, a range running past
 * a mapping's end, a range that wraps past the top of the address space.
 * An empty range is 0 wherever it points, even a length that rounds up
 * to 0.  MS_INVALIDATE of a locked area is EBUSY.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define PG 4096UL
#define F "/tmp/msync_basic.dat"

static long rmsync(void *a, unsigned long len, long flags)
{
	return syscall(SYS_msync, a, len, flags);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char *base = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(base != MAP_FAILED, "mmap: %s", strerror(errno));
	base[0] = 1;

	/* Mapped memory: every valid flag set works. */
	CHECK_EQ(rmsync(base, 4 * PG, MS_SYNC), 0);
	CHECK_EQ(rmsync(base, 4 * PG, MS_ASYNC), 0);
	CHECK_EQ(rmsync(base, 4 * PG, MS_INVALIDATE), 0);
	CHECK_EQ(rmsync(base, 4 * PG, MS_SYNC | MS_INVALIDATE), 0);
	CHECK_EQ(rmsync(base, 4 * PG, 0), 0);
	CHECK_EQ(rmsync(base + PG, 1, MS_SYNC), 0);         /* a length rounds up to a page */
	CHECK_EQ(msync(base, 4 * PG, MS_SYNC), 0);          /* and through libc */

	/* EINVAL, before anything is looked up. */
	CHECK_ERR(rmsync(base + 1, PG, MS_SYNC), EINVAL);
	CHECK_ERR(rmsync(base + PG / 2, PG, MS_ASYNC), EINVAL);
	CHECK_ERR(rmsync(base, PG, MS_ASYNC | MS_SYNC), EINVAL);
	CHECK_ERR(rmsync(base, PG, 8), EINVAL);
	CHECK_ERR(rmsync(base, PG, -1), EINVAL);
	CHECK_ERR(rmsync(base, PG, MS_SYNC | 0x100), EINVAL);

	/* ENOMEM: holes.  Unmap pages 1 and 3 of the four. */
	CHECK_OK(munmap(base + PG, PG));
	CHECK_OK(munmap(base + 3 * PG, PG));
	CHECK_ERR(rmsync(base, 4 * PG, MS_SYNC), ENOMEM);   /* a hole inside */
	CHECK_ERR(rmsync(base, 2 * PG, MS_ASYNC), ENOMEM);  /* a hole at the end */
	CHECK_ERR(rmsync(base + PG, 2 * PG, 0), ENOMEM);    /* a hole at the start */
	CHECK_ERR(rmsync(base + PG, PG, MS_SYNC), ENOMEM);  /* nothing mapped */
	CHECK_ERR(rmsync(base + 2 * PG, 2 * PG, MS_SYNC), ENOMEM);
	CHECK_EQ(rmsync(base + 2 * PG, PG, MS_SYNC), 0);    /* the page between is fine */
	/* The flags are judged before the range. */
	CHECK_ERR(rmsync(base + PG, PG, MS_ASYNC | MS_SYNC), EINVAL);
	CHECK_ERR(rmsync(base + PG + 8, PG, MS_SYNC), EINVAL);

	/* Empty ranges, and ranges that wrap. */
	CHECK_EQ(rmsync(base + PG, 0, MS_SYNC), 0);
	CHECK_EQ(rmsync(base + PG, ~0UL, MS_SYNC), 0);      /* rounds up to 0 */
	CHECK_ERR(rmsync(base, ~0UL - 2 * PG, MS_SYNC), ENOMEM);
	CHECK_OK(munmap(base, 4 * PG));

	/* A shared file mapping: what was written through it is in the file. */
	unlink(F);
	int fd = open(F, O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK(fd >= 0, "create: %s", strerror(errno));
	CHECK_OK(ftruncate(fd, 2 * PG));
	char *m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "mmap file: %s", strerror(errno));
	memcpy(m + PG + 10, "moo", 4);
	CHECK_EQ(rmsync(m, 2 * PG, MS_SYNC), 0);
	CHECK_EQ(rmsync(m + PG, PG, MS_ASYNC | MS_INVALIDATE), 0);
	char buf[4] = "";
	CHECK_EQ(pread(fd, buf, 4, PG + 10), 4);
	CHECK(memcmp(buf, "moo", 4) == 0, "the file holds \"%.3s\", not \"moo\"", buf);
	/* A locked area's pages may not be invalidated: EBUSY (LTP msync03),
	 * even after a hole, which msync looks past. */
	CHECK_OK(mlock(m + PG, PG));
	CHECK_ERR(rmsync(m, 2 * PG, MS_INVALIDATE), EBUSY);
	CHECK_EQ(rmsync(m, 2 * PG, MS_SYNC), 0);
	CHECK_OK(munmap(m, PG));
	CHECK_ERR(rmsync(m, 2 * PG, MS_INVALIDATE), EBUSY);
	CHECK_ERR(rmsync(m, 2 * PG, MS_SYNC), ENOMEM);
	CHECK_OK(munmap(m, 2 * PG));
	CHECK_OK(close(fd));
	CHECK_OK(unlink(F));
	return t_done();
}
