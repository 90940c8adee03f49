/* time.h - clocks (TSC-based), the timer tick and timed sleeps. */
#ifndef USHI_TIME_H
#define USHI_TIME_H

#include <types.h>

struct task_struct;
struct signal_struct;
struct timespec;

#define NSEC_PER_SEC 1000000000ULL
#define NSEC_PER_MSEC 1000000ULL

extern volatile u64 jiffies;
extern u64 tsc_khz;

void time_init(void);
u64 ktime_get_ns(void);         /* CLOCK_MONOTONIC, ns since boot */
u64 ktime_get_real_ns(void);    /* CLOCK_REALTIME, ns since the epoch */
void mdelay(unsigned long ms);
void udelay(unsigned long us);
/* A timeout or time from user space (Linux's get_timespec64, then
 * timespec64_valid): 0, -EFAULT, or -EINVAL for a negative time or
 * nanoseconds outside [0, 1e9). */
long get_timespec(struct timespec *ts, const struct timespec *uts);
u64 timespec_to_ns(const struct timespec *ts);
/* An absolute time of CLOCK_REALTIME (realtime) or CLOCK_MONOTONIC as a
 * monotonic deadline; a time already past is now. */
u64 abs_time_to_deadline(u64 ns, bool realtime);
/* Timed sleeps: tasks whose wake_at_ns has passed are woken by the tick. */
void timer_add(struct task_struct *t, u64 deadline_ns);
void timer_del(struct task_struct *t);
void exit_itimers(struct signal_struct *sig);
void run_posix_cpu_timers(void);       /* kernel/posix_cpu_timers.c */
void update_process_times(void);        /* each CPU's tick, in the interrupt */
void run_timers(void);                  /* expired sleeps and itimers, under the big lock */

/*
 * The clocks at one TSC reading, as the tick publishes them (a sliver of
 * Linux's struct timekeeper): CLOCK_MONOTONIC is mono_ns plus frac / 2^shift
 * of a nanosecond, CLOCK_REALTIME is real_offset_ns more.
 */
struct timekeeper {
	u64 cycle_last;                 /* the TSC read */
	u64 mult;                       /* ns per TSC tick, times 2^shift */
	u32 shift;
	u32 frac;
	u64 mono_ns;
	u64 real_offset_ns;
};
/* Rewrites the vvar page from tk, under its sequence count (kernel/vsyscall.c). */
void update_vsyscall(const struct timekeeper *tk);
u64 vsyscall_coarse_mono_ns(void);     /* the last tick's CLOCK_MONOTONIC, from the vvar page */
/* Clock reads by system call that the vDSO would have answered
 * (clock_gettime, gettimeofday, time), for /proc/ushi/stat. */
extern unsigned long time_syscalls;

#endif
