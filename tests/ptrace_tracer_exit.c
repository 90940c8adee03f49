/*
 * ptrace_tracer_exit: when a tracer exits, its tracees are detached: one
 * in a ptrace stop runs on (and, orphaned, comes to our subreaper wait)
 * - unless the tracer set PTRACE_O_EXITKILL, which kills it with SIGKILL.
 */
#include "t.h"
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

/* The tracer: forks a tracee that stops at SIGUSR1 (ignored, but a
 * tracee stops even for that), sees the stop, then exits. */
static int tracer(int exitkill)
{
	pid_t c = fork();
	if (c == 0) {
		signal(SIGUSR1, SIG_IGN);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
			_exit(10);
		raise(SIGUSR1);
		_exit(0);
	}
	int st;
	if (waitpid(c, &st, 0) != c || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGUSR1)
		return 20;
	if (exitkill && ptrace(PTRACE_SETOPTIONS, c, NULL, (void *)PTRACE_O_EXITKILL))
		return 21;
	return 0;               /* exit with the tracee still stopped */
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK_OK(prctl(PR_SET_CHILD_SUBREAPER, 1));
	for (int exitkill = 0; exitkill < 2; exitkill++) {
		pid_t t = fork();
		if (t == 0)
			_exit(tracer(exitkill));
		int st;
		CHECK_EQ(waitpid(t, &st, 0), t);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "tracer: status 0x%x", st);
		pid_t c = waitpid(-1, &st, 0);          /* the orphaned tracee */
		CHECK(c > 0, "no orphan");
		if (exitkill)
			CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "EXITKILL: status 0x%x", st);
		else
			CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "detached: status 0x%x", st);
	}
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	return t_done();
}
