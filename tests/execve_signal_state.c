/*
 * execve_signal_state: the signal state across execve.  Handled signals go
 * back to SIG_DFL with no flags and an empty mask; ignored ones stay
 * SIG_IGN (their flags are cleared).  The blocked mask is kept, and so
 * are pending signals - both one sent to the process and one sent to the
 * thread.  The alternate signal stack is gone.  The exec'd image checks
 * all this and reports a bitmask of failures as its exit status.
 */
#include "t.h"
#include "t_signal.h"
#include <sys/wait.h>

#define BIT(sig) (1UL << ((sig) - 1))

static void handler(int sig) { (void)sig; }

static int image(void)
{
	int bad = 0;
	struct ts_ksigaction ka;
	ts_sigaction(SIGUSR1, NULL, &ka, 8);
	if (ka.handler != SIG_DFL || ka.flags != 0 || ka.mask != 0)
		bad |= 1;
	ts_sigaction(SIGTERM, NULL, &ka, 8);
	if (ka.handler != SIG_IGN || (ka.flags & ~SA_RESTORER) != 0)
		bad |= 2;
	ts_sigaction(SIGCHLD, NULL, &ka, 8);
	if (ka.handler != SIG_DFL || ka.flags != 0)
		bad |= 4;
	unsigned long mask = 0, pend = 0;
	ts_syscall6(SYS_rt_sigprocmask, SIG_BLOCK, 0, (long)&mask, 8, 0, 0);
	if (mask != (BIT(SIGUSR2) | BIT(SIGHUP)))
		bad |= 8;
	ts_syscall6(SYS_rt_sigpending, (long)&pend, 8, 0, 0, 0, 0);
	if (pend != (BIT(SIGUSR2) | BIT(SIGHUP)))
		bad |= 16;
	stack_t ss;
	if (sigaltstack(NULL, &ss) || ss.ss_flags != SS_DISABLE || ss.ss_size != 0)
		bad |= 32;
	return bad;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "image") == 0)
		return image();
	t_start(argv[0]);
	pid_t pid = fork();
	if (pid == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = handler;
		sa.sa_flags = SA_RESTART | SA_ONSTACK;
		sigaddset(&sa.sa_mask, SIGINT);
		sigaction(SIGUSR1, &sa, NULL);
		sa.sa_handler = SIG_IGN;
		sigaction(SIGTERM, &sa, NULL);
		sa.sa_handler = handler;
		sa.sa_flags = SA_NOCLDWAIT | SA_NOCLDSTOP;
		sigaction(SIGCHLD, &sa, NULL);
		static char alt[16384];
		stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt };
		sigaltstack(&ss, NULL);
		sigset_t s;
		sigemptyset(&s);
		sigaddset(&s, SIGUSR2);
		sigaddset(&s, SIGHUP);
		sigprocmask(SIG_BLOCK, &s, NULL);
		kill(getpid(), SIGUSR2);                        /* to the process */
		syscall(SYS_tkill, gettid(), SIGHUP);          /* to the thread */
		char *args[] = { argv[0], "image", NULL };
		execve(argv[0], args, NULL);
		_exit(99);
	}
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st), "status %#x", st);
	int bad = WEXITSTATUS(st);
	CHECK(bad != 99, "execve failed");
	if (bad == 99)
		return t_done();
	CHECK(!(bad & 1), "a handled signal was not reset to SIG_DFL with no flags and mask");
	CHECK(!(bad & 2), "an ignored signal did not stay ignored");
	CHECK(!(bad & 4), "SIGCHLD's handler and SA_NOCLDWAIT were not reset");
	CHECK(!(bad & 8), "the blocked mask was not kept");
	CHECK(!(bad & 16), "the pending signals were not kept");
	CHECK(!(bad & 32), "the alternate signal stack was kept");
	return t_done();
}
