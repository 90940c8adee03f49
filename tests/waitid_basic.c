/*
 * waitid_basic: waitid with P_PID, P_ALL and P_PGID and WEXITED returns 0
 * and fills the siginfo: si_signo SIGCHLD, si_code CLD_EXITED, si_status
 * the exit code (all 8 bits), si_pid the child, si_uid our uid.  A child
 * killed by SIGKILL gives CLD_KILLED with si_status SIGKILL.
 */
#include "t.h"
#include <signal.h>
#include <sys/wait.h>

static pid_t child(int code, int pgid_self)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (pgid_self)
			setpgid(0, 0);
		_exit(code);
	}
	if (pid > 0 && pgid_self)
		setpgid(pid, pid);
	return pid;
}

static void check_exited(const siginfo_t *si, pid_t pid, int code, const char *what)
{
	CHECK(si->si_signo == SIGCHLD, "%s: si_signo %d", what, si->si_signo);
	CHECK(si->si_code == CLD_EXITED, "%s: si_code %d, expected CLD_EXITED", what, si->si_code);
	CHECK(si->si_status == code, "%s: si_status %d, expected %d", what, si->si_status, code);
	CHECK(si->si_pid == pid, "%s: si_pid is not the child", what);
	CHECK(si->si_uid == getuid(), "%s: si_uid %d", what, (int)si->si_uid);
	CHECK(si->si_errno == 0, "%s: si_errno %d", what, si->si_errno);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	siginfo_t si;

	/* P_PID */
	pid_t pid = child(42, 0);
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED), 0);
	check_exited(&si, pid, 42, "P_PID");
	CHECK_ERR(waitid(P_PID, pid, &si, WEXITED | WNOHANG), ECHILD);

	/* P_ALL, with an exit code above 127 */
	pid = child(200, 0);
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ(waitid(P_ALL, 0, &si, WEXITED), 0);
	check_exited(&si, pid, 200, "P_ALL");
	CHECK_ERR(waitid(P_ALL, 0, &si, WEXITED), ECHILD);

	/* P_PGID: a child in its own group and one in ours; P_PGID picks by group. */
	int go[2];
	CHECK_OK(pipe(go));
	pid_t mine = fork();
	if (mine == 0) {
		char c;
		close(go[1]);
		while (read(go[0], &c, 1) > 0)
			;
		_exit(9);
	}
	close(go[0]);
	pid_t grouped = child(17, 1);
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ(waitid(P_PGID, grouped, &si, WEXITED), 0);
	check_exited(&si, grouped, 17, "P_PGID");
	CHECK_ERR(waitid(P_PGID, grouped, &si, WEXITED), ECHILD);
	/* id 0 means our own group: that holds `mine`, still running. */
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ(waitid(P_PGID, 0, &si, WEXITED | WNOHANG), 0);
	CHECK_EQ(si.si_pid, 0);
	close(go[1]);
	CHECK_EQ(waitid(P_PGID, 0, &si, WEXITED), 0);
	check_exited(&si, mine, 9, "P_PGID 0");
	CHECK_ERR(waitid(P_PGID, getpgrp(), &si, WEXITED | WNOHANG), ECHILD);

	/* Killed by SIGKILL: CLD_KILLED, si_status the signal number. */
	int hold[2];
	CHECK_OK(pipe(hold));
	pid = fork();
	if (pid == 0) {
		char c;
		close(hold[1]);
		read(hold[0], &c, 1);
		_exit(0);
	}
	close(hold[0]);
	CHECK_OK(kill(pid, SIGKILL));
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED), 0);
	CHECK_EQ(si.si_signo, SIGCHLD);
	CHECK(si.si_code == CLD_KILLED, "si_code %d, expected CLD_KILLED", si.si_code);
	CHECK_EQ(si.si_status, SIGKILL);
	CHECK(si.si_pid == pid, "si_pid is the killed child");
	close(hold[1]);

	/* A NULL siginfo pointer is allowed: the child is still reaped. */
	pid = child(1, 0);
	CHECK_EQ(waitid(P_PID, pid, NULL, WEXITED), 0);
	CHECK_ERR(waitid(P_ALL, 0, &si, WEXITED | WNOHANG), ECHILD);
	return t_done();
}
