/*
 * waitid_wnohang_wnowait: WNOHANG with a child still running returns 0
 * and zeroes si_pid and si_signo; WNOWAIT reports an exited child without
 * reaping it, so it can be reported again and then reaped by wait4.
 */
#include "t.h"
#include <signal.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	siginfo_t si;
	int go[2];
	CHECK_OK(pipe(go));
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(go[1]);
		while (read(go[0], &c, 1) > 0)
			;
		_exit(33);
	}
	CHECK(pid > 0, "fork");
	close(go[0]);

	/* Running: 0, and the siginfo's si_pid and si_signo are zeroed. */
	int ids[] = { P_PID, P_ALL, P_PGID };
	for (int i = 0; i < 3; i++) {
		memset(&si, 0x5a, sizeof si);
		CHECK_EQ(waitid(ids[i], ids[i] == P_PID ? pid : 0, &si, WEXITED | WNOHANG), 0);
		CHECK_EQ(si.si_pid, 0);
		CHECK_EQ(si.si_signo, 0);
	}
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED | WNOHANG | WNOWAIT), 0);
	CHECK_EQ(si.si_pid, 0);

	close(go[1]);
	/* WNOWAIT, blocking: reports it but leaves it a zombie. */
	memset(&si, 0, sizeof si);
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED | WNOWAIT), 0);
	CHECK(si.si_pid == pid && si.si_code == CLD_EXITED && si.si_status == 33,
	      "WNOWAIT report: code %d status %d", si.si_code, si.si_status);
	/* Again, through P_ALL and WNOHANG: still there. */
	memset(&si, 0, sizeof si);
	CHECK_EQ(waitid(P_ALL, 0, &si, WEXITED | WNOWAIT | WNOHANG), 0);
	CHECK(si.si_pid == pid && si.si_status == 33, "second WNOWAIT report");
	/* A zombie still holds its pid. */
	CHECK_EQ(kill(pid, 0), 0);
	/* wait4 reaps it with the same status. */
	int st = -1;
	CHECK_EQ(wait4(pid, &st, WNOHANG, NULL), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 33, "status 0x%x", st);
	CHECK_ERR(waitid(P_PID, pid, &si, WEXITED | WNOWAIT | WNOHANG), ECHILD);
	CHECK_ERR(kill(pid, 0), ESRCH);

	/* WNOWAIT then a reaping waitid. */
	pid = fork();
	if (pid == 0)
		_exit(4);
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED | WNOWAIT), 0);
	memset(&si, 0, sizeof si);
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED), 0);
	CHECK(si.si_pid == pid && si.si_status == 4, "reaping waitid after WNOWAIT");
	CHECK_ERR(waitid(P_ALL, 0, &si, WEXITED | WNOHANG), ECHILD);
	return t_done();
}
