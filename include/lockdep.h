/*
 * lockdep.h - the lock validator's hooks (kernel/lockdep.c, debug
 * kernels only), in the spirit of Linux's lockdep.
 *
 * Every lock embeds a struct lockdep_map naming its *class*: all locks
 * initialised at one place in the source are one class (the static
 * lock_class_key the init macro declares there), as in Linux.  The lock
 * primitives (spinlock.c, mutex.c, rwsem.c) report each acquisition and
 * release; the validator records which classes were held when another
 * was taken and panics on the first order inversion, and on sleeping
 * with a spinlock held, releasing a lock not held, or returning to user
 * space with a lock held.  In a normal kernel the hooks are empty.
 */
#ifndef USHI_LOCKDEP_H
#define USHI_LOCKDEP_H

#include <types.h>

struct lock_class_key {
	char dummy;                     /* its address is the class's identity */
};

struct lock_class;

struct lockdep_map {
	const char *name;               /* the lock's name, for reports */
	struct lock_class_key *key;
	struct lock_class *class;       /* filled by the validator on first use */
};

#define _RET_IP_ ((unsigned long)__builtin_return_address(0))
#define _THIS_IP_ ({ __label__ __here; __here: (unsigned long)&&__here; })

#ifdef USHI_DEBUG
void lockdep_init_map(struct lockdep_map *m, const char *name, struct lock_class_key *key);
/* read: 0 exclusive, 1 shared (down_read); trylock: cannot wait, so no order. */
void lock_acquire(struct lockdep_map *m, int trylock, int read, unsigned long ip);
void lock_release(struct lockdep_map *m, unsigned long ip);
bool lock_is_held(const struct lockdep_map *m);
/* schedule() with a spinlock held is a bug (the big kernel lock excepted). */
void lockdep_assert_can_sleep(unsigned long ip);
/* The last thing before user mode: no lock may be held there. */
void lockdep_sys_exit(void);
#define lockdep_assert_held(m) do { if (!lock_is_held(m)) panic("lockdep: %s not held", (m)->name); } while (0)
#else
static inline void lockdep_init_map(struct lockdep_map *m, const char *name,
				    struct lock_class_key *key)
{
	m->name = name;
	m->key = key;
	m->class = NULL;
}
static inline void lock_acquire(struct lockdep_map *m __unused, int trylock __unused,
				int read __unused, unsigned long ip __unused) {}
static inline void lock_release(struct lockdep_map *m __unused, unsigned long ip __unused) {}
static inline void lockdep_assert_can_sleep(unsigned long ip __unused) {}
static inline void lockdep_sys_exit(void) {}
#define lockdep_assert_held(m) do { (void)(m); } while (0)
#endif

/* A statically defined lock is its own class: its map's key is itself. */
#define STATIC_LOCKDEP_MAP_INIT(lockname, keyaddr) \
	{ .name = (lockname), .key = (struct lock_class_key *)(keyaddr), .class = NULL }

#endif
