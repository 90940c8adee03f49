/*
 * spinlock.h - spinlocks: mutual exclusion between CPUs for short,
 * never-sleeping critical sections (kernel/spinlock.c).
 *
 * The kernel runs with interrupts disabled (entry.S), so a CPU holding a
 * spinlock is never interrupted in the middle of the section.  Waiting
 * for a lock is different: a CPU that spins with interrupts off cannot
 * answer another CPU's IPI, and a CPU that holds some lock while it waits
 * for every other CPU to flush its TLB (mm/tlb.c) would wait forever for
 * the spinner.  So a plain spin_lock() spins with interrupts *enabled*,
 * and the interrupts that arrive then (entry from kernel mode) run only
 * handlers that take no lock but irq-safe ones: IPIs, and the timer
 * and serial handlers' first halves (the rest waits for the big
 * kernel lock, kernel/irq.c).
 *
 * A lock that such a handler takes is taken with spin_lock_irqsave():
 * it spins with interrupts off, and while a CPU holds one, all its
 * spinning is done with interrupts off (else the handler could spin on
 * the lock the CPU already holds).  Holding an irq-safe lock, a CPU must
 * therefore never wait for other CPUs (no TLB shootdown, no sleep).
 */
#ifndef USHI_SPINLOCK_H
#define USHI_SPINLOCK_H

#include <lockdep.h>
#include <types.h>

typedef struct spinlock {
	u32 locked;                     /* 0 free, 1 held */
	int owner_cpu;                  /* who holds it, for panics and debuggers (-1 free) */
	struct lockdep_map dep_map;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(lockname) \
	{ .locked = 0, .owner_cpu = -1, .dep_map = STATIC_LOCKDEP_MAP_INIT(#lockname, &(lockname), LOCK_KIND_SPIN) }
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

void __spin_lock_init(spinlock_t *l, const char *name, struct lock_class_key *key);
/* Every lock initialised at this line of the source is one lockdep class. */
#define spin_lock_init(l) do {                                                \
	static struct lock_class_key __key;                                   \
	__spin_lock_init((l), #l, &__key);                                    \
} while (0)

#ifdef USHI_DEBUG
void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);
#else
void spin_lock_contended(spinlock_t *l);        /* the wait, in spinlock.c */
/* Outside the debug kernel (no validator, no owner_cpu kept), taking a
 * free lock and every unlock are one instruction each, inline: a page
 * fault takes several. */
static inline void spin_lock(spinlock_t *l)
{
	if (unlikely(__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)))
		spin_lock_contended(l);
}
static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}
#endif
/* A second lock of l's class held at once: see lockdep.h. */
void spin_lock_nested(spinlock_t *l, unsigned subclass);
bool spin_trylock(spinlock_t *l);
/* Without the validator: the big kernel lock (bkl.c), dropped at every
 * sleep, and the debug audit's one lock per mm (more than a task's
 * held-lock stack, lockdep.h). */
void raw_spin_lock(spinlock_t *l);
void raw_spin_unlock(spinlock_t *l);
/* For locks an interrupt handler also takes: spins with interrupts off. */
unsigned long _spin_lock_irqsave(spinlock_t *l);
void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags);
#define spin_lock_irqsave(l, flags) ((flags) = _spin_lock_irqsave(l))

static inline bool spin_is_locked(const spinlock_t *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED) != 0;
}
#define assert_spin_locked(l) BUG_ON(!spin_is_locked(l))

/* One step of a busy wait that lets interrupts in for an instant: an
 * IPI asking this CPU to flush its TLB may be what the wait waits for. */
static inline void cpu_relax_irqs_in(void)
{
	asm volatile("sti; nop; cli; pause" ::: "memory");
}

/* Interrupt-flag helpers, as Linux's. */
static inline unsigned long local_irq_save(void)
{
	unsigned long f;
	asm volatile("pushfq; popq %0; cli" : "=r"(f) :: "memory");
	return f;
}
static inline void local_irq_restore(unsigned long f)
{
	if (f & (1 << 9))
		asm volatile("sti" ::: "memory");
}

#endif
