/*
 * sched_affinity.c - which CPUs a task may run on, and which one it runs
 * on: sched_setaffinity, sched_getaffinity and getcpu (Linux's
 * kernel/sched/syscalls.c and kernel/sys.c).
 *
 * A task's mask is task->cpus_allowed (include/sched.h): fork and
 * clone copy it with the rest of the task_struct, so a child and a new
 * thread start with their creator's.  The scheduler (kernel/sched.c)
 * honours it; set_cpus_allowed_ptr() moves a task off a CPU it may no
 * longer use.  What a user sees is the mask intersected with the online
 * CPUs, as Linux intersects it with the cpuset's (all online CPUs).
 *
 * The user's mask is an array of longs; ushi's cpumask_t is one long
 * (NR_CPUS <= 64), so Linux's cpumask_size() is sizeof(long) here.
 */
#include <capability.h>
#include <cpumask.h>
#include <errno.h>
#include <kernel.h>
#include <pid.h>
#include <sched.h>
#include <smp.h>
#include <syscalls.h>
#include <uaccess.h>

#define CPUMASK_SIZE sizeof(unsigned long)      /* Linux's cpumask_size() */
_Static_assert(sizeof(cpumask_t) == CPUMASK_SIZE, "a cpumask_t is one long");

/* The task pid names (0: the caller), or NULL. */
static struct task_struct *find_process_by_pid(int pid)
{
	return pid ? find_task_by_vpid(pid) : current;
}

/*
 * Linux's get_user_cpu_mask: a len shorter than the kernel's mask reads
 * len bytes and leaves the rest clear; a longer one reads the kernel's
 * size and ignores the bytes beyond.  0 or -EFAULT.
 */
static long get_user_cpu_mask(const unsigned long *umask, unsigned int len, cpumask_t *m)
{
	cpumask_clear(m);
	return copy_from_user(m, umask, MIN(len, CPUMASK_SIZE)) ? -EFAULT : 0;
}

/*
 * Restricts task pid (0: the caller) to the CPUs in the user's mask that
 * are online.  Linux's order: the mask is read first (EFAULT, even for
 * a pid that does not exist), then the task (ESRCH), then the caller
 * must own it - its euid equal to the task's euid or uid - or have
 * CAP_SYS_NICE (EPERM), then the mask must name an online CPU (EINVAL).
 */
long sys_sched_setaffinity(int pid, unsigned int len, const unsigned long *umask)
{
	cpumask_t mask;
	long err = get_user_cpu_mask(umask, len, &mask);
	if (err)
		return err;
	struct task_struct *t = find_process_by_pid(pid);
	if (!t)
		return -ESRCH;
	if (current->euid != t->euid && current->euid != t->uid &&
	    !cap_raised(current->cap_effective, CAP_SYS_NICE))
		return -EPERM;
	cpumask_t online = cpu_online_mask();
	mask.bits &= online.bits;
	if (cpumask_empty(&mask))
		return -EINVAL;
	return set_cpus_allowed_ptr(t, &mask);
}

/*
 * Writes task pid's mask (online CPUs only) to umask and returns how many
 * bytes it wrote: min(len, the kernel's mask size), the bytes after those
 * untouched, as Linux.  The length is checked before the task: EINVAL if
 * it cannot hold every possible CPU or is not a whole number of longs;
 * then ESRCH; then EFAULT.
 */
long sys_sched_getaffinity(int pid, unsigned int len, unsigned long *umask)
{
	if ((u64)len * 8 < (u64)nr_cpu_ids || (len & (sizeof(unsigned long) - 1)))
		return -EINVAL;
	struct task_struct *t = find_process_by_pid(pid);
	if (!t)
		return -ESRCH;
	cpumask_t mask = cpumask_read(&t->cpus_allowed), online = cpu_online_mask();
	mask.bits &= online.bits;
	unsigned int retlen = MIN(len, CPUMASK_SIZE);
	if (copy_to_user(umask, &mask, retlen))
		return -EFAULT;
	return retlen;
}

/*
 * The CPU the caller runs on and its NUMA node (ushi has one, node 0).
 * By the time user space reads the answer the task may run elsewhere:
 * it is a hint, as on Linux, unless the task is pinned to one CPU.
 * Both are written even if one faults (then -EFAULT), as Linux.
 */
long sys_getcpu(unsigned *cpup, unsigned *nodep, void *unused __unused)
{
	unsigned int cpu = smp_processor_id();
	int err = 0;
	if (cpup)
		err |= put_user(cpu, cpup);
	if (nodep)
		err |= put_user(0u, nodep);
	return err ? -EFAULT : 0;
}
