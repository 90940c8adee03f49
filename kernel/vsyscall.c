/*
 * vsyscall.c - keeping the vvar page current (Linux's kernel/time/vsyscall.c):
 * at every tick the clocks' reading goes into struct vdso_data, which the
 * vDSO (vdso/vclock_gettime.c) reads in user space.
 *
 * A reader never locks: it reads seq, the data, seq again, and starts over
 * if seq was odd or changed.  On one CPU a reader can only be interrupted
 * by a tick that rewrites the page while it reads (and it then reads
 * again); with more CPUs the odd count keeps readers out while we write.
 */
#include <kernel.h>
#include <sched.h>
#include <time.h>
#include <vdso.h>
#include <vdso/datapage.h>

#define barrier() asm volatile("" ::: "memory")   /* x86 keeps stores in order: the compiler must too */

/* A high-resolution clock's base: ns in whole seconds, the rest shifted
 * left with the fraction of a nanosecond below it. */
static void set_hres(struct vdso_data *vd, int clk, u64 ns, const struct timekeeper *tk)
{
	vd->basetime[clk].sec = ns / NSEC_PER_SEC;
	vd->basetime[clk].nsec = ((ns % NSEC_PER_SEC) << tk->shift) | tk->frac;
}

static void set_coarse(struct vdso_data *vd, int clk, u64 ns)
{
	vd->basetime[clk].sec = ns / NSEC_PER_SEC;
	vd->basetime[clk].nsec = ns % NSEC_PER_SEC;
}

void update_vsyscall(const struct timekeeper *tk)
{
	struct vdso_data *vd = vdso_data;
	u64 real_ns = tk->mono_ns + tk->real_offset_ns;
	vd->seq++;                      /* odd: a reader waits, or reads again */
	barrier();
	/* ushi's clocks are the TSC, which user space can read with rdtsc
	 * (CR4.TSD is clear; PR_SET_TSC's SIGSEGV mode would stop the vDSO as
	 * on Linux).  A kernel with a clock user space cannot read (an HPET
	 * it does not map, TSCs out of step between CPUs) says NONE here and
	 * every vDSO call becomes the system call. */
	vd->clock_mode = VDSO_CLOCKMODE_TSC;
	vd->cycle_last = tk->cycle_last;
	vd->mult = tk->mult;
	vd->shift = tk->shift;
	vd->hrtimer_res = 1;
	vd->coarse_res = NSEC_PER_SEC / HZ;
	set_hres(vd, CLOCK_MONOTONIC, tk->mono_ns, tk);
	set_hres(vd, CLOCK_MONOTONIC_RAW, tk->mono_ns, tk);    /* ushi does not slew: the same clock */
	set_hres(vd, CLOCK_BOOTTIME, tk->mono_ns, tk);         /* no suspend: the same clock */
	set_hres(vd, CLOCK_REALTIME, real_ns, tk);
	set_coarse(vd, CLOCK_MONOTONIC_COARSE, tk->mono_ns);
	set_coarse(vd, CLOCK_REALTIME_COARSE, real_ns);
	barrier();
	vd->seq++;
}

/*
 * The coarse CLOCK_MONOTONIC as the vDSO sees it, for the system calls:
 * one source for both, so that on several CPUs a call and a vDSO read
 * around a tick can never disagree about which tick is the last.
 */
u64 vsyscall_coarse_mono_ns(void)
{
	const volatile struct vdso_data *vd = vdso_data;
	for (;;) {
		u32 seq = vd->seq;
		barrier();
		u64 ns = vd->basetime[CLOCK_MONOTONIC_COARSE].sec * NSEC_PER_SEC +
			 vd->basetime[CLOCK_MONOTONIC_COARSE].nsec;
		barrier();
		if (!(seq & 1) && seq == vd->seq)
			return ns;
		asm volatile("pause");
	}
}
