/*
 * tgkill_errors: tkill(tid, sig) and tgkill(tgid, tid, sig).  A tid or
 * tgid <= 0 is EINVAL; a tid nobody has, a thread that has exited, or a
 * tgid the thread does not belong to is ESRCH; a bad signal number sent
 * to a thread that exists is EINVAL (ESRCH if it does not exist).  A
 * zombie still takes a signal (0 returned, nothing happens).  Signal 0
 * only checks.  After setuid(65534) a child gets EPERM for its root
 * parent.  tgkill reaches exactly the thread named, here a second thread.
 */
#include "t.h"
#include "t_signal.h"
#include "t_thread.h"
#include <limits.h>
#include <sys/wait.h>

static long tkill(long tid, long sig) { return syscall(SYS_tkill, tid, sig); }
static long tgkill(long tgid, long tid, long sig) { return syscall(SYS_tgkill, tgid, tid, sig); }

static volatile int hit_tid;
static void on_usr1(int sig) { (void)sig; hit_tid = (int)t_gettid(); }

static volatile int go;
static int waiter(void *arg)
{
	(void)arg;
	while (!t_atomic_load(&hit_tid) && !t_atomic_load(&go))
		t_sys0(SYS_pause);
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int me = getpid(), tid = gettid();

	t_log("EINVAL: tid or tgid <= 0, a bad signal for a live thread");
	CHECK_ERR(tkill(0, SIGUSR1), EINVAL);
	CHECK_ERR(tkill(-1, SIGUSR1), EINVAL);
	CHECK_ERR(tkill(INT_MIN, 0), EINVAL);
	CHECK_ERR(tgkill(0, tid, SIGUSR1), EINVAL);
	CHECK_ERR(tgkill(-1, tid, SIGUSR1), EINVAL);
	CHECK_ERR(tgkill(me, 0, SIGUSR1), EINVAL);
	CHECK_ERR(tgkill(me, -5, SIGUSR1), EINVAL);
	CHECK_ERR(tkill(tid, 65), EINVAL);
	CHECK_ERR(tgkill(me, tid, -1), EINVAL);
	CHECK_OK(tkill(tid, 0));
	CHECK_OK(tgkill(me, tid, 0));

	t_log("ESRCH: nobody, a wrong tgid, an exited thread");
	pid_t child = fork();
	if (child == 0)
		_exit(0);
	siginfo_t si;
	CHECK_OK(waitid(P_PID, child, &si, WEXITED | WNOWAIT));
	t_log("a zombie takes a signal");
	CHECK_OK(tkill(child, SIGUSR1));
	CHECK_OK(tgkill(child, child, 0));
	int st;
	CHECK_EQ(waitpid(child, &st, 0), child);
	CHECK_ERR(tkill(child, SIGUSR1), ESRCH);
	CHECK_ERR(tkill(child, 65), ESRCH);
	CHECK_ERR(tgkill(child, child, 0), ESRCH);
	CHECK_ERR(tkill(INT_MAX, 0), ESRCH);
	CHECK_ERR(tgkill(child, tid, 0), ESRCH);        /* we are not in that group */

	t_log("tgkill reaches the thread named");
	signal(SIGUSR1, on_usr1);
	struct t_thread th;
	long ttid = t_thread_start(&th, waiter, NULL);
	CHECK(ttid > 0, "thread: %ld", ttid);
	CHECK(ts_wait_state(me, (int)ttid, 'S'), "the thread never slept");
	CHECK_ERR(tgkill(child, ttid, SIGUSR1), ESRCH);
	CHECK_OK(tgkill(me, ttid, SIGUSR1));
	t_thread_join(&th);
	CHECK(hit_tid == ttid, "the handler ran in the wrong thread");
	CHECK_ERR(tkill(ttid, 0), ESRCH);
	CHECK_ERR(tgkill(me, ttid, SIGUSR1), ESRCH);

	t_log("EPERM: an unprivileged child and its root parent");
	child = fork();
	if (child == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(100);
		int bad = 0;
		errno = 0;
		if (tkill(me, SIGUSR1) != -1 || errno != EPERM)
			bad |= 1;
		errno = 0;
		if (tgkill(me, me, 0) != -1 || errno != EPERM)
			bad |= 2;
		if (tkill(gettid(), 0) != 0)
			bad |= 4;
		_exit(bad);
	}
	CHECK_EQ(waitpid(child, &st, 0), child);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %#x", st);
	return t_done();
}
