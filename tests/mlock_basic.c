/*
 * mlock_basic - mlock, mlock2, munlock, mlockall, munlockall and
 * MAP_LOCKED, as Linux: locking faults the pages in (MLOCK_ONFAULT does
 * not), VmLck: in /proc/self/status counts the locked pages, a lock of
 * part of an area counts that part only, a hole is ENOMEM, bad flags
 * EINVAL, locks are not inherited by fork, MADV_DONTNEED on locked
 * memory is EINVAL, and a process without privilege is held to
 * RLIMIT_MEMLOCK (ENOMEM, EAGAIN for MAP_LOCKED, EPERM at zero).
 */
#include "t.h"
#include "../user/proc_field.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define PG 4096L

/* VmLck: of /proc/self/status, in kB, or -1. */
static long vmlck(void)
{
	return proc_field("/proc/self/status", "VmLck");
}

/* Is the page at va present (bit 63 of its /proc/self/pagemap entry)? */
static int present(const void *va)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = pread(fd, &e, 8, (off_t)((uintptr_t)va / PG) * 8);
	close(fd);
	return n == 8 ? (int)(e >> 63) : -1;
}

static char *map(long pages, int flags)
{
	char *p = mmap(NULL, pages * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* As an unprivileged user with RLIMIT_MEMLOCK of one page: 0 if all held. */
static int unprivileged(void)
{
	struct rlimit one = { PG, PG }, zero = { 0, 0 };
	char *p = map(4, 0);
	if (!p || setrlimit(RLIMIT_MEMLOCK, &one) || setuid(65534))
		return 10;
	if (mlock(p, 2 * PG) != -1 || errno != ENOMEM)
		return 11;
	if (mlock(p, PG) != 0)
		return 12;
	if (mlock(p, PG) != 0)          /* already locked: no more counted */
		return 13;
	if (mlock(p + PG, PG) != -1 || errno != ENOMEM)
		return 14;
	if (mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0) != MAP_FAILED ||
	    errno != EAGAIN)
		return 15;
	if (mlockall(MCL_CURRENT) != -1 || errno != ENOMEM)
		return 16;
	if (munlock(p, PG) || setrlimit(RLIMIT_MEMLOCK, &zero))
		return 17;
	if (mlock(p, PG) != -1 || errno != EPERM)
		return 18;
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	long base = vmlck();
	CHECK(base >= 0, "no VmLck: in /proc/self/status");

	char *p = map(4, 0);
	CHECK(p != NULL, "mmap failed");
	CHECK_EQ(present(p), 0);
	CHECK_OK(mlock(p + 1, 2 * PG));         /* widened to pages 0..2 */
	CHECK_EQ(vmlck() - base, 12);
	CHECK_EQ(present(p), 1);
	CHECK_EQ(present(p + 2 * PG), 1);
	CHECK_EQ(present(p + 3 * PG), 0);
	CHECK_ERR(madvise(p, PG, MADV_DONTNEED), EINVAL);
	CHECK_OK(madvise(p + 3 * PG, PG, MADV_DONTNEED));
	CHECK_OK(munlock(p + PG, PG));          /* splits the locked part */
	CHECK_EQ(vmlck() - base, 8);

	pid_t pid = fork();
	if (pid == 0)
		_exit(vmlck() == 0 ? 0 : 1);
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child inherited locks: status %#x", st);

	CHECK_OK(munlock(p, 4 * PG));
	CHECK_EQ(vmlck() - base, 0);

	/* Errors: a hole, bad flags. */
	CHECK_OK(munmap(p + 2 * PG, PG));
	CHECK_ERR(mlock(p, 4 * PG), ENOMEM);
	CHECK_ERR(munlock(p, 4 * PG), ENOMEM);
	CHECK_ERR(syscall(SYS_mlock2, p, PG, 2), EINVAL);
	CHECK_ERR(mlockall(0), EINVAL);
	CHECK_ERR(mlockall(4 /* MCL_ONFAULT alone */), EINVAL);
	CHECK_ERR(mlockall(8), EINVAL);
	CHECK_OK(munlock(p, 2 * PG));
	munmap(p, 4 * PG);

	/* MLOCK_ONFAULT counts the pages but faults none in. */
	p = map(2, 0);
	CHECK_OK(syscall(SYS_mlock2, p, 2 * PG, 1));
	CHECK_EQ(vmlck() - base, 8);
	CHECK_EQ(present(p), 0);
	munmap(p, 2 * PG);
	CHECK_EQ(vmlck() - base, 0);

	/* MAP_LOCKED: locked and faulted in from the start. */
	p = map(3, MAP_LOCKED);
	CHECK(p != NULL, "mmap MAP_LOCKED failed");
	CHECK_EQ(vmlck() - base, 12);
	CHECK_EQ(present(p + 2 * PG), 1);
	munmap(p, 3 * PG);

	/* mlockall(MCL_CURRENT | MCL_FUTURE) then munlockall. */
	CHECK_OK(mlockall(MCL_CURRENT | MCL_FUTURE));
	CHECK(vmlck() > 0, "mlockall locked nothing");
	p = map(2, 0);
	CHECK_EQ(present(p + PG), 1);
	CHECK_OK(munlockall());
	CHECK_EQ(vmlck(), 0);
	munmap(p, 2 * PG);

	pid = fork();
	if (pid == 0)
		_exit(unprivileged());
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "unprivileged child: status %#x", st);
	return t_done();
}
