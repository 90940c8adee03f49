/*
 * fork_signal_inherit: what a forked (and a vforked) child inherits of the
 * signal state.  The blocked mask and the dispositions (a handler, SIG_IGN)
 * are copied; the pending set is not: with SIGUSR1 blocked and pending in
 * the parent, the child has nothing pending, and the parent still has it.
 * Changes the child makes to its mask and dispositions stay its own.
 */
#include "t.h"
#include <signal.h>
#include <sys/wait.h>

static volatile int got;

static void handler(int sig)
{
	got = sig;
}

static int is_handler(int sig, void (*h)(int))
{
	struct sigaction q;
	return sigaction(sig, NULL, &q) == 0 && q.sa_handler == h;
}

/* What the child checks; a bitmask of failures. */
static int child_checks(void)
{
	int bad = 0;
	sigset_t s;
	sigpending(&s);
	if (sigismember(&s, SIGUSR1))
		bad |= 1;
	sigprocmask(SIG_BLOCK, NULL, &s);
	if (!sigismember(&s, SIGUSR1) || !sigismember(&s, SIGTERM))
		bad |= 2;
	if (!is_handler(SIGUSR2, handler) || !is_handler(SIGHUP, SIG_IGN))
		bad |= 4;
	return bad;
}

static void report(const char *who, int bad)
{
	CHECK(!(bad & 1), "%s: SIGUSR1 is pending in the child", who);
	CHECK(!(bad & 2), "%s: the blocked mask was not inherited", who);
	CHECK(!(bad & 4), "%s: the dispositions were not inherited", who);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGTERM);
	CHECK_OK(sigprocmask(SIG_BLOCK, &block, &old));
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	CHECK_OK(sigaction(SIGUSR2, &sa, NULL));
	sa.sa_handler = SIG_IGN;
	CHECK_OK(sigaction(SIGHUP, &sa, NULL));
	CHECK_OK(kill(getpid(), SIGUSR1));
	sigset_t s;
	sigpending(&s);
	CHECK(sigismember(&s, SIGUSR1), "SIGUSR1 is not pending in the parent");

	t_log("fork: mask and dispositions inherited, pending set empty");
	pid_t pid = fork();
	if (pid == 0) {
		int bad = child_checks();
		/* changes that must stay in the child */
		signal(SIGUSR2, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		sigset_t u;
		sigemptyset(&u);
		sigaddset(&u, SIGTERM);
		sigprocmask(SIG_UNBLOCK, &u, NULL);
		_exit(bad);
	}
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st), "child died: 0x%x", st);
	report("fork", WIFEXITED(st) ? WEXITSTATUS(st) : 7);
	t_log("the child's changes did not reach the parent");
	CHECK(is_handler(SIGUSR2, handler), "the parent's SIGUSR2 handler is gone");
	CHECK(is_handler(SIGHUP, SIG_IGN), "the parent's SIG_IGN for SIGHUP is gone");
	sigprocmask(SIG_BLOCK, NULL, &s);
	CHECK(sigismember(&s, SIGTERM), "the parent's mask lost SIGTERM");

	t_log("vfork: the same");
	static volatile int vbad;
	vbad = -1;
	pid = vfork();
	if (pid == 0) {
		vbad = child_checks();
		_exit(0);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	report("vfork", vbad < 0 ? 7 : vbad);

	sigpending(&s);
	CHECK(sigismember(&s, SIGUSR1), "the parent's pending SIGUSR1 is gone");
	signal(SIGUSR1, SIG_IGN);          /* discard it before unblocking */
	CHECK_OK(sigprocmask(SIG_SETMASK, &old, NULL));
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	CHECK_EQ(got, 0);
	return t_done();
}
