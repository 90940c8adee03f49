/*
 * thread_last_exit_code: when every thread ends with SYS_exit, the process
 * ends with the last one, and the parent sees the last thread's code (9),
 * not the main thread's (7), as in Linux 6.x.  While the main thread has
 * exited and another thread still runs, the process is not waitable yet
 * (WNOHANG gives 0).  The main thread's clear_child_tid (set_tid_address)
 * is cleared and woken when it exits, which is how the thread learns it.
 */
#include "t.h"
#include "t_thread.h"

static volatile int main_tid_word;
static int to_parent[2], from_parent[2];

static int last_thread(void *arg)
{
	(void)arg;
	int v;
	while ((v = main_tid_word) != 0)
		t_futex_wait(&main_tid_word, v, 0);
	char c = 'm';
	t_sys3(SYS_write, to_parent[1], &c, 1);
	t_sys3(SYS_read, from_parent[0], &c, 1);
	t_exit_thread(9);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK_OK(pipe(to_parent));
	CHECK_OK(pipe(from_parent));
	pid_t pid = fork();
	if (pid == 0) {
		static struct t_thread t;
		main_tid_word = getpid();
		if (t_sys1(SYS_set_tid_address, &main_tid_word) != getpid())
			_exit(100);
		if (t_thread_start(&t, last_thread, NULL) <= 0)
			_exit(101);
		t_exit_thread(7);
	}
	CHECK(pid > 0, "fork");
	char c = 0;
	CHECK_EQ(read(to_parent[0], &c, 1), 1);
	CHECK_EQ(c, 'm');
	/* The main thread is gone, the other one runs: nothing to reap yet. */
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, WNOHANG), 0);
	CHECK_EQ(waitpid(-1, &st, WNOHANG), 0);
	siginfo_t si;
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED | WNOHANG), 0);
	CHECK_EQ(si.si_pid, 0);
	CHECK_EQ(kill(pid, 0), 0);
	CHECK_EQ(write(from_parent[1], "g", 1), 1);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st), "status 0x%x is a normal exit", st);
	CHECK(WEXITSTATUS(st) == 9, "exit code %d: expected the last thread's 9 (7 is the main thread's)",
	      WEXITSTATUS(st));
	CHECK_ERR(waitpid(-1, &st, WNOHANG | __WALL), ECHILD);
	return t_done();
}
