/*
 * futex_pi.c - priority-inheritance futexes: FUTEX_LOCK_PI(2),
 * FUTEX_TRYLOCK_PI, FUTEX_UNLOCK_PI, FUTEX_WAIT_REQUEUE_PI and
 * FUTEX_CMP_REQUEUE_PI (Linux's kernel/futex/pi.c and requeue.c).
 *
 * The futex word is the lock: 0 when free, else the owner's tid, with
 * FUTEX_WAITERS set once someone sleeps in the kernel for it (so the
 * owner's unlock comes here) and FUTEX_OWNER_DIED after an owner died
 * holding it.  An uncontended lock and unlock never enter the kernel.
 *
 * Where Linux keeps a pi_state with an rt_mutex per contended futex,
 * ushi keeps the owner in each waiter's futex_q (pi_owner; all the pi
 * waiters of one key agree on it): unlock hands the lock to the first
 * waiter, writing its tid into the word before it runs, so no one can
 * slip in between.  Priority inheritance itself is trivial here: the
 * scheduler ignores priorities (kernel/sched_policy.c), so there is no
 * priority to lend the owner; what remains is the ownership protocol
 * and its errnos.  Nothing runs between reading the word and writing it
 * back (one CPU, the kernel not preemptible), so a get_user/put_user
 * pair stands for Linux's atomic cmpxchg on the user word.
 */
#include <errno.h>
#include <futex.h>
#include <kernel.h>
#include <pid.h>
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <uaccess.h>
#include <uapi/futex.h>

/*
 * The task whose tid the word holds, to wait for: -ESRCH if there is
 * none or it is exiting (its PI futexes were already handed on),
 * -EPERM for a task with no address space (Linux's kernel threads).
 */
static int attach_to_pi_owner(u32 uval, struct task_struct **owner)
{
	struct task_struct *p = find_task_by_vpid(uval & FUTEX_TID_MASK);
	if (!p || (p->flags & PF_EXITING))
		return -ESRCH;
	if (!p->mm)
		return -EPERM;
	*owner = p;
	return 0;
}

/*
 * Tries to take the PI futex at uaddr (key) for task: 1 if it did (the
 * word now holds task's tid, keeping FUTEX_OWNER_DIED, with
 * FUTEX_WAITERS if set_waiters); 0 if task must wait for *owner (the
 * word gets FUTEX_WAITERS); -EDEADLK if task holds it already, -EINVAL
 * if a non-PI waiter sleeps on the word, -EFAULT, -ESRCH or -EPERM.
 */
static int futex_lock_pi_atomic(u32 *uaddr, const struct futex_key *key, struct task_struct *task,
				bool set_waiters, struct task_struct **owner)
{
	u32 uval, vpid = task_pid_vnr(task);
	if (get_user(uval, uaddr))
		return -EFAULT;
	if ((uval & FUTEX_TID_MASK) == vpid)
		return -EDEADLK;
	struct futex_q *top = futex_top_waiter(key);
	if (top) {
		if (!top->pi)
			return -EINVAL;
		*owner = top->pi_owner;
		return 0;
	}
	if (!(uval & FUTEX_TID_MASK)) {
		u32 newval = (uval & FUTEX_OWNER_DIED) | vpid | (set_waiters ? FUTEX_WAITERS : 0);
		return put_user(newval, uaddr) ? -EFAULT : 1;
	}
	if (put_user(uval | FUTEX_WAITERS, uaddr))
		return -EFAULT;
	return attach_to_pi_owner(uval, owner);
}

/*
 * Sleeps until a waker hands q the lock (0), the deadline passes
 * (-ETIMEDOUT) or a signal comes (-EINTR); q is off the queue after.
 */
static long futex_pi_sleep(struct futex_q *q, u64 deadline)
{
	for (;;) {
		current->state = TASK_INTERRUPTIBLE;
		if (q->woken || signal_pending(current) || (deadline && ktime_get_ns() >= deadline))
			break;
		if (deadline)
			schedule_timeout_ns(deadline);
		else
			schedule();
	}
	current->state = TASK_RUNNING;
	if (!futex_unqueue(q))
		return 0;
	return deadline && ktime_get_ns() >= deadline ? -ETIMEDOUT : -EINTR;
}

/*
 * q now owns the lock.  If a dying owner handed it over, the word still
 * holds the dead tid: write ours, with FUTEX_OWNER_DIED so that user
 * space learns the data it guards may be inconsistent (Linux's
 * fixup_pi_state_owner).  Our own address space, so our uaddr.
 */
static void fixup_pi_owner(struct futex_q *q)
{
	if (q->owner_died)
		put_user(FUTEX_OWNER_DIED | FUTEX_WAITERS | (u32)task_pid_vnr(current), q->pi_uaddr);
}

/* Gives the lock q waits for to q: the other waiters now wait for q's task. */
static void futex_pi_hand_over(struct futex_q *top, bool owner_died)
{
	struct futex_q *q;
	list_for_each_entry(q, &futex_waiters_list, list)
		if (q != top && q->pi && match_key(&q->key, &top->key))
			q->pi_owner = top->task;
	top->owner_died = owner_died;
	futex_wake_mark(top);
}

/*
 * FUTEX_LOCK_PI/LOCK_PI2 (deadline 0: none) and FUTEX_TRYLOCK_PI.  A
 * failed trylock is EAGAIN and leaves FUTEX_WAITERS set, as Linux does;
 * a signal restarts the call (the word says whether the lock is free).
 */
long futex_lock_pi(u32 *uaddr, bool private, u64 deadline, bool trylock)
{
	struct futex_key key;
	struct task_struct *owner;
	int ret = get_futex_key(uaddr, private, &key);
	if (ret)
		return ret;
	ret = futex_lock_pi_atomic(uaddr, &key, current, false, &owner);
	if (ret)
		return ret == 1 ? 0 : ret;
	if (trylock)
		return -EAGAIN;
	struct futex_q q = { .key = key, .task = current, .bitset = FUTEX_BITSET_MATCH_ANY,
			     .pi = true, .pi_owner = owner, .pi_uaddr = uaddr };
	futex_queue(&q);
	long err = futex_pi_sleep(&q, deadline);
	if (!err)
		fixup_pi_owner(&q);
	return err == -EINTR ? -ERESTARTNOINTR : err;
}

/*
 * FUTEX_UNLOCK_PI: only the owner (EPERM); the first waiter gets the
 * lock (the word: its tid and FUTEX_WAITERS), else the word becomes 0.
 * A waiter that is no PI waiter of ours is EINVAL (mismatched ops).
 */
long futex_unlock_pi(u32 *uaddr, bool private)
{
	u32 uval;
	struct futex_key key;
	if (get_user(uval, uaddr))
		return -EFAULT;
	if ((uval & FUTEX_TID_MASK) != (u32)task_pid_vnr(current))
		return -EPERM;
	int err = get_futex_key(uaddr, private, &key);
	if (err)
		return err;
	struct futex_q *top = futex_top_waiter(&key);
	if (!top)
		return put_user(0, uaddr) ? -EFAULT : 0;
	if (!top->pi || top->pi_owner != current)
		return -EINVAL;
	if (put_user(FUTEX_WAITERS | (u32)task_pid_vnr(top->task), uaddr))
		return -EFAULT;
	futex_pi_hand_over(top, false);
	return 0;
}

/*
 * FUTEX_WAIT_REQUEUE_PI: waits on the plain futex uaddr, like
 * FUTEX_WAIT, for a FUTEX_CMP_REQUEUE_PI to move it onto the PI futex
 * uaddr2; returns 0 once it owns uaddr2.  A signal before the requeue
 * restarts the call; after it (the word at uaddr has moved on, a restart
 * would only see EAGAIN) it is EAGAIN at once, as Linux.
 */
long futex_wait_requeue_pi(u32 *uaddr, bool private, u32 val, u64 deadline, u32 bitset,
			   u32 *uaddr2)
{
	struct futex_key key, key2;
	u32 cur;
	if (uaddr == uaddr2 || !bitset)
		return -EINVAL;
	int err = get_futex_key(uaddr2, private, &key2);
	if (err || (err = get_futex_key(uaddr, private, &key)))
		return err;
	if (get_user(cur, uaddr))
		return -EFAULT;
	if (cur != val)
		return -EAGAIN;
	if (match_key(&key, &key2))
		return -EINVAL;
	struct futex_q q = { .key = key, .task = current, .bitset = bitset, .rt_waiter = true,
			     .requeue_pi_key = key2, .pi_uaddr = uaddr2 };
	futex_queue(&q);
	long ret = futex_pi_sleep(&q, deadline);
	if (!ret) {
		fixup_pi_owner(&q);
		return 0;
	}
	if (ret == -EINTR)
		return q.requeued ? -EAGAIN : -ERESTARTNOINTR;
	return ret;
}

/*
 * FUTEX_CMP_REQUEUE_PI: nr_wake must be 1.  The first waiter on uaddr1
 * takes uaddr2 if it is free (woken, owning it), then up to nr_requeue
 * waiters (one more if the first did not get the lock) move onto
 * uaddr2 as its PI waiters.  Every waiter met must be in
 * FUTEX_WAIT_REQUEUE_PI towards uaddr2, else EINVAL.  Returns how many
 * were woken or moved.
 */
long futex_cmp_requeue_pi(u32 *uaddr1, bool private, int nr_wake, int nr_requeue,
			  u32 *uaddr2, u32 cmpval)
{
	struct futex_key k1, k2;
	struct task_struct *owner = NULL;
	u32 cur;
	int err, count = 0;
	if (nr_wake < 0 || nr_requeue < 0 || uaddr1 == uaddr2 || nr_wake != 1)
		return -EINVAL;
	if ((err = get_futex_key(uaddr1, private, &k1)) || (err = get_futex_key(uaddr2, private, &k2)))
		return err;
	if (match_key(&k1, &k2))
		return -EINVAL;
	if (get_user(cur, uaddr1))
		return -EFAULT;
	if (cur != cmpval)
		return -EAGAIN;
	struct futex_q *top = futex_top_waiter(&k1);
	if (!top)
		return 0;
	if (!top->rt_waiter || top->requeued || !match_key(&top->requeue_pi_key, &k2))
		return -EINVAL;
	int ret = futex_lock_pi_atomic(uaddr2, &k2, top->task, nr_requeue > 0, &owner);
	if (ret < 0)
		return ret;
	if (ret == 1) {
		top->key = k2;
		top->requeued = true;
		futex_wake_mark(top);
		owner = top->task;
		count = 1;
	}
	struct futex_q *q, *tmp;
	list_for_each_entry_safe(q, tmp, &futex_waiters_list, list) {
		if (count - nr_wake >= nr_requeue)
			break;
		if (!match_key(&q->key, &k1))
			continue;
		if (!q->rt_waiter || q->requeued || !match_key(&q->requeue_pi_key, &k2))
			return -EINVAL;
		if (q->task == owner)
			return -EDEADLK;
		q->key = k2;
		q->pi = q->requeued = true;
		q->pi_owner = owner;
		count++;
	}
	return count;
}

void exit_pi_state_list(struct task_struct *t)
{
	struct futex_q *q, *tmp;
	list_for_each_entry_safe(q, tmp, &futex_waiters_list, list)
		if (q->pi && q->pi_owner == t)
			futex_pi_hand_over(q, true);
}
