/*
 * lockdep.h - the lock validator's hooks (kernel/lockdep.c, debug
 * kernels only), in the spirit of Linux's lockdep.  docs/lockdep.md
 * explains its reports.
 *
 * Every lock embeds a struct lockdep_map naming its *class*: all locks
 * initialised at one place in the source are one class (the static
 * lock_class_key the init macro declares there), as in Linux; a lock
 * defined statically (DEFINE_SPINLOCK) is a class of its own.  The lock
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
struct task_struct;

/* What kind of lock a map belongs to: only a spinlock forbids sleeping. */
enum lock_kind {
	LOCK_KIND_SPIN,
	LOCK_KIND_MUTEX,
	LOCK_KIND_RWSEM,
};

struct lockdep_map {
	const char *name;               /* the lock's name, for reports */
	struct lock_class_key *key;
	struct lock_class *class;       /* filled by the validator on first use */
	u8 kind;                        /* enum lock_kind */
};

/*
 * Several locks of one class held at once (two mm's page-table locks in
 * fork, say) are a recursion the validator refuses, unless the inner
 * ones are taken with a subclass: spin_lock_nested(l, SINGLE_DEPTH_NESTING).
 * Each subclass is a class of its own.
 */
#define MAX_LOCKDEP_SUBCLASSES 4
#define SINGLE_DEPTH_NESTING 1

/* One lock a task holds: what the validator keeps per task. */
struct held_lock {
	struct lockdep_map *instance;   /* the lock itself */
	unsigned long acquire_ip;       /* where it was taken */
	u16 class_idx;                  /* its class, an index into the validator's table */
	u8 read;                        /* taken shared (down_read) */
	u8 trylock;                     /* taken without waiting: no order recorded into it */
};

#define MAX_LOCK_DEPTH 48

/* The validator's per-task state (task_struct, debug kernels only);
 * only the task itself (and interrupts on its CPU, which pop what they
 * push) changes it. */
struct lockdep_task {
	int depth;                      /* entries of held[] in use, oldest first */
	struct held_lock held[MAX_LOCK_DEPTH];
};

#define _RET_IP_ ((unsigned long)__builtin_return_address(0))
#define _THIS_IP_ ({ __label__ __here; __here: (unsigned long)&&__here; })

#ifdef USHI_DEBUG
void lockdep_init_map_kind(struct lockdep_map *m, const char *name,
			   struct lock_class_key *key, enum lock_kind kind);
/* read: 0 exclusive, 1 shared (down_read); trylock: cannot wait, so no order. */
void lock_acquire_nested(struct lockdep_map *m, unsigned subclass, int trylock, int read,
			 unsigned long ip);
void lock_release(struct lockdep_map *m, unsigned long ip);
bool lock_is_held(const struct lockdep_map *m);
/* schedule() with a spinlock held is a bug (the big kernel lock excepted). */
void lockdep_assert_can_sleep(unsigned long ip);
/* The last thing before user mode: no lock may be held there. */
void lockdep_sys_exit(void);
/* A dying task's last words: it must hold no lock (it would never let go). */
void debug_check_no_locks_held(void);
/* A new task (fork, an AP's idle task) holds nothing. */
void lockdep_init_task(struct task_struct *t);
/* One line: classes, dependencies and the deepest stack of held locks seen. */
void lockdep_print_stats(void);
/* audit_selftest=lock_*: break a locking rule on purpose (lockdep_selftest.c). */
void lockdep_selftest(void);
#else
static inline void lockdep_init_map_kind(struct lockdep_map *m, const char *name,
					 struct lock_class_key *key, enum lock_kind kind)
{
	m->name = name;
	m->key = key;
	m->class = NULL;
	m->kind = kind;
}
static inline void lock_acquire_nested(struct lockdep_map *m __unused, unsigned subclass __unused,
				       int trylock __unused, int read __unused,
				       unsigned long ip __unused) {}
static inline void lock_release(struct lockdep_map *m __unused, unsigned long ip __unused) {}
static inline bool lock_is_held(const struct lockdep_map *m __unused) { return true; }
static inline void lockdep_assert_can_sleep(unsigned long ip __unused) {}
static inline void lockdep_sys_exit(void) {}
static inline void debug_check_no_locks_held(void) {}
static inline void lockdep_init_task(struct task_struct *t __unused) {}
static inline void lockdep_selftest(void) {}
static inline void lockdep_print_stats(void) {}
#endif

static inline void lockdep_init_map(struct lockdep_map *m, const char *name,
				    struct lock_class_key *key)
{
	lockdep_init_map_kind(m, name, key, LOCK_KIND_SPIN);
}
static inline void lock_acquire(struct lockdep_map *m, int trylock, int read, unsigned long ip)
{
	lock_acquire_nested(m, 0, trylock, read, ip);
}

/* As Linux's: l is the lock (spinlock_t, struct mutex, struct rw_semaphore). */
#ifdef USHI_DEBUG
#define lockdep_assert_held(l) do {                                           \
	if (!lock_is_held(&(l)->dep_map))                                     \
		panic("lockdep: %s not held", (l)->dep_map.name);             \
} while (0)
#else
#define lockdep_assert_held(l) do { (void)(l); } while (0)
#endif

/* A statically defined lock is its own class: its map's key is itself. */
#define STATIC_LOCKDEP_MAP_INIT(lockname, keyaddr, lockkind) \
	{ .name = (lockname), .key = (struct lock_class_key *)(keyaddr), .class = NULL, \
	  .kind = (lockkind) }

#endif
