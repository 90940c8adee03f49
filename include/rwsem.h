/*
 * rwsem.h - a sleeping reader-writer lock (kernel/rwsem.c), as Linux's
 * rw_semaphore: any number of readers, or one writer.  mm->mmap_lock is
 * one: page faults read, mmap/munmap/mprotect/mremap/brk write.
 * Fair: a reader that arrives while a writer waits queues behind it, so
 * a stream of faults cannot starve munmap.
 */
#ifndef USHI_RWSEM_H
#define USHI_RWSEM_H

#include <list.h>
#include <lockdep.h>
#include <mutex.h>
#include <spinlock.h>

struct rw_semaphore {
	long count;                     /* atomic: readers holding it; -1: a writer */
	long nr_waiters;                /* atomic: tasks on wait_list; 0 lets the fast paths in */
	struct task_struct *owner;      /* the writer, for debugging */
	spinlock_t wait_lock;           /* protects wait_list and owner; count changes
					 * from 0 are made with cmpxchg, under it or not */
	struct list_head wait_list;     /* struct lock_waiter, in arrival order */
	struct lockdep_map dep_map;
};

void __init_rwsem(struct rw_semaphore *s, const char *name, struct lock_class_key *key);
#define init_rwsem(s) do {                                                    \
	static struct lock_class_key __key;                                   \
	__init_rwsem((s), #s, &__key);                                        \
} while (0)
void down_read(struct rw_semaphore *s);
bool down_read_trylock(struct rw_semaphore *s);
void up_read(struct rw_semaphore *s);
void down_write(struct rw_semaphore *s);
bool down_write_trylock(struct rw_semaphore *s);
void up_write(struct rw_semaphore *s);
void downgrade_write(struct rw_semaphore *s);
/* A second rwsem of s's class held at once: see lockdep.h. */
void down_read_nested(struct rw_semaphore *s, unsigned subclass);
void down_write_nested(struct rw_semaphore *s, unsigned subclass);
static inline bool rwsem_is_locked(const struct rw_semaphore *s)
{
	return __atomic_load_n(&s->count, __ATOMIC_RELAXED) != 0;
}

#endif
