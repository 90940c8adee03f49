/*
 * futex_wake_count: FUTEX_WAKE returns how many waiters it woke, never more
 * than asked: 0 with none, 1 with one, n when n threads sleep on the word
 * and the count allows, and only `count` when more sleep.  The waiters go
 * back to sleep while `go` is clear, so the test retries a wake until every
 * waiter is asleep at the same moment.  Shared and private.
 */
#include "t.h"
#include "t_thread.h"

enum { N = 4, TRIES = 3000 };

static volatile int word, go, started, finished, wakeups;
static int priv, total_woken;

static int waiter(void *arg)
{
	(void)arg;
	t_atomic_inc(&started);
	while (!t_atomic_load(&go)) {
		if (t_futex_wait(&word, 0, priv) == 0)
			t_atomic_inc(&wakeups);
	}
	t_atomic_inc(&finished);
	return 0;
}

/* Retries FUTEX_WAKE(count) until it returns `want`; fails if any call returns more. */
static int wake_until(int count, int want)
{
	long bad = 0;
	int ok = 0;
	for (int i = 0; i < TRIES && !ok; i++) {
		long r = t_futex_wake(&word, count, priv);
		if (r < 0 || r > want)
			bad = r;
		if (r > 0)
			total_woken += r;
		if (r == want)
			ok = 1;
		else
			t_nap();
	}
	CHECK(bad == 0, "FUTEX_WAKE(%d) returned %ld, at most %d expected", count, bad, want);
	return ok;
}

static void run(void)
{
	static struct t_thread th[N];
	word = go = started = finished = wakeups = total_woken = 0;
	CHECK_EQ(t_futex_wake(&word, 1, priv), 0);
	CHECK_EQ(t_futex_wake(&word, N, priv), 0);

	/* One waiter. */
	CHECK(t_thread_start(&th[0], waiter, NULL) > 0, "thread 0");
	CHECK(wake_until(1, 1), "FUTEX_WAKE(1) never woke the single waiter");
	CHECK(wake_until(N, 1), "FUTEX_WAKE(%d) with one waiter never returned 1", N);

	/* n waiters: a wake-all returns n once all sleep at once; smaller counts are honoured. */
	for (int i = 1; i < N; i++)
		CHECK(t_thread_start(&th[i], waiter, NULL) > 0, "thread %d", i);
	CHECK(t_wait_for(&started, N), "all waiters started");
	CHECK(wake_until(0x7fffffff, N), "FUTEX_WAKE(INT_MAX) never returned %d", N);
	CHECK(wake_until(N, N), "FUTEX_WAKE(%d) never returned %d", N, N);
	CHECK(wake_until(2, 2), "FUTEX_WAKE(2) never returned 2");
	CHECK(wake_until(1, 1), "FUTEX_WAKE(1) never returned 1");
	/* Every wake FUTEX_WAKE reported is seen by exactly one waiter. */
	CHECK(t_wait_for(&wakeups, total_woken), "waiters saw %d wakeups, FUTEX_WAKE reported %d",
	      wakeups, total_woken);
	CHECK_EQ(t_atomic_load(&wakeups), total_woken);
	CHECK(total_woken >= 1 + 1 + N + N + 2 + 1, "FUTEX_WAKE reported %d wakeups", total_woken);

	/* Let them go: every wake is seen, every thread finishes. */
	t_atomic_store(&go, 1);
	for (int i = 0; i < TRIES && t_atomic_load(&finished) < N; i++) {
		t_futex_wake(&word, 0x7fffffff, priv);
		t_nap();
	}
	for (int i = 0; i < N; i++)
		t_thread_join(&th[i]);
	CHECK_EQ(finished, N);
	CHECK_EQ(t_futex_wake(&word, 0x7fffffff, priv), 0);
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
