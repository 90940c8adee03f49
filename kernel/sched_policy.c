/*
 * sched_policy.c - a task's scheduling policy and real-time priority:
 * sched_setscheduler, sched_getscheduler, sched_setparam, sched_getparam,
 * sched_get_priority_max/min and sched_rr_get_interval (Linux's
 * kernel/sched/core.c and syscalls.c).
 *
 * What is honoured: the policy (SCHED_OTHER, FIFO, RR, BATCH, IDLE) and
 * the priority are checked, kept per thread, inherited by fork (unless
 * SCHED_RESET_ON_FORK), reported back, and guarded as Linux guards them:
 * CAP_SYS_NICE, or RLIMIT_RTPRIO for a real-time policy, and the same
 * owner for another user's task.  What is not: ushi's scheduler runs
 * every task round-robin with the same time slice whatever its policy.
 * With one CPU and a kernel that never preempts itself, a SCHED_FIFO
 * spinner that waits for a normal thread (as programs written for SMP
 * Linux do) would otherwise starve it forever.  So priority inheritance
 * in PI futexes (kernel/futex_pi.c) has nothing to boost either.
 */
#include <capability.h>
#include <errno.h>
#include <kernel.h>
#include <pid.h>
#include <sched.h>
#include <syscalls.h>
#include <uaccess.h>
#include <time.h>
#include <uapi/misc.h>
#include <uapi/sched.h>
#include <uapi/stat.h>

#define MAX_RT_PRIO 100
#define RR_TIMESLICE_NS (100 * 1000 * 1000ULL)  /* Linux's RR_TIMESLICE, 100 ms */
#define SETPARAM_POLICY (-1)                    /* sched_setparam: keep the policy */

static bool valid_policy(int policy)
{
	return policy == SCHED_NORMAL || policy == SCHED_FIFO || policy == SCHED_RR ||
	       policy == SCHED_BATCH || policy == SCHED_IDLE;
}

static bool rt_policy(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

/* The task pid names (0: the caller), or NULL. */
static struct task_struct *find_process_by_pid(int pid)
{
	return pid ? find_task_by_vpid(pid) : current;
}

/*
 * May the caller give p this policy and priority without CAP_SYS_NICE?
 * (Linux's user_check_sched_setscheduler.)  Raising a real-time priority
 * needs RLIMIT_RTPRIO; leaving SCHED_IDLE needs RLIMIT_NICE to allow
 * nice 0; dropping SCHED_RESET_ON_FORK is never allowed; and p must be
 * the caller's (same effective uid as p's real or effective one).
 */
static long user_check_sched_setscheduler(struct task_struct *p, int policy, int prio,
					  bool reset_on_fork)
{
	if (rt_policy(policy)) {
		u64 rlim_rtprio = p->signal->rlim[RLIMIT_RTPRIO].rlim_cur;
		if (policy != p->policy && !rlim_rtprio)
			return -EPERM;
		if ((u64)prio > p->rt_priority && (u64)prio > rlim_rtprio)
			return -EPERM;
	}
	if (p->policy == SCHED_IDLE && policy != SCHED_IDLE &&
	    p->signal->rlim[RLIMIT_NICE].rlim_cur < 20)
		return -EPERM;
	if (current->euid != p->euid && current->euid != p->uid)
		return -EPERM;
	if (p->sched_reset_on_fork && !reset_on_fork)
		return -EPERM;
	return 0;
}

/*
 * Linux's __sched_setscheduler for the two calls that take a struct
 * sched_param: EINVAL for an unknown policy or a priority outside the
 * policy's range (1-99 for FIFO and RR, 0 for the others), then EPERM.
 */
static long __sched_setscheduler(struct task_struct *p, int policy, int prio)
{
	bool reset_on_fork = p->sched_reset_on_fork;
	if (policy == SETPARAM_POLICY) {
		policy = p->policy;
	} else {
		reset_on_fork = policy & SCHED_RESET_ON_FORK;
		policy &= ~SCHED_RESET_ON_FORK;
		if (!valid_policy(policy))
			return -EINVAL;
	}
	if (prio < 0 || prio > MAX_RT_PRIO - 1 || rt_policy(policy) != (prio != 0))
		return -EINVAL;
	if (!has_capability(current, CAP_SYS_NICE)) {
		long err = user_check_sched_setscheduler(p, policy, prio, reset_on_fork);
		if (err)
			return err;
	}
	p->policy = policy;
	p->rt_priority = prio;
	p->sched_reset_on_fork = reset_on_fork;
	return 0;
}

static long do_sched_setscheduler(int pid, int policy, const struct sched_param *uparam)
{
	struct sched_param lp;
	if (!uparam || pid < 0)
		return -EINVAL;
	if (copy_from_user(&lp, uparam, sizeof lp))
		return -EFAULT;
	struct task_struct *p = find_process_by_pid(pid);
	if (!p)
		return -ESRCH;
	return __sched_setscheduler(p, policy, lp.sched_priority);
}

long sys_sched_setscheduler(int pid, int policy, const struct sched_param *param)
{
	if (policy < 0)
		return -EINVAL;
	return do_sched_setscheduler(pid, policy, param);
}

long sys_sched_setparam(int pid, const struct sched_param *param)
{
	return do_sched_setscheduler(pid, SETPARAM_POLICY, param);
}

long sys_sched_getscheduler(int pid)
{
	if (pid < 0)
		return -EINVAL;
	struct task_struct *p = find_process_by_pid(pid);
	if (!p)
		return -ESRCH;
	return p->policy | (p->sched_reset_on_fork ? SCHED_RESET_ON_FORK : 0);
}

long sys_sched_getparam(int pid, struct sched_param *param)
{
	if (!param || pid < 0)
		return -EINVAL;
	struct task_struct *p = find_process_by_pid(pid);
	if (!p)
		return -ESRCH;
	struct sched_param lp = { .sched_priority = rt_policy(p->policy) ? (int)p->rt_priority : 0 };
	return copy_to_user(param, &lp, sizeof lp) ? -EFAULT : 0;
}

long sys_sched_get_priority_max(int policy)
{
	if (rt_policy(policy))
		return MAX_RT_PRIO - 1;
	return valid_policy(policy) || policy == SCHED_DEADLINE ? 0 : -EINVAL;
}

long sys_sched_get_priority_min(int policy)
{
	if (rt_policy(policy))
		return 1;
	return valid_policy(policy) || policy == SCHED_DEADLINE ? 0 : -EINVAL;
}

/* SCHED_RR's quantum is Linux's 100 ms, FIFO has none; the others get ushi's time slice. */
long sys_sched_rr_get_interval(int pid, struct timespec *interval)
{
	if (pid < 0)
		return -EINVAL;
	struct task_struct *p = find_process_by_pid(pid);
	if (!p)
		return -ESRCH;
	u64 ns = TIMESLICE_TICKS * (NSEC_PER_SEC / HZ);
	if (p->policy == SCHED_RR)
		ns = RR_TIMESLICE_NS;
	else if (p->policy == SCHED_FIFO)
		ns = 0;
	struct timespec ts = { .tv_sec = ns / NSEC_PER_SEC, .tv_nsec = ns % NSEC_PER_SEC };
	return copy_to_user(interval, &ts, sizeof ts) ? -EFAULT : 0;
}

/* fork: SCHED_RESET_ON_FORK gives the child SCHED_NORMAL (from FIFO/RR) and priority 0. */
void sched_fork(struct task_struct *p)
{
	if (!p->sched_reset_on_fork)
		return;
	if (rt_policy(p->policy))
		p->policy = SCHED_NORMAL;
	p->rt_priority = 0;
	p->sched_reset_on_fork = false;
}
