/*
 * spinlock.c - spinlocks (include/spinlock.h says when each kind is used).
 *
 * A test-and-set lock: xchg the word to 1; whoever read 0 owns it.  A
 * waiter spins on plain reads (which stay in its own cache) and tries
 * the xchg again only when the word looks free, so waiting CPUs do not
 * bounce the line between them.  Not fair: with a handful of CPUs and
 * short sections that does not matter, and the code stays short (Linux
 * uses queued locks for fairness under contention).
 */
#include <asm.h>
#include <kernel.h>
#include <percpu.h>
#include <spinlock.h>

void __spin_lock_init(spinlock_t *l, const char *name, struct lock_class_key *key)
{
	l->locked = 0;
	l->owner_cpu = -1;
	lockdep_init_map_kind(&l->dep_map, name, key, LOCK_KIND_SPIN);
}

static bool arch_spin_trylock(spinlock_t *l)
{
	return __atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE) == 0;
}

/*
 * Spins until l is ours.  While it waits, interrupts are let in unless
 * this CPU holds an irq-safe lock (an IPI asking us to flush the TLB
 * must get through, or the CPU that holds l might be waiting for us).
 */
static void arch_spin_lock(spinlock_t *l)
{
	while (!arch_spin_trylock(l)) {
		bool irqs = this_cpu_read(irqsafe_locks) == 0;
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED)) {
			if (irqs)
				cpu_relax_irqs_in();
			else
				pause();
		}
	}
	l->owner_cpu = smp_processor_id();
}

static void arch_spin_unlock(spinlock_t *l)
{
	if (unlikely(!l->locked))
		panic("spin_unlock: %s is not locked", l->dep_map.name);
	l->owner_cpu = -1;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

void raw_spin_lock(spinlock_t *l)
{
	arch_spin_lock(l);
}

void raw_spin_unlock(spinlock_t *l)
{
	arch_spin_unlock(l);
}

#ifdef USHI_DEBUG
void spin_lock(spinlock_t *l)
{
	lock_acquire(&l->dep_map, 0, 0, _RET_IP_);
	arch_spin_lock(l);
}

void spin_unlock(spinlock_t *l)
{
	lock_release(&l->dep_map, _RET_IP_);
	arch_spin_unlock(l);
}
#else
void spin_lock_contended(spinlock_t *l)
{
	arch_spin_lock(l);
}
#endif

void spin_lock_nested(spinlock_t *l, unsigned subclass)
{
	lock_acquire_nested(&l->dep_map, subclass, 0, 0, _RET_IP_);
	arch_spin_lock(l);
}

bool spin_trylock(spinlock_t *l)
{
	if (!arch_spin_trylock(l))
		return false;
	l->owner_cpu = smp_processor_id();
	lock_acquire(&l->dep_map, 1, 0, _RET_IP_);
	return true;
}

unsigned long _spin_lock_irqsave(spinlock_t *l)
{
	unsigned long flags = local_irq_save();
	this_cpu_write(irqsafe_locks, this_cpu_read(irqsafe_locks) + 1);
	lock_acquire(&l->dep_map, 0, 0, _RET_IP_);
	arch_spin_lock(l);
	return flags;
}

void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	lock_release(&l->dep_map, _RET_IP_);
	arch_spin_unlock(l);
	this_cpu_write(irqsafe_locks, this_cpu_read(irqsafe_locks) - 1);
	local_irq_restore(flags);
}
