/*
 * rlimit_sigpending: RLIMIT_SIGPENDING bounds the siginfo queued for one
 * user's tasks, counted over all of that user's processes (a uid of its
 * own here, so nothing else is counted).  At the limit, sigqueue,
 * rt_sigqueueinfo and tgkill of a real-time signal fail with EAGAIN,
 * while kill() of one still gets through (without its siginfo), and so
 * does a legacy signal even from sigqueue (its siginfo lost: SI_USER).  Another
 * process of the same user is refused too; a delivered signal, and a
 * process's exit with signals pending, give their count back.
 */
#include "t.h"
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define UID 54321

static int queue(int sig, int value)
{
	return sigqueue(getpid(), sig, (union sigval){ .sival_int = value });
}

/* In a child: 0 if queueing to itself gives err (0: succeeds). */
static int child_queue(int err)
{
	pid_t c = fork();
	if (c == 0) {
		errno = 0;
		int r = queue(SIGRTMIN, 7);
		_exit(err ? !(r == -1 && errno == err) : r != 0);
	}
	int st = -1;
	waitpid(c, &st, 0);
	return st;
}

/* sigwaitinfo for one signal already pending, with a time limit so that
 * a test that fails cannot hang. */
static int take(int sig, siginfo_t *si)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	struct timespec limit = { 5, 0 };
	return sigtimedwait(&set, si, &limit);
}

static int run(void)
{
	sigset_t all;
	sigfillset(&all);
	sigdelset(&all, SIGCHLD);       /* ignored, not queued: our children's ends are not counted */
	CHECK_OK(sigprocmask(SIG_BLOCK, &all, NULL));
	struct rlimit rl = { 3, 3 };
	CHECK_OK(setrlimit(RLIMIT_SIGPENDING, &rl));
	for (int i = 0; i < 3; i++)
		CHECK_OK(queue(SIGRTMIN, i));
	CHECK_ERR(queue(SIGRTMIN, 3), EAGAIN);
	CHECK_ERR(queue(SIGRTMIN + 1, 3), EAGAIN);
	siginfo_t si = { 0 };
	si.si_signo = SIGRTMIN + 1;
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	CHECK_ERR(syscall(SYS_rt_sigqueueinfo, getpid(), SIGRTMIN + 1, &si), EAGAIN);
	CHECK_ERR(syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGRTMIN + 2), EAGAIN);
	CHECK_OK(kill(getpid(), SIGRTMIN + 3));         /* kill() loses the siginfo, not the signal */
	CHECK_OK(queue(SIGUSR1, 9));                    /* a legacy signal too */
	CHECK_EQ(child_queue(EAGAIN), 0);               /* the same user elsewhere */

	CHECK_EQ(take(SIGUSR1, &si), SIGUSR1);
	CHECK_EQ(si.si_code, SI_USER);
	CHECK_EQ(take(SIGRTMIN + 3, &si), SIGRTMIN + 3);
	CHECK_EQ(si.si_code, SI_USER);
	CHECK_EQ(si.si_pid, 0);
	CHECK_EQ(take(SIGRTMIN, &si), SIGRTMIN);
	CHECK_EQ(si.si_code, SI_QUEUE);
	CHECK_EQ(si.si_value.sival_int, 0);
	CHECK_EQ(child_queue(0), 0);                    /* one given back */
	CHECK_OK(queue(SIGRTMIN, 3));
	CHECK_ERR(queue(SIGRTMIN, 4), EAGAIN);
	for (int i = 1; i <= 3; i++) {
		CHECK_EQ(take(SIGRTMIN, &si), SIGRTMIN);
		CHECK_EQ(si.si_value.sival_int, i);
	}
	sigset_t set;
	CHECK_EQ(sigpending(&set), 0);
	CHECK(!sigismember(&set, SIGRTMIN), "SIGRTMIN still pending");

	/* a process that exits with 3 queued gives them back */
	pid_t c = fork();
	if (c == 0) {
		for (int i = 0; i < 3; i++)
			if (queue(SIGRTMIN, i))
				_exit(1);
		_exit(0);
	}
	int st = -1;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK_EQ(st, 0);
	for (int i = 0; i < 3; i++)
		CHECK_OK(queue(SIGRTMIN, i));
	return t_failed != 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	pid_t c = fork();
	if (c == 0) {
		if (setgid(UID) || setuid(UID))
			_exit(100);
		_exit(run());
	}
	int st = -1;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child (uid %d): status %#x", UID, st);
	return t_done();
}
