/*
 * wait_stopped_continued: SIGSTOP's default action stops a child and
 * SIGCONT's resumes it; the parent learns each change once.  wait4 with
 * WUNTRACED reports a stop as (SIGSTOP << 8) | 0x7f (WIFSTOPPED), WCONTINUED
 * reports a continue as 0xffff (WIFCONTINUED); without those flags the
 * changes are not reported.  waitid with WSTOPPED / WCONTINUED gives
 * CLD_STOPPED / CLD_CONTINUED, and WNOWAIT leaves the report in place.
 * A stopped child is still killed by SIGKILL.
 */
#include "t.h"
#include <signal.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int hold[2];
	CHECK_OK(pipe(hold));
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(hold[1]);
		signal(SIGCONT, SIG_DFL);
		while (read(hold[0], &c, 1) > 0)
			;
		_exit(3);
	}
	CHECK(pid > 0, "fork");
	close(hold[0]);
	int st = -1;

	CHECK_OK(kill(pid, SIGSTOP));
	CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "stop status 0x%x", st);
	CHECK_EQ(st, (SIGSTOP << 8) | 0x7f);
	CHECK_EQ(waitpid(pid, &st, WUNTRACED | WNOHANG), 0);   /* reported once */
	CHECK_EQ(waitpid(pid, &st, WNOHANG), 0);                /* no WUNTRACED: not reported */

	CHECK_OK(kill(pid, SIGCONT));
	CHECK_EQ(waitpid(pid, &st, WCONTINUED), pid);
	CHECK(WIFCONTINUED(st), "continue status 0x%x", st);
	CHECK_EQ(st, 0xffff);
	CHECK_EQ(waitpid(pid, &st, WCONTINUED | WUNTRACED | WNOHANG), 0);

	/* The same through waitid, with WNOWAIT first. */
	siginfo_t si;
	CHECK_OK(kill(pid, SIGSTOP));
	memset(&si, 0, sizeof si);
	CHECK_EQ(waitid(P_PID, pid, &si, WSTOPPED | WNOWAIT), 0);
	CHECK(si.si_signo == SIGCHLD && si.si_code == CLD_STOPPED && si.si_status == SIGSTOP &&
	      si.si_pid == pid, "WNOWAIT stop: code %d status %d", si.si_code, si.si_status);
	memset(&si, 0, sizeof si);
	CHECK_EQ(waitid(P_ALL, 0, &si, WSTOPPED | WNOHANG), 0);
	CHECK(si.si_code == CLD_STOPPED && si.si_pid == pid, "stop still reported: code %d", si.si_code);
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ(waitid(P_PID, pid, &si, WSTOPPED | WNOHANG), 0);
	CHECK_EQ(si.si_pid, 0);                                 /* consumed */
	/* A stopped child is not an exited one. */
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED | WNOHANG), 0);
	CHECK_EQ(si.si_pid, 0);

	CHECK_OK(kill(pid, SIGCONT));
	memset(&si, 0, sizeof si);
	CHECK_EQ(waitid(P_PID, pid, &si, WCONTINUED), 0);
	CHECK(si.si_signo == SIGCHLD && si.si_code == CLD_CONTINUED && si.si_status == SIGCONT &&
	      si.si_pid == pid, "continue: code %d status %d", si.si_code, si.si_status);

	/* The child stops itself. */
	pid_t self_stopper = fork();
	if (self_stopper == 0) {
		raise(SIGSTOP);
		_exit(4);
	}
	CHECK_EQ(waitpid(self_stopper, &st, WUNTRACED), self_stopper);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "raise(SIGSTOP): 0x%x", st);
	CHECK_OK(kill(self_stopper, SIGCONT));
	CHECK_EQ(waitpid(self_stopper, &st, 0), self_stopper);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 4, "after SIGCONT it ran on: 0x%x", st);

	/* Stopped, then SIGKILL: killed. */
	CHECK_OK(kill(pid, SIGSTOP));
	CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid);
	CHECK(WIFSTOPPED(st), "stopped again");
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "killed while stopped: 0x%x", st);
	close(hold[1]);
	CHECK_ERR(waitpid(-1, &st, WNOHANG), ECHILD);
	return t_done();
}
