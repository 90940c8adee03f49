/*
 * posix_cpu_timers.c - RLIMIT_CPU, checked at every timer tick against the
 * CPU time of the process that is running (Linux's check_process_timers):
 * past the soft limit a SIGXCPU, and the soft limit moves one second on,
 * so that it comes again every second; past the hard limit a SIGKILL.
 * The limits are in seconds.  Runs in the timer interrupt, which comes
 * only in user mode or when idle (the kernel runs with interrupts off),
 * so the process's threads and limits hold still.
 */
#include <kernel.h>
#include <sched.h>
#include <time.h>

/* The CPU time of current's process: its threads' and current's slice so far. */
static u64 process_cputime_ns(void)
{
	u64 ns = ktime_get_ns() - current->last_switch_ns;
	struct task_struct *t;
	for_each_thread(current, t)
		ns += t->utime + t->stime;
	return ns;
}

void run_posix_cpu_timers(void)
{
	if ((current->flags & (PF_IDLE | PF_KTHREAD)) || current->exit_state)
		return;
	struct rlimit64 *r = &current->signal->rlim[RLIMIT_CPU];
	u64 soft = r->rlim_cur, hard = r->rlim_max;
	if (soft == RLIM_INFINITY)
		return;
	u64 secs = process_cputime_ns() / NSEC_PER_SEC;
	if (hard != RLIM_INFINITY && secs >= hard) {
		do_send_sig_info(SIGKILL, NULL, current, true);
		return;
	}
	if (secs >= soft) {
		do_send_sig_info(SIGXCPU, NULL, current, true);
		r->rlim_cur = soft + 1;
	}
}
