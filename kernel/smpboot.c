/*
 * smpboot.c - starting the application processors (APs), the CPUs other
 * than the one the firmware started, as Linux's arch/x86/kernel/smpboot.c.
 *
 *   boot CPU: smp_init()                       (start_kernel, before init)
 *     copy the trampoline below 1 MiB            (boot/trampoline.S)
 *     for each CPU the MADT listed: do_boot_cpu()
 *       fork_idle: its idle task and kernel stack; pcpu_init: its struct pcpu
 *       wakeup_secondary_cpu_via_init: INIT, SIPI, SIPI     (kernel/apic.c)
 *       wait until it says it is online
 *   the AP: real mode at the trampoline's page -> protected mode -> long
 *     mode on early_pml4 -> secondary_startup_64 (the kernel's page
 *     tables, initial_stack, GS base = initial_gs) -> start_secondary()
 *
 * One AP starts at a time, so initial_stack and initial_gs hold the one
 * being started.  For now an AP only idles with interrupts off: every
 * task still runs on the boot CPU, and nothing else in the kernel knows
 * there are other CPUs (the locks, the scheduler's run queues and TLB
 * shootdown come with running tasks there).
 */
#include <apic.h>
#include <asm.h>
#include <kernel.h>
#include <mm.h>
#include <sched.h>
#include <sections.h>
#include <setup.h>
#include <smp.h>
#include <time.h>
#include <traps.h>

#define TRAMPOLINE_LOW 0x8000           /* the lowest page we use (as xv6's 0x7000) */
#define LOW_MEM_END 0x100000            /* a SIPI can only start a CPU below 1 MiB */
#define AP_START_TIMEOUT_NS (5 * NSEC_PER_SEC)

int nr_cpu_ids = 1;
bool smp_found_config;
unsigned long initial_cr3, initial_stack, initial_gs;
static u8 cpu_online_map[NR_CPUS] = { 1 };     /* set by each CPU itself */

bool cpu_online(int cpu)
{
	return __atomic_load_n(&cpu_online_map[cpu], __ATOMIC_ACQUIRE);
}

cpumask_t cpu_online_mask(void)
{
	cpumask_t m = { 0 };
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (cpu_online(cpu))
			cpumask_set_cpu(cpu, &m);
	return m;
}

int num_online_cpus(void)
{
	int n = 0;
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		n += cpu_online(cpu);
	return n;
}

/*
 * A CPU the MADT lists (acpi.c): it gets the next CPU number.  The boot
 * CPU, listed too, is CPU 0 already.
 */
void generic_processor_info(u32 apicid)
{
	if (apicid == boot_cpu_physical_apicid) {
		per_cpu(apic_id, 0) = apicid;
		return;
	}
	if (nr_cpu_ids == NR_CPUS) {
		printk("smp: NR_CPUS (%d) reached, CPU with APIC id %u ignored\n", NR_CPUS, apicid);
		return;
	}
	per_cpu(apic_id, nr_cpu_ids++) = apicid;
}

/* Whether all of physical [pa, pa + len) is RAM in the loader's memory map. */
static bool is_ram(u64 pa, u64 len)
{
	for (int i = 0; i < boot_params.nr_mem; i++) {
		struct mem_region *r = &boot_params.mem[i];
		if (r->type == E820_RAM && r->base <= pa && pa + len <= r->base + r->len)
			return true;
	}
	return false;
}

/*
 * A page below 1 MiB for the trampoline.  The frame allocator never hands
 * out the first MiB (mm/init.c), and by now what the loader left there
 * is copied: any page the memory map calls RAM will do.
 */
static u64 find_trampoline_page(void)
{
	for (u64 pa = TRAMPOLINE_LOW; pa < LOW_MEM_END; pa += PAGE_SIZE)
		if (is_ram(pa, PAGE_SIZE))
			return pa;
	return 0;
}

/* Copies the trampoline to pa and fills in its header. */
static void setup_trampoline(u64 pa)
{
	size_t size = trampoline_end - trampoline_start;
	u8 *va = __va(pa);
	memcpy(va, trampoline_start, size);
	struct trampoline_header *th = (void *)(va + (trampoline_header - trampoline_start));
	th->cr3 = (u32)(unsigned long)early_pml4;       /* linked at its physical address */
	th->efer = (u32)rdmsr(MSR_EFER) & (EFER_LME | EFER_NXE | EFER_SCE);
	th->entry = (unsigned long)secondary_startup_64;
	initial_cr3 = __pa(init_pgd);
}

/*
 * The task an AP starts as and returns to when idle, on its own kernel
 * stack.  Linux's fork_idle copies init_task through copy_process; this
 * one never enters the scheduler (yet), so it only needs a stack, a name
 * and init_task's shared objects for anything that looks at `current`.
 */
static struct task_struct *fork_idle(int cpu)
{
	struct task_struct *t = kzalloc(sizeof *t);
	if (!t || alloc_task_stack(t)) {
		kfree(t);
		return NULL;
	}
	t->state = TASK_RUNNING;
	t->usage = 1;
	t->flags = PF_IDLE;
	t->on_cpu = 1;                  /* the AP starts on its stack */
	t->cpu = cpu;
	cpumask_set_cpu(cpu, &t->cpus_allowed);
	t->lock_depth = -1;
	INIT_LIST_HEAD(&t->run_list);
	INIT_LIST_HEAD(&t->timer_list);
	snprintf(t->comm, TASK_COMM_LEN, "swapper/%d", cpu);
	t->group_leader = t;
	t->real_parent = t->parent = &init_task;
	t->signal = init_task.signal;
	t->sighand = init_task.sighand;
	t->nsproxy = init_task.nsproxy;
	t->active_mm = NULL;
	return t;
}

/* Starts CPU cpu and waits until it is online; false if it never comes. */
static bool do_boot_cpu(int cpu, u64 trampoline_pa)
{
	u32 apicid = per_cpu(apic_id, cpu);
	struct task_struct *idle = fork_idle(cpu);
	if (!idle) {
		printk("smp: no memory for CPU %d's idle task\n", cpu);
		return false;
	}
	pcpu_init(cpu, apicid, idle);
	initial_stack = per_cpu(top_of_stack, cpu);
	initial_gs = (unsigned long)&per_cpu_area[cpu];
	if (!wakeup_secondary_cpu_via_init(apicid, trampoline_pa)) {
		printk("smp: CPU %d (APIC id %u): the IPIs were not delivered\n", cpu, apicid);
		return false;
	}
	u64 deadline = ktime_get_ns() + AP_START_TIMEOUT_NS;
	while (!cpu_online(cpu)) {
		if (ktime_get_ns() > deadline) {
			printk("smp: CPU %d (APIC id %u) did not come up\n", cpu, apicid);
			return false;
		}
		pause();
	}
	return true;
}

/*
 * Brings up every CPU the MADT listed, one after the other, then says
 * how many are up.  A CPU that fails stops the bring-up: it might still
 * start later, on the stack meant for the next one.
 */
void smp_init(void)
{
	if (nr_cpu_ids > 1 && !apic_usable()) {
		printk("smp: no usable local APIC in xAPIC mode; staying on one CPU\n");
		nr_cpu_ids = 1;
	}
	if (nr_cpu_ids > 1) {
		setup_local_APIC();     /* the boot CPU's sends the IPIs */
		calibrate_APIC_clock(); /* the APs' ticks */
	}
	u64 tramp = nr_cpu_ids > 1 ? find_trampoline_page() : 0;
	if (nr_cpu_ids > 1 && !tramp) {
		printk("smp: no free page below 1 MiB for the trampoline; staying on one CPU\n");
		nr_cpu_ids = 1;
	}
	if (tramp)
		setup_trampoline(tramp);
	for (int cpu = 1; cpu < nr_cpu_ids; cpu++)
		if (!do_boot_cpu(cpu, tramp))
			break;
	int n = num_online_cpus();
	printk("smp: %d CPU%s up\n", n, n == 1 ? "" : "s");
}

/*
 * Where an AP enters C (from secondary_startup_64), on its idle task's
 * stack with its GS base set: the rest of its setup, its tick, then the
 * idle loop, from which it runs whatever the run queue allows it.
 */
void start_secondary(void)
{
	cpu_init();
	load_idt();
	setup_local_APIC();
	setup_APIC_timer();
	int cpu = smp_processor_id();
	printk("smp: CPU %d (APIC id %u) up\n", cpu, read_apic_id());
	__atomic_store_n(&cpu_online_map[cpu], 1, __ATOMIC_RELEASE);
	cpu_idle();
}
