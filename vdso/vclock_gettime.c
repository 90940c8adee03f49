/*
 * vclock_gettime.c - the vDSO's clocks: clock_gettime, gettimeofday, time
 * and clock_getres, run in user space on the vvar page's data (Linux's
 * arch/x86/entry/vdso/vclock_gettime.c and lib/vdso/gettimeofday.c).
 *
 * This file is no part of the kernel: it is built as a position-
 * independent shared object (vdso/vdso.lds), embedded in the kernel image
 * and mapped into every process.  It may not call the kernel's functions
 * nor have relocations; the vvar page is reached by a fixed offset from
 * its own code.
 *
 * A clock the vDSO does not read itself (the CPU-time clocks, an unknown
 * id), or any clock while the kernel says the TSC cannot be read here
 * (vdso_data.clock_mode NONE), falls back to the real system call, which
 * also gives bad ids their EINVAL.
 */
#include <types.h>
#include <uapi/misc.h>
#include <time.h>
#include <uapi/stat.h>
#include <vdso/datapage.h>

#define __NR_gettimeofday 96
#define __NR_time 201
#define __NR_clock_gettime 228
#define __NR_clock_getres 229

/* At vvar_page + 0: the linker script puts vvar_page one page below the
 * text, and the hidden symbol makes every access RIP-relative. */
struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

extern struct vdso_data vvar_vdso_data __attribute__((visibility("hidden")));

#define READ_ONCE(x) (*(const volatile typeof(x) *)&(x))
#define barrier() asm volatile("" ::: "memory")

static long syscall2(long nr, long a, long b)
{
	long ret;
	asm volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b) : "rcx", "r11", "memory");
	return ret;
}

/* The TSC, read after every earlier load (Linux's rdtsc_ordered). */
static inline u64 rdtsc_ordered(void)
{
	u32 lo, hi;
	asm volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return ((u64)hi << 32) | lo;
}

/* Waits out a writer (odd seq) and returns the count to check against. */
static inline u32 vdso_read_begin(const struct vdso_data *vd)
{
	u32 seq;
	while ((seq = READ_ONCE(vd->seq)) & 1)
		asm volatile("pause");
	barrier();
	return seq;
}

/* Did the kernel update the page since vdso_read_begin said start? */
static inline bool vdso_read_retry(const struct vdso_data *vd, u32 start)
{
	barrier();
	return READ_ONCE(vd->seq) != start;
}

/* ns may hold a few seconds when ticks were late: carry them into sec
 * (Linux's __iter_div_u64_rem, cheaper than a division). */
static inline void set_timespec(struct timespec *ts, u64 sec, u64 ns)
{
	while (ns >= NSEC_PER_SEC) {
		ns -= NSEC_PER_SEC;
		sec++;
	}
	ts->tv_sec = (long)sec;
	ts->tv_nsec = (long)ns;
}

/*
 * A high-resolution clock: its base at the last tick plus the TSC's
 * progress since, in the kernel's own arithmetic (kernel/time.c), so the
 * result is exactly what the system call would have said.  False when
 * the TSC may not be used here.
 */
static bool do_hres(const struct vdso_data *vd, int clk, struct timespec *ts)
{
	u64 sec, ns;
	u32 seq;
	do {
		seq = vdso_read_begin(vd);
		if (vd->clock_mode != VDSO_CLOCKMODE_TSC)
			return false;
		u64 cycles = rdtsc_ordered(), last = vd->cycle_last;
		/* a TSC behind cycle_last (another CPU's, slightly late) counts as no progress */
		u64 delta = cycles > last ? cycles - last : 0;
		unsigned __int128 shifted = vd->basetime[clk].nsec + (unsigned __int128)delta * vd->mult;
		ns = (u64)(shifted >> vd->shift);
		sec = vd->basetime[clk].sec;
	} while (vdso_read_retry(vd, seq));
	set_timespec(ts, sec, ns);
	return true;
}

/* A coarse clock: the base of the last tick, no TSC read. */
static void do_coarse(const struct vdso_data *vd, int clk, struct timespec *ts)
{
	u64 sec, ns;
	u32 seq;
	do {
		seq = vdso_read_begin(vd);
		sec = vd->basetime[clk].sec;
		ns = vd->basetime[clk].nsec;
	} while (vdso_read_retry(vd, seq));
	set_timespec(ts, sec, ns);
}

int __vdso_clock_gettime(int clk, struct timespec *ts);
int __vdso_clock_gettime(int clk, struct timespec *ts)
{
	const struct vdso_data *vd = &vvar_vdso_data;
	if ((unsigned)clk < VDSO_BASES) {
		u32 msk = 1U << clk;
		if ((msk & VDSO_HRES) && do_hres(vd, clk, ts))
			return 0;
		if (msk & VDSO_COARSE) {
			do_coarse(vd, clk, ts);
			return 0;
		}
	}
	return (int)syscall2(__NR_clock_gettime, clk, (long)ts);
}
int clock_gettime(int clk, struct timespec *ts) __attribute__((weak, alias("__vdso_clock_gettime")));

int __vdso_gettimeofday(struct timeval *tv, struct timezone *tz);
int __vdso_gettimeofday(struct timeval *tv, struct timezone *tz)
{
	const struct vdso_data *vd = &vvar_vdso_data;
	if (tv) {
		struct timespec ts;
		if (!do_hres(vd, CLOCK_REALTIME, &ts))
			return (int)syscall2(__NR_gettimeofday, (long)tv, (long)tz);
		tv->tv_sec = ts.tv_sec;
		tv->tv_usec = ts.tv_nsec / 1000;
	}
	if (tz) {
		tz->tz_minuteswest = vd->tz_minuteswest;
		tz->tz_dsttime = vd->tz_dsttime;
	}
	return 0;
}
int gettimeofday(struct timeval *tv, struct timezone *tz)
	__attribute__((weak, alias("__vdso_gettimeofday")));

/* The seconds of the last tick, as the system call's (Linux's
 * ktime_get_real_seconds), not those of a TSC reading. */
long __vdso_time(long *t);
long __vdso_time(long *t)
{
	long sec = (long)READ_ONCE(vvar_vdso_data.basetime[CLOCK_REALTIME_COARSE].sec);
	if (t)
		*t = sec;
	return sec;
}
long time(long *t) __attribute__((weak, alias("__vdso_time")));

int __vdso_clock_getres(int clk, struct timespec *res);
int __vdso_clock_getres(int clk, struct timespec *res)
{
	u32 msk = (unsigned)clk < VDSO_BASES ? 1U << clk : 0;
	long ns;
	if (msk & VDSO_HRES)
		ns = READ_ONCE(vvar_vdso_data.hrtimer_res);
	else if (msk & VDSO_COARSE)
		ns = READ_ONCE(vvar_vdso_data.coarse_res);
	else
		return (int)syscall2(__NR_clock_getres, clk, (long)res);
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = ns;
	}
	return 0;
}
int clock_getres(int clk, struct timespec *res) __attribute__((weak, alias("__vdso_clock_getres")));
