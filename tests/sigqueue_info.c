/*
 * sigqueue_info: rt_sigqueueinfo (musl's sigqueue) and rt_tgsigqueueinfo,
 * as Linux.  The receiver gets SI_QUEUE, the sender's pid and uid and the
 * value; a real-time signal queued three times while blocked is delivered
 * three times, in order, each with its value.  Errors: a claimed kernel
 * or kill() si_code (>= 0) or SI_TKILL towards another process is EPERM
 * (towards ourselves it goes through), a pid nobody has ESRCH, a bad
 * signal EINVAL, a bad siginfo EFAULT, a non-root sender to root EPERM;
 * rt_tgsigqueueinfo wants positive ids (EINVAL) of one thread group
 * (ESRCH).
 */
#include "t.h"
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static int got, vals[8];

static void on_rt(int sig, siginfo_t *si, void *uc)
{
	(void)sig; (void)uc;
	if (got < 8 && si->si_code == SI_QUEUE && si->si_pid == getpid())
		vals[got] = si->si_value.sival_int;
	got++;
}

static long rt_sigqueueinfo(pid_t pid, int sig, siginfo_t *si)
{
	return syscall(SYS_rt_sigqueueinfo, pid, sig, si);
}

static siginfo_t info_with(int code, int value)
{
	siginfo_t si;
	memset(&si, 0, sizeof si);
	si.si_code = code;
	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_value.sival_int = value;
	return si;
}

static void queued_in_order(void)
{
	struct sigaction sa = { 0 };
	sa.sa_sigaction = on_rt;
	sa.sa_flags = SA_SIGINFO;
	CHECK_OK(sigaction(SIGRTMIN, &sa, NULL));
	sigset_t m, old;
	sigemptyset(&m);
	sigaddset(&m, SIGRTMIN);
	CHECK_OK(sigprocmask(SIG_BLOCK, &m, &old));
	for (int v = 1; v <= 3; v++)
		CHECK_EQ(sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = v }), 0);
	CHECK_EQ(got, 0);
	CHECK_OK(sigprocmask(SIG_SETMASK, &old, NULL));
	CHECK_EQ(got, 3);
	CHECK(vals[0] == 1 && vals[1] == 2 && vals[2] == 3, "values %d %d %d", vals[0], vals[1], vals[2]);
	signal(SIGRTMIN, SIG_DFL);
}

/* A child queues SIGUSR1 to us; we take it with sigwaitinfo. */
static void from_a_child(void)
{
	sigset_t m, old;
	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &m, &old));
	pid_t parent = getpid();
	pid_t c = fork();
	if (c == 0)
		_exit(sigqueue(parent, SIGUSR1, (union sigval){ .sival_int = 1234 }) ? 1 : 0);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	CHECK_EQ(sigwaitinfo(&m, &si), SIGUSR1);
	CHECK_EQ(si.si_code, SI_QUEUE);
	CHECK_EQ(si.si_pid, c);
	CHECK_EQ(si.si_uid, 0);
	CHECK_EQ(si.si_value.sival_int, 1234);
	int st = -1;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK_EQ(st, 0);

	/* Our own thread, by rt_tgsigqueueinfo. */
	siginfo_t q = info_with(SI_QUEUE, 77);
	CHECK_EQ(syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid(), SIGUSR1, &q), 0);
	CHECK_EQ(sigwaitinfo(&m, &si), SIGUSR1);
	CHECK_EQ(si.si_code, SI_QUEUE);
	CHECK_EQ(si.si_value.sival_int, 77);

	/* A kill() si_code is ours to claim towards ourselves only. */
	q = info_with(SI_USER, 5);
	CHECK_EQ(rt_sigqueueinfo(getpid(), SIGUSR1, &q), 0);
	CHECK_EQ(sigwaitinfo(&m, &si), SIGUSR1);
	CHECK_EQ(si.si_code, SI_USER);
	CHECK_OK(sigprocmask(SIG_SETMASK, &old, NULL));
}

static void errors(void)
{
	pid_t c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	siginfo_t q = info_with(SI_USER, 0);
	CHECK_ERR(rt_sigqueueinfo(c, SIGUSR1, &q), EPERM);
	q = info_with(SI_TKILL, 0);
	CHECK_ERR(rt_sigqueueinfo(c, SIGUSR1, &q), EPERM);
	q = info_with(1, 0);                    /* a kernel code, SI_KERNEL's side */
	CHECK_ERR(rt_sigqueueinfo(c, SIGUSR1, &q), EPERM);
	CHECK_ERR(syscall(SYS_rt_tgsigqueueinfo, c, c, SIGUSR1, &q), EPERM);
	q = info_with(SI_QUEUE, 0);
	CHECK_ERR(rt_sigqueueinfo(c, 999, &q), EINVAL);
	CHECK_ERR(rt_sigqueueinfo(c, SIGUSR1, (void *)8), EFAULT);
	CHECK_EQ(rt_sigqueueinfo(c, 0, &q), 0);                 /* a probe */
	CHECK_ERR(syscall(SYS_rt_tgsigqueueinfo, 0, c, SIGUSR1, &q), EINVAL);
	CHECK_ERR(syscall(SYS_rt_tgsigqueueinfo, c, 0, SIGUSR1, &q), EINVAL);
	CHECK_ERR(syscall(SYS_rt_tgsigqueueinfo, getpid(), c, SIGUSR1, &q), ESRCH);

	/* Not root, not the same user: EPERM (from a grandchild of uid 1000). */
	pid_t g = fork();
	if (g == 0) {
		siginfo_t qq = info_with(SI_QUEUE, 0);
		if (setresuid(1000, 1000, 1000))
			_exit(1);
		errno = 0;
		_exit(rt_sigqueueinfo(c, SIGUSR1, &qq) == -1 && errno == EPERM ? 0 : 2);
	}
	int st = -1;
	CHECK_EQ(waitpid(g, &st, 0), g);
	CHECK_EQ(st, 0);

	CHECK_EQ(kill(c, SIGKILL), 0);
	CHECK_EQ(waitpid(c, NULL, 0), c);
	CHECK_ERR(rt_sigqueueinfo(c, SIGUSR1, &q), ESRCH);      /* reaped */
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	queued_in_order();
	from_a_child();
	errors();
	return t_done();
}
