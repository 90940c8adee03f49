/*
 * bkl.c - the big kernel lock (include/smp_lock.h says what it is for).
 *
 * A raw spinlock (no lockdep) plus the owner's nesting count in
 * task->lock_depth.  Waiting for it spins with interrupts let in, as
 * every plain spinlock does (spinlock.h): the holder may be waiting for
 * this CPU to answer a TLB-shootdown IPI.
 */
#include <kernel.h>
#include <sched.h>
#include <smp_lock.h>
#include <spinlock.h>

static spinlock_t kernel_flag = { .locked = 0, .owner_cpu = -1,
	.dep_map = { .name = "kernel_flag" } };

/* Most system calls take and drop the lock once: the free case is one
 * xchg here, and only a lock held elsewhere goes to raw_spin_lock's wait. */
static inline void bkl_acquire(void)
{
	if (unlikely(__atomic_exchange_n(&kernel_flag.locked, 1, __ATOMIC_ACQUIRE)))
		raw_spin_lock(&kernel_flag);
	else
		kernel_flag.owner_cpu = smp_processor_id();
}

static inline void bkl_release(void)
{
	kernel_flag.owner_cpu = -1;
	__atomic_store_n(&kernel_flag.locked, 0, __ATOMIC_RELEASE);
}

void lock_kernel(void)
{
	struct task_struct *t = current;
	if (++t->lock_depth == 0)
		bkl_acquire();
}

void unlock_kernel(void)
{
	struct task_struct *t = current;
	BUG_ON(t->lock_depth < 0);
	if (--t->lock_depth < 0)
		bkl_release();
}

void unlock_kernel_all(void)
{
	struct task_struct *t = current;
	if (t->lock_depth >= 0) {
		t->lock_depth = -1;
		bkl_release();
	}
}

bool kernel_locked(void)
{
	return current->lock_depth >= 0;
}

void release_kernel_lock(struct task_struct *t)
{
	if (t->lock_depth >= 0)
		bkl_release();
}

void reacquire_kernel_lock(struct task_struct *t)
{
	if (t->lock_depth >= 0)
		bkl_acquire();
}
