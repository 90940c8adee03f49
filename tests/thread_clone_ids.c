/*
 * thread_clone_ids: a raw CLONE_THREAD thread made like musl's pthread_create
 * shares the pid and the parent pid, gets its own tid, finds its tid in the
 * PARENT_SETTID word, and its FS base (SETTLS) is the block it was given.
 * A thread that calls SYS_exit ends only itself: the main thread goes on,
 * the tid word is zeroed by CHILD_CLEARTID and the futex waiter wakes.
 */
#include "t.h"
#include "t_thread.h"

struct seen {
	long pid, tid, ppid, settid, fsbase, expect_fs, tid_word;
	volatile int done;
};

static struct t_thread th;

static int thread_fn(void *arg)
{
	struct seen *s = arg;
	unsigned long fs = 0;
	s->pid = t_getpid();
	s->tid = t_gettid();
	s->ppid = t_sys0(SYS_getppid);
	s->tid_word = th.tid;                 /* PARENT_SETTID was written before we ran */
	t_sys2(SYS_arch_prctl, ARCH_GET_FS, &fs);
	s->fsbase = (long)fs;
	void *self;
	__asm__ volatile ("mov %%fs:0, %0" : "=r"(self));
	s->expect_fs = (long)self;            /* t_thread_start stores the block's own address there */
	t_atomic_store(&s->done, 1);
	return 0;                             /* SYS_exit(0): this thread only */
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	static struct seen s;
	long main_fs = 0;
	syscall(SYS_arch_prctl, ARCH_GET_FS, &main_fs);

	long tid = t_thread_start(&th, thread_fn, &s);
	CHECK(tid > 0, "clone of a thread returned %ld", tid);
	if (tid <= 0)
		return t_done();
	t_thread_join(&th);

	CHECK(s.done == 1, "the thread ran to completion");
	CHECK_EQ(s.pid, getpid());
	CHECK(s.tid != getpid(), "the thread's gettid differs from the process id");
	CHECK_EQ(s.tid, tid);
	CHECK_EQ(s.tid_word, tid);
	CHECK_EQ(s.ppid, getppid());
	CHECK(s.fsbase == s.expect_fs, "the thread's FS base is the TLS block given to clone");
	CHECK(s.fsbase != main_fs, "the thread's FS base differs from the main thread's");
	CHECK_EQ(th.tid, 0);                  /* CHILD_CLEARTID zeroed the word */

	/* The main thread is still here after the thread's SYS_exit. */
	CHECK_EQ(t_gettid(), getpid());
	long fs_after = 0;
	syscall(SYS_arch_prctl, ARCH_GET_FS, &fs_after);
	CHECK(fs_after == main_fs, "the main thread's FS base is unchanged");

	/* Several threads at once: every tid is distinct and none is the pid. */
	enum { N = 4 };
	static struct t_thread ths[N];
	static struct seen ss[N];
	for (int i = 0; i < N; i++)
		CHECK(t_thread_start(&ths[i], thread_fn, &ss[i]) > 0, "thread %d started", i);
	for (int i = 0; i < N; i++)
		t_thread_join(&ths[i]);
	for (int i = 0; i < N; i++) {
		CHECK_EQ(ss[i].pid, getpid());
		CHECK(ss[i].tid != getpid(), "thread %d has its own tid", i);
		for (int j = 0; j < i; j++)
			CHECK(ss[i].tid != ss[j].tid, "threads %d and %d have distinct tids", i, j);
	}
	/* Nothing to wait for: threads are never children. */
	CHECK_ERR(waitpid(-1, NULL, __WALL | WNOHANG), ECHILD);
	return t_done();
}
