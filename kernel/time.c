/*
 * time.c - clocks and the timer tick.
 *
 * The clocks read the CPU's time-stamp counter, whose rate we measure at
 * boot against the PIT (whose input clock is a fixed 1.193182 MHz).
 * CLOCK_REALTIME adds the wall-clock time read from the CMOS RTC at boot.
 * The PIT's channel 0 then ticks HZ times a second: each tick publishes
 * the clocks for the vDSO and the coarse clocks, charges the running task, may end its time slice, and wakes timed sleepers whose
 * deadline has passed.
 */
#include <asm.h>
#include <errno.h>
#include <irq.h>
#include <kernel.h>
#include <sched.h>
#include <smp_lock.h>
#include <syscalls.h>
#include <time.h>
#include <uaccess.h>
#include <uapi/misc.h>
#include <uapi/stat.h>

#define PIT_HZ 1193182
#define CALIBRATE_MS 20

volatile u64 jiffies;
u64 tsc_khz;
static u64 tsc_boot, ns_mult;   /* ns = (tsc - tsc_boot) * ns_mult >> 32 */
static u64 boot_real_ns;
unsigned long time_syscalls;
static LIST_HEAD(timer_head);   /* sleeping tasks, earliest deadline first */

/* Counts TSC ticks during CALIBRATE_MS of PIT channel 2 (the speaker's). */
static u64 calibrate_tsc_khz(void)
{
	u32 count = PIT_HZ * CALIBRATE_MS / 1000;
	outb(0x61, (inb(0x61) & ~0x02) | 0x01);         /* gate on, speaker off */
	outb(0x43, 0xb0);                               /* ch 2, lo/hi, mode 0 */
	outb(0x42, count & 0xff);
	outb(0x42, count >> 8);
	u64 t0 = rdtsc();
	while (!(inb(0x61) & 0x20))                     /* OUT2 goes high at zero */
		pause();
	u64 t1 = rdtsc();
	return (t1 - t0) / CALIBRATE_MS;
}

static u8 cmos_read(u8 reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static unsigned bcd(u8 v, bool is_bcd)
{
	return is_bcd ? (v & 15) + (v >> 4) * 10 : v;
}

/* Days from 1970-01-01 to y-m-d (the usual civil-calendar arithmetic). */
static u64 days_from_civil(unsigned y, unsigned m, unsigned d)
{
	y -= m <= 2;
	unsigned era = y / 400, yoe = y - era * 400;
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (u64)era * 146097 + doe - 719468;
}

static u64 read_rtc_seconds(void)
{
	while (cmos_read(0x0a) & 0x80)                  /* update in progress */
		pause();
	u8 sec = cmos_read(0x00), min = cmos_read(0x02), hour = cmos_read(0x04);
	u8 day = cmos_read(0x07), mon = cmos_read(0x08), year = cmos_read(0x09);
	u8 century = cmos_read(0x32), b = cmos_read(0x0b);
	bool is_bcd = !(b & 0x04);
	unsigned y = bcd(year, is_bcd) + (century ? bcd(century, is_bcd) * 100 : 2000);
	u64 days = days_from_civil(y, bcd(mon, is_bcd), bcd(day, is_bcd));
	return days * 86400 + bcd(hour & 0x7f, is_bcd) * 3600 + bcd(min, is_bcd) * 60 +
	       bcd(sec, is_bcd);
}

u64 ktime_get_ns(void)
{
	return (u64)(((unsigned __int128)(rdtsc() - tsc_boot) * ns_mult) >> 32);
}

u64 ktime_get_real_ns(void)
{
	return boot_real_ns + ktime_get_ns();
}

void mdelay(unsigned long ms)
{
	udelay(ms * 1000);
}

/* Busy-waits us microseconds on the TSC clock (the APIC's INIT-SIPI delays). */
void udelay(unsigned long us)
{
	u64 end = ktime_get_ns() + us * 1000;
	while (ktime_get_ns() < end)
		pause();
}

void timer_add(struct task_struct *t, u64 deadline_ns)
{
	struct task_struct *pos;
	t->wake_at_ns = deadline_ns;
	list_for_each_entry(pos, &timer_head, timer_list)
		if (pos->wake_at_ns > deadline_ns)
			break;
	list_add_tail(&t->timer_list, &pos->timer_list);   /* before pos */
}

void timer_del(struct task_struct *t)
{
	list_del_init(&t->timer_list);
	t->wake_at_ns = 0;
}

/* ITIMER_REAL of each process: SIGALRM when it expires (alarm, setitimer). */
struct itimerval {
	struct timeval it_interval, it_value;
};
static LIST_HEAD(itimer_head);

struct real_timer {
	struct list_head list;
	struct signal_struct *sig;
	struct task_struct *leader;
	u64 expires, interval;          /* ns; expires 0 = disarmed */
};
static struct real_timer *find_real_timer(struct signal_struct *sig)
{
	struct real_timer *rt;
	list_for_each_entry(rt, &itimer_head, list)
		if (rt->sig == sig)
			return rt;
	return NULL;
}

static void run_itimers(u64 now)
{
	struct real_timer *rt, *n;
	list_for_each_entry_safe(rt, n, &itimer_head, list) {
		if (rt->expires > now)
			continue;
		do_send_sig_info(SIGALRM, NULL, rt->leader, true);
		if (rt->interval) {
			rt->expires = now + rt->interval;
		} else {
			list_del_init(&rt->list);
			kfree(rt);
		}
	}
}

/* The exiting process's timer goes with it. */
void exit_itimers(struct signal_struct *sig)
{
	struct real_timer *rt = find_real_timer(sig);
	if (rt) {
		list_del_init(&rt->list);
		kfree(rt);
	}
}

/*
 * Takes the clocks' reading of this tick: the coarse clocks become it, and
 * the vvar page gets it with the fraction of a nanosecond ktime_get_ns
 * drops, so that the vDSO, adding the TSC's progress since, computes
 * exactly what ktime_get_ns would (monotonic across both).
 */
static void timekeeping_update(void)
{
	u64 cycles = rdtsc();
	unsigned __int128 shifted = (unsigned __int128)(cycles - tsc_boot) * ns_mult;
	struct timekeeper tk = {
		.cycle_last = cycles, .mult = ns_mult, .shift = 32, .frac = (u32)shifted,
		.mono_ns = (u64)(shifted >> 32), .real_offset_ns = boot_real_ns,
	};
	update_vsyscall(&tk);           /* the coarse clocks too, for calls and vDSO alike */
}

/*
 * Every CPU's tick, in the interrupt (the PIT's on CPU 0, the local APIC
 * timer's elsewhere): lock-free work only.  The RLIMIT_CPU check sends
 * signals, so it waits for the big lock (irq.c), and is asked for only
 * when the process has a limit.
 */
void update_process_times(void)
{
	struct task_struct *t = current;
	scheduler_tick();
	if (!(t->flags & (PF_IDLE | PF_KTHREAD)) &&
	    READ_ONCE(t->signal->rlim[RLIMIT_CPU].rlim_cur) != RLIM_INFINITY)
		raise_irq_work(IRQ_WORK_CPU_TIMERS);
}

/* The PIT's tick, top half: time moves on; timers are the bottom half's. */
static void timer_interrupt(int irq __unused)
{
	jiffies++;
	timekeeping_update();
	update_process_times();
	if (!list_empty(&timer_head) || !list_empty(&itimer_head))
		raise_irq_work(IRQ_WORK_TIMERS);        /* a racy peek: a miss waits a tick */
}

/* Bottom half, under the big kernel lock: expired sleeps and itimers. */
void run_timers(void)
{
	u64 now = ktime_get_ns();
	if (!list_empty(&itimer_head))
		run_itimers(now);
	while (!list_empty(&timer_head)) {
		struct task_struct *t = list_first_entry(&timer_head, struct task_struct, timer_list);
		if (t->wake_at_ns > now)
			break;
		timer_del(t);
		wake_up_process(t);
	}
}

void time_init(void)
{
	tsc_khz = calibrate_tsc_khz();
	if (!tsc_khz)
		tsc_khz = 1000000;
	ns_mult = (1000000ULL << 32) / tsc_khz;
	tsc_boot = rdtsc();
	boot_real_ns = read_rtc_seconds() * NSEC_PER_SEC;
	timekeeping_update();
	u32 div = PIT_HZ / HZ;
	outb(0x43, 0x34);                               /* ch 0, lo/hi, rate generator */
	outb(0x40, div & 0xff);
	outb(0x40, div >> 8);
	request_irq(0, timer_interrupt, NULL);
	printk("time: TSC %lu.%03lu MHz, tick %d Hz\n", (unsigned long)(tsc_khz / 1000),
	       (unsigned long)(tsc_khz % 1000), HZ);
}

/* ---- system calls ------------------------------------------------------------- */

static struct timespec ns_to_timespec(u64 ns)
{
	return (struct timespec){ (long)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC) };
}

long get_timespec(struct timespec *ts, const struct timespec *uts)
{
	if (copy_from_user(ts, uts, sizeof *ts))
		return -EFAULT;
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || (u64)ts->tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	return 0;
}

u64 timespec_to_ns(const struct timespec *ts)
{
	return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

u64 abs_time_to_deadline(u64 ns, bool realtime)
{
	u64 now = ktime_get_ns(), base = realtime ? ktime_get_real_ns() : now;
	return now + (ns > base ? ns - base : 0);
}

/* A task's CPU time so far, including the current slice if it runs. */
static u64 task_cputime(struct task_struct *t)
{
	u64 ns = t->utime + t->stime;
	if (t == current)
		ns += ktime_get_ns() - t->last_switch_ns;
	return ns;
}

long sys_clock_gettime(int clk, struct timespec *uts)
{
	u64 ns;
	struct task_struct *t;
	__atomic_fetch_add(&time_syscalls, 1, __ATOMIC_RELAXED);
	switch (clk) {
	case CLOCK_REALTIME:
		ns = ktime_get_real_ns();
		break;
	case CLOCK_REALTIME_COARSE:             /* the last tick's time, as the vDSO's */
		ns = boot_real_ns + vsyscall_coarse_mono_ns();
		break;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
		ns = ktime_get_ns();
		break;
	case CLOCK_MONOTONIC_COARSE:
		ns = vsyscall_coarse_mono_ns();
		break;
	case CLOCK_THREAD_CPUTIME_ID:
		ns = task_cputime(current);
		break;
	case CLOCK_PROCESS_CPUTIME_ID:
		ns = 0;
		lock_kernel();          /* the thread list (this call runs without it) */
		for_each_thread(current, t)
			ns += task_cputime(t);
		unlock_kernel();
		break;
	default:
		return -EINVAL;
	}
	struct timespec ts = ns_to_timespec(ns);
	return copy_to_user(uts, &ts, sizeof ts) ? -EFAULT : 0;
}

long sys_clock_getres(int clk, struct timespec *uts)
{
	if (clk < 0 || clk > CLOCK_BOOTTIME)
		return -EINVAL;
	/* the coarse clocks move once a tick (Linux's LOW_RES_NSEC) */
	bool coarse = clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE;
	struct timespec ts = { 0, coarse ? (long)(NSEC_PER_SEC / HZ) : 1 };
	if (uts && copy_to_user(uts, &ts, sizeof ts))
		return -EFAULT;
	return 0;
}

long sys_gettimeofday(struct timeval *utv, void *utz)
{
	__atomic_fetch_add(&time_syscalls, 1, __ATOMIC_RELAXED);
	if (utv) {
		u64 ns = ktime_get_real_ns();
		struct timeval tv = { (long)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC / 1000) };
		if (copy_to_user(utv, &tv, sizeof tv))
			return -EFAULT;
	}
	if (utz) {
		int tz[2] = { 0, 0 };
		if (copy_to_user(utz, tz, sizeof tz))
			return -EFAULT;
	}
	return 0;
}

/* The seconds of the last tick (Linux's ktime_get_real_seconds), as the vDSO's time. */
long sys_time(long *ut)
{
	__atomic_fetch_add(&time_syscalls, 1, __ATOMIC_RELAXED);
	long t = (long)((boot_real_ns + vsyscall_coarse_mono_ns()) / NSEC_PER_SEC);
	if (ut && put_user(t, ut))
		return -EFAULT;
	return t;
}

/*
 * Sleeps until the absolute monotonic deadline; a signal ends the sleep
 * early with -EINTR after storing the remaining time in *urem.
 */
static long do_nanosleep(u64 deadline, struct timespec *urem, bool absolute);

/* restart_syscall after a stop: sleep on towards the same deadline. */
static long nanosleep_restart(struct restart_block *rb)
{
	return do_nanosleep(rb->deadline, rb->uaddr, false);
}

/*
 * Sleeps until deadline.  A signal cuts it short as in Linux: a relative
 * sleep writes the time left to *urem and returns -ERESTART_RESTARTBLOCK
 * (EINTR when a handler runs; after a stop, restart_syscall sleeps on), an
 * absolute one returns -ERESTARTNOHAND (simply re-issued after a stop).
 */
static long do_nanosleep(u64 deadline, struct timespec *urem, bool absolute)
{
	while (ktime_get_ns() < deadline) {
		current->state = TASK_INTERRUPTIBLE;
		if (!signal_pending(current))
			schedule_timeout_ns(deadline);
		current->state = TASK_RUNNING;
		if (!signal_pending(current))
			continue;
		u64 now = ktime_get_ns();
		if (now >= deadline)
			break;
		if (absolute)
			return -ERESTARTNOHAND;
		if (urem) {
			struct timespec rem = ns_to_timespec(deadline - now);
			if (copy_to_user(urem, &rem, sizeof rem))
				return -EFAULT;
		}
		current->restart_block = (struct restart_block){ .fn = nanosleep_restart,
			.deadline = deadline, .uaddr = urem };
		return -ERESTART_RESTARTBLOCK;
	}
	return 0;
}

long sys_nanosleep(const struct timespec *ureq, struct timespec *urem)
{
	struct timespec req;
	long err = get_timespec(&req, ureq);
	if (err)
		return err;
	return do_nanosleep(ktime_get_ns() + timespec_to_ns(&req), urem, false);
}

/*
 * Which clocks one can sleep on, checked before the request is read, as
 * Linux: a clock without a sleep (the thread's CPU time, the raw and
 * coarse ones, and the alarm clocks on a machine with no RTC alarm) is
 * EOPNOTSUPP; an id that is no clock EINVAL.  ushi does not sleep on CPU
 * time or on CLOCK_TAI, which it has no clock for: EINVAL there too.
 */
static long nsleep_clock_error(int clk)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		return 0;
	case CLOCK_THREAD_CPUTIME_ID:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_BOOTTIME_ALARM:
		return -EOPNOTSUPP;
	}
	return -EINVAL;
}

long sys_clock_nanosleep(int clk, int flags, const struct timespec *ureq, struct timespec *urem)
{
	struct timespec req;
	long cerr = nsleep_clock_error(clk);
	if (cerr)
		return cerr;
	long err = get_timespec(&req, ureq);
	if (err)
		return err;
	u64 ns = timespec_to_ns(&req), deadline;
	if (flags & TIMER_ABSTIME) {
		deadline = abs_time_to_deadline(ns, clk == CLOCK_REALTIME);
		urem = NULL;            /* absolute sleeps report no remainder */
	} else {
		deadline = ktime_get_ns() + ns;
	}
	return do_nanosleep(deadline, urem, flags & TIMER_ABSTIME);
}

static u64 tv_ns(struct timeval tv)
{
	return tv.tv_sec * NSEC_PER_SEC + tv.tv_usec * 1000ULL;
}

static struct timeval ns_tv(u64 ns)
{
	return (struct timeval){ (long)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC / 1000) };
}

static void get_real_timer(struct itimerval *v)
{
	struct real_timer *rt = find_real_timer(current->signal);
	u64 now = ktime_get_ns();
	memset(v, 0, sizeof *v);
	if (rt) {
		v->it_value = ns_tv(rt->expires > now ? rt->expires - now : 1000);
		v->it_interval = ns_tv(rt->interval);
	}
}

/* Arms (or, with a zero value, disarms) the process's ITIMER_REAL. */
static long set_real_timer(u64 value, u64 interval)
{
	struct real_timer *rt = find_real_timer(current->signal);
	if (!value) {
		exit_itimers(current->signal);
		return 0;
	}
	if (!rt) {
		rt = kzalloc(sizeof *rt);
		if (!rt)
			return -ENOMEM;
		rt->sig = current->signal;
		list_add_tail(&rt->list, &itimer_head);
	}
	rt->leader = current->group_leader;
	rt->expires = ktime_get_ns() + value;
	rt->interval = interval;
	return 0;
}

long sys_getitimer(int which, struct itimerval *uv)
{
	struct itimerval v;
	if (which < 0 || which > 2)
		return -EINVAL;
	memset(&v, 0, sizeof v);
	if (which == 0)
		get_real_timer(&v);
	return copy_to_user(uv, &v, sizeof v) ? -EFAULT : 0;
}

long sys_setitimer(int which, const struct itimerval *unew, struct itimerval *uold)
{
	struct itimerval v, old;
	if (which < 0 || which > 2)
		return -EINVAL;
	if (unew && copy_from_user(&v, unew, sizeof v))
		return -EFAULT;
	if (unew && (v.it_value.tv_usec < 0 || v.it_value.tv_usec >= 1000000 ||
		     v.it_interval.tv_usec < 0 || v.it_interval.tv_usec >= 1000000 ||
		     v.it_value.tv_sec < 0 || v.it_interval.tv_sec < 0))
		return -EINVAL;
	memset(&old, 0, sizeof old);
	if (which == 0)
		get_real_timer(&old);
	if (unew && which == 0) {
		long err = set_real_timer(tv_ns(v.it_value), tv_ns(v.it_interval));
		if (err)
			return err;
	}
	if (uold && copy_to_user(uold, &old, sizeof old))
		return -EFAULT;
	return 0;
}

long sys_alarm(unsigned int seconds)
{
	struct itimerval old;
	get_real_timer(&old);
	set_real_timer(seconds * NSEC_PER_SEC, 0);
	long left = old.it_value.tv_sec + (old.it_value.tv_usec >= 500000);
	return (old.it_value.tv_sec || old.it_value.tv_usec) && !left ? 1 : left;
}
