/*
 * execve_killed_in_de_thread: a process killed while one of its threads is
 * in execve, waiting for the other threads to die, leaves nothing behind:
 * the exec fails and frees the new program's memory, and the process dies
 * of the SIGKILL.  The fuzzer found ushi exiting straight from that wait,
 * leaking the half-built address space (its argument pages, page tables)
 * and the program file every time (the runner's frame check sees it).
 *
 * 20 rounds of: a child with a thread blocked in pause(); its main thread
 * writes a byte to us (so that we are runnable first) and calls execve;
 * we read the byte and SIGKILL the child at once, then reap it: killed by
 * SIGKILL, never by its exec's program.
 */
#include "t.h"
#include "t_thread.h"
#include <signal.h>
#include <sys/wait.h>

static int sleeper(void *arg)
{
	(void)arg;
	for (;;)
		t_sys0(SYS_pause);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "exec-target") == 0)
		return 42;              /* the exec got through: we were too slow to kill it */
	t_start(argv[0]);
	int killed = 0, rounds = 20;
	for (int i = 0; i < rounds; i++) {
		int p[2];
		CHECK_EQ(pipe(p), 0);
		pid_t c = fork();
		if (c == 0) {
			struct t_thread t;
			if (t_thread_start(&t, sleeper, NULL) < 0)
				_exit(100);
			char *args[] = { argv[0], "exec-target", NULL };
			char *env[] = { NULL };
			t_sys3(SYS_write, p[1], "x", 1);
			t_sys3(SYS_execve, argv[0], args, env);
			_exit(101);
		}
		char ch;
		CHECK_EQ(read(p[0], &ch, 1), 1);
		kill(c, SIGKILL);
		int st = 0;
		CHECK_EQ(waitpid(c, &st, 0), c);
		CHECK(WIFSIGNALED(st) || WEXITSTATUS(st) == 42, "round %d: status %#x", i, st);
		killed += WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
		close(p[0]);
		close(p[1]);
	}
	t_log("%d of %d killed during their exec", killed, rounds);
	return t_done();
}
