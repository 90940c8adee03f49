/*
 * vgetcpu.c - the vDSO's getcpu (Linux's arch/x86/entry/vdso/vgetcpu.c):
 * the CPU and node from the limit of the per-CPU segment the kernel
 * set up for it (include/vdso/cpunode.h).  As the system call's, the
 * answer may be stale by the time the caller looks at it.
 */
#include <types.h>
#include <vdso/cpunode.h>

struct getcpu_cache;

long __vdso_getcpu(unsigned *cpu, unsigned *node, struct getcpu_cache *unused);
long __vdso_getcpu(unsigned *cpu, unsigned *node, struct getcpu_cache *unused)
{
	(void)unused;
	unsigned int p = vdso_read_cpunode();
	if (cpu)
		*cpu = p & VDSO_CPUNODE_MASK;
	if (node)
		*node = p >> VDSO_CPUNODE_BITS;
	return 0;
}
long getcpu(unsigned *cpu, unsigned *node, struct getcpu_cache *tcache)
	__attribute__((weak, alias("__vdso_getcpu")));
