/*
 * futex_cmp_requeue: FUTEX_CMP_REQUEUE first compares the first word with
 * val3 and gives EAGAIN (moving and waking nobody) when it differs; when
 * it matches it wakes nr_wake sleepers and moves up to nr_requeue others,
 * returning the sum.  Shared and private.
 */
#include "t.h"
#include "t_thread.h"

enum { N = 3, TRIES = 3000 };

static volatile int A, B, go, finished;
static int priv;

static int waiter(void *arg)
{
	(void)arg;
	while (!t_atomic_load(&go))
		t_futex_wait(&A, A, priv);
	t_atomic_inc(&finished);
	return 0;
}

static long cmp_requeue(volatile int *from, int nr_wake, long nr_requeue, volatile int *to, int val3)
{
	return t_futex(from, FUTEX_CMP_REQUEUE | (priv ? FUTEX_PRIVATE_FLAG : 0), nr_wake,
		       (void *)nr_requeue, to, val3);
}

static void run(void)
{
	static struct t_thread th[N];
	A = 10;
	B = 20;
	go = finished = 0;
	for (int i = 0; i < N; i++)
		CHECK(t_thread_start(&th[i], waiter, NULL) > 0, "thread %d", i);

	/* Move all sleepers from A to B (nobody woken), summing until all N moved. */
	int moved = 0;
	long bad = 0;
	for (int i = 0; i < TRIES && moved < N; i++) {
		long r = cmp_requeue(&A, 0, 0x7fffffff, &B, 10);
		if (r < 0 || r > N - moved)
			bad = r;
		if (r > 0)
			moved += r;
		else
			t_nap();
	}
	CHECK(bad == 0, "CMP_REQUEUE returned %ld, more than were left", bad);
	CHECK_EQ(moved, N);
	CHECK_EQ(finished, 0);

	/* The value of B is 20: comparing with anything else is EAGAIN, nothing moves. */
	CHECK_EQ(cmp_requeue(&B, 1, 1, &A, 21), -EAGAIN);
	CHECK_EQ(cmp_requeue(&B, 0x7fffffff, 0x7fffffff, &A, 10), -EAGAIN);
	CHECK_EQ(t_futex_wake(&A, 0x7fffffff, priv), 0);
	CHECK_EQ(finished, 0);

	/* Matching value: wake 1, move 1 back to A, 1 stays on B. */
	t_atomic_store(&go, 1);
	CHECK_EQ(cmp_requeue(&B, 1, 1, &A, 20), 2);
	CHECK(t_wait_for(&finished, 1), "the woken waiter finished");
	CHECK_EQ(cmp_requeue(&B, 0, 0, &A, 20), 0);   /* counts of 0: nothing happens */
	CHECK_EQ(t_futex_wake(&A, 0x7fffffff, priv), 1);
	CHECK_EQ(t_futex_wake(&B, 0x7fffffff, priv), 1);
	for (int i = 0; i < N; i++)
		t_thread_join(&th[i]);
	CHECK_EQ(finished, N);
	CHECK_EQ(A, 10);
	CHECK_EQ(B, 20);
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
