/*
 * clock_nanosleep_clocks: which clocks clock_nanosleep sleeps on, as
 * Linux.  A clock with no sleep (CLOCK_THREAD_CPUTIME_ID, the raw and the
 * coarse clocks) is EOPNOTSUPP, an id that is no clock EINVAL - both
 * before the request is read (a NULL one is no EFAULT then); musl's
 * clock_nanosleep turns the thread CPU clock into EINVAL itself.  The
 * sleeping clocks still sleep, and a NULL request there is EFAULT.
 */
#include "t.h"
#include <sys/syscall.h>
#include <time.h>

static long nsleep(int clk, const struct timespec *req)
{
	return syscall(SYS_clock_nanosleep, clk, 0, req, NULL);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct timespec ms = { 0, 1000000 };
	CHECK_ERR(nsleep(CLOCK_THREAD_CPUTIME_ID, &ms), EOPNOTSUPP);
	CHECK_ERR(nsleep(CLOCK_THREAD_CPUTIME_ID, NULL), EOPNOTSUPP);
	CHECK_ERR(nsleep(CLOCK_MONOTONIC_RAW, &ms), EOPNOTSUPP);
	CHECK_ERR(nsleep(CLOCK_REALTIME_COARSE, &ms), EOPNOTSUPP);
	CHECK_ERR(nsleep(CLOCK_MONOTONIC_COARSE, &ms), EOPNOTSUPP);
	CHECK_ERR(nsleep(10, &ms), EINVAL);
	CHECK_ERR(nsleep(10, NULL), EINVAL);
	CHECK_ERR(nsleep(16, &ms), EINVAL);
	CHECK_ERR(nsleep(1000, &ms), EINVAL);
	CHECK_EQ(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &ms, NULL), EINVAL);

	CHECK_EQ(nsleep(CLOCK_REALTIME, &ms), 0);
	CHECK_EQ(nsleep(CLOCK_MONOTONIC, &ms), 0);
	CHECK_EQ(nsleep(CLOCK_BOOTTIME, &ms), 0);
	CHECK_ERR(nsleep(CLOCK_MONOTONIC, NULL), EFAULT);
	return t_done();
}
