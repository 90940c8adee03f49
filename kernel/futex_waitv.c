/*
 * futex_waitv.c - futex_waitv(2): sleep on up to 128 futexes at once,
 * woken by a FUTEX_WAKE on any of them (Linux's futex_wait_multiple).
 *
 * The caller queues one futex_q per futex, all naming itself, and
 * sleeps until a waker has taken any of them off the queue.  Only 32-bit
 * futexes exist (FUTEX2_SIZE_U32); each is private or shared on its own
 * (FUTEX2_PRIVATE), and a shared one meets FUTEX_WAKE's shared waiters.
 */
#include <errno.h>
#include <futex.h>
#include <kernel.h>
#include <mm.h>
#include <sched.h>
#include <signal.h>
#include <syscalls.h>
#include <time.h>
#include <uaccess.h>
#include <uapi/futex.h>
#include <uapi/futex2.h>
#include <uapi/misc.h>
#include <uapi/stat.h>

struct futex_vector {
	struct futex_waitv w;
	struct futex_q q;
};

/*
 * Copies the user's vector in and finds each futex's key, in order, as
 * Linux's futex_parse_waitv then futex_wait_multiple_setup: EFAULT for a
 * vector that cannot be read, EINVAL for unknown flags, a size other
 * than 32 bits, a reserved field set or a value wider than the word,
 * then get_futex_key's EINVAL (misaligned) or EFAULT.
 */
static int futex_parse_waitv(struct futex_vector *vs, const struct futex_waitv *uwaitv,
			     unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++) {
		struct futex_waitv *w = &vs[i].w;
		if (copy_from_user(w, &uwaitv[i], sizeof *w))
			return -EFAULT;
		if ((w->flags & ~(FUTEX2_SIZE_MASK | FUTEX2_PRIVATE)) || w->__reserved)
			return -EINVAL;
		if ((w->flags & FUTEX2_SIZE_MASK) != FUTEX2_SIZE_U32 || w->val > 0xffffffffULL)
			return -EINVAL;
	}
	for (unsigned int i = 0; i < nr; i++) {
		int err = get_futex_key((u32 *)vs[i].w.uaddr, vs[i].w.flags & FUTEX2_PRIVATE,
					&vs[i].q.key);
		if (err)
			return err;
		vs[i].q.task = current;
		vs[i].q.bitset = FUTEX_BITSET_MATCH_ANY;
	}
	return 0;
}

/*
 * Takes the first n off the queue: the index of the last one a waker
 * had already taken, or -1 if none was woken (Linux's
 * futex_unqueue_multiple).
 */
static int futex_unqueue_multiple(struct futex_vector *vs, unsigned int n)
{
	int woken = -1;
	for (unsigned int i = 0; i < n; i++)
		if (!futex_unqueue(&vs[i].q))
			woken = i;
	return woken;
}

/*
 * Queues each futex whose word still holds its value; at the first that
 * does not (-EAGAIN) or cannot be read (-EFAULT) takes the queued ones
 * off again.  Nothing runs between the reads and the queueing but a
 * page fault of our own, which wakes no one.
 */
static int futex_wait_multiple_setup(struct futex_vector *vs, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++) {
		u32 cur;
		int err = get_user(cur, (u32 *)vs[i].w.uaddr) ? -EFAULT : 0;
		if (!err && cur != (u32)vs[i].w.val)
			err = -EAGAIN;
		if (err) {
			futex_unqueue_multiple(vs, i);
			return err;
		}
		futex_queue(&vs[i].q);
	}
	return 0;
}

/*
 * Sleeps until one of the futexes is woken (its index), the deadline
 * passes (-ETIMEDOUT) or a signal comes (-ERESTARTSYS: the deadline is
 * absolute, so a restart waits towards the same one).
 */
static long futex_wait_multiple(struct futex_vector *vs, unsigned int nr, u64 deadline)
{
	long ret = futex_wait_multiple_setup(vs, nr);
	if (ret)
		return ret;
	for (;;) {
		current->state = TASK_INTERRUPTIBLE;
		bool woken = false;
		for (unsigned int i = 0; i < nr && !woken; i++)
			woken = vs[i].q.woken;
		if (woken || signal_pending(current) || (deadline && ktime_get_ns() >= deadline))
			break;
		if (deadline)
			schedule_timeout_ns(deadline);
		else
			schedule();
	}
	current->state = TASK_RUNNING;
	ret = futex_unqueue_multiple(vs, nr);
	if (ret >= 0)
		return ret;
	if (deadline && ktime_get_ns() >= deadline)
		return -ETIMEDOUT;
	return -ERESTARTSYS;
}

/* The absolute timeout as a monotonic deadline (0: none), as Linux's futex2_setup_timeout. */
static long futex2_setup_timeout(const struct timespec *uts, int clockid, u64 *deadline)
{
	struct timespec ts;
	*deadline = 0;
	if (!uts)
		return 0;
	if (clockid != CLOCK_REALTIME && clockid != CLOCK_MONOTONIC)
		return -EINVAL;
	long err = get_timespec(&ts, uts);
	if (err)
		return err;
	*deadline = abs_time_to_deadline(timespec_to_ns(&ts), clockid == CLOCK_REALTIME);
	if (!*deadline)
		*deadline = 1;
	return 0;
}

long sys_futex_waitv(const struct futex_waitv *waiters, unsigned int nr_futexes,
		     unsigned int flags, const struct timespec *timeout, int clockid)
{
	u64 deadline;
	if (flags)
		return -EINVAL;
	if (!nr_futexes || nr_futexes > FUTEX_WAITV_MAX || !waiters)
		return -EINVAL;
	long ret = futex2_setup_timeout(timeout, clockid, &deadline);
	if (ret)
		return ret;
	struct futex_vector *vs = kzalloc(nr_futexes * sizeof *vs);
	if (!vs)
		return -ENOMEM;
	ret = futex_parse_waitv(vs, waiters, nr_futexes);
	if (!ret)
		ret = futex_wait_multiple(vs, nr_futexes, deadline);
	kfree(vs);
	return ret;
}
