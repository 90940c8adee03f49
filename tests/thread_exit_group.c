/*
 * thread_exit_group: exit_group called by a non-main thread ends every
 * thread of the process, and the parent sees that thread's code.  Threads
 * spinning on counters in shared memory stop for good once the process has
 * been reaped.  A thread's plain SYS_exit does not end the process.
 */
#include "t.h"
#include "t_thread.h"

struct shared {
	volatile int ready;
	volatile long spins[3];
	volatile int main_after_thread_exit;
};

static struct shared *sh;

static int spinner(void *arg)
{
	long i = (long)arg;
	t_atomic_inc(&sh->ready);
	for (;;)
		sh->spins[i]++;
	return 0;
}

static int quitter(void *arg)
{
	(void)arg;
	t_wait_for(&sh->ready, 2);
	t_exit_group(4);
}

static int plain_exit(void *arg)
{
	(void)arg;
	t_exit_thread(99);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED, "mmap shared");

	/* exit_group(4) from a thread while two others spin and main blocks. */
	pid_t pid = fork();
	if (pid == 0) {
		static struct t_thread a, b, q;
		if (t_thread_start(&a, spinner, (void *)0) <= 0 ||
		    t_thread_start(&b, spinner, (void *)1) <= 0 ||
		    t_thread_start(&q, quitter, NULL) <= 0)
			_exit(100);
		for (;;)
			sh->spins[2]++;        /* main spins too */
	}
	CHECK(pid > 0, "fork");
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 4, "status 0x%x, expected exit 4", st);
	CHECK_EQ(sh->ready, 2);
	long before[3], after[3];
	for (int i = 0; i < 3; i++)
		before[i] = sh->spins[i];
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	nanosleep(&ts, NULL);
	for (int i = 0; i < 3; i++) {
		after[i] = sh->spins[i];
		CHECK(before[i] == after[i], "spinner %d still runs after its process was reaped", i);
	}

	/* A thread's SYS_exit(99) ends only that thread: the process goes on. */
	pid = fork();
	if (pid == 0) {
		static struct t_thread t;
		if (t_thread_start(&t, plain_exit, NULL) <= 0)
			_exit(100);
		t_thread_join(&t);
		sh->main_after_thread_exit = 1;
		_exit(5);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 5, "status 0x%x, expected exit 5", st);
	CHECK_EQ(sh->main_after_thread_exit, 1);

	/* exit_group from the main thread ends a blocked thread too. */
	pid = fork();
	if (pid == 0) {
		static struct t_thread a;
		sh->ready = 0;
		if (t_thread_start(&a, spinner, (void *)0) <= 0)
			_exit(100);
		t_wait_for(&sh->ready, 1);
		t_exit_group(6);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 6, "status 0x%x, expected exit 6", st);
	CHECK_ERR(waitpid(-1, &st, WNOHANG | __WALL), ECHILD);
	munmap(sh, sizeof *sh);
	return t_done();
}
