/*
 * sched_setaffinity_errors: Linux's checks, in Linux's order.  The mask
 * is read first (EFAULT, even for a pid that does not exist; len 0 reads
 * nothing, an empty mask), then the task (ESRCH), then the caller must
 * own it - its euid equal to the task's euid or uid - or have
 * CAP_SYS_NICE (EPERM); a mask with no online CPU is EINVAL.  The
 * caller's own mask from sched_getaffinity is accepted, for itself and
 * for another process it owns.
 */
#include "t.h"
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static long setaff(pid_t pid, unsigned len, const void *mask)
{
	return syscall(SYS_sched_setaffinity, pid, len, mask);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	unsigned long mask[16] = { 0 }, high[16] = { 0 }, empty[16] = { 0 };
	long n = syscall(SYS_sched_getaffinity, 0, sizeof mask, mask);
	CHECK(n > 0, "sched_getaffinity: %s", strerror(errno));
	high[0] = 1UL << 63;            /* a CPU no machine here has */
	void *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK_OK(setaff(0, sizeof mask, mask));
	CHECK_OK(setaff(getpid(), sizeof mask, mask));
	CHECK_ERR(setaff(0, sizeof mask, bad), EFAULT);
	CHECK_ERR(setaff(0x7fffffff, sizeof mask, bad), EFAULT);
	CHECK_ERR(setaff(0x7fffffff, sizeof mask, mask), ESRCH);
	CHECK_ERR(setaff(-1, sizeof mask, mask), ESRCH);
	CHECK_ERR(setaff(0, sizeof empty, empty), EINVAL);
	CHECK_ERR(setaff(0, sizeof high, high), EINVAL);
	CHECK_ERR(setaff(0, 0, mask), EINVAL);

	pid_t root_child = fork();
	if (root_child == 0) {
		pause();
		_exit(0);
	}
	pid_t c = fork();
	if (c == 0) {
		int bad_count = 0;
		if (seteuid(65534))
			_exit(100);
		errno = 0;
		if (setaff(root_child, sizeof mask, mask) != -1 || errno != EPERM)
			bad_count |= 1;
		if (setaff(0, sizeof mask, mask) != 0)
			bad_count |= 2;
		errno = 0;
		if (setaff(0x7fffffff, sizeof mask, mask) != -1 || errno != ESRCH)
			bad_count |= 4;         /* ESRCH before EPERM */
		if (seteuid(0) || setaff(root_child, sizeof mask, mask) != 0)
			bad_count |= 8;
		_exit(bad_count);
	}
	int st = -1;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the euid-65534 child: status %#x", st);
	kill(root_child, SIGKILL);
	CHECK_EQ(waitpid(root_child, &st, 0), root_child);
	munmap(bad, 4096);
	return t_done();
}
