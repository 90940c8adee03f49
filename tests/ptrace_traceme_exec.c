/*
 * ptrace_traceme_exec: a child that asked PTRACE_TRACEME stops at each
 * signal about to be delivered (its parent's waitpid sees WIFSTOPPED with
 * that signal, and the parent may cancel it), and after a successful
 * execve with SIGTRAP (GETSIGINFO: SI_USER).  When it exits the tracer
 * reaps it as usual.  A second TRACEME is EPERM.
 */
#include "t.h"
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exec-child"))
		return 5;
	t_start(argv[0]);
	pid_t pid = fork();
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
			_exit(10);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != -1 || errno != EPERM)
			_exit(11);
		raise(SIGUSR1);         /* fatal unless the tracer cancels it */
		execl(argv[0], argv[0], "exec-child", (char *)NULL);
		_exit(12);
	}
	CHECK(pid > 0, "fork");
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGUSR1, "first stop: status 0x%x", st);
	siginfo_t si;
	CHECK_OK(ptrace(PTRACE_GETSIGINFO, pid, NULL, &si));
	CHECK_EQ(si.si_signo, SIGUSR1);
	CHECK_OK(ptrace(PTRACE_CONT, pid, NULL, 0));     /* cancel SIGUSR1 */

	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP, "after exec: status 0x%x", st);
	CHECK_OK(ptrace(PTRACE_GETSIGINFO, pid, NULL, &si));
	CHECK_EQ(si.si_signo, SIGTRAP);
	CHECK_EQ(si.si_code, SI_USER);
	CHECK_EQ(waitpid(pid, &st, WNOHANG), 0);        /* a stop is reported once */
	CHECK_OK(ptrace(PTRACE_CONT, pid, NULL, 0));

	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 5, "end: status 0x%x", st);
	return t_done();
}
