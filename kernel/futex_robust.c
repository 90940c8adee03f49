/*
 * futex_robust.c - robust futexes: set_robust_list(2), get_robust_list(2)
 * and what the kernel does with the list when its thread goes (Linux's
 * exit_robust_list and handle_futex_death in kernel/futex/core.c).
 *
 * A thread tells the kernel where its list of held locks lives in user
 * memory; when it exits (or execs) still holding one, the kernel marks
 * the lock's word FUTEX_OWNER_DIED and wakes a waiter, so that the next
 * locker learns (EOWNERDEAD) instead of waiting forever.  The list is
 * user memory: every read may fault, and a fault simply ends the walk.
 */
#include <errno.h>
#include <futex.h>
#include <kernel.h>
#include <pid.h>
#include <sched.h>
#include <syscalls.h>
#include <uaccess.h>
#include <uapi/futex.h>

#define ROBUST_LIST_LIMIT 2048  /* entries walked at most: a looped list must not hang exit */

/* struct robust_list_head (uapi/linux/futex.h): the list, then where each lock's word is. */
struct robust_list_head {
	unsigned long next;             /* first entry; bit 0: it is a PI futex */
	long futex_offset;              /* from an entry to its lock's futex word */
	unsigned long list_op_pending;  /* an entry being locked or unlocked right now */
};

long sys_set_robust_list(void *head, size_t len)
{
	if (len != sizeof(struct robust_list_head))
		return -EINVAL;
	current->robust_list = head;
	return 0;
}

/* Another thread's list needs the right to ptrace it; here: same owner, or CAP_SYS_ADMIN. */
long sys_get_robust_list(int pid, void **head_ptr, size_t *len_ptr)
{
	struct task_struct *p = pid ? find_task_by_vpid(pid) : current;
	if (!p)
		return -ESRCH;
	if (p != current && !capable() && (current->euid != p->uid || current->euid != p->suid))
		return -EPERM;
	if (put_user(sizeof(struct robust_list_head), len_ptr))
		return -EFAULT;
	return put_user(p->robust_list, head_ptr) ? -EFAULT : 0;
}

/*
 * The lock whose word is at uaddr loses its owner t: if t holds it, the
 * word keeps FUTEX_WAITERS and gets FUTEX_OWNER_DIED, and one waiter of
 * a plain futex is woken (a PI futex's waiters get the lock from
 * exit_pi_state_list).  A pending operation on a free word may have
 * been an unlock whose wake never came: wake one then.  -1 ends the walk.
 */
static int handle_futex_death(u32 *uaddr, struct task_struct *t, bool pi, bool pending_op)
{
	u32 uval;
	if ((unsigned long)uaddr % 4 || get_user(uval, uaddr))
		return -1;
	if (pending_op && !pi && !uval) {
		futex_wake(uaddr, 1, false);
		return 0;
	}
	if ((uval & FUTEX_TID_MASK) != (u32)task_pid_vnr(t))
		return 0;
	if (put_user((uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED, uaddr))
		return -1;
	if (!pi && (uval & FUTEX_WAITERS))
		futex_wake(uaddr, 1, false);
	return 0;
}

/* Reads a list pointer: the entry, and its PI bit. */
static int fetch_robust_entry(unsigned long *entry, const unsigned long *uptr, bool *pi)
{
	unsigned long v;
	if (get_user(v, uptr))
		return -EFAULT;
	*entry = v & ~1UL;
	*pi = v & 1;
	return 0;
}

/* t is leaving its address space (current's, still mapped): walk its list. */
void exit_robust_list(struct task_struct *t)
{
	struct robust_list_head *head = t->robust_list;
	unsigned long entry, next, pending;
	long offset;
	bool pi, next_pi, pending_pi;
	t->robust_list = NULL;
	if (!head || fetch_robust_entry(&entry, &head->next, &pi) ||
	    get_user(offset, &head->futex_offset) ||
	    fetch_robust_entry(&pending, &head->list_op_pending, &pending_pi))
		return;
	for (int limit = ROBUST_LIST_LIMIT; entry != (unsigned long)&head->next && limit; limit--) {
		int rc = fetch_robust_entry(&next, (unsigned long *)entry, &next_pi);
		if (entry != pending && handle_futex_death((u32 *)(entry + offset), t, pi, false))
			return;
		if (rc)
			return;
		entry = next;
		pi = next_pi;
	}
	if (pending)
		handle_futex_death((u32 *)(pending + offset), t, pending_pi, true);
}
