/*
 * rwsem.c - sleeping reader-writer locks (include/rwsem.h).
 *
 * count > 0: that many readers hold it; -1: a writer does; 0: free.
 * A newcomer takes it at once only when nobody waits (so a waiting
 * writer is not starved by a stream of readers); otherwise it queues.
 * A releaser that leaves the lock free grants it to the head of the
 * queue: one writer, or every reader up to the first writer.
 */
#include <kernel.h>
#include <rwsem.h>
#include <sched.h>


void __init_rwsem(struct rw_semaphore *s, const char *name, struct lock_class_key *key)
{
	s->count = 0;
	s->owner = NULL;
	spin_lock_init(&s->wait_lock);
	INIT_LIST_HEAD(&s->wait_list);
	lockdep_init_map_kind(&s->dep_map, name, key, LOCK_KIND_RWSEM);
}

/* With wait_lock held and the lock free: hands it to the head of the
 * queue, moving the lucky waiters to `granted` (woken after unlock). */
static void rwsem_grant(struct rw_semaphore *s, struct list_head *granted)
{
	while (!list_empty(&s->wait_list)) {
		struct lock_waiter *w = list_first_entry(&s->wait_list, struct lock_waiter, list);
		if (w->write) {
			if (s->count)
				break;
			s->count = -1;
			s->owner = w->task;
			list_move_tail(&w->list, granted);
			break;
		}
		s->count++;
		list_move_tail(&w->list, granted);
	}
}

/* Takes it for `write` or waits in the queue; the lockdep part is done. */
static void rwsem_lock(struct rw_semaphore *s, bool write)
{
	spin_lock(&s->wait_lock);
	if (list_empty(&s->wait_list) && (write ? s->count == 0 : s->count >= 0)) {
		if (write) {
			s->count = -1;
			s->owner = current;
		} else {
			s->count++;
		}
		spin_unlock(&s->wait_lock);
		return;
	}
	struct lock_waiter w = { .task = current, .write = write, .granted = false };
	list_add_tail(&w.list, &s->wait_list);
	spin_unlock(&s->wait_lock);
	lock_waiter_wait(&w);
}

static bool rwsem_trylock(struct rw_semaphore *s, bool write)
{
	bool ok = false;
	spin_lock(&s->wait_lock);
	if (list_empty(&s->wait_list) && (write ? s->count == 0 : s->count >= 0)) {
		if (write) {
			s->count = -1;
			s->owner = current;
		} else {
			s->count++;
		}
		ok = true;
	}
	spin_unlock(&s->wait_lock);
	return ok;
}

/* Drops one hold (a reader's, or the writer's) and grants what it can. */
static void rwsem_unlock(struct rw_semaphore *s, bool write)
{
	LIST_HEAD(granted);
	spin_lock(&s->wait_lock);
	if (write ? s->count != -1 : s->count <= 0)
		panic("%s: %s is not held for %s", write ? "up_write" : "up_read",
		      s->dep_map.name, write ? "writing" : "reading");
	if (write) {
		s->count = 0;
		s->owner = NULL;
	} else {
		s->count--;
	}
	if (s->count == 0)
		rwsem_grant(s, &granted);
	spin_unlock(&s->wait_lock);
	lock_waiters_grant(&granted);
}

void down_read(struct rw_semaphore *s)
{
	lockdep_assert_can_sleep(_RET_IP_);
	lock_acquire(&s->dep_map, 0, 1, _RET_IP_);
	rwsem_lock(s, false);
}

void down_write(struct rw_semaphore *s)
{
	lockdep_assert_can_sleep(_RET_IP_);
	lock_acquire(&s->dep_map, 0, 0, _RET_IP_);
	rwsem_lock(s, true);
}

void down_read_nested(struct rw_semaphore *s, unsigned subclass)
{
	lockdep_assert_can_sleep(_RET_IP_);
	lock_acquire_nested(&s->dep_map, subclass, 0, 1, _RET_IP_);
	rwsem_lock(s, false);
}

void down_write_nested(struct rw_semaphore *s, unsigned subclass)
{
	lockdep_assert_can_sleep(_RET_IP_);
	lock_acquire_nested(&s->dep_map, subclass, 0, 0, _RET_IP_);
	rwsem_lock(s, true);
}

bool down_read_trylock(struct rw_semaphore *s)
{
	if (!rwsem_trylock(s, false))
		return false;
	lock_acquire(&s->dep_map, 1, 1, _RET_IP_);
	return true;
}

bool down_write_trylock(struct rw_semaphore *s)
{
	if (!rwsem_trylock(s, true))
		return false;
	lock_acquire(&s->dep_map, 1, 0, _RET_IP_);
	return true;
}

void up_read(struct rw_semaphore *s)
{
	lock_release(&s->dep_map, _RET_IP_);
	rwsem_unlock(s, false);
}

void up_write(struct rw_semaphore *s)
{
	lock_release(&s->dep_map, _RET_IP_);
	rwsem_unlock(s, true);
}

/* The writer becomes one reader, and readers queued behind it join in. */
void downgrade_write(struct rw_semaphore *s)
{
	LIST_HEAD(granted);
	spin_lock(&s->wait_lock);
	if (s->count != -1)
		panic("downgrade_write: %s is not held for writing", s->dep_map.name);
	s->count = 1;
	s->owner = NULL;
	while (!list_empty(&s->wait_list)) {
		struct lock_waiter *w = list_first_entry(&s->wait_list, struct lock_waiter, list);
		if (w->write)
			break;
		s->count++;
		list_move_tail(&w->list, &granted);
	}
	spin_unlock(&s->wait_lock);
	lock_waiters_grant(&granted);
}
