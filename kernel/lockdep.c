/*
 * lockdep.c - the lock validator of the debug kernel (include/lockdep.h,
 * docs/lockdep.md), in the spirit of Linux's lockdep.
 *
 * A deadlock needs two tasks taking two locks in opposite orders, and the
 * bad timing that makes them meet; the validator needs only the orders.
 * Each task keeps the stack of locks it holds (task_struct.lockdep).
 * Taking lock N while holding P records the dependency "P then N" between
 * their *classes*, with both acquisition sites, the first time it is
 * seen; a new dependency is checked against every recorded one by a
 * search for a path N -> ... -> P, which would close a cycle: then the
 * kernel panics with the sites of every step, even though this run did
 * not deadlock.
 *
 * Only dependencies on the most recent lock held are recorded (the ones
 * below it were recorded when it was taken, so the graph has paths from
 * them), except past trylocks, which waited for nothing and so got no
 * dependency of their own.  A bit matrix answers "seen before?" without
 * the graph lock, so a known order costs a few loads; only a new one
 * takes the lock and searches.
 *
 * The same stack also answers: sleeping with a spinlock held, releasing
 * a lock not held, holding a lock on the way back to user space, and
 * taking a second lock of a class already held (a recursion, unless the
 * caller said *_nested).
 */
#ifdef USHI_DEBUG

#include <asm.h>
#include <kernel.h>
#include <lockdep.h>
#include <percpu.h>
#include <sched.h>
#include <sections.h>
#include <spinlock.h>

#define MAX_LOCKDEP_KEYS 256            /* classes */
#define MAX_LOCKDEP_DEPS 4096           /* recorded dependencies */
#define CLASS_HASH_SIZE 512             /* a power of two above MAX_LOCKDEP_KEYS */
#define MATRIX_WORDS (MAX_LOCKDEP_KEYS / 64)

struct lock_class {
	const struct lock_class_key *key;
	unsigned subclass;
	const char *name;               /* the first lock seen of it */
	u8 kind;                        /* enum lock_kind */
};

/* "prev was held when next was taken", as first seen. */
struct lock_dep {
	u16 prev, next;
	unsigned long prev_ip, next_ip;
	pid_t pid;
};

/*
 * The graph, under graph_locked (a bare test-and-set lock, taken with
 * interrupts off and never with another lock awaited: it cannot go
 * through the validator itself).  dep_after[p] bit n: "p then n" is
 * recorded; it is set only after deps[] holds the record, so a reader
 * without the lock that sees the bit may skip the dependency.
 */
static u32 graph_locked;
static struct lock_class lock_classes[MAX_LOCKDEP_KEYS];
static unsigned nr_lock_classes;
static u16 class_hash[CLASS_HASH_SIZE];         /* class index + 1; 0 empty */
static u64 dep_after[MAX_LOCKDEP_KEYS][MATRIX_WORDS];
static struct lock_dep deps[MAX_LOCKDEP_DEPS];
static unsigned nr_deps;
static u16 bfs_parent[MAX_LOCKDEP_KEYS];
static int max_lock_depth;              /* the most locks one task held (racy: a statistic) */

/* Cleared at the first report (or when a table is full): the panic's
 * own printing must not come back here. */
static int debug_locks = 1;

static bool lockdep_on(void)
{
	return __atomic_load_n(&debug_locks, __ATOMIC_RELAXED);
}

static void debug_locks_off(void)
{
	__atomic_store_n(&debug_locks, 0, __ATOMIC_RELAXED);
}

static unsigned long graph_lock(void)
{
	unsigned long flags = local_irq_save();
	while (__atomic_exchange_n(&graph_locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&graph_locked, __ATOMIC_RELAXED))
			pause();
	return flags;
}

static void graph_unlock(unsigned long flags)
{
	__atomic_store_n(&graph_locked, 0, __ATOMIC_RELEASE);
	local_irq_restore(flags);
}

/* ---- reports ---------------------------------------------------------- */

static const char *class_name(unsigned idx)
{
	return lock_classes[idx].name;
}

/* "ffffffff80123456 <function+0x1c>": an acquisition site. */
static void print_site(const char *prefix, unsigned long ip)
{
	unsigned long off;
	const char *sym = kallsyms_lookup(ip, &off);
	if (sym)
		printk("%s%lx <%s+0x%lx>\n", prefix, ip, sym, off);
	else
		printk("%s%lx\n", prefix, ip);
}

static void print_held_locks(struct task_struct *t)
{
	printk("pid %d (%s) holds %d lock%s:\n", t->pid, t->comm, t->lockdep.depth,
	       t->lockdep.depth == 1 ? "" : "s");
	for (int i = 0; i < t->lockdep.depth; i++) {
		struct held_lock *h = &t->lockdep.held[i];
		printk("  #%d %s%s%s taken at ", i, class_name(h->class_idx),
		       h->read ? " (read)" : "", h->trylock ? " (trylock)" : "");
		print_site("", h->acquire_ip);
	}
}

static const struct lock_dep *find_dep(unsigned prev, unsigned next)
{
	for (unsigned i = 0; i < nr_deps; i++)
		if (deps[i].prev == prev && deps[i].next == next)
			return &deps[i];
	return NULL;
}

/* Prints the recorded path from..to (bfs_parent from find_path), in order. */
static void print_path(unsigned from, unsigned to)
{
	u16 chain[MAX_LOCKDEP_KEYS];
	int n = 0;
	for (unsigned c = to; c != from; c = bfs_parent[c])
		chain[n++] = c;
	unsigned prev = from;
	while (n--) {
		const struct lock_dep *d = find_dep(prev, chain[n]);
		printk("  pid %d held %s, taken at ", d->pid, class_name(prev));
		print_site("", d->prev_ip);
		printk("    when it took %s at ", class_name(chain[n]));
		print_site("", d->next_ip);
		prev = chain[n];
	}
}

/* Taking next (at ip) while holding prev closes the cycle
 * next -> ... -> prev found by find_path.  Called with the graph lock. */
static void __noreturn report_inversion(const struct held_lock *prev, unsigned next,
					unsigned long ip)
{
	struct task_struct *t = current;
	debug_locks_off();
	printk("\n======================================================\n");
	printk("lockdep: lock order inversion (possible deadlock)\n");
	printk("pid %d (%s) takes %s at ", t->pid, t->comm, class_name(next));
	print_site("", ip);
	printk("  while holding %s, taken at ", class_name(prev->class_idx));
	print_site("", prev->acquire_ip);
	printk("but the other order was recorded before:\n");
	print_path(next, prev->class_idx);
	print_held_locks(t);
	panic("lockdep: lock order inversion: %s then %s here, %s before %s earlier",
	      class_name(prev->class_idx), class_name(next), class_name(next),
	      class_name(prev->class_idx));
}

/* ---- classes ---------------------------------------------------------- */

static unsigned class_hash_slot(const struct lock_class_key *key, unsigned subclass)
{
	unsigned long h = ((unsigned long)key >> 3) * 0x9e3779b97f4a7c15UL + subclass;
	return (h >> 40) & (CLASS_HASH_SIZE - 1);
}

/*
 * The class of m taken as subclass, registered on first use.  A lock
 * never initialised has no key: one in the kernel image's data is its
 * own class (a zeroed static lock, as Linux allows); anywhere else (a
 * kmalloc'd object) it is a bug, since its class would depend on where
 * memory happened to be.
 */
static struct lock_class *register_class(struct lockdep_map *m, unsigned subclass)
{
	const struct lock_class_key *key = m->key;
	if (!key) {
		if ((char *)m < _data || (char *)m >= _end) {
			debug_locks_off();
			panic("lockdep: the lock at %p was never initialised (spin_lock_init, "
			      "mutex_init, init_rwsem)", (void *)m);
		}
		key = (const struct lock_class_key *)m;
	}
	if (subclass >= MAX_LOCKDEP_SUBCLASSES) {
		debug_locks_off();
		panic("lockdep: subclass %u of %s (at most %d)", subclass, m->name,
		      MAX_LOCKDEP_SUBCLASSES - 1);
	}
	unsigned long flags = graph_lock();
	unsigned slot = class_hash_slot(key, subclass);
	struct lock_class *c = NULL;
	while (class_hash[slot]) {
		struct lock_class *e = &lock_classes[class_hash[slot] - 1];
		if (e->key == key && e->subclass == subclass) {
			c = e;
			break;
		}
		slot = (slot + 1) & (CLASS_HASH_SIZE - 1);
	}
	if (!c && nr_lock_classes < MAX_LOCKDEP_KEYS) {
		c = &lock_classes[nr_lock_classes];
		c->key = key;
		c->subclass = subclass;
		c->name = m->name ? m->name : "(unnamed lock)";
		c->kind = m->kind;
		class_hash[slot] = ++nr_lock_classes;
	}
	graph_unlock(flags);
	if (!c) {
		debug_locks_off();
		panic("lockdep: more than %d lock classes (MAX_LOCKDEP_KEYS)", MAX_LOCKDEP_KEYS);
	}
	if (subclass == 0)
		__atomic_store_n(&m->class, c, __ATOMIC_RELEASE);
	return c;
}

static unsigned map_class(struct lockdep_map *m, unsigned subclass)
{
	struct lock_class *c = subclass ? NULL : __atomic_load_n(&m->class, __ATOMIC_ACQUIRE);
	if (!c)
		c = register_class(m, subclass);
	return c - lock_classes;
}

/* ---- the dependency graph ---------------------------------------------- */

static bool dep_seen(unsigned prev, unsigned next)
{
	return __atomic_load_n(&dep_after[prev][next / 64], __ATOMIC_ACQUIRE) & (1UL << (next % 64));
}

/* Breadth-first search of a path from..to; leaves it in bfs_parent. */
static bool find_path(unsigned from, unsigned to)
{
	u64 visited[MATRIX_WORDS] = { 0 };
	u16 queue[MAX_LOCKDEP_KEYS];
	unsigned head = 0, tail = 0;
	visited[from / 64] |= 1UL << (from % 64);
	queue[tail++] = from;
	while (head < tail) {
		unsigned u = queue[head++];
		for (unsigned w = 0; w < MATRIX_WORDS; w++) {
			u64 bits = dep_after[u][w] & ~visited[w];
			visited[w] |= bits;
			for (; bits; bits &= bits - 1) {
				unsigned v = w * 64 + __builtin_ctzl(bits);
				bfs_parent[v] = u;
				if (v == to)
					return true;
				queue[tail++] = v;
			}
		}
	}
	return false;
}

/* Records "prev then next" (next taken at ip) unless known; a new one
 * that closes a cycle is reported. */
static void add_dep(const struct held_lock *prev, unsigned next, unsigned long ip)
{
	unsigned p = prev->class_idx;
	if (dep_seen(p, next))
		return;
	unsigned long flags = graph_lock();
	if (!dep_seen(p, next)) {
		if (find_path(next, p))
			report_inversion(prev, next, ip);
		if (nr_deps == MAX_LOCKDEP_DEPS) {
			debug_locks_off();
			graph_unlock(flags);
			printk("lockdep: more than %d dependencies (MAX_LOCKDEP_DEPS): validator off\n",
			       MAX_LOCKDEP_DEPS);
			return;
		}
		deps[nr_deps++] = (struct lock_dep){ .prev = p, .next = next,
			.prev_ip = prev->acquire_ip, .next_ip = ip, .pid = current->pid };
		__atomic_or_fetch(&dep_after[p][next / 64], 1UL << (next % 64), __ATOMIC_RELEASE);
	}
	graph_unlock(flags);
}

/* ---- the per-task stack ------------------------------------------------ */

/* A second lock of a class already held deadlocks on itself (the same
 * lock) or on another task taking the two in the other order. */
static void check_recursion(struct task_struct *t, const struct lockdep_map *m,
			    unsigned idx, unsigned long ip)
{
	for (int i = 0; i < t->lockdep.depth; i++) {
		struct held_lock *h = &t->lockdep.held[i];
		if (h->class_idx != idx)
			continue;
		debug_locks_off();
		printk("\nlockdep: recursive locking: pid %d (%s) takes %s at ", t->pid, t->comm,
		       class_name(idx));
		print_site("", ip);
		printk("  while holding %s of that class, taken at ",
		       h->instance == m ? "the same lock" : "another lock");
		print_site("", h->acquire_ip);
		print_held_locks(t);
		panic("lockdep: recursive locking of %s (%s)", class_name(idx),
		      h->instance == m ? "the same lock" : "another of its class: *_nested?");
	}
}

void lockdep_init_map_kind(struct lockdep_map *m, const char *name,
			   struct lock_class_key *key, enum lock_kind kind)
{
	m->name = name;
	m->key = key;
	m->class = NULL;
	m->kind = kind;
}

void lock_acquire_nested(struct lockdep_map *m, unsigned subclass, int trylock, int read,
			 unsigned long ip)
{
	if (!lockdep_on())
		return;
	unsigned long flags = local_irq_save();
	struct task_struct *t = current;
	unsigned idx = map_class(m, subclass);
	if (!trylock) {
		check_recursion(t, m, idx, ip);
		for (int i = t->lockdep.depth - 1; i >= 0; i--) {
			add_dep(&t->lockdep.held[i], idx, ip);
			if (!t->lockdep.held[i].trylock)
				break;
		}
	}
	if (t->lockdep.depth == MAX_LOCK_DEPTH) {
		debug_locks_off();
		print_held_locks(t);
		panic("lockdep: pid %d holds more than %d locks", t->pid, MAX_LOCK_DEPTH);
	}
	t->lockdep.held[t->lockdep.depth++] = (struct held_lock){ .instance = m,
		.acquire_ip = ip, .class_idx = idx, .read = read, .trylock = trylock };
	if (t->lockdep.depth > max_lock_depth)
		max_lock_depth = t->lockdep.depth;
	local_irq_restore(flags);
}

void lock_release(struct lockdep_map *m, unsigned long ip)
{
	if (!lockdep_on())
		return;
	unsigned long flags = local_irq_save();
	struct task_struct *t = current;
	struct lockdep_task *ld = &t->lockdep;
	int i = ld->depth - 1;
	while (i >= 0 && ld->held[i].instance != m)
		i--;
	if (i < 0) {
		debug_locks_off();
		printk("\nlockdep: pid %d (%s) releases %s at ", t->pid, t->comm,
		       m->name ? m->name : "(unnamed lock)");
		print_site("", ip);
		printk("  which it does not hold\n");
		print_held_locks(t);
		panic("lockdep: releasing %s, which pid %d does not hold", m->name, t->pid);
	}
	/* Out of order is fine: every order was recorded when taken. */
	memmove(&ld->held[i], &ld->held[i + 1], (ld->depth - i - 1) * sizeof ld->held[0]);
	ld->depth--;
	local_irq_restore(flags);
}

bool lock_is_held(const struct lockdep_map *m)
{
	if (!lockdep_on())
		return true;            /* no longer tracked: assume the best */
	struct lockdep_task *ld = &current->lockdep;
	for (int i = 0; i < ld->depth; i++)
		if (ld->held[i].instance == m)
			return true;
	return false;
}

void lockdep_assert_can_sleep(unsigned long ip)
{
	if (!lockdep_on())
		return;
	struct task_struct *t = current;
	for (int i = 0; i < t->lockdep.depth; i++) {
		struct held_lock *h = &t->lockdep.held[i];
		if (lock_classes[h->class_idx].kind != LOCK_KIND_SPIN)
			continue;               /* a mutex or rwsem may be held asleep */
		debug_locks_off();
		printk("\nlockdep: pid %d (%s) may sleep at ", t->pid, t->comm);
		print_site("", ip);
		printk("  holding spinlock %s, taken at ", class_name(h->class_idx));
		print_site("", h->acquire_ip);
		print_held_locks(t);
		panic("lockdep: sleeping with spinlock %s held", class_name(h->class_idx));
	}
}

/* Panics if current holds a lock where it must hold none (where: "returning
 * to user space", "exiting"). */
static void check_no_locks_held(const char *where)
{
	struct task_struct *t = current;
	if (!lockdep_on() || !t->lockdep.depth)
		return;
	debug_locks_off();
	printk("\nlockdep: pid %d (%s) is %s holding locks\n", t->pid, t->comm, where);
	print_held_locks(t);
	struct held_lock *h = &t->lockdep.held[t->lockdep.depth - 1];
	panic("lockdep: %s with %s held", where, class_name(h->class_idx));
}

void lockdep_sys_exit(void)
{
	check_no_locks_held("returning to user space");
}

void debug_check_no_locks_held(void)
{
	check_no_locks_held("exiting");
}

void lockdep_print_stats(void)
{
	printk("lockdep: %u lock classes, %u dependencies, at most %d locks held at once%s\n",
	       nr_lock_classes, nr_deps, max_lock_depth, lockdep_on() ? "" : " (validator off)");
}

void lockdep_init_task(struct task_struct *t)
{
	t->lockdep.depth = 0;
}

#endif
