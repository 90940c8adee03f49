/*
 * thread_not_waitable: threads are never children: wait4 with __WALL (or
 * __WCLONE) never returns one, running or exited, and with only threads
 * around it gives ECHILD.  A child forked by a non-main thread is a child
 * of the whole process: the main thread reaps it, and when the forking
 * thread exits first the child's getppid() stays the process id.
 */
#include "t.h"
#include "t_thread.h"

static int hold[2], hold_child[2], report[2];
static volatile long forked;

static int sleeper(void *arg)
{
	(void)arg;
	char c;
	t_sys3(SYS_read, hold[0], &c, 1);
	return 0;
}

static int quick(void *arg)
{
	(void)arg;
	return 3;
}

/* Forks a process (raw fork: only raw calls below), then exits. */
static int forker(void *arg)
{
	(void)arg;
	long pid = t_sys0(SYS_fork);
	if (pid == 0) {
		char c;
		long ppid = t_sys0(SYS_getppid);
		t_sys3(SYS_write, report[1], &ppid, sizeof ppid);
		t_sys3(SYS_read, hold_child[0], &c, 1);  /* until the parent says go */
		ppid = t_sys0(SYS_getppid);
		t_sys3(SYS_write, report[1], &ppid, sizeof ppid);
		t_exit_group(12);
	}
	forked = pid;
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK_OK(pipe(hold));
	CHECK_OK(pipe(hold_child));
	CHECK_OK(pipe(report));
	static struct t_thread s, q, f;
	int st;
	CHECK(t_thread_start(&s, sleeper, NULL) > 0, "sleeper");
	CHECK(t_thread_start(&q, quick, NULL) > 0, "quick");
	t_thread_join(&q);
	/* One thread running, one exited: neither is waitable. */
	CHECK_ERR(wait4(-1, &st, __WALL | WNOHANG, NULL), ECHILD);
	CHECK_ERR(wait4(-1, &st, __WCLONE | WNOHANG, NULL), ECHILD);
	CHECK_ERR(wait4(-1, &st, WNOHANG, NULL), ECHILD);
	CHECK_ERR(wait4(s.tid, &st, __WALL | WNOHANG, NULL), ECHILD);
	CHECK_ERR(wait4(-1, &st, __WALL, NULL), ECHILD);     /* does not block */

	/* A real child among threads: __WALL returns exactly that child. */
	pid_t pid = fork();
	if (pid == 0)
		_exit(8);
	CHECK_EQ(wait4(-1, &st, __WALL, NULL), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 8, "status 0x%x", st);
	CHECK_ERR(wait4(-1, &st, __WALL | WNOHANG, NULL), ECHILD);

	/* A thread forks, then exits: the child stays ours, its parent is still this process. */
	CHECK(t_thread_start(&f, forker, NULL) > 0, "forker");
	t_thread_join(&f);
	pid = (pid_t)forked;
	CHECK(pid > 0, "the thread forked");
	long ppid = 0;
	CHECK_EQ(read(report[0], &ppid, sizeof ppid), (long)sizeof ppid);
	CHECK_EQ(ppid, getpid());
	CHECK_EQ(wait4(pid, &st, WNOHANG, NULL), 0);
	CHECK_EQ(wait4(-1, &st, WNOHANG, NULL), 0);
	CHECK_EQ(write(hold_child[1], "a", 1), 1);
	CHECK_EQ(read(report[0], &ppid, sizeof ppid), (long)sizeof ppid);
	CHECK_EQ(ppid, getpid());
	CHECK_EQ(wait4(-1, &st, 0, NULL), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 12, "status 0x%x", st);

	CHECK_EQ(write(hold[1], "b", 1), 1);
	t_thread_join(&s);
	CHECK_ERR(wait4(-1, &st, __WALL | WNOHANG, NULL), ECHILD);
	return t_done();
}
