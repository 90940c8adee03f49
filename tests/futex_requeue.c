/*
 * futex_requeue: FUTEX_REQUEUE moves sleepers from one word to another
 * without waking them (nr_wake 0), returns how many it woke plus moved, and
 * honours both counts; moved waiters are then woken through the second word
 * only.  Shared and private.
 */
#include "t.h"
#include "t_thread.h"

enum { N = 3, TRIES = 3000 };

static volatile int A, B, go, started, finished;
static int priv;

static int waiter(void *arg)
{
	(void)arg;
	t_atomic_inc(&started);
	while (!t_atomic_load(&go))
		t_futex_wait(&A, 0, priv);
	t_atomic_inc(&finished);
	return 0;
}

static long requeue(volatile int *from, int nr_wake, long nr_requeue, volatile int *to)
{
	return t_futex(from, FUTEX_REQUEUE | (priv ? FUTEX_PRIVATE_FLAG : 0), nr_wake,
		       (void *)nr_requeue, to, 0);
}

static void run(void)
{
	static struct t_thread th[N];
	A = B = go = started = finished = 0;
	for (int i = 0; i < N; i++)
		CHECK(t_thread_start(&th[i], waiter, NULL) > 0, "thread %d", i);

	/* Move every sleeper from A to B; sum the counts until all N have moved. */
	int moved = 0;
	long bad = 0;
	for (int i = 0; i < TRIES && moved < N; i++) {
		long r = requeue(&A, 0, 0x7fffffff, &B);
		if (r < 0 || r > N - moved)
			bad = r;
		if (r > 0)
			moved += r;
		else
			t_nap();
	}
	CHECK(bad == 0, "REQUEUE returned %ld, more than were left", bad);
	CHECK_EQ(moved, N);
	CHECK_EQ(finished, 0);                         /* moved, not woken */
	CHECK_EQ(t_futex_wake(&A, 0x7fffffff, priv), 0);  /* nobody left on A */

	/* Wake one through B; it sees go and finishes. */
	t_atomic_store(&go, 1);
	CHECK_EQ(t_futex_wake(&B, 1, priv), 1);
	CHECK(t_wait_for(&finished, 1), "the woken waiter finished");
	/* Move one of the two left back to A (nr_requeue 1), wake 0: returns 1. */
	CHECK_EQ(requeue(&B, 0, 1, &A), 1);
	CHECK_EQ(t_futex_wake(&B, 0x7fffffff, priv), 1);
	CHECK_EQ(t_futex_wake(&A, 0x7fffffff, priv), 1);
	for (int i = 0; i < N; i++)
		t_thread_join(&th[i]);
	CHECK_EQ(finished, N);

	/* nr_wake 1 + nr_requeue 1 with three sleepers: 2 reported, the third stays on A. */
	A = B = go = started = finished = 0;
	for (int i = 0; i < N; i++)
		CHECK(t_thread_start(&th[i], waiter, NULL) > 0, "thread %d", i);
	moved = 0;
	for (int i = 0; i < TRIES && moved < N; i++) {
		long r = requeue(&A, 0, 0x7fffffff, &B);  /* all onto B first: all asleep */
		if (r > 0)
			moved += r;
		else
			t_nap();
	}
	CHECK_EQ(moved, N);
	t_atomic_store(&go, 1);
	CHECK_EQ(requeue(&B, 1, 1, &A), 2);           /* one woken, one moved to A */
	CHECK(t_wait_for(&finished, 1), "the woken waiter finished");
	CHECK_EQ(t_futex_wake(&A, 0x7fffffff, priv), 1);
	CHECK_EQ(t_futex_wake(&B, 0x7fffffff, priv), 1);
	for (int i = 0; i < N; i++)
		t_thread_join(&th[i]);
	CHECK_EQ(finished, N);
	CHECK_EQ(A, 0);
	CHECK_EQ(B, 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	for (priv = 0; priv <= 1; priv++) {
		t_log("%s futex", priv ? "private" : "shared");
		run();
	}
	return t_done();
}
