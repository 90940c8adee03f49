/*
 * sigaction_errors: rt_sigaction's checks and what it stores.  Signal 0,
 * 65 and -1, and a sigsetsize other than 8, give EINVAL; SIGKILL and SIGSTOP
 * cannot be given a handler or SIG_IGN (EINVAL) but can be queried (SIG_DFL);
 * an unreadable new action gives EFAULT and changes nothing.  What is stored
 * comes back from the next query: the handler, the flags the kernel knows
 * (an unknown bit such as 0x400 is dropped), the restorer and the mask
 * without SIGKILL and SIGSTOP.  Setting a blocked, pending signal to SIG_IGN
 * (or to SIG_DFL when its default is to ignore it) discards it; installing a
 * handler keeps it pending.
 */
#include "t.h"
#include "t_signal.h"
#include <sys/mman.h>

static void handler(int sig) { (void)sig; }

static unsigned long pending(void)
{
	unsigned long set = 0;
	ts_syscall6(SYS_rt_sigpending, (long)&set, 8, 0, 0, 0, 0);
	return set;
}

#define BIT(sig) (1UL << ((sig) - 1))

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct ts_ksigaction act = { handler, SA_RESTORER, ts_restore_rt, 0 }, old;

	t_log("bad signal numbers and sizes");
	CHECK_EQ(ts_sigaction(0, &act, NULL, 8), -EINVAL);
	CHECK_EQ(ts_sigaction(65, &act, NULL, 8), -EINVAL);
	CHECK_EQ(ts_sigaction(-1, NULL, &old, 8), -EINVAL);
	CHECK_EQ(ts_sigaction(65, NULL, &old, 8), -EINVAL);
	CHECK_EQ(ts_sigaction(SIGUSR1, &act, NULL, 4), -EINVAL);
	CHECK_EQ(ts_sigaction(SIGUSR1, &act, NULL, 16), -EINVAL);
	CHECK_EQ(ts_sigaction(64, NULL, &old, 8), 0);

	t_log("SIGKILL and SIGSTOP: no handler, no SIG_IGN, but a query works");
	CHECK_EQ(ts_sigaction(SIGKILL, &act, NULL, 8), -EINVAL);
	CHECK_EQ(ts_sigaction(SIGSTOP, &act, NULL, 8), -EINVAL);
	struct ts_ksigaction ign = { SIG_IGN, SA_RESTORER, ts_restore_rt, 0 };
	CHECK_EQ(ts_sigaction(SIGKILL, &ign, NULL, 8), -EINVAL);
	CHECK_EQ(ts_sigaction(SIGSTOP, &ign, NULL, 8), -EINVAL);
	memset(&old, 0x55, sizeof old);
	CHECK_EQ(ts_sigaction(SIGKILL, NULL, &old, 8), 0);
	CHECK(old.handler == SIG_DFL, "SIGKILL's handler is not SIG_DFL");
	CHECK_ERR(sigaction(SIGSTOP, &(struct sigaction){ .sa_handler = handler }, NULL), EINVAL);

	t_log("unreadable or unwritable actions: EFAULT");
	void *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(bad != MAP_FAILED, "mmap");
	CHECK_EQ(ts_sigaction(SIGUSR1, bad, NULL, 8), -EFAULT);
	CHECK_EQ(ts_sigaction(SIGUSR1, NULL, &old, 8), 0);
	CHECK(old.handler == SIG_DFL, "a failed sigaction changed the handler");
	CHECK_EQ(ts_sigaction(SIGUSR1, NULL, bad, 8), -EFAULT);

	t_log("what is stored comes back");
	struct ts_ksigaction full = { handler, SA_RESTORER | SA_SIGINFO | SA_RESTART | SA_NODEFER |
				      SA_ONSTACK | 0x400, ts_restore_rt,
				      BIT(SIGUSR2) | BIT(SIGKILL) | BIT(SIGSTOP) | BIT(SIGTERM) | BIT(40) };
	CHECK_EQ(ts_sigaction(SIGUSR1, &full, NULL, 8), 0);
	memset(&old, 0, sizeof old);
	CHECK_EQ(ts_sigaction(SIGUSR1, NULL, &old, 8), 0);
	CHECK(old.handler == (void *)handler, "handler not kept");
	CHECK_EQ(old.flags, SA_RESTORER | SA_SIGINFO | SA_RESTART | SA_NODEFER | SA_ONSTACK);
	CHECK(old.restorer == (void *)ts_restore_rt, "restorer not kept");
	CHECK_EQ(old.mask, BIT(SIGUSR2) | BIT(SIGTERM) | BIT(40));
	/* the old action comes back from the call that replaces it */
	memset(&old, 0, sizeof old);
	CHECK_EQ(ts_sigaction(SIGUSR1, &act, &old, 8), 0);
	CHECK(old.handler == (void *)handler && (old.flags & SA_SIGINFO), "old action not returned");

	t_log("ignoring a pending signal discards it; a handler keeps it");
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGURG);
	sigaddset(&set, SIGWINCH);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	CHECK_OK(signal(SIGURG, handler) == SIG_ERR ? -1 : 0);
	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK_OK(kill(getpid(), SIGUSR2));
	CHECK_OK(kill(getpid(), SIGURG));
	CHECK_OK(kill(getpid(), SIGWINCH));   /* default: ignore, but blocked so it is queued */
	CHECK_EQ(pending(), BIT(SIGUSR1) | BIT(SIGUSR2) | BIT(SIGURG) | BIT(SIGWINCH));
	CHECK(signal(SIGUSR1, SIG_IGN) != SIG_ERR, "signal");
	CHECK_EQ(pending(), BIT(SIGUSR2) | BIT(SIGURG) | BIT(SIGWINCH));
	CHECK(signal(SIGURG, SIG_DFL) != SIG_ERR, "signal");
	CHECK_EQ(pending(), BIT(SIGUSR2) | BIT(SIGWINCH));
	CHECK(signal(SIGUSR2, handler) != SIG_ERR, "signal");
	CHECK_EQ(pending(), BIT(SIGUSR2) | BIT(SIGWINCH));
	CHECK(signal(SIGUSR2, SIG_IGN) != SIG_ERR, "signal");
	CHECK(signal(SIGWINCH, SIG_IGN) != SIG_ERR, "signal");
	CHECK_EQ(pending(), 0);
	/* blocked, even an ignored signal is queued: the action may change */
	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK_EQ(pending(), BIT(SIGUSR1));
	CHECK(signal(SIGUSR1, SIG_DFL) != SIG_ERR, "signal");
	CHECK(signal(SIGUSR1, SIG_IGN) != SIG_ERR, "signal");
	CHECK_EQ(pending(), 0);
	CHECK_OK(sigprocmask(SIG_UNBLOCK, &set, NULL));
	munmap(bad, 4096);
	return t_done();
}
