/*
 * percpu.c - each CPU's struct pcpu (include/percpu.h).
 *
 * The boot CPU's is ready before any C code runs: boot/entry.S points
 * the GS base at per_cpu_area[0] before it calls start_kernel, so
 * `current` is init_task from the first line on.  An application
 * processor's is filled by pcpu_init() before it is started, and its
 * trampoline loads the GS base the same way (boot/trampoline.S).
 */
#include <kernel.h>
#include <percpu.h>
#include <sched.h>

struct pcpu per_cpu_area[NR_CPUS] = {
	[0] = {
		.self = &per_cpu_area[0],
		.current_task = &init_task,
		.cpu_number = 0,
		.idle = &init_task,
	},
};

/* Fills CPU cpu's struct before it runs: idle is the task it starts as. */
void pcpu_init(int cpu, u32 apic_id, struct task_struct *idle)
{
	struct pcpu *p = &per_cpu_area[cpu];
	p->self = p;
	p->cpu_number = cpu;
	p->apic_id = apic_id;
	p->idle = idle;
	p->current_task = idle;
	p->top_of_stack = (unsigned long)idle->stack + KSTACK_SIZE;
	p->tss.rsp0 = p->top_of_stack;
}
