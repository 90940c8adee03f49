/*
 * clone_sighand_shared: with CLONE_SIGHAND (which needs CLONE_VM) parent
 * and child share one table of signal dispositions: a handler (with its
 * flags) and a SIG_IGN the child installs are what the parent's
 * sigaction() query returns, and the handler runs when the parent gets
 * the signal.  The blocked mask is never shared: SIGTERM blocked in the
 * child is not blocked in the parent.  With CLONE_VM alone, or with no
 * flags, the child's dispositions stay its own.
 */
#include "t.h"
#include "t_clone.h"
#include <signal.h>

static volatile int handled;

static void on_usr2(int sig)
{
	handled = sig;
}

struct report { volatile int ok; };

static int child_fn(void *arg)
{
	struct report *rep = arg;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr2;
	sa.sa_flags = SA_RESTART;
	if (sigaction(SIGUSR2, &sa, NULL) != 0)
		return 1;
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = 0;
	if (sigaction(SIGUSR1, &sa, NULL) != 0)
		return 2;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL) != 0)
		return 3;
	struct sigaction q;
	rep->ok = sigaction(SIGUSR2, NULL, &q) == 0 && q.sa_handler == on_usr2;
	return 0;
}

static void run(unsigned long flags, const char *what)
{
	int shared = (flags & CLONE_SIGHAND) != 0;
	struct report *rep = tc_shared_page();
	void *top;
	void *stack = tc_stack(64 * 1024, &top);
	CHECK(rep && stack, "setup failed");
	if (!rep || !stack)
		return;
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
	handled = 0;
	long pid = clone(child_fn, top, flags | SIGCHLD, rep);
	CHECK(pid > 0, "%s: clone failed: %s", what, strerror(errno));
	if (pid <= 0)
		return;
	int st = tc_reap(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: child status 0x%x", what, st);
	CHECK(rep->ok, "%s: the child's own sigaction did not take effect", what);
	t_log("%s: the child's sigaction is %s by the parent", what, shared ? "seen" : "not seen");
	struct sigaction q1, q2;
	CHECK_OK(sigaction(SIGUSR2, NULL, &q2));
	CHECK_OK(sigaction(SIGUSR1, NULL, &q1));
	if (shared) {
		CHECK(q2.sa_handler == on_usr2, "%s: SIGUSR2 handler not seen by the parent", what);
		CHECK(q2.sa_flags & SA_RESTART, "%s: SA_RESTART not seen by the parent", what);
		CHECK(q1.sa_handler == SIG_IGN, "%s: SIG_IGN for SIGUSR1 not seen by the parent", what);
		CHECK_OK(kill(getpid(), SIGUSR2));
		CHECK_EQ(handled, SIGUSR2);
	} else {
		CHECK(q2.sa_handler == SIG_DFL, "%s: the child's SIGUSR2 handler reached the parent", what);
		CHECK(q1.sa_handler == SIG_DFL, "%s: the child's SIG_IGN reached the parent", what);
	}
	sigset_t cur;
	CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &cur));
	CHECK(!sigismember(&cur, SIGTERM), "%s: the child's blocked mask reached the parent", what);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
	munmap(stack, 64 * 1024);
	munmap(rep, 4096);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	run(CLONE_VM | CLONE_SIGHAND, "CLONE_VM|CLONE_SIGHAND");
	run(CLONE_VM, "CLONE_VM only");
	run(0, "no flags");
	return t_done();
}
