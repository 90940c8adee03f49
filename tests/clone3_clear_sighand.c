/*
 * clone3_clear_sighand: clone3 with CLONE_CLEAR_SIGHAND resets every
 * handled signal to SIG_DFL in the child, keeps SIG_IGN as it is, and
 * leaves the parent's table alone.  Without the flag the child inherits
 * the handlers.  It also combines with CLONE_VM (the handler table is
 * still a copy).
 */
#include "t.h"
#include "t_clone.h"
#include <signal.h>

static void handler(int sig)
{
	(void)sig;
}

struct report { volatile int usr1, usr2, term; };

/* 0 = SIG_DFL, 1 = SIG_IGN, 2 = handler, 3 = something else */
static int kind(int sig)
{
	struct sigaction q;
	if (sigaction(sig, NULL, &q) != 0)
		return 3;
	return q.sa_handler == SIG_DFL ? 0 : q.sa_handler == SIG_IGN ? 1 :
	       q.sa_handler == handler ? 2 : 3;
}

static int child_fn(void *arg)
{
	struct report *rep = arg;
	rep->usr1 = kind(SIGUSR1);
	rep->usr2 = kind(SIGUSR2);
	rep->term = kind(SIGTERM);
	return 0;
}

static void run(unsigned long long flags, const char *what)
{
	int clear = (flags & CLONE_CLEAR_SIGHAND) != 0;
	struct report *rep = tc_shared_page();
	void *top;
	void *stack = tc_stack(64 * 1024, &top);
	CHECK(rep && stack, "setup failed");
	if (!rep || !stack)
		return;
	rep->usr1 = rep->usr2 = rep->term = -1;
	struct tc_clone_args ca;
	memset(&ca, 0, sizeof ca);
	ca.flags = flags;
	ca.exit_signal = SIGCHLD;
	ca.stack = (uintptr_t)stack;
	ca.stack_size = 64 * 1024;
	long pid = tc_clone3_run(&ca, TC_ARGS_VER0, child_fn, rep);
	CHECK(pid > 0, "%s: clone3 returned %ld", what, pid);
	if (pid > 0) {
		int st = tc_reap(pid);
		t_log("%s", what);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: status 0x%x", what, st);
		CHECK(rep->usr1 == (clear ? 0 : 2), "%s: child's SIGUSR1 disposition is kind %d", what, rep->usr1);
		CHECK(rep->usr2 == 1, "%s: child's SIGUSR2 is not SIG_IGN (kind %d)", what, rep->usr2);
		CHECK(rep->term == (clear ? 0 : 2), "%s: child's SIGTERM disposition is kind %d", what, rep->term);
		CHECK(kind(SIGUSR1) == 2 && kind(SIGUSR2) == 1 && kind(SIGTERM) == 2,
		      "%s: the parent's table changed", what);
	}
	munmap(stack, 64 * 1024);
	munmap(rep, 4096);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	CHECK_OK(sigaction(SIGTERM, &sa, NULL));
	sa.sa_handler = SIG_IGN;
	CHECK_OK(sigaction(SIGUSR2, &sa, NULL));
	run(0, "no CLONE_CLEAR_SIGHAND: the child inherits the handlers");
	run(CLONE_CLEAR_SIGHAND, "CLONE_CLEAR_SIGHAND: handlers reset, SIG_IGN kept");
	run(CLONE_CLEAR_SIGHAND | CLONE_VM, "CLONE_CLEAR_SIGHAND|CLONE_VM: the same");
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	return t_done();
}
