/*
 * wait4_errors: ECHILD when there is nothing to wait for (no children,
 * with and without WNOHANG; pid 1; a pid that does not exist; a child that
 * was already reaped), EINVAL for option bits wait4 does not know (0x10,
 * WNOWAIT, -1), ESRCH for pid INT_MIN.  EINVAL is checked before ECHILD.
 */
#include "t.h"
#include <limits.h>
#include <sys/syscall.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int st;
	/* No children at all. */
	CHECK_ERR(wait4(-1, &st, 0, NULL), ECHILD);
	CHECK_ERR(wait4(-1, &st, WNOHANG, NULL), ECHILD);
	CHECK_ERR(wait4(0, &st, 0, NULL), ECHILD);
	CHECK_ERR(wait4(-getpgrp(), &st, WNOHANG, NULL), ECHILD);
	CHECK_ERR(wait4(-1, &st, __WALL, NULL), ECHILD);
	CHECK_ERR(wait4(-1, &st, __WCLONE | WNOHANG, NULL), ECHILD);
	CHECK_ERR(wait(&st), ECHILD);
	/* Not our child: init, ourselves, our parent, a pid that cannot exist. */
	CHECK_ERR(wait4(1, &st, 0, NULL), ECHILD);
	CHECK_ERR(wait4(1, &st, WNOHANG, NULL), ECHILD);
	CHECK_ERR(wait4(getpid(), &st, 0, NULL), ECHILD);
	CHECK_ERR(wait4(getppid(), &st, 0, NULL), ECHILD);
	CHECK_ERR(wait4(INT_MAX, &st, 0, NULL), ECHILD);
	CHECK_ERR(wait4(4194304 + 1, &st, WNOHANG, NULL), ECHILD);   /* above PID_MAX_LIMIT */

	/* Bad option bits, with and without children: EINVAL first. */
	CHECK_ERR(wait4(-1, &st, 0x10, NULL), EINVAL);
	CHECK_ERR(wait4(-1, &st, -1, NULL), EINVAL);
	CHECK_ERR(wait4(-1, &st, WNOWAIT, NULL), EINVAL);          /* waitid only */
	CHECK_ERR(wait4(-1, &st, WEXITED, NULL), EINVAL);          /* waitid only */
	CHECK_ERR(wait4(-1, &st, 0x100, NULL), EINVAL);
	CHECK_ERR(waitpid(-1, NULL, WNOHANG | 0x10), EINVAL);

	/* INT_MIN cannot be negated into a group id: ESRCH. */
	CHECK_ERR(wait4(INT_MIN, &st, 0, NULL), ESRCH);
	CHECK_ERR(wait4(INT_MIN, &st, WNOHANG, NULL), ESRCH);

	int go[2];
	CHECK_OK(pipe(go));
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(go[1]);
		while (read(go[0], &c, 1) > 0)
			;
		_exit(0);
	}
	CHECK(pid > 0, "fork");
	close(go[0]);
	CHECK_ERR(wait4(pid, &st, 0x10, NULL), EINVAL);
	CHECK_ERR(wait4(pid, &st, -1, NULL), EINVAL);
	CHECK_ERR(wait4(-1, &st, WNOWAIT | WNOHANG, NULL), EINVAL);
	CHECK_ERR(wait4(pid + 1, &st, WNOHANG, NULL), ECHILD);         /* not our child */
	CHECK_ERR(wait4(1, &st, WNOHANG, NULL), ECHILD);
	CHECK_EQ(wait4(pid, &st, WNOHANG, NULL), 0);               /* still running */
	close(go[1]);
	CHECK_EQ(wait4(pid, &st, 0, NULL), pid);
	CHECK_EQ(st, 0);
	/* Reaped: its pid is no longer our child. */
	CHECK_ERR(wait4(pid, &st, 0, NULL), ECHILD);
	CHECK_ERR(wait4(pid, &st, WNOHANG, NULL), ECHILD);
	CHECK_ERR(wait4(-1, &st, 0, NULL), ECHILD);
	return t_done();
}
