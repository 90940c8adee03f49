/*
 * smp.c - running a function on other CPUs (include/smp.h), Linux's
 * smp_call_function_many, and the reschedule IPI.
 *
 * One request at a time, in one global slot: the caller takes call_lock,
 * writes func and info, marks each target's call_pending flag and sends
 * each target CALL_FUNCTION_VECTOR.  A target's handler runs func(info)
 * if its flag is set and then clears the flag: that is its answer.  The
 * caller waits for every flag to clear before it lets the lock go, so the
 * slot is never rewritten while some target may still read it, and an
 * IPI that comes without a request (none is sent, but the flag makes
 * sure) runs nothing.
 *
 * Waiting: the caller spins with interrupts let in (cpu_relax_irqs_in), as
 * spin_lock does.  Two CPUs that call at once: one holds call_lock and
 * waits for the other, which spins on call_lock with interrupts let in,
 * takes the IPI, answers, and gets the lock after.  So it must never be
 * called holding an irq-safe lock (the spin would be with interrupts off
 * and the other CPU could be waiting for our answer).
 *
 * Linux queues requests per CPU (call_single_queue) so that several
 * callers can be in flight; with a few CPUs and short functions (TLB
 * flushes) one slot is enough and the order of events stays simple.
 */
#include <apic.h>
#include <asm.h>
#include <kernel.h>
#include <smp.h>
#include <spinlock.h>

static DEFINE_SPINLOCK(call_lock);
/* The request being delivered: written under call_lock before the flags
 * are set, read by the targets while their flag is set. */
static smp_call_func_t call_func;
static void *call_info;
static u8 call_pending[NR_CPUS];        /* 1: this CPU has not run call_func yet */

void smp_call_function_many(const cpumask_t *mask, smp_call_func_t func, void *info)
{
	int self = smp_processor_id();
	BUG_ON(this_cpu_read(irqsafe_locks));
	spin_lock(&call_lock);
	call_func = func;
	call_info = info;
	cpumask_t targets = { 0 };
	for_each_cpu(cpu, mask) {
		if (cpu == self || cpu >= nr_cpu_ids || !cpu_online(cpu))
			continue;
		cpumask_set_cpu(cpu, &targets);
		__atomic_store_n(&call_pending[cpu], 1, __ATOMIC_RELEASE);
	}
	for_each_cpu(cpu, &targets)
		apic_send_IPI(cpu, CALL_FUNCTION_VECTOR);
	for_each_cpu(cpu, &targets) {
		while (__atomic_load_n(&call_pending[cpu], __ATOMIC_ACQUIRE))
			cpu_relax_irqs_in();
	}
	spin_unlock(&call_lock);
}

/* CALL_FUNCTION_VECTOR (do_trap, EOI already sent): run the request if it is ours. */
void smp_call_function_interrupt(void)
{
	int cpu = smp_processor_id();
	if (!__atomic_load_n(&call_pending[cpu], __ATOMIC_ACQUIRE))
		return;
	call_func(call_info);
	__atomic_store_n(&call_pending[cpu], 0, __ATOMIC_RELEASE);
}

void smp_send_reschedule(int cpu)
{
	apic_send_IPI(cpu, RESCHEDULE_VECTOR);
}

#ifdef USHI_DEBUG
static int selftest_hits[NR_CPUS];

static void selftest_func(void *info)
{
	__atomic_fetch_add(&selftest_hits[smp_processor_id()], *(int *)info, __ATOMIC_RELAXED);
}

/*
 * Boot check of the debug kernel: every other online CPU runs a function
 * twice through the IPI, and each must have run it exactly twice.
 */
void smp_call_function_selftest(void)
{
	cpumask_t all = { 0 };
	int one = 1, cpus = 0;
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (cpu_online(cpu))
			cpumask_set_cpu(cpu, &all);
	smp_call_function_many(&all, selftest_func, &one);
	smp_call_function_many(&all, selftest_func, &one);
	for_each_cpu(cpu, &all) {
		if (cpu == smp_processor_id())
			continue;
		if (selftest_hits[cpu] != 2)
			panic("smp: CPU %d ran the call-function IPI %d times, not 2", cpu,
			      selftest_hits[cpu]);
		cpus++;
	}
	printk("smp: call-function IPI answered by %d other CPUs\n", cpus);
}
#endif
