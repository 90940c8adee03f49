/*
 * sigmask_pending_suspend: rt_sigprocmask, rt_sigpending, rt_sigsuspend
 * and pause.  SIG_BLOCK, SIG_UNBLOCK and SIG_SETMASK change the mask and
 * return the old one; SIGKILL and SIGSTOP are silently left out; a bad
 * "how" is EINVAL (ignored when there is no new set), a sigsetsize other
 * than 8 EINVAL, a bad pointer EFAULT.  rt_sigpending lists the pending
 * signals that are blocked (EINVAL for a size above 8).  A signal that is
 * unblocked while pending runs its handler before sigprocmask returns.
 * sigsuspend swaps in a temporary mask, returns EINTR after a handler ran
 * under that mask (plus the handler's own), and puts the old mask back; a
 * signal still blocked by the temporary mask does not end it.  pause
 * returns EINTR after a handler.
 */
#include "t.h"
#include "t_signal.h"
#include <sys/mman.h>
#include <sys/wait.h>

#define BIT(sig) (1UL << ((sig) - 1))

static volatile int usr1_runs, usr2_runs;
static volatile unsigned long mask_in_usr2;

static unsigned long cur_mask(void)
{
	unsigned long m = 0;
	ts_syscall6(SYS_rt_sigprocmask, SIG_BLOCK, 0, (long)&m, 8, 0, 0);
	return m;
}

static void on_usr1(int sig) { (void)sig; usr1_runs++; }
static void on_usr2(int sig) { (void)sig; usr2_runs++; mask_in_usr2 = cur_mask(); }

static long sigprocmask_raw(int how, unsigned long *set, unsigned long *old, long size)
{
	return ts_syscall6(SYS_rt_sigprocmask, how, (long)set, (long)old, size, 0, 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, on_usr2);
	unsigned long set, old, pend;
	void *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	t_log("rt_sigprocmask: block, unblock, setmask, old mask, errors");
	set = 0;
	CHECK_EQ(sigprocmask_raw(SIG_SETMASK, &set, NULL, 8), 0);
	set = BIT(SIGUSR1) | BIT(SIGKILL) | BIT(SIGSTOP) | BIT(SIGTERM);
	CHECK_EQ(sigprocmask_raw(SIG_BLOCK, &set, &old, 8), 0);
	CHECK_EQ(old, 0);
	CHECK_EQ(cur_mask(), BIT(SIGUSR1) | BIT(SIGTERM));
	set = BIT(SIGTERM) | BIT(SIGHUP);
	CHECK_EQ(sigprocmask_raw(SIG_UNBLOCK, &set, &old, 8), 0);
	CHECK_EQ(old, BIT(SIGUSR1) | BIT(SIGTERM));
	CHECK_EQ(cur_mask(), BIT(SIGUSR1));
	set = BIT(SIGHUP) | BIT(40) | BIT(64);
	CHECK_EQ(sigprocmask_raw(SIG_SETMASK, &set, &old, 8), 0);
	CHECK_EQ(old, BIT(SIGUSR1));
	CHECK_EQ(cur_mask(), BIT(SIGHUP) | BIT(40) | BIT(64));
	CHECK_EQ(sigprocmask_raw(3, &set, NULL, 8), -EINVAL);
	CHECK_EQ(sigprocmask_raw(-1, &set, NULL, 8), -EINVAL);
	CHECK_EQ(sigprocmask_raw(3, NULL, &old, 8), 0);
	CHECK_EQ(old, BIT(SIGHUP) | BIT(40) | BIT(64));
	CHECK_EQ(sigprocmask_raw(SIG_BLOCK, &set, NULL, 4), -EINVAL);
	CHECK_EQ(sigprocmask_raw(SIG_BLOCK, &set, NULL, 16), -EINVAL);
	CHECK_EQ(sigprocmask_raw(SIG_BLOCK, bad, NULL, 8), -EFAULT);
	CHECK_EQ(sigprocmask_raw(SIG_BLOCK, NULL, bad, 8), -EFAULT);
	CHECK_EQ(cur_mask(), BIT(SIGHUP) | BIT(40) | BIT(64));

	t_log("rt_sigpending: the blocked pending signals");
	set = BIT(SIGUSR1) | BIT(SIGUSR2);
	CHECK_EQ(sigprocmask_raw(SIG_SETMASK, &set, NULL, 8), 0);
	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK_OK(raise(SIGUSR2));
	pend = 0;
	CHECK_EQ(ts_syscall6(SYS_rt_sigpending, (long)&pend, 8, 0, 0, 0, 0), 0);
	CHECK_EQ(pend, BIT(SIGUSR1) | BIT(SIGUSR2));
	CHECK_EQ(ts_syscall6(SYS_rt_sigpending, (long)&pend, 16, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(ts_syscall6(SYS_rt_sigpending, (long)bad, 8, 0, 0, 0, 0), -EFAULT);
	CHECK_EQ(usr1_runs + usr2_runs, 0);

	t_log("unblocking runs the handler before sigprocmask returns");
	set = BIT(SIGUSR1);
	CHECK_EQ(sigprocmask_raw(SIG_UNBLOCK, &set, NULL, 8), 0);
	CHECK_EQ(usr1_runs, 1);
	CHECK_EQ(usr2_runs, 0);

	t_log("sigsuspend: the temporary mask, EINTR, the old mask back");
	set = BIT(SIGUSR1) | BIT(SIGUSR2) | BIT(SIGTERM);
	CHECK_EQ(sigprocmask_raw(SIG_SETMASK, &set, NULL, 8), 0);   /* USR2 still pending */
	sigset_t tmp;
	sigemptyset(&tmp);
	sigaddset(&tmp, SIGHUP);
	CHECK_ERR(sigsuspend(&tmp), EINTR);
	CHECK_EQ(usr2_runs, 1);
	CHECK_EQ(mask_in_usr2, BIT(SIGHUP) | BIT(SIGUSR2));
	CHECK_EQ(cur_mask(), BIT(SIGUSR1) | BIT(SIGUSR2) | BIT(SIGTERM));
	CHECK_EQ(ts_syscall6(SYS_rt_sigsuspend, (long)&set, 4, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(ts_syscall6(SYS_rt_sigsuspend, (long)bad, 8, 0, 0, 0, 0), -EFAULT);

	t_log("sigsuspend sleeps through a signal its mask blocks");
	set = BIT(SIGUSR1) | BIT(SIGUSR2);
	CHECK_EQ(sigprocmask_raw(SIG_SETMASK, &set, NULL, 8), 0);
	usr1_runs = usr2_runs = 0;
	pid_t me = getpid();
	pid_t child = fork();
	if (child == 0) {
		if (!ts_wait_state(me, me, 'S'))
			_exit(1);
		kill(me, SIGUSR1);
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		nanosleep(&ts, NULL);   /* time for a wrong wake-up to show */
		if (!ts_wait_state(me, me, 'S'))
			_exit(2);
		kill(me, SIGUSR2);
		_exit(0);
	}
	sigemptyset(&tmp);
	sigaddset(&tmp, SIGUSR1);
	CHECK_ERR(sigsuspend(&tmp), EINTR);
	CHECK_EQ(usr2_runs, 1);
	CHECK_EQ(usr1_runs, 0);
	pend = 0;
	CHECK_EQ(ts_syscall6(SYS_rt_sigpending, (long)&pend, 8, 0, 0, 0, 0), 0);
	CHECK_EQ(pend, BIT(SIGUSR1));
	int st;
	CHECK_EQ(waitpid(child, &st, 0), child);
	CHECK_EQ(st, 0);

	t_log("pause: EINTR after a handler");
	child = fork();
	if (child == 0) {
		if (!ts_wait_state(me, me, 'S'))
			_exit(1);
		kill(me, SIGTERM);
		_exit(0);
	}
	signal(SIGTERM, on_usr1);
	set = 0;
	CHECK_EQ(sigprocmask_raw(SIG_SETMASK, &set, NULL, 8), 0);   /* runs the pending USR1 */
	CHECK_EQ(usr1_runs, 1);
	CHECK_ERR(pause(), EINTR);
	CHECK_EQ(usr1_runs, 2);
	CHECK_EQ(waitpid(child, &st, 0), child);
	CHECK_EQ(st, 0);
	munmap(bad, 4096);
	return t_done();
}
