/*
 * smp_lock.h - the big kernel lock (kernel/bkl.c), as Linux had until
 * 2.6.39: one lock that every system call and every interrupt's second
 * half runs under, so the kernel's many subsystems written for one CPU
 * stay correct on several while they are given their own locks.  The
 * page-fault path of user mode does not take it (mm locking, see
 * docs/locking.md), so faults of different processes run in parallel.
 *
 * It belongs to a task, not a CPU: current->lock_depth counts the
 * nesting (-1: not held).  schedule() lets it go while the task sleeps
 * and takes it back before the task continues, so a sleeping task never
 * holds it and it cannot deadlock against a sleeping lock.  It is not
 * seen by lockdep: it is dropped at every sleep, so it orders nothing.
 */
#ifndef USHI_SMP_LOCK_H
#define USHI_SMP_LOCK_H

#include <sched.h>
#include <spinlock.h>
#include <types.h>

extern spinlock_t kernel_flag;          /* the lock word; held by the task whose lock_depth >= 0 */

/* Takes the lock word itself, for a task at depth 0 (bkl.c: waits if held elsewhere). */
void bkl_acquire_slow(void);
/* Inline, as every system call but the lockless ones takes the lock and
 * drops it on the way out: a free lock is one xchg, a drop one store. */
static inline void bkl_acquire(void)
{
	if (unlikely(__atomic_exchange_n(&kernel_flag.locked, 1, __ATOMIC_ACQUIRE)))
		bkl_acquire_slow();
	else
		kernel_flag.owner_cpu = smp_processor_id();
}

static inline void bkl_release(void)
{
	kernel_flag.owner_cpu = -1;
	__atomic_store_n(&kernel_flag.locked, 0, __ATOMIC_RELEASE);
}

static inline void lock_kernel(void)
{
	struct task_struct *t = current;
	if (++t->lock_depth == 0)
		bkl_acquire();
}

void unlock_kernel(void);
/* Does current hold it? */
static inline bool kernel_locked(void)
{
	return current->lock_depth >= 0;
}

/* Every nesting level: the way out to user mode. */
static inline void unlock_kernel_all(void)
{
	struct task_struct *t = current;
	if (t->lock_depth >= 0) {
		t->lock_depth = -1;
		bkl_release();
	}
}

/* schedule(): the lock leaves with a sleeping task and returns with it. */
void release_kernel_lock(struct task_struct *t);
void reacquire_kernel_lock(struct task_struct *t);

#endif
