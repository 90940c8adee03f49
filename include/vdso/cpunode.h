/*
 * vdso/cpunode.h - how each CPU tells user space its number without a
 * system call (Linux's arch/x86/include/asm/segment.h, vdso_read_cpunode).
 *
 * cpu_init() (kernel/cpu.c) writes (node << 12) | cpu, ushi's node being
 * always 0, in two places of the CPU it runs on:
 *   - the limit of GDT entry 15, a ring-3 data segment that nothing
 *     loads: LSL reads a segment's limit, and works on every x86-64;
 *   - the TSC_AUX MSR, when the CPU has RDTSCP or RDPID, which read it
 *     (programs call RDTSCP themselves to know where a TSC was read).
 * The vDSO's getcpu (vdso/vgetcpu.c) uses LSL: its answer needs no
 * check of which instructions this CPU has.
 */
#ifndef USHI_VDSO_CPUNODE_H
#define USHI_VDSO_CPUNODE_H

#define GDT_ENTRY_CPUNODE 15
#define __CPUNODE_SEG (GDT_ENTRY_CPUNODE * 8 + 3)       /* 0x7b, as Linux's */
#define VDSO_CPUNODE_BITS 12
#define VDSO_CPUNODE_MASK 0xfff

/* (node << 12) | cpu of the CPU that runs it, as cpu_init() left it. */
static inline unsigned int vdso_read_cpunode(void)
{
	unsigned int p;
	asm volatile("lsl %1, %0" : "=r"(p) : "r"(__CPUNODE_SEG));
	return p;
}

#endif
