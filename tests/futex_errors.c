/*
 * futex_errors: FUTEX_WAIT with a value that does not match gives EAGAIN at
 * once; a misaligned address gives EINVAL; an unmapped, NULL or kernel
 * address gives EFAULT for WAIT (both flavours) and for a shared WAKE; an
 * unknown op gives ENOSYS; a bad timeout gives EINVAL (tv_nsec out of
 * range, negative) or EFAULT (unreadable); a negative requeue count gives
 * EINVAL; CMP_REQUEUE with the wrong value gives EAGAIN; WAKE with nobody
 * waiting returns 0.  Every case with and without FUTEX_PRIVATE_FLAG, except
 * that a private WAKE or REQUEUE never reads the page, so Linux answers it
 * without EFAULT for an unmapped user address; only the shared ones are
 * checked for that.
 */
#include "t.h"
#include "t_thread.h"

/* CHECK that a raw futex call returned -e. */
#define CHECK_RAW(expr, e) do { long r_ = (expr); \
	CHECK(r_ == -(e), "%s returned %ld, expected -%d (%s)", #expr, r_, (e), strerror(e)); } while (0)

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	static volatile int word[4] __attribute__((aligned(16)));
	volatile int *w = &word[0], *w2 = &word[1];
	volatile int *odd = (volatile int *)((char *)&word[2] + 1);
	char *um = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(um != MAP_FAILED, "mmap");
	munmap(um, 4096);
	volatile int *unmapped = (volatile int *)um;
	volatile int *kernel = (volatile int *)0xffff888000000000UL;

	for (int priv = 0; priv <= 1; priv++) {
		int pf = priv ? FUTEX_PRIVATE_FLAG : 0;
		t_log("%s futexes", priv ? "private" : "shared");
		*w = 5;
		CHECK_RAW(t_futex_wait(w, 4, priv), EAGAIN);
		CHECK_RAW(t_futex_wait(w, 0, priv), EAGAIN);
		CHECK_RAW(t_futex_wait(w, -5, priv), EAGAIN);
		CHECK_EQ(t_futex_wake(w, 1, priv), 0);
		CHECK_EQ(t_futex_wake(w, 100, priv), 0);
		CHECK_EQ(t_futex_wake(w, 0x7fffffff, priv), 0);

		CHECK_RAW(t_futex_wait(odd, 0, priv), EINVAL);
		CHECK_RAW(t_futex_wake(odd, 1, priv), EINVAL);
		CHECK_RAW(t_futex((volatile int *)((char *)w + 2), FUTEX_WAIT | pf, 0, NULL, NULL, 0), EINVAL);

		CHECK_RAW(t_futex_wait(unmapped, 0, priv), EFAULT);
		CHECK_RAW(t_futex_wait(NULL, 0, priv), EFAULT);
		CHECK_RAW(t_futex_wait(kernel, 0, priv), EFAULT);

		CHECK_RAW(t_futex(w, 99 | pf, 0, NULL, NULL, 0), ENOSYS);
		CHECK_RAW(t_futex(w, 15 | pf, 0, NULL, NULL, 0), ENOSYS);

		struct timespec bad_ns = { 0, 1000000000 }, neg_s = { -1, 0 }, neg_ns = { 0, -1 };
		*w = 0;
		CHECK_RAW(t_futex(w, FUTEX_WAIT | pf, 0, &bad_ns, NULL, 0), EINVAL);
		CHECK_RAW(t_futex(w, FUTEX_WAIT | pf, 0, &neg_s, NULL, 0), EINVAL);
		CHECK_RAW(t_futex(w, FUTEX_WAIT | pf, 0, &neg_ns, NULL, 0), EINVAL);
		CHECK_RAW(t_futex(w, FUTEX_WAIT | pf, 0, um, NULL, 0), EFAULT);

		*w = 0;
		*w2 = 0;
		CHECK_RAW(t_futex(w, FUTEX_REQUEUE | pf, 1, (void *)-1L, w2, 0), EINVAL);
		CHECK_RAW(t_futex(w, FUTEX_CMP_REQUEUE | pf, 1, (void *)-1L, w2, 0), EINVAL);
		CHECK_RAW(t_futex(w, FUTEX_CMP_REQUEUE | pf, 1, (void *)1L, w2, 1), EAGAIN);
		CHECK_EQ(t_futex(w, FUTEX_CMP_REQUEUE | pf, 1, (void *)1L, w2, 0), 0);
		CHECK_EQ(t_futex(w, FUTEX_REQUEUE | pf, 1, (void *)1L, w2, 0), 0);
	}
	CHECK_RAW(t_futex(w, FUTEX_CMP_REQUEUE, 1, (void *)1L, unmapped, 0), EFAULT);
	/* A shared-futex key needs the page: WAKE of a bad address faults too. */
	CHECK_RAW(t_futex_wake(unmapped, 1, 0), EFAULT);
	CHECK_RAW(t_futex_wake(kernel, 1, 0), EFAULT);
	CHECK_RAW(t_futex_wake(NULL, 1, 0), EFAULT);
	/* The futex words themselves are untouched by all of this. */
	CHECK_EQ(*w, 0);
	CHECK_EQ(*w2, 0);
	return t_done();
}
