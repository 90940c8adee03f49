/*
 * futex_wait_timeout: FUTEX_WAIT with a relative timeout and nobody to wake
 * it returns ETIMEDOUT after at least that long (CLOCK_MONOTONIC; no upper
 * bound is asserted, an emulator may be slow).  A zero timeout times out at
 * once; a value mismatch gives EAGAIN even with a timeout.  Shared and
 * private.  The word is unchanged.
 */
#include "t.h"
#include "t_thread.h"

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	static volatile int w = 7;
	static const long waits_ms[] = { 30, 120 };
	for (int priv = 0; priv <= 1; priv++) {
		int op = FUTEX_WAIT | (priv ? FUTEX_PRIVATE_FLAG : 0);
		for (int i = 0; i < 2; i++) {
			struct timespec to = { 0, waits_ms[i] * 1000000L };
			long long t0 = now_ns();
			long r = t_futex(&w, op, 7, &to, NULL, 0);
			long long el = now_ns() - t0;
			CHECK(r == -ETIMEDOUT, "%s wait %ld ms returned %ld, expected -ETIMEDOUT",
			      priv ? "private" : "shared", waits_ms[i], r);
			CHECK(el >= waits_ms[i] * 1000000LL, "%s wait %ld ms returned too early",
			      priv ? "private" : "shared", waits_ms[i]);
		}
		/* One second and a bit, written with tv_sec. */
		if (priv) {
			struct timespec to = { 1, 5 * 1000000L };
			long long t0 = now_ns();
			CHECK_EQ(t_futex(&w, op, 7, &to, NULL, 0), -ETIMEDOUT);
			CHECK(now_ns() - t0 >= 1005000000LL, "a 1.005 s wait returned too early");
		}
		struct timespec zero = { 0, 0 };
		CHECK_EQ(t_futex(&w, op, 7, &zero, NULL, 0), -ETIMEDOUT);
		struct timespec to = { 5, 0 };
		long long t0 = now_ns();
		CHECK_EQ(t_futex(&w, op, 8, &to, NULL, 0), -EAGAIN);
		CHECK(now_ns() - t0 < 5000000000LL, "a mismatched value does not wait for the timeout");
	}
	CHECK_EQ(w, 7);
	return t_done();
}
