/*
 * mutex.c - sleeping locks with one owner (include/mutex.h).
 *
 * The owner hands the mutex straight to the first waiter (sets it as
 * owner, then wakes it), so a task that wakes up already owns it and a
 * newcomer cannot overtake the queue.  lock_waiter_wait/grant are
 * shared with rwsem.c.
 */
#include <kernel.h>
#include <mutex.h>
#include <sched.h>

void __mutex_init(struct mutex *m, const char *name, struct lock_class_key *key)
{
	m->owner = NULL;
	spin_lock_init(&m->wait_lock);
	INIT_LIST_HEAD(&m->wait_list);
	lockdep_init_map_kind(&m->dep_map, name, key, LOCK_KIND_MUTEX);
}

/* Sleeps until a releaser has set w->granted (the lock is then ours). */
void lock_waiter_wait(struct lock_waiter *w)
{
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (__atomic_load_n(&w->granted, __ATOMIC_ACQUIRE))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

/*
 * Wakes the waiters on `granted` (already taken off the lock's list,
 * their ownership already recorded under the lock's wait_lock).  Called
 * after wait_lock is dropped.  Once granted is set, the waiter may run,
 * return and reuse the stack its lock_waiter lives on, so its task and
 * the next entry are read first, and the task is held meanwhile.
 */
void lock_waiters_grant(struct list_head *granted)
{
	struct list_head *pos = granted->next;
	while (pos != granted) {
		struct lock_waiter *w = list_entry(pos, struct lock_waiter, list);
		struct task_struct *t = w->task;
		pos = pos->next;
		get_task_struct(t);
		__atomic_store_n(&w->granted, true, __ATOMIC_RELEASE);
		wake_up_process(t);
		put_task_struct(t);
	}
}

/* Takes m or waits in its queue; the lockdep part is done. */
static void __mutex_lock(struct mutex *m)
{
	spin_lock(&m->wait_lock);
	if (!m->owner) {
		m->owner = current;
		spin_unlock(&m->wait_lock);
		return;
	}
	struct lock_waiter w = { .task = current, .write = true, .granted = false };
	list_add_tail(&w.list, &m->wait_list);
	spin_unlock(&m->wait_lock);
	lock_waiter_wait(&w);
}

void mutex_lock(struct mutex *m)
{
	lockdep_assert_can_sleep(_RET_IP_);
	lock_acquire(&m->dep_map, 0, 0, _RET_IP_);
	__mutex_lock(m);
}

void mutex_lock_nested(struct mutex *m, unsigned subclass)
{
	lockdep_assert_can_sleep(_RET_IP_);
	lock_acquire_nested(&m->dep_map, subclass, 0, 0, _RET_IP_);
	__mutex_lock(m);
}

bool mutex_trylock(struct mutex *m)
{
	bool ok = false;
	spin_lock(&m->wait_lock);
	if (!m->owner) {
		m->owner = current;
		ok = true;
	}
	spin_unlock(&m->wait_lock);
	if (ok)
		lock_acquire(&m->dep_map, 1, 0, _RET_IP_);
	return ok;
}

void mutex_unlock(struct mutex *m)
{
	LIST_HEAD(granted);
	lock_release(&m->dep_map, _RET_IP_);
	spin_lock(&m->wait_lock);
	if (m->owner != current)
		panic("mutex_unlock: %s is not held by pid %d", m->dep_map.name, current->pid);
	m->owner = NULL;
	if (!list_empty(&m->wait_list)) {
		struct lock_waiter *w = list_first_entry(&m->wait_list, struct lock_waiter, list);
		m->owner = w->task;
		list_move_tail(&w->list, &granted);
	}
	spin_unlock(&m->wait_lock);
	lock_waiters_grant(&granted);
}
