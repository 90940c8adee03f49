/*
 * vdso_time_agrees: the vDSO's clocks say what the system calls say.
 * For each clock the vDSO reads itself (REALTIME, MONOTONIC, MONOTONIC_RAW,
 * BOOTTIME and the two COARSE ones) a vDSO reading, a system call and a
 * second vDSO reading come in order, and thousands of alternating
 * readings never go backwards; gettimeofday and time agree the same way,
 * and musl's time() with CLOCK_REALTIME.  Clocks it does not read fall
 * back to the call (the CPU-time clocks work, a bad id is -EINVAL, returned
 * as the system call returns it), clock_getres matches for every id, and
 * getcpu names the CPU the call names.  On ushi, /proc/ushi/stat shows
 * that musl's time functions no longer enter the kernel.
 */
#include "t.h"
#include "t_vdso.h"
#include <sched.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

typedef int (*cgt_fn)(clockid_t, struct timespec *);
typedef int (*gtod_fn)(struct timeval *, void *);
typedef long (*time_fn)(long *);
typedef long (*getcpu_fn)(unsigned *, unsigned *, void *);

static long long ns_of(struct timespec ts)
{
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static struct timespec sys_cgt(clockid_t clk)
{
	struct timespec ts = { 0, 0 };
	syscall(SYS_clock_gettime, clk, &ts);
	return ts;
}

/* vDSO, call, vDSO in order; then rounds of both that never go back. */
static void check_clock(cgt_fn cgt, clockid_t clk, const char *name, int rounds)
{
	struct timespec a, c;
	CHECK_EQ(cgt(clk, &a), 0);
	struct timespec b = sys_cgt(clk);
	CHECK_EQ(cgt(clk, &c), 0);
	CHECK(ns_of(a) <= ns_of(b) && ns_of(b) <= ns_of(c), "%s: vDSO, call, vDSO out of order", name);
	CHECK(c.tv_nsec >= 0 && c.tv_nsec < 1000000000, "%s: tv_nsec %ld", name, c.tv_nsec);
	long long last = ns_of(c);
	int back = 0;
	for (int i = 0; i < rounds; i++) {
		struct timespec ts;
		if (i % 2)
			ts = sys_cgt(clk);
		else
			cgt(clk, &ts);
		if (ns_of(ts) < last)
			back++;
		last = ns_of(ts);
	}
	CHECK_EQ(back, 0);
}

static void check_timeofday(gtod_fn gtod)
{
	struct timeval a, b, c;
	CHECK_EQ(gtod(&a, NULL), 0);
	syscall(SYS_gettimeofday, &b, NULL);
	CHECK_EQ(gtod(&c, NULL), 0);
	long long ua = a.tv_sec * 1000000LL + a.tv_usec, ub = b.tv_sec * 1000000LL + b.tv_usec,
		  uc = c.tv_sec * 1000000LL + c.tv_usec;
	CHECK(ua <= ub && ub <= uc, "gettimeofday: vDSO, call, vDSO out of order");
	CHECK(c.tv_usec >= 0 && c.tv_usec < 1000000, "tv_usec %ld", (long)c.tv_usec);
	struct { int minuteswest, dsttime; } tz = { -1, -1 }, stz = { -2, -2 };
	CHECK_EQ(gtod(NULL, &tz), 0);
	syscall(SYS_gettimeofday, NULL, &stz);
	CHECK(tz.minuteswest == stz.minuteswest && tz.dsttime == stz.dsttime, "struct timezone differs");
}

static void check_time(time_fn vtime, cgt_fn cgt)
{
	long t1 = vtime(NULL), t2 = syscall(SYS_time, NULL), out = -1;
	long t3 = vtime(&out);
	CHECK(t1 <= t2 && t2 <= t3, "time: vDSO %ld, call %ld, vDSO %ld", t1, t2, t3);
	CHECK_EQ(out, t3);
	/* time() is the last tick's second: at most one behind CLOCK_REALTIME */
	struct timespec before, after;
	cgt(CLOCK_REALTIME, &before);
	long t = vtime(NULL);
	cgt(CLOCK_REALTIME, &after);
	CHECK(before.tv_sec - 1 <= t && t <= after.tv_sec, "vDSO time %ld outside [%ld - 1, %ld]", t,
	      (long)before.tv_sec, (long)after.tv_sec);
	/* musl's time() is CLOCK_REALTIME's seconds */
	clock_gettime(CLOCK_REALTIME, &before);
	t = time(NULL);
	clock_gettime(CLOCK_REALTIME, &after);
	CHECK(before.tv_sec <= t && t <= after.tv_sec, "time() %ld outside [%ld, %ld]", t,
	      (long)before.tv_sec, (long)after.tv_sec);
}

/* Clocks the vDSO leaves to the kernel, and clock_getres for every id. */
static void check_fallbacks(cgt_fn cgt, cgt_fn getres)
{
	struct timespec ts;
	CHECK_EQ(cgt(CLOCK_PROCESS_CPUTIME_ID, &ts), 0);
	CHECK_EQ(cgt(CLOCK_THREAD_CPUTIME_ID, &ts), 0);
	CHECK_EQ(cgt(100, &ts), -EINVAL);
	CHECK_EQ(cgt(-1, &ts), -EINVAL);
	for (int clk = -1; clk <= CLOCK_BOOTTIME; clk++) {
		struct timespec v = { -1, -1 }, s = { -2, -2 };
		int rv = getres(clk, &v);
		long rs = syscall(SYS_clock_getres, clk, &s);
		CHECK(rv == (rs < 0 ? -errno : 0), "clock_getres(%d): vDSO %d, call %ld", clk, rv, rs);
		if (rs == 0)
			CHECK(v.tv_sec == s.tv_sec && v.tv_nsec == s.tv_nsec,
			      "clock_getres(%d): vDSO %ld.%09ld, call %ld.%09ld", clk, (long)v.tv_sec,
			      v.tv_nsec, (long)s.tv_sec, s.tv_nsec);
	}
	CHECK_EQ(getres(CLOCK_MONOTONIC, NULL), 0);
}

/* On the CPU we are pinned to, the vDSO and the call agree. */
static void check_getcpu(getcpu_fn vgetcpu)
{
	unsigned cpu = ~0u, node = ~0u, scpu = ~1u, snode = ~1u;
	CHECK_OK(syscall(SYS_getcpu, &scpu, &snode, NULL));
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(scpu, &set);
	CHECK_OK(sched_setaffinity(0, sizeof set, &set));
	CHECK_OK(syscall(SYS_getcpu, &scpu, &snode, NULL));
	CHECK_EQ(vgetcpu(&cpu, &node, NULL), 0);
	CHECK_EQ(cpu, scpu);
	CHECK_EQ(node, snode);
	CHECK_EQ(vgetcpu(NULL, NULL, NULL), 0);
}

/* ushi counts the time calls that enter the kernel: musl's take none. */
static long time_syscalls(void)
{
	FILE *f = fopen("/proc/ushi/stat", "r");
	char key[64];
	long v, found = -1;
	while (f && fscanf(f, "%63s %ld", key, &v) == 2)
		if (strcmp(key, "time_syscalls") == 0)
			found = v;
	if (f)
		fclose(f);
	return found;
}

static void check_no_syscalls(void)
{
	long before = time_syscalls();
	CHECK(before >= 0, "no time_syscalls line in /proc/ushi/stat");
	for (int i = 0; i < 1000; i++) {
		struct timespec ts;
		struct timeval tv;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		clock_gettime(CLOCK_REALTIME_COARSE, &ts);
		gettimeofday(&tv, NULL);
		time(NULL);
	}
	long after = time_syscalls();
	CHECK_EQ(after - before, 0);
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &(struct timespec){ 0, 0 });
	CHECK_EQ(time_syscalls() - after, 1);       /* and the counter counts */
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	cgt_fn cgt = vdso_sym("LINUX_2.6", "__vdso_clock_gettime");
	cgt_fn getres = vdso_sym("LINUX_2.6", "__vdso_clock_getres");
	gtod_fn gtod = vdso_sym("LINUX_2.6", "__vdso_gettimeofday");
	time_fn vtime = vdso_sym("LINUX_2.6", "__vdso_time");
	getcpu_fn vgetcpu = vdso_sym("LINUX_2.6", "__vdso_getcpu");
	CHECK(cgt && getres && gtod && vtime && vgetcpu, "a vDSO function is missing");
	if (!(cgt && getres && gtod && vtime && vgetcpu))
		return t_done();
	static const struct { clockid_t id; const char *name; } clocks[] = {
		{ CLOCK_REALTIME, "REALTIME" }, { CLOCK_MONOTONIC, "MONOTONIC" },
		{ CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" }, { CLOCK_BOOTTIME, "BOOTTIME" },
		{ CLOCK_REALTIME_COARSE, "REALTIME_COARSE" },
		{ CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE" },
	};
	for (unsigned i = 0; i < sizeof clocks / sizeof clocks[0]; i++)
		check_clock(cgt, clocks[i].id, clocks[i].name, 4000);
	/* a coarse clock is the last tick's time: never ahead of the fine one */
	struct timespec coarse, fine;
	cgt(CLOCK_MONOTONIC_COARSE, &coarse);
	cgt(CLOCK_MONOTONIC, &fine);
	CHECK(ns_of(coarse) <= ns_of(fine), "MONOTONIC_COARSE ahead of MONOTONIC");
	check_timeofday(gtod);
	check_time(vtime, cgt);
	check_fallbacks(cgt, getres);
	check_getcpu(vgetcpu);
	if (t_on_ushi())
		check_no_syscalls();
	t_log("6 clocks, gettimeofday, time, the fallbacks, clock_getres and getcpu agree");
	return t_done();
}
