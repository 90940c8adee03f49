/*
 * wait4_thread_children: wait4 looks at the children of every thread in
 * the process, so a thread can wait for (and reap) a child the main thread
 * forked and the other way round; with __WNOTHREAD only the calling
 * thread's own children count (ECHILD for the others).  A child forked by
 * a thread has the process (not the thread) as its parent.
 */
#include "t.h"
#include "t_thread.h"

static int hold_m[2], hold_c[2];
static volatile pid_t m_pid;
static volatile long c_pid, r_m_plain, r_m_nothread, r_c_nothread, r_m_reap, m_status = -1;
static volatile int step;

/* Raw wait4 in a thread. */
static long raw_wait4(long pid, int *st, int options)
{
	return t_sys6(SYS_wait4, pid, (long)st, options, 0, 0, 0);
}

static int thread_fn(void *arg)
{
	(void)arg;
	long pid = t_sys0(SYS_fork);
	if (pid == 0) {
		char c;
		t_sys3(SYS_read, hold_c[0], &c, 1);
		t_exit_group(22);
	}
	c_pid = pid;
	int st;
	r_m_plain = raw_wait4(m_pid, &st, WNOHANG);          /* main's child, running: 0 */
	r_m_nothread = raw_wait4(m_pid, &st, WNOHANG | __WNOTHREAD);  /* not ours: ECHILD */
	r_c_nothread = raw_wait4(pid, &st, WNOHANG | __WNOTHREAD);    /* ours, running: 0 */
	t_atomic_store(&step, 1);
	while (t_atomic_load(&step) < 2)
		t_nap();
	int s2 = -1;
	r_m_reap = raw_wait4(m_pid, &s2, 0);                  /* reap main's child */
	m_status = s2;
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK_OK(pipe(hold_m));
	CHECK_OK(pipe(hold_c));
	pid_t m = fork();
	if (m == 0) {
		char c;
		read(hold_m[0], &c, 1);
		_exit(11);
	}
	CHECK(m > 0, "fork");
	m_pid = m;
	static struct t_thread t;
	CHECK(t_thread_start(&t, thread_fn, NULL) > 0, "thread");
	CHECK(t_wait_for(&step, 1), "the thread forked and checked");
	pid_t c = (pid_t)c_pid;
	CHECK(c > 0, "the thread's fork returned %d", c);
	CHECK_EQ(r_m_plain, 0);
	CHECK_EQ(r_m_nothread, -ECHILD);
	CHECK_EQ(r_c_nothread, 0);
	int st = -1;
	CHECK_ERR(wait4(c, &st, WNOHANG | __WNOTHREAD, NULL), ECHILD);
	CHECK_EQ(wait4(c, &st, WNOHANG, NULL), 0);
	CHECK_EQ(wait4(m, &st, WNOHANG | __WNOTHREAD, NULL), 0);

	/* Cross reaping: the thread reaps main's child, main reaps the thread's. */
	CHECK_EQ(write(hold_m[1], "x", 1), 1);
	CHECK_EQ(write(hold_c[1], "x", 1), 1);
	t_atomic_store(&step, 2);
	CHECK_EQ(wait4(c, &st, 0, NULL), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 22, "thread's child: status 0x%x", st);
	t_thread_join(&t);
	CHECK_EQ(r_m_reap, m);
	CHECK(WIFEXITED(m_status) && WEXITSTATUS(m_status) == 11, "main's child: status 0x%lx", m_status);
	CHECK_ERR(wait4(-1, &st, WNOHANG | __WALL, NULL), ECHILD);
	close(hold_m[0]);
	close(hold_m[1]);
	close(hold_c[0]);
	close(hold_c[1]);
	return t_done();
}
