/*
 * mutex.h - a sleeping lock with one owner (kernel/mutex.c), for
 * sections that may sleep (wait for memory, for a pipe, for a child).
 * A task that finds it taken sleeps until the owner hands it over.
 */
#ifndef USHI_MUTEX_H
#define USHI_MUTEX_H

#include <list.h>
#include <lockdep.h>
#include <spinlock.h>

struct task_struct;

struct mutex {
	struct task_struct *owner;      /* NULL when free */
	spinlock_t wait_lock;           /* protects owner and wait_list */
	struct list_head wait_list;     /* struct lock_waiter, first come first served */
	struct lockdep_map dep_map;
};

void __mutex_init(struct mutex *m, const char *name, struct lock_class_key *key);
#define mutex_init(m) do {                                                    \
	static struct lock_class_key __key;                                   \
	__mutex_init((m), #m, &__key);                                        \
} while (0)
void mutex_lock(struct mutex *m);
/* A second mutex of m's class held at once: see lockdep.h. */
void mutex_lock_nested(struct mutex *m, unsigned subclass);
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
static inline bool mutex_is_locked(const struct mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_RELAXED) != NULL;
}

/* A task asleep in a mutex or rw_semaphore, on the lock's wait_list. */
struct lock_waiter {
	struct list_head list;
	struct task_struct *task;
	bool write;                     /* rwsem: wants it exclusive */
	bool granted;                   /* the releaser handed the lock over */
};
void lock_waiter_wait(struct lock_waiter *w);
void lock_waiters_grant(struct list_head *granted);

#endif
