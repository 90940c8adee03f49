/*
 * futex_shared_process: a futex word in MAP_SHARED memory works between two
 * processes: a child sleeping in (non-private) FUTEX_WAIT is woken by the
 * parent's FUTEX_WAKE, and the other way round.  A private futex belongs to
 * one address space: a child's private FUTEX_WAIT on the shared word is not
 * reached by the parent's private (or shared) wake.
 */
#include "t.h"
#include "t_thread.h"
#include <signal.h>

enum { TRIES = 3000 };

struct shm {
	volatile int to_child, to_parent, child_woken, child_ready;
};

/* Retries a shared FUTEX_WAKE(1) on w until it wakes someone; returns whether it did. */
static int wake_one(volatile int *w)
{
	for (int i = 0; i < TRIES; i++) {
		long r = t_futex_wake(w, 1, 0);
		if (r == 1)
			return 1;
		if (r != 0)
			return 0;
		t_nap();
	}
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct shm *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(s != MAP_FAILED, "mmap shared");
	memset(s, 0, sizeof *s);

	/* Parent wakes child. */
	pid_t pid = fork();
	if (pid == 0) {
		while (t_atomic_load(&s->to_child) == 0)
			if (t_futex_wait(&s->to_child, 0, 0) == 0)
				t_atomic_inc(&s->child_woken);
		_exit(t_atomic_load(&s->to_child));
	}
	CHECK(pid > 0, "fork");
	CHECK(wake_one(&s->to_child), "the parent's FUTEX_WAKE never woke the child");
	t_atomic_store(&s->to_child, 3);
	t_futex_wake(&s->to_child, 1, 0);
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "child status 0x%x", st);
	CHECK(s->child_woken >= 1, "the child counted its wakeup");

	/* Child wakes parent. */
	pid = fork();
	if (pid == 0)
		_exit(wake_one(&s->to_parent) ? 0 : 1);
	int woke = 0;
	while (!woke) {
		struct timespec to = { 10, 0 };
		long r = t_futex(&s->to_parent, FUTEX_WAIT, 0, &to, NULL, 0);
		if (r == -ETIMEDOUT)
			break;
		woke = r == 0;
	}
	CHECK(woke, "the child's FUTEX_WAKE woke the parent");
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(st, 0);

	/* A private futex belongs to one address space: another process's private wake finds nobody. */
	s->to_child = 0;
	s->child_ready = 0;
	pid = fork();
	if (pid == 0) {
		t_atomic_store(&s->child_ready, 1);
		while (t_atomic_load(&s->to_child) == 0)
			t_futex_wait(&s->to_child, 0, 1);
		_exit(0);
	}
	CHECK(t_wait_for(&s->child_ready, 1), "child ready");
	for (int i = 0; i < 20; i++)
		t_nap();
	CHECK_EQ(t_futex_wake(&s->to_child, 1, 1), 0);
	CHECK_EQ(t_futex_wake(&s->to_child, 1, 0), 0);   /* and a shared wake does not match a private wait */
	/* Release it with kill: it cannot be reached through the futex from here. */
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "status 0x%x", st);
	munmap(s, 4096);
	return t_done();
}
