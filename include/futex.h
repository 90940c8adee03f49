/* futex.h - fast user-space locking: sleep on a user word, be woken by address. */
#ifndef USHI_FUTEX_H
#define USHI_FUTEX_H

#include <list.h>
#include <types.h>

struct task_struct;

/* Wakes up to n waiters on uaddr in the current address space. */
int futex_wake(u32 *uaddr, int n, bool private);

/* ---- between kernel/futex*.c (Linux's kernel/futex/futex.h) -------------- */

struct futex_key {
	void *object;           /* mm_struct (private) or inode (shared) */
	unsigned long offset;   /* address, or offset in the file */
};

/* One waiter on one key; a futex_waitv caller has one per futex. */
struct futex_q {
	struct list_head list;  /* in the waiters' list while queued */
	struct futex_key key;
	struct task_struct *task;
	u32 bitset;
	bool woken;             /* set (and q taken off the list) by a waker */
	/* PI futexes (kernel/futex_pi.c); all zero for a plain waiter */
	bool pi;                /* waits to own the PI futex key (Linux: blocked on its rt_mutex) */
	bool rt_waiter;         /* in FUTEX_WAIT_REQUEUE_PI: only CMP_REQUEUE_PI may move it */
	bool requeued;          /* rt_waiter moved onto requeue_pi_key as a pi waiter */
	bool owner_died;        /* handed the lock by a dying owner: fix the word up */
	struct futex_key requeue_pi_key;
	struct task_struct *pi_owner;   /* pi: who holds the lock it waits for */
	u32 *pi_uaddr;          /* pi: the PI futex word, in the waiter's address space */
};

/*
 * Every waiter, in the order it came: one list where Linux hashes keys
 * into buckets.  Nothing locks it: one CPU, and the kernel is not
 * preemptible (an SMP kernel needs a lock around each user).
 */
extern struct list_head futex_waiters_list;

/* The key of uaddr: 0, -EINVAL (misaligned) or -EFAULT. */
int get_futex_key(u32 *uaddr, bool private, struct futex_key *key);
bool match_key(const struct futex_key *a, const struct futex_key *b);
/* The first waiter on key (Linux's futex_top_waiter), or NULL. */
struct futex_q *futex_top_waiter(const struct futex_key *key);
/* Takes q off the queue as woken and wakes its task. */
void futex_wake_mark(struct futex_q *q);
/* Queues q (key, task and bitset filled in) to be woken. */
void futex_queue(struct futex_q *q);
/* Takes q off the queue: false if a waker already did (q was woken). */
bool futex_unqueue(struct futex_q *q);

/* kernel/futex_pi.c: the PI operations of sys_futex. */
long futex_lock_pi(u32 *uaddr, bool private, u64 deadline, bool trylock);
long futex_unlock_pi(u32 *uaddr, bool private);
long futex_wait_requeue_pi(u32 *uaddr, bool private, u32 val, u64 deadline, u32 bitset,
			   u32 *uaddr2);
long futex_cmp_requeue_pi(u32 *uaddr1, bool private, int nr_wake, int nr_requeue,
			  u32 *uaddr2, u32 cmpval);
/* kernel/futex_robust.c: marks the locks on t's robust list FUTEX_OWNER_DIED. */
void exit_robust_list(struct task_struct *t);
/* do_exit: hands each PI futex t still owns with waiters to its first waiter. */
void exit_pi_state_list(struct task_struct *t);

#endif
