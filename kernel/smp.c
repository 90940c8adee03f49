/*
 * smp.c - running a function on other CPUs (include/smp.h).
 * Placeholder until the call-function IPI lands: runs nothing remotely.
 */
#include <apic.h>
#include <smp.h>

void smp_call_function_many(const cpumask_t *mask __unused, smp_call_func_t func __unused,
			    void *info __unused)
{
}

void smp_call_function_interrupt(void)
{
}

void smp_send_reschedule(int cpu)
{
	apic_send_IPI(cpu, RESCHEDULE_VECTOR);
}
