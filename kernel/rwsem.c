/*
 * rwsem.c - sleeping reader-writer locks (include/rwsem.h).
 *
 * count > 0: that many readers hold it; -1: a writer does; 0: free.
 * Every page fault takes mmap_lock for reading and gives it back, so the
 * uncontended cases are one atomic instruction each, as Linux's fast
 * paths: a reader bumps count with cmpxchg when no writer holds it and
 * nobody waits (nr_waiters == 0), a writer swings count from 0 to -1.
 * Everything else goes to the slow path under wait_lock: the task queues
 * (a reader that finds a waiter queues behind it, so munmap is not
 * starved by a stream of faults) and sleeps until a releaser grants it
 * the lock - one writer, or every reader up to the first writer.
 *
 * The two counters meet safely: a waiter raises nr_waiters *before* it
 * looks at count, and a releaser lowers count *before* it looks at
 * nr_waiters (both atomic read-modify-writes, full barriers on x86), so
 * a lock that becomes free while someone queues is seen by one of them.
 */
#include <kernel.h>
#include <rwsem.h>
#include <sched.h>

void __init_rwsem(struct rw_semaphore *s, const char *name, struct lock_class_key *key)
{
	s->count = 0;
	s->nr_waiters = 0;
	s->owner = NULL;
	spin_lock_init(&s->wait_lock);
	INIT_LIST_HEAD(&s->wait_list);
	lockdep_init_map_kind(&s->dep_map, name, key, LOCK_KIND_RWSEM);
}

static bool cmpxchg_count(struct rw_semaphore *s, long old, long new)
{
	return __atomic_compare_exchange_n(&s->count, &old, new, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

/* One more reader, if no writer holds it; false if a writer does. */
static bool read_trylock_count(struct rw_semaphore *s)
{
	for (;;) {
		long c = __atomic_load_n(&s->count, __ATOMIC_RELAXED);
		if (c < 0)
			return false;
		if (cmpxchg_count(s, c, c + 1))
			return true;
	}
}

/*
 * With wait_lock held: hands the lock to the head of the queue while it
 * can, moving the lucky waiters to `granted` (woken after the unlock).
 * A fast-path reader may have slipped in meanwhile: cmpxchg tells.
 */
static void rwsem_grant(struct rw_semaphore *s, struct list_head *granted)
{
	while (!list_empty(&s->wait_list)) {
		struct lock_waiter *w = list_first_entry(&s->wait_list, struct lock_waiter, list);
		if (w->write) {
			if (!cmpxchg_count(s, 0, -1))
				break;
			s->owner = w->task;
		} else if (!read_trylock_count(s)) {
			break;
		}
		list_move_tail(&w->list, granted);
		__atomic_sub_fetch(&s->nr_waiters, 1, __ATOMIC_SEQ_CST);
		if (w->write)
			break;
	}
}

/* Queues current and sleeps until granted; the lockdep part is done. */
static void rwsem_lock_slowpath(struct rw_semaphore *s, bool write)
{
	LIST_HEAD(granted);
	struct lock_waiter w = { .task = current, .write = write, .granted = false };
	spin_lock(&s->wait_lock);
	list_add_tail(&w.list, &s->wait_list);
	__atomic_add_fetch(&s->nr_waiters, 1, __ATOMIC_SEQ_CST);
	rwsem_grant(s, &granted);       /* free now, or freed before we queued? */
	spin_unlock(&s->wait_lock);
	lock_waiters_grant(&granted);   /* maybe ourselves: then no sleep */
	lock_waiter_wait(&w);
}

static bool rwsem_trylock(struct rw_semaphore *s, bool write)
{
	if (__atomic_load_n(&s->nr_waiters, __ATOMIC_RELAXED))
		return false;
	if (!write)
		return read_trylock_count(s);
	if (!cmpxchg_count(s, 0, -1))
		return false;
	s->owner = current;
	return true;
}

/* After count dropped to 0: wake whoever waits. */
static void rwsem_wake(struct rw_semaphore *s)
{
	LIST_HEAD(granted);
	spin_lock(&s->wait_lock);
	rwsem_grant(s, &granted);
	spin_unlock(&s->wait_lock);
	lock_waiters_grant(&granted);
}

void down_read(struct rw_semaphore *s)
{
	lockdep_assert_can_sleep(_RET_IP_);
	lock_acquire(&s->dep_map, 0, 1, _RET_IP_);
	if (!rwsem_trylock(s, false))
		rwsem_lock_slowpath(s, false);
}

void down_write(struct rw_semaphore *s)
{
	lockdep_assert_can_sleep(_RET_IP_);
	lock_acquire(&s->dep_map, 0, 0, _RET_IP_);
	if (!rwsem_trylock(s, true))
		rwsem_lock_slowpath(s, true);
}

void down_read_nested(struct rw_semaphore *s, unsigned subclass)
{
	lockdep_assert_can_sleep(_RET_IP_);
	lock_acquire_nested(&s->dep_map, subclass, 0, 1, _RET_IP_);
	if (!rwsem_trylock(s, false))
		rwsem_lock_slowpath(s, false);
}

void down_write_nested(struct rw_semaphore *s, unsigned subclass)
{
	lockdep_assert_can_sleep(_RET_IP_);
	lock_acquire_nested(&s->dep_map, subclass, 0, 0, _RET_IP_);
	if (!rwsem_trylock(s, true))
		rwsem_lock_slowpath(s, true);
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
	long c = __atomic_sub_fetch(&s->count, 1, __ATOMIC_SEQ_CST);
	if (unlikely(c < 0))
		panic("up_read: %s is not held for reading", s->dep_map.name);
	if (c == 0 && __atomic_load_n(&s->nr_waiters, __ATOMIC_SEQ_CST))
		rwsem_wake(s);
}

void up_write(struct rw_semaphore *s)
{
	lock_release(&s->dep_map, _RET_IP_);
	if (unlikely(__atomic_load_n(&s->count, __ATOMIC_RELAXED) != -1))
		panic("up_write: %s is not held for writing", s->dep_map.name);
	s->owner = NULL;
	__atomic_store_n(&s->count, 0, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&s->nr_waiters, __ATOMIC_SEQ_CST))
		rwsem_wake(s);
}

/* The writer becomes one reader, and readers queued behind it join in. */
void downgrade_write(struct rw_semaphore *s)
{
	if (__atomic_load_n(&s->count, __ATOMIC_RELAXED) != -1)
		panic("downgrade_write: %s is not held for writing", s->dep_map.name);
	s->owner = NULL;
	__atomic_store_n(&s->count, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&s->nr_waiters, __ATOMIC_SEQ_CST))
		rwsem_wake(s);
}
