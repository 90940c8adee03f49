/*
 * cpumask.h - a set of CPUs, one bit each (NR_CPUS <= 64), as Linux's
 * cpumask_t: which CPUs a task may run on (task->cpus_allowed), which
 * may cache an address space's translations (mm_cpumask), which an IPI
 * goes to.  The _atomic forms change one bit of a mask other CPUs change
 * too (mm_cpumask); the others are for masks one CPU owns at a time.
 */
#ifndef USHI_CPUMASK_H
#define USHI_CPUMASK_H

#include <percpu.h>
#include <types.h>

typedef struct cpumask {
	u64 bits;
} cpumask_t;

_Static_assert(NR_CPUS <= 64, "cpumask_t holds 64 CPUs");

static inline void cpumask_clear(cpumask_t *m) { m->bits = 0; }
static inline void cpumask_set_cpu(int cpu, cpumask_t *m) { m->bits |= 1ULL << cpu; }
static inline void cpumask_clear_cpu(int cpu, cpumask_t *m) { m->bits &= ~(1ULL << cpu); }
static inline bool cpumask_test_cpu(int cpu, const cpumask_t *m)
{
	return (__atomic_load_n(&m->bits, __ATOMIC_RELAXED) >> cpu) & 1;
}
static inline bool cpumask_empty(const cpumask_t *m) { return m->bits == 0; }
static inline int cpumask_weight(const cpumask_t *m) { return __builtin_popcountll(m->bits); }
static inline void cpumask_set_cpu_atomic(int cpu, cpumask_t *m)
{
	__atomic_fetch_or(&m->bits, 1ULL << cpu, __ATOMIC_SEQ_CST);
}
static inline void cpumask_clear_cpu_atomic(int cpu, cpumask_t *m)
{
	__atomic_fetch_and(&m->bits, ~(1ULL << cpu), __ATOMIC_SEQ_CST);
}
/* A snapshot of a mask other CPUs may be changing. */
static inline cpumask_t cpumask_read(const cpumask_t *m)
{
	return (cpumask_t){ __atomic_load_n(&m->bits, __ATOMIC_ACQUIRE) };
}

#define for_each_cpu(cpu, mask) \
	for (int cpu = 0; cpu < NR_CPUS; cpu++) if (cpumask_test_cpu(cpu, mask))

#endif
