/*
 * futex.c - FUTEX_WAIT, FUTEX_WAKE, FUTEX_REQUEUE, FUTEX_CMP_REQUEUE,
 * FUTEX_WAKE_OP and the bitset variants; the waiters' queue that
 * futex_waitv.c and the PI operations (futex_pi.c) share.
 *
 * A waiter is identified by a key: for a private futex (or any futex in
 * private memory) the address space and the address; for a futex in a
 * MAP_SHARED mapping the backing file and the offset in it, so that two
 * processes mapping the same memory at different addresses meet.  The
 * check "*uaddr still equals val" and going to sleep happen without
 * anyone else running in between (the kernel is not preemptible), which
 * is the whole futex guarantee.
 */
#include <errno.h>
#include <fs.h>
#include <futex.h>
#include <kernel.h>
#include <mm.h>
#include <odf.h>
#include <sched.h>
#include <syscalls.h>
#include <time.h>
#include <uaccess.h>
#include <uapi/futex.h>

LIST_HEAD(futex_waiters_list);         /* see include/futex.h */

bool match_key(const struct futex_key *a, const struct futex_key *b)
{
	return a->object == b->object && a->offset == b->offset;
}

/*
 * A shared key names the page behind uaddr, so the page must exist
 * (Linux's get_user_pages_fast in get_futex_key): faulted in for writing
 * where the area allows it, else for reading; an area that allows
 * neither (PROT_NONE), or a page that cannot be had (past a file's end,
 * no memory), is EFAULT.  A read-only page must be a file's: a read-only
 * anonymous page (or the zero page) never changes, so Linux refuses it.
 */
static int futex_fault_in(struct vm_area_struct *vma, unsigned long a)
{
	bool write = vma->vm_flags & VM_WRITE;
	if (!(vma->vm_flags & (VM_READ | VM_WRITE)))
		return -EFAULT;
	pte_t entry = 0;
	for (int tries = 0; tries < 3; tries++) {      /* a fault that lost a race retries */
		pte_t *pte = pte_walk(current->mm->pgd, a, false);
		entry = pte ? READ_ONCE(*pte) : 0;
		if (pte_present(entry) && (!write || (pte_write(entry) &&
						     !odf_pmd_write_protected(current->mm, a))))
			break;
		if (handle_mm_fault(vma, a, write ? FAULT_FLAG_WRITE : 0))
			return -EFAULT;
	}
	if (!pte_present(entry))
		return -EFAULT;
	if (!write && ((entry & _PAGE_SPECIAL) || (pte_page(entry)->flags & PG_anon)))
		return -EFAULT;
	return 0;
}

/*
 * The key of uaddr: private, the mm and the address (nothing checked but
 * the address, as Linux); shared, the page must be mapped and accessible
 * (futex_fault_in), and in a shared file mapping the key is the file's.
 */
int get_futex_key(u32 *uaddr, bool private, struct futex_key *key)
{
	unsigned long a = (unsigned long)uaddr;
	if (a % 4)
		return -EINVAL;
	if (!access_ok(uaddr, 4))
		return -EFAULT;
	key->object = current->mm;
	key->offset = a;
	if (private)
		return 0;
	key->offset |= 1;       /* a shared-op key never meets a private-op one (Linux's FUT_OFF_MMSHARED) */
	struct mm_struct *mm = current->mm;
	mmap_read_lock(mm);
	struct vm_area_struct *vma = find_vma(mm, a);
	int err = !vma || a < vma->vm_start ? -EFAULT : futex_fault_in(vma, a & PAGE_MASK);
	if (!err && (vma->vm_flags & VM_SHARED) && vma->vm_file) {
		key->object = vma->vm_file->f_inode;
		key->offset = (vma->vm_pgoff << PAGE_SHIFT) + (a - vma->vm_start);
	}
	mmap_read_unlock(mm);
	return err;
}

void futex_queue(struct futex_q *q)
{
	q->woken = false;
	list_add_tail(&q->list, &futex_waiters_list);
}

bool futex_unqueue(struct futex_q *q)
{
	if (q->woken)
		return false;
	list_del_init(&q->list);
	return true;
}

struct futex_q *futex_top_waiter(const struct futex_key *key)
{
	struct futex_q *q;
	list_for_each_entry(q, &futex_waiters_list, list)
		if (match_key(&q->key, key))
			return q;
	return NULL;
}

void futex_wake_mark(struct futex_q *q)
{
	list_del_init(&q->list);
	q->woken = true;
	wake_up_process(q->task);
}

/*
 * Wakes up to n waiters with key whose bitset meets bitset.  FUTEX_WAKE
 * wakes one even for n <= 0 (Linux checks the count after waking);
 * requeue's wake count is exact.  A PI waiter met on the way (a
 * FUTEX_LOCK_PI or FUTEX_WAIT_REQUEUE_PI caller) is EINVAL: plain wakes
 * and PI operations must not be mixed on one word.
 */
static int __wake_key(const struct futex_key *key, int n, u32 bitset, bool at_least_one)
{
	if (!at_least_one && n <= 0)
		return 0;
	int woken = 0;
	struct futex_q *q, *tmp;
	list_for_each_entry_safe(q, tmp, &futex_waiters_list, list) {
		if (!match_key(&q->key, key))
			continue;
		if (q->pi || q->rt_waiter)
			return -EINVAL;
		if (!(q->bitset & bitset))
			continue;
		futex_wake_mark(q);
		if (++woken >= n)       /* as Linux: wakes one even when n <= 0 */
			break;
	}
	return woken;
}

static int wake_key(const struct futex_key *key, int n, u32 bitset)
{
	return __wake_key(key, n, bitset, true);
}

int futex_wake(u32 *uaddr, int n, bool private)
{
	struct futex_key key;
	int err = get_futex_key(uaddr, private, &key);
	return err ? err : wake_key(&key, n, FUTEX_BITSET_MATCH_ANY);
}

static long futex_wait(u32 *uaddr, bool private, u32 val, u64 deadline, u32 bitset);

/* restart_syscall after a stop: the same wait, towards the same deadline. */
static long futex_wait_restart(struct restart_block *rb)
{
	return futex_wait(rb->uaddr, rb->private, rb->val, rb->deadline, rb->bitset);
}

/*
 * deadline 0 means "no timeout".  A signal ends the wait with -ERESTARTSYS
 * (restarted under SA_RESTART), or, for a timed wait, -ERESTART_RESTARTBLOCK:
 * EINTR if a handler runs, else restart_syscall goes on waiting.
 */
static long futex_wait(u32 *uaddr, bool private, u32 val, u64 deadline, u32 bitset)
{
	struct futex_key key;
	u32 cur;
	int err = get_futex_key(uaddr, private, &key);
	if (err)
		return err;
	if (get_user(cur, uaddr))
		return -EFAULT;
	if (cur != val)
		return -EAGAIN;
	struct futex_q q = { .key = key, .task = current, .bitset = bitset };
	futex_queue(&q);
	for (;;) {
		current->state = TASK_INTERRUPTIBLE;
		if (q.woken || signal_pending(current) || (deadline && ktime_get_ns() >= deadline))
			break;
		if (deadline)
			schedule_timeout_ns(deadline);
		else
			schedule();
	}
	current->state = TASK_RUNNING;
	if (!futex_unqueue(&q))
		return 0;
	if (deadline && ktime_get_ns() >= deadline)
		return -ETIMEDOUT;
	if (!deadline)
		return -ERESTARTSYS;
	current->restart_block = (struct restart_block){ .fn = futex_wait_restart, .deadline = deadline,
		.uaddr = uaddr, .val = val, .bitset = bitset, .private = private };
	return -ERESTART_RESTARTBLOCK;
}

/*
 * FUTEX_REQUEUE and FUTEX_CMP_REQUEUE: wakes nr_wake waiters on uaddr and
 * moves up to nr_requeue more to uaddr2, in one pass as Linux's
 * futex_requeue; a PI waiter on uaddr stops it with EINVAL.
 */
static long futex_requeue(u32 *uaddr, bool private, int nr_wake, int nr_requeue,
			  u32 *uaddr2, u32 *cmpval)
{
	struct futex_key k1, k2;
	int err;
	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	if ((err = get_futex_key(uaddr, private, &k1)) || (err = get_futex_key(uaddr2, private, &k2)))
		return err;
	if (cmpval) {
		u32 cur;
		if (get_user(cur, uaddr))
			return -EFAULT;
		if (cur != *cmpval)
			return -EAGAIN;
	}
	int count = 0;
	struct futex_q *q, *tmp;
	list_for_each_entry_safe(q, tmp, &futex_waiters_list, list) {
		if (count - nr_wake >= nr_requeue)
			break;
		if (!match_key(&q->key, &k1))
			continue;
		if (q->pi || q->rt_waiter)
			return -EINVAL;
		if (++count <= nr_wake)
			futex_wake_mark(q);
		else
			q->key = k2;
	}
	return count;
}

static long futex_wake_op(u32 *uaddr1, bool private, int nr_wake, int nr_wake2,
			  u32 *uaddr2, u32 encoded)
{
	struct futex_key k1, k2;
	int err;
	if ((err = get_futex_key(uaddr1, private, &k1)) || (err = get_futex_key(uaddr2, private, &k2)))
		return err;
	unsigned op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	int oparg = (int)(encoded << 8) >> 20, cmparg = (int)(encoded << 20) >> 20;
	if (encoded & (FUTEX_OP_OPARG_SHIFT << 28)) {
		if (oparg < 0 || oparg > 31)
			oparg &= 31;
		oparg = 1 << oparg;
	}
	u32 old;
	if (get_user(old, uaddr2))
		return -EFAULT;
	u32 new;
	switch (op) {
	case FUTEX_OP_SET: new = oparg; break;
	case FUTEX_OP_ADD: new = old + oparg; break;
	case FUTEX_OP_OR: new = old | oparg; break;
	case FUTEX_OP_ANDN: new = old & ~oparg; break;
	case FUTEX_OP_XOR: new = old ^ oparg; break;
	default: return -ENOSYS;
	}
	bool hit;
	int o = (int)old;
	switch (cmp) {
	case FUTEX_OP_CMP_EQ: hit = o == cmparg; break;
	case FUTEX_OP_CMP_NE: hit = o != cmparg; break;
	case FUTEX_OP_CMP_LT: hit = o < cmparg; break;
	case FUTEX_OP_CMP_LE: hit = o <= cmparg; break;
	case FUTEX_OP_CMP_GT: hit = o > cmparg; break;
	case FUTEX_OP_CMP_GE: hit = o >= cmparg; break;
	default: return -ENOSYS;
	}
	if (put_user(new, uaddr2))
		return -EFAULT;
	int woken = wake_key(&k1, nr_wake, FUTEX_BITSET_MATCH_ANY);
	if (hit && woken >= 0) {
		int woken2 = wake_key(&k2, nr_wake2, FUTEX_BITSET_MATCH_ANY);
		woken = woken2 < 0 ? woken2 : woken + woken2;
	}
	return woken;
}

/* A relative (FUTEX_WAIT) or absolute (WAIT_BITSET) timeout as a monotonic deadline. */
static long futex_deadline(const struct timespec *uts, bool absolute, bool realtime, u64 *deadline)
{
	struct timespec ts;
	*deadline = 0;
	if (!uts)
		return 0;
	long err = get_timespec(&ts, uts);
	if (err)
		return err;
	u64 ns = timespec_to_ns(&ts);
	*deadline = absolute ? abs_time_to_deadline(ns, realtime) : ktime_get_ns() + ns;
	if (!*deadline)
		*deadline = 1;
	return 0;
}

long sys_futex(u32 *uaddr, int op, u32 val, const struct timespec *utime, u32 *uaddr2, u32 val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	bool private = op & FUTEX_PRIVATE_FLAG, realtime = op & FUTEX_CLOCK_REALTIME;
	u64 deadline;
	long err;
	if (realtime && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET &&
	    cmd != FUTEX_WAIT_REQUEUE_PI && cmd != FUTEX_LOCK_PI2)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAIT_BITSET:
		if (!val3)
			return -EINVAL;
		if ((err = futex_deadline(utime, cmd == FUTEX_WAIT_BITSET, realtime, &deadline)))
			return err;
		return futex_wait(uaddr, private, val, deadline, val3);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAKE_BITSET: {
		if (!val3)
			return -EINVAL;
		struct futex_key key;
		if ((err = get_futex_key(uaddr, private, &key)))
			return err;
		return wake_key(&key, (int)val, val3);
	}
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, private, val, (int)(long)utime, uaddr2, NULL);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, private, val, (int)(long)utime, uaddr2, &val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(uaddr, private, val, (int)(long)utime, uaddr2, val3);
	case FUTEX_LOCK_PI:             /* an absolute CLOCK_REALTIME timeout */
	case FUTEX_LOCK_PI2:            /* absolute, CLOCK_MONOTONIC unless FUTEX_CLOCK_REALTIME */
		if ((err = futex_deadline(utime, true, cmd == FUTEX_LOCK_PI || realtime, &deadline)))
			return err;
		return futex_lock_pi(uaddr, private, deadline, false);
	case FUTEX_TRYLOCK_PI:
		return futex_lock_pi(uaddr, private, 0, true);
	case FUTEX_UNLOCK_PI:
		return futex_unlock_pi(uaddr, private);
	case FUTEX_WAIT_REQUEUE_PI:
		if ((err = futex_deadline(utime, true, realtime, &deadline)))
			return err;
		return futex_wait_requeue_pi(uaddr, private, val, deadline, FUTEX_BITSET_MATCH_ANY, uaddr2);
	case FUTEX_CMP_REQUEUE_PI:
		return futex_cmp_requeue_pi(uaddr, private, val, (int)(long)utime, uaddr2, val3);
	}
	return -ENOSYS;
}
