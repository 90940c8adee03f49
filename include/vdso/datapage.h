/*
 * vdso/datapage.h - the vvar page: what the kernel publishes for the vDSO
 * (vdso/vclock_gettime.c) to read the clocks without a system call
 * (Linux's include/vdso/datapage.h, cut down to ushi's one clock source).
 *
 * The kernel rewrites it at every tick (update_vsyscall, kernel/vsyscall.c)
 * under a sequence count: seq is odd while it writes, and a reader that
 * saw seq change (or odd) reads again.  User space maps the page
 * read-only ("[vvar]"), one page below the vDSO's text.
 */
#ifndef USHI_VDSO_DATAPAGE_H
#define USHI_VDSO_DATAPAGE_H

#include <types.h>
#include <uapi/misc.h>

/* How the vDSO reads the clock (Linux's vclock_mode): with NONE every
 * call falls back to the system call. */
#define VDSO_CLOCKMODE_NONE 0
#define VDSO_CLOCKMODE_TSC 1

/* One base per clock id up to CLOCK_BOOTTIME; the others have none. */
#define VDSO_BASES (CLOCK_BOOTTIME + 1)

/* The clocks the vDSO reads itself, as bit masks of their ids. */
#define VDSO_HRES ((1U << CLOCK_REALTIME) | (1U << CLOCK_MONOTONIC) | (1U << CLOCK_BOOTTIME) | \
		   (1U << CLOCK_MONOTONIC_RAW))
#define VDSO_COARSE ((1U << CLOCK_REALTIME_COARSE) | (1U << CLOCK_MONOTONIC_COARSE))

/*
 * A clock at cycle_last: sec and nsec.  For the high-resolution clocks
 * nsec is shifted left by vdso_data.shift and its low bits keep the
 * fraction of a nanosecond, so that adding the TSC's progress gives
 * exactly the kernel's own reading; the coarse ones keep plain ns.
 */
struct vdso_timestamp {
	u64 sec;
	u64 nsec;
};

struct vdso_data {
	u32 seq;                /* odd while the kernel writes */
	s32 clock_mode;         /* VDSO_CLOCKMODE_* */
	u64 cycle_last;         /* the TSC at the last update */
	/* ns = delta * mult >> shift.  64 bits where Linux has 32: ushi's
	 * multiplier (kernel/time.c's ns_mult) passes 2^32 on a TSC slower
	 * than 1 GHz, such as QEMU's under -icount. */
	u64 mult;
	u32 shift;
	u32 hrtimer_res;        /* clock_getres of the high-resolution clocks, ns */
	u32 coarse_res;         /* ... and of the coarse ones: a tick (Linux's LOW_RES_NSEC) */
	struct vdso_timestamp basetime[VDSO_BASES];
	s32 tz_minuteswest;     /* gettimeofday's struct timezone: always 0 here */
	s32 tz_dsttime;
};

#endif
