/*
 * sigaction_nodefer_resethand: the mask while a handler runs.  By default
 * the signal itself is blocked during its handler: raising it again there
 * leaves it pending, and the second run starts only after the first has
 * returned (never nested).  sa_mask adds more blocked signals for the
 * handler's duration only.  With SA_NODEFER the signal is not blocked and
 * the raise inside the handler nests at once.  SA_RESETHAND puts SIG_DFL
 * back before the handler runs (a query inside the handler sees SIG_DFL),
 * so the next one takes the default action; it still blocks the signal
 * during the handler unless SA_NODEFER is given too.
 */
#include "t.h"
#include "t_signal.h"
#include <sys/wait.h>

static volatile int depth, max_depth, runs, usr2_blocked, self_blocked;
static void *seen_handler;

static int blocked(int sig)
{
	sigset_t cur;
	sigprocmask(SIG_SETMASK, NULL, &cur);
	return sigismember(&cur, sig);
}

static void on_usr1(int sig)
{
	depth++;
	runs++;
	if (depth > max_depth)
		max_depth = depth;
	self_blocked = blocked(sig);
	usr2_blocked = blocked(SIGUSR2);
	struct sigaction q;
	sigaction(sig, NULL, &q);
	seen_handler = (void *)q.sa_handler;
	if (runs == 1)
		raise(sig);
	depth--;
}

static void install(int flags, int mask_usr2)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sa.sa_flags = flags;
	if (mask_usr2)
		sigaddset(&sa.sa_mask, SIGUSR2);
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	depth = max_depth = runs = 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);

	t_log("default: the signal is blocked in its handler, a second one waits");
	install(0, 1);
	CHECK_OK(raise(SIGUSR1));
	CHECK_EQ(runs, 2);
	CHECK_EQ(max_depth, 1);
	CHECK_EQ(self_blocked, 1);
	CHECK_EQ(usr2_blocked, 1);
	CHECK(!blocked(SIGUSR1) && !blocked(SIGUSR2), "the handler's mask outlived it");

	t_log("SA_NODEFER: the raise inside the handler nests");
	install(SA_NODEFER, 0);
	CHECK_OK(raise(SIGUSR1));
	CHECK_EQ(runs, 2);
	CHECK_EQ(max_depth, 2);
	CHECK_EQ(self_blocked, 0);
	CHECK_EQ(usr2_blocked, 0);

	t_log("SA_RESETHAND: SIG_DFL inside the handler, and the next one kills");
	pid_t pid = fork();
	if (pid == 0) {
		ts_no_core();
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_usr1;
		sa.sa_flags = SA_RESETHAND;
		sigaction(SIGUSR1, &sa, NULL);
		runs = 1;               /* no raise inside the handler */
		raise(SIGUSR1);
		int bad = (runs != 2) | (seen_handler != SIG_DFL) << 1 | (self_blocked != 1) << 2;
		if (bad)
			_exit(bad);
		raise(SIGUSR1);
		_exit(50);
	}
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1, "child status %#x", st);

	t_log("SA_RESETHAND|SA_NODEFER: the raise inside the handler takes the default");
	pid = fork();
	if (pid == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_usr1;
		sa.sa_flags = SA_RESETHAND | SA_NODEFER;
		sigaction(SIGUSR1, &sa, NULL);
		runs = 0;
		raise(SIGUSR1);
		_exit(50);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1, "child status %#x", st);
	return t_done();
}
