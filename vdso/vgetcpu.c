/*
 * vgetcpu.c - the vDSO's getcpu (Linux's arch/x86/entry/vdso/vgetcpu.c).
 *
 * ushi runs on one CPU, so the answer is CPU 0 on node 0 without asking
 * anyone.  With SMP the kernel must leave each CPU's number where user
 * space can read it, as Linux does: in the TSC_AUX MSR (read with RDPID,
 * or RDTSCP on older CPUs) and in the limit of a per-CPU GDT segment (read
 * with LSL), both holding (node << 12) | cpu.
 */
#include <types.h>

struct getcpu_cache;

long __vdso_getcpu(unsigned *cpu, unsigned *node, struct getcpu_cache *unused);
long __vdso_getcpu(unsigned *cpu, unsigned *node, struct getcpu_cache *unused)
{
	(void)unused;
	if (cpu)
		*cpu = 0;
	if (node)
		*node = 0;
	return 0;
}
long getcpu(unsigned *cpu, unsigned *node, struct getcpu_cache *tcache)
	__attribute__((weak, alias("__vdso_getcpu")));
