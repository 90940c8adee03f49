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
};

/* The key of uaddr: 0, -EINVAL (misaligned) or -EFAULT. */
int get_futex_key(u32 *uaddr, bool private, struct futex_key *key);
bool match_key(const struct futex_key *a, const struct futex_key *b);
/* Queues q (key, task and bitset filled in) to be woken. */
void futex_queue(struct futex_q *q);
/* Takes q off the queue: false if a waker already did (q was woken). */
bool futex_unqueue(struct futex_q *q);

#endif
