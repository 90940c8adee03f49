/*
 * bkl.c - the big kernel lock (include/smp_lock.h says what it is for,
 * and has the inline fast paths of taking and dropping it).
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

spinlock_t kernel_flag = { .locked = 0, .owner_cpu = -1, .dep_map = { .name = "kernel_flag" } };

void bkl_acquire_slow(void)
{
	raw_spin_lock(&kernel_flag);
}

void unlock_kernel(void)
{
	struct task_struct *t = current;
	BUG_ON(t->lock_depth < 0);
	if (--t->lock_depth < 0)
		bkl_release();
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
