/*
 * smp.h - several CPUs: which exist (found in the MADT, kernel/acpi.c),
 * which are up, and how the boot CPU starts the others (kernel/smpboot.c).
 * Each CPU's own data is in percpu.h.
 */
#ifndef USHI_SMP_H
#define USHI_SMP_H

#include <cpumask.h>
#include <percpu.h>
#include <types.h>

extern int nr_cpu_ids;                  /* CPUs found: numbered 0 .. nr_cpu_ids - 1 */
extern bool smp_found_config;           /* the MADT listed them */

/* What the trampoline needs, filled in its copy below 1 MiB (smpboot.c). */
struct trampoline_header {
	u32 cr3;                        /* early_pml4: the first GiB, identity and kernel */
	u32 efer;                       /* LME, NXE and SCE, as the boot CPU's */
	u64 entry;                      /* secondary_startup_64, in the kernel */
} __packed;

/* Read by secondary_startup_64 (boot/trampoline.S) for the AP being started. */
extern unsigned long initial_cr3, initial_stack, initial_gs;

void generic_processor_info(u32 apicid);
bool cpu_online(int cpu);
int num_online_cpus(void);
cpumask_t cpu_online_mask(void);
void smp_init(void);
void __noreturn start_secondary(void);  /* from boot/trampoline.S */

/* kernel/smp.c: running a function on other CPUs, through an IPI. */
typedef void (*smp_call_func_t)(void *info);
/*
 * Runs func(info) on every online CPU in mask but this one, each in its
 * CALL_FUNCTION_VECTOR handler, and returns when all have finished.
 * Called with interrupts off but no irq-safe lock held: it waits with
 * interrupts let in, so two CPUs calling each other both get through.
 */
void smp_call_function_many(const cpumask_t *mask, smp_call_func_t func, void *info);
void smp_call_function_interrupt(void);         /* the IPI's handler (do_trap) */
void smp_send_reschedule(int cpu);              /* RESCHEDULE_VECTOR to cpu */
#ifdef USHI_DEBUG
void smp_call_function_selftest(void);          /* boot check: every other CPU answers */
#endif

#endif
