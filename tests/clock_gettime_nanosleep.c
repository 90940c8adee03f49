/*
 * clock_gettime_nanosleep: time.  CLOCK_MONOTONIC never goes backwards
 * over many calls and advances by at least 20 ms across nanosleep(20 ms)
 * (and across clock_nanosleep, relative and TIMER_ABSTIME); tv_nsec is
 * always below 1e9; CLOCK_REALTIME is after 2020 and gettimeofday and
 * time() agree with it within a second; clock_getres gives a positive
 * resolution under a second.  EINVAL: an unknown clock id, nanosleep with
 * tv_nsec >= 1e9 or negative, or a negative tv_sec.  Nothing timing
 * related is printed unless a check fails.
 */
#include "t.h"
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

static long long ns(const struct timespec *t) { return t->tv_sec * 1000000000LL + t->tv_nsec; }

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct timespec a, b, r;

	/* Monotonic, many calls (raw syscall and libc). */
	CHECK_EQ(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a), 0);
	int back = 0, badns = 0;
	for (int i = 0; i < 2000; i++) {
		if ((i & 1 ? clock_gettime(CLOCK_MONOTONIC, &b) : syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b)) != 0)
			back++;
		if (b.tv_nsec < 0 || b.tv_nsec >= 1000000000L) badns++;
		if (ns(&b) < ns(&a)) back++;
		a = b;
	}
	CHECK_EQ(back, 0);
	CHECK_EQ(badns, 0);

	/* nanosleep(20 ms) takes at least 20 ms of CLOCK_MONOTONIC. */
	struct timespec d = { 0, 20 * 1000 * 1000 };
	CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &a), 0);
	CHECK_EQ(syscall(SYS_nanosleep, &d, NULL), 0);
	CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &b), 0);
	CHECK(ns(&b) - ns(&a) >= 20000000LL, "nanosleep(20ms) took %lld ns", ns(&b) - ns(&a));
	CHECK(ns(&b) - ns(&a) < 5000000000LL, "nanosleep(20ms) took %lld ns", ns(&b) - ns(&a));
	/* A rem pointer is accepted; zero sleeps return at once. */
	struct timespec rem = { 99, 99 };
	CHECK_EQ(nanosleep(&d, &rem), 0);
	struct timespec zero = { 0, 0 };
	CHECK_EQ(nanosleep(&zero, NULL), 0);

	/* clock_nanosleep on CLOCK_MONOTONIC, relative and absolute. */
	CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &a), 0);
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL), 0);
	CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &b), 0);
	CHECK(ns(&b) - ns(&a) >= 20000000LL, "clock_nanosleep(20ms) took %lld ns", ns(&b) - ns(&a));
	struct timespec until = b;
	until.tv_nsec += 15 * 1000 * 1000;
	if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL), 0);
	CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &a), 0);
	CHECK(ns(&a) >= ns(&until), "TIMER_ABSTIME sleep woke %lld ns early", ns(&until) - ns(&a));
	/* An absolute time in the past returns at once. */
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &b, NULL), 0);

	/* Realtime: after 2020-01-01 (1577836800), before 2200. */
	CHECK_EQ(clock_gettime(CLOCK_REALTIME, &a), 0);
	CHECK(a.tv_sec > 1577836800LL, "CLOCK_REALTIME is before 2020");
	CHECK(a.tv_sec < 7258118400LL, "CLOCK_REALTIME is after 2200");
	CHECK(a.tv_nsec >= 0 && a.tv_nsec < 1000000000L, "tv_nsec out of range");
	struct timeval tv;
	CHECK_EQ(gettimeofday(&tv, NULL), 0);
	CHECK_EQ(syscall(SYS_gettimeofday, &tv, NULL), 0);
	CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000, "tv_usec out of range");
	long long diff = (long long)tv.tv_sec * 1000000 + tv.tv_usec - ns(&a) / 1000;
	CHECK(diff > -1000000 && diff < 1000000, "gettimeofday and CLOCK_REALTIME differ by %lld us", diff);
	CHECK_EQ(syscall(SYS_gettimeofday, NULL, NULL), 0);
	time_t t = time(NULL);
	CHECK(t - a.tv_sec >= -1 && t - a.tv_sec <= 1, "time() and CLOCK_REALTIME differ by %lld s",
	      (long long)(t - a.tv_sec));
	CHECK_EQ(syscall(SYS_time, NULL) >= a.tv_sec - 1, 1);

	/* Resolution. */
	CHECK_EQ(clock_getres(CLOCK_MONOTONIC, &r), 0);
	CHECK(r.tv_sec == 0 && r.tv_nsec > 0, "CLOCK_MONOTONIC resolution");
	CHECK_EQ(clock_getres(CLOCK_REALTIME, &r), 0);
	CHECK(r.tv_sec == 0 && r.tv_nsec > 0, "CLOCK_REALTIME resolution");
	CHECK_EQ(syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL), 0);

	/* EINVAL. */
	CHECK_ERR(syscall(SYS_clock_gettime, 12345, &a), EINVAL);
	CHECK_ERR(syscall(SYS_clock_gettime, 100, &a), EINVAL);
	CHECK_ERR(syscall(SYS_clock_getres, 12345, &r), EINVAL);
	struct timespec bad1 = { 0, 1000000000L }, bad2 = { 0, -1 }, bad3 = { -1, 0 };
	CHECK_ERR(syscall(SYS_nanosleep, &bad1, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_nanosleep, &bad2, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_nanosleep, &bad3, NULL), EINVAL);
	CHECK_ERR(nanosleep(&bad1, NULL), EINVAL);
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &bad1, NULL), EINVAL);   /* returns the error */
	CHECK_EQ(clock_nanosleep(12345, 0, &d, NULL), EINVAL);
	return t_done();
}
