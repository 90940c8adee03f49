/*
 * prlimit_nofile: resource limits.  prlimit64(0, RLIMIT_NOFILE, NULL,
 * &old) gives a soft limit > 0 and <= the hard one; getrlimit agrees;
 * RLIMIT_STACK has a positive soft limit; an unknown resource gives
 * EINVAL, soft > hard EINVAL.  In a child the soft NOFILE limit is
 * lowered: prlimit64 reports the new value, open() then fails with
 * EMFILE once every fd below the limit is used, dup2/F_DUPFD at or above
 * the limit give EBADF/EINVAL, and closing one fd makes open work again.
 * The parent's limit is unchanged.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

struct rl64 { unsigned long long cur, max; };

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct rl64 old = { 0, 0 };
	CHECK_EQ(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &old), 0);
	CHECK(old.cur > 0, "soft NOFILE limit is 0");
	CHECK(old.cur <= old.max, "soft NOFILE limit above the hard one");
	CHECK(old.cur >= 20, "soft NOFILE limit below 20");
	struct rlimit rl;
	CHECK_EQ(getrlimit(RLIMIT_NOFILE, &rl), 0);
	CHECK(rl.rlim_cur == old.cur && rl.rlim_max == old.max, "getrlimit differs from prlimit64");
	CHECK_EQ(syscall(SYS_prlimit64, getpid(), RLIMIT_NOFILE, NULL, &old), 0);
	CHECK(rl.rlim_cur == old.cur, "prlimit64(getpid()) differs");
	CHECK_EQ(getrlimit(RLIMIT_STACK, &rl), 0);
	CHECK(rl.rlim_cur > 0, "RLIMIT_STACK soft limit is 0");
	CHECK(rl.rlim_cur <= rl.rlim_max, "RLIMIT_STACK soft above hard");

	CHECK_ERR(syscall(SYS_prlimit64, 0, 1000, NULL, &old), EINVAL);
	CHECK_ERR(syscall(SYS_prlimit64, 0, -1, NULL, &old), EINVAL);
	struct rl64 inverted = { 10, 5 };
	CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &inverted, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, (void *)0xffff888000000000UL), EFAULT);

	pid_t pid = fork();
	if (pid == 0) {
		int bad = 0;
		/* Use every fd below 16. */
		struct rl64 lim = { 16, old.max }, now = { 0, 0 };
		if (syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &lim, NULL) != 0) _exit(100);
		if (syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &now) != 0 || now.cur != 16) bad |= 1;
		int last = -1;
		for (int i = 0; i < 40; i++) {
			int fd = open("/dev/null", O_RDONLY);
			if (fd < 0) {
				if (errno != EMFILE) bad |= 2;
				break;
			}
			last = fd;
		}
		if (last != 15) bad |= 4;
		if (open("/dev/null", O_RDONLY) != -1 || errno != EMFILE) bad |= 2;
		int p[2];
		if (pipe(p) != -1 || errno != EMFILE) bad |= 8;
		if (dup(0) != -1 || errno != EMFILE) bad |= 8;
		if (dup2(0, 16) != -1 || errno != EBADF) bad |= 16;
		if (fcntl(0, F_DUPFD, 16) != -1 || errno != EINVAL) bad |= 16;
		if (dup2(0, 15) != 15) bad |= 32;            /* below the limit: fine */
		close(last);
		int fd = open("/dev/null", O_RDONLY);
		if (fd != last) bad |= 64;
		_exit(bad);
	}
	int status = 0;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status), "child status %#x", status);
	int bad = WEXITSTATUS(status);
	CHECK(bad != 100, "prlimit64 could not lower the soft limit");
	CHECK(!(bad & 1), "the new soft limit is not reported");
	CHECK(!(bad & 2), "open past the limit did not give EMFILE");
	CHECK(!(bad & 4), "the last fd opened was not 15");
	CHECK(!(bad & 8), "pipe/dup past the limit did not give EMFILE");
	CHECK(!(bad & 16), "dup2/F_DUPFD at the limit did not give EBADF/EINVAL");
	CHECK(!(bad & 32), "dup2 below the limit failed");
	CHECK(!(bad & 64), "open after a close did not reuse the fd");
	struct rl64 after;
	CHECK_EQ(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &after), 0);
	CHECK(after.cur == old.cur, "the child's limit reached the parent");
	return t_done();
}
