/*
 * waitid_errors: EINVAL when none of WEXITED/WSTOPPED/WCONTINUED is given,
 * for unknown option bits, for P_PID with id 0 (or negative), for P_PGID with
 * a negative id and for an unknown idtype; ECHILD with no children, for a
 * pid that is not our child, and for a group with none of our children.
 */
#include "t.h"
#include <limits.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	siginfo_t si;
	/* No children. */
	CHECK_ERR(waitid(P_ALL, 0, &si, WEXITED), ECHILD);
	CHECK_ERR(waitid(P_ALL, 0, &si, WEXITED | WNOHANG), ECHILD);
	CHECK_ERR(waitid(P_PID, 1, &si, WEXITED), ECHILD);
	CHECK_ERR(waitid(P_PID, INT_MAX, &si, WEXITED), ECHILD);
	CHECK_ERR(waitid(P_PGID, getpgrp(), &si, WEXITED), ECHILD);

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

	/* None of WEXITED, WSTOPPED, WCONTINUED. */
	CHECK_ERR(waitid(P_ALL, 0, &si, 0), EINVAL);
	CHECK_ERR(waitid(P_ALL, 0, &si, WNOHANG), EINVAL);
	CHECK_ERR(waitid(P_PID, pid, &si, WNOWAIT | WNOHANG), EINVAL);
	/* Unknown option bits. */
	CHECK_ERR(waitid(P_ALL, 0, &si, WEXITED | 0x10), EINVAL);
	CHECK_ERR(waitid(P_ALL, 0, &si, -1), EINVAL);
	CHECK_ERR(waitid(P_ALL, 0, &si, WEXITED | 0x100), EINVAL);
	/* Bad ids and idtypes. */
	CHECK_ERR(waitid(P_PID, 0, &si, WEXITED | WNOHANG), EINVAL);
	CHECK_ERR(waitid(P_PID, -1, &si, WEXITED | WNOHANG), EINVAL);
	CHECK_ERR(waitid(P_PGID, -1, &si, WEXITED | WNOHANG), EINVAL);
	CHECK_ERR(waitid((idtype_t)42, pid, &si, WEXITED | WNOHANG), EINVAL);
	CHECK_ERR(waitid((idtype_t)-1, 0, &si, WEXITED | WNOHANG), EINVAL);
	/* Not our child, or a group without our children. */
	CHECK_ERR(waitid(P_PID, pid + 1, &si, WEXITED | WNOHANG), ECHILD);
	CHECK_ERR(waitid(P_PID, 1, &si, WEXITED | WNOHANG), ECHILD);
	CHECK_ERR(waitid(P_PGID, INT_MAX, &si, WEXITED | WNOHANG), ECHILD);

	/* The running child is still there after all those errors. */
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED | WNOHANG), 0);
	close(go[1]);
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED), 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK_ERR(waitid(P_PID, pid, &si, WEXITED), ECHILD);
	return t_done();
}
