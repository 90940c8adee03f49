/*
 * futex_waitv_basic: futex_waitv(2) sleeps on several futexes and returns
 * the index of the one a FUTEX_WAKE woke (private and shared words, woken
 * by another thread); an absolute timeout on CLOCK_MONOTONIC or
 * CLOCK_REALTIME ends it with ETIMEDOUT, not before; a word that does not
 * hold its value is EAGAIN; and the bad arguments get Linux's errnos:
 * EINVAL for flags, a count of 0 or above 128, no vector, unknown or
 * non-32-bit futex flags, a reserved field, a misaligned word, a bad
 * clock or timespec; EFAULT for a vector, word or timeout that cannot be
 * read.
 */
#include "t.h"
#include "t_thread.h"

#define SYS_futex_waitv 449
#define FUTEX2_SIZE_U8 0x00
#define FUTEX2_SIZE_U32 0x02
#define FUTEX2_PRIVATE 128
#define CLOCK_TAI_ID 11

struct futex_waitv {
	uint64_t val;
	uint64_t uaddr;
	uint32_t flags;
	uint32_t __reserved;
};

static long waitv(struct futex_waitv *w, unsigned nr, unsigned flags, struct timespec *to, int clk)
{
	return t_sys6(SYS_futex_waitv, (long)w, nr, flags, (long)to, clk, 0);
}

static long long now_ns(int clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static struct timespec in_ms(int clk, long ms)
{
	long long t = now_ns(clk) + ms * 1000000LL;
	return (struct timespec){ t / 1000000000LL, t % 1000000000LL };
}

static volatile int words[3];
static struct futex_waitv vec[3];

static void fill(int flags)
{
	for (int i = 0; i < 3; i++) {
		words[i] = 0;
		vec[i] = (struct futex_waitv){ .val = 0, .uaddr = (uintptr_t)&words[i],
					       .flags = FUTEX2_SIZE_U32 | flags };
	}
}

struct waker { int index, priv; volatile int woke; };

/* Wakes words[index] until a waiter was there to be woken. */
static int waker(void *arg)
{
	struct waker *w = arg;
	long r;
	while ((r = t_futex_wake(&words[w->index], 1, w->priv)) == 0)
		t_nap();
	w->woke = (int)r;
	return 0;
}

static void check_woken_by_thread(int priv)
{
	fill(priv ? FUTEX2_PRIVATE : 0);
	struct waker wk = { .index = 2, .priv = priv };
	struct t_thread t;
	CHECK(t_thread_start(&t, waker, &wk) > 0, "thread start");
	struct timespec to = in_ms(CLOCK_MONOTONIC, 10000);
	CHECK_EQ(waitv(vec, 3, 0, &to, CLOCK_MONOTONIC), 2);
	t_thread_join(&t);
	CHECK_EQ(wk.woke, 1);
}

static void check_timeout(int clk, long ms)
{
	fill(FUTEX2_PRIVATE);
	long long t0 = now_ns(CLOCK_MONOTONIC);
	struct timespec to = in_ms(clk, ms);
	CHECK_EQ(waitv(vec, 3, 0, &to, clk), -ETIMEDOUT);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= ms * 1000000LL, "clock %d: timed out early", clk);
}

static void check_errors(void)
{
	struct timespec to = in_ms(CLOCK_MONOTONIC, 5000);
	fill(FUTEX2_PRIVATE);
	CHECK_EQ(waitv(vec, 3, 1, &to, CLOCK_MONOTONIC), -EINVAL);
	CHECK_EQ(waitv(vec, 0, 0, &to, CLOCK_MONOTONIC), -EINVAL);
	CHECK_EQ(waitv(vec, 129, 0, &to, CLOCK_MONOTONIC), -EINVAL);
	CHECK_EQ(waitv(NULL, 1, 0, &to, CLOCK_MONOTONIC), -EINVAL);
	CHECK_EQ(waitv(vec, 1, 0, &to, CLOCK_TAI_ID), -EINVAL);
	struct timespec bad = { 0, 1000000000L };
	CHECK_EQ(waitv(vec, 1, 0, &bad, CLOCK_MONOTONIC), -EINVAL);
	CHECK_EQ(waitv(vec, 1, 0, (struct timespec *)8, CLOCK_MONOTONIC), -EFAULT);
	CHECK_EQ(waitv((struct futex_waitv *)8, 1, 0, &to, CLOCK_MONOTONIC), -EFAULT);

	vec[1].flags = FUTEX2_SIZE_U8 | FUTEX2_PRIVATE;
	CHECK_EQ(waitv(vec, 3, 0, &to, CLOCK_MONOTONIC), -EINVAL);
	vec[1].flags = FUTEX2_SIZE_U32 | 0x1000;
	CHECK_EQ(waitv(vec, 3, 0, &to, CLOCK_MONOTONIC), -EINVAL);
	fill(FUTEX2_PRIVATE);
	vec[2].__reserved = 1;
	CHECK_EQ(waitv(vec, 3, 0, &to, CLOCK_MONOTONIC), -EINVAL);
	fill(FUTEX2_PRIVATE);
	vec[2].uaddr += 1;
	CHECK_EQ(waitv(vec, 3, 0, &to, CLOCK_MONOTONIC), -EINVAL);
	fill(FUTEX2_PRIVATE);
	vec[2].uaddr = 0;
	CHECK_EQ(waitv(vec, 3, 0, &to, CLOCK_MONOTONIC), -EFAULT);

	/* The second word has moved on: EAGAIN, at once; no clock needed without a timeout. */
	fill(FUTEX2_PRIVATE);
	words[1] = 5;
	CHECK_EQ(waitv(vec, 3, 0, &to, CLOCK_MONOTONIC), -EAGAIN);
	CHECK_EQ(waitv(vec, 3, 0, NULL, CLOCK_TAI_ID), -EAGAIN);
	fill(0);
	words[0] = 1;
	CHECK_EQ(waitv(vec, 3, 0, NULL, CLOCK_MONOTONIC), -EAGAIN);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	check_errors();
	check_timeout(CLOCK_MONOTONIC, 50);
	check_timeout(CLOCK_REALTIME, 50);
	struct timespec past = { 1, 0 };
	fill(FUTEX2_PRIVATE);
	CHECK_EQ(waitv(vec, 3, 0, &past, CLOCK_MONOTONIC), -ETIMEDOUT);
	check_woken_by_thread(1);
	check_woken_by_thread(0);
	return t_done();
}
