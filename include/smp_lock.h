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

#include <types.h>

struct task_struct;

void lock_kernel(void);
void unlock_kernel(void);
bool kernel_locked(void);               /* does current hold it? */
void unlock_kernel_all(void);           /* every nesting level: the way out to user mode */
/* schedule(): the lock leaves with a sleeping task and returns with it. */
void release_kernel_lock(struct task_struct *t);
void reacquire_kernel_lock(struct task_struct *t);

#endif
