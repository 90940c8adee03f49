/*
 * cpu.c - setting up each CPU: its GDT and TSS, control-register features
 * (NX, SMEP, SMAP, global pages, SSE for user space), and the MSRs that
 * make the `syscall` instruction enter kernel/entry.S; and prctl(PR_SET_TSC),
 * the per-thread CR4.TSD bit.
 *
 * The GDT has Linux's layout, so user selectors have Linux's values
 * (__USER_CS 0x33, __USER_DS 0x2b) and sysret can build both from STAR.
 */
#include <asm.h>
#include <cpu.h>
#include <errno.h>
#include <kernel.h>
#include <mm.h>
#include <percpu.h>
#include <ptrace.h>
#include <sched.h>
#include <sections.h>
#include <uaccess.h>
#include <vdso/cpunode.h>

bool cpu_has_smep, cpu_has_smap, cpu_has_pge;
static bool cpu_has_tsc_aux;           /* RDTSCP or RDPID reads MSR_TSC_AUX */
static u8 double_fault_stack[NR_CPUS][4096] __aligned(16);     /* each CPU's IST 1 */

/*
 * The GDT every CPU copies into its struct pcpu: each needs its own,
 * because its TSS descriptor points at its own TSS and ltr marks it busy.
 * Access byte 0x9a/0x92: present ring-0 code/data; 0xfa/0xf2: ring 3.
 * L bit 0x20 in flags.
 */
static const u64 gdt_template[GDT_ENTRIES] = {
	[0] = 0,
	[1] = 0x00cf9a000000ffffUL,     /* 0x08: 32-bit kernel code (unused) */
	[2] = 0x00af9a000000ffffUL,     /* 0x10: __KERNEL_CS, 64-bit */
	[3] = 0x00cf92000000ffffUL,     /* 0x18: __KERNEL_DS */
	[4] = 0x00cffa000000ffffUL,     /* 0x23: 32-bit user code (sysret's base) */
	[5] = 0x00cff2000000ffffUL,     /* 0x2b: __USER_DS */
	[6] = 0x00affa000000ffffUL,     /* 0x33: __USER_CS, 64-bit */
	[7] = 0,                        /* unused, as in Linux */
	/* [8], [9]: the 16-byte TSS descriptor (GDT_TSS_SEL 0x40), filled in at run time */
	/* [10]-[14]: Linux's LDT and TLS entries, which ushi has not */
	/* [15]: the CPU-number segment (vdso/cpunode.h), filled in at run time */
};


/* Reads CPUID once: which protections this CPU offers. */
void cpu_detect(void)
{
	u32 a, b, c, d;
	cpuid(0x80000001, 0, &a, &b, &c, &d);
	cpu_has_nx = d & (1 << 20);
	cpu_has_tsc_aux = d & (1 << 27);        /* RDTSCP */
	cpuid(1, 0, &a, &b, &c, &d);
	cpu_has_pge = d & (1 << 13);
	cpuid(0, 0, &a, &b, &c, &d);
	if (a >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		cpu_has_smep = b & (1 << 7);
		cpu_has_smap = b & (1 << 20);
		cpu_has_tsc_aux |= c & (1 << 22);       /* RDPID */
	}
	u64 cr4 = read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	if (cpu_has_pge)
		cr4 |= X86_CR4_PGE;
	write_cr4(cr4);
}

/*
 * The CPU-number segment's descriptor (Linux's setup_getcpu): its limit
 * is (node << 12) | cpu, for LSL to read; present, ring 3, read-only
 * expand-down data (type 5), 32-bit, base 0.  Loading it gives nothing
 * a user could not have with __USER_DS.
 */
static u64 cpunode_desc(int cpu)
{
	u64 cpunode = (u64)cpu;         /* node 0 */
	return (cpunode & 0xffff) | (((cpunode >> 16) & 0xf) << 48) | (0xf5UL << 40) | (1UL << 54);
}

/*
 * Loads this CPU's GDT and TSS (in its struct pcpu) and reloads the
 * segment registers from it.  FS and GS keep the null selectors that
 * boot/entry.S and the trampoline gave them: loading a selector would
 * zero its base, and the GS base already holds this CPU's struct pcpu.
 */
static void load_gdt_tss(struct pcpu *p)
{
	u64 *gdt = p->gdt;
	struct tss_struct *tss = &p->tss;
	u64 base = (u64)tss, limit = sizeof *tss - 1;
	memcpy(gdt, gdt_template, sizeof gdt_template);
	gdt[8] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89UL << 40) |
		 (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[9] = base >> 32;
	gdt[GDT_ENTRY_CPUNODE] = cpunode_desc(p->cpu_number);
	tss->iomap_base = sizeof *tss;  /* no I/O permission bitmap */
	tss->ist[0] = (u64)double_fault_stack[p->cpu_number] + sizeof double_fault_stack[0];
	struct { u16 limit; u64 base; } __packed ptr = { sizeof gdt_template - 1, (u64)gdt };
	asm volatile("lgdt %0\n\t"
		     "pushq %1\n\t"
		     "leaq 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     "1:\n\t"
		     "movl %2, %%eax\n\t"
		     "movl %%eax, %%ds\n\t"
		     "movl %%eax, %%es\n\t"
		     "movl %%eax, %%ss\n\t"
		     "ltr %w3"
		     :: "m"(ptr), "i"(__KERNEL_CS), "i"(__KERNEL_DS), "r"(GDT_TSS_SEL)
		     : "rax", "memory");
	/*
	 * No LDT (Linux's clear_LDT).  The LDTR's reset value has base 0 and
	 * limit 0xffff: a user's LDT selector would take its descriptor from
	 * address 0.
	 */
	asm volatile("lldt %w0" :: "r"(0));
}

/*
 * STAR: syscall loads CS=__KERNEL_CS, SS=CS+8; sysret loads
 * CS=0x23+16=__USER_CS, SS=0x23+8=__USER_DS.  SYSCALL_MASK clears IF (the
 * kernel runs with interrupts off), DF, TF and AC on entry.
 */
static void syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	wrmsr(MSR_STAR, ((u64)__USER32_CS << 48) | ((u64)__KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (u64)entry_SYSCALL_64);
	wrmsr(MSR_SYSCALL_MASK, X86_EFLAGS_IF | X86_EFLAGS_DF | X86_EFLAGS_TF |
				X86_EFLAGS_AC | X86_EFLAGS_NT);
}

/*
 * Sets up the CPU that runs it, the boot CPU first and each application
 * processor as it starts (start_secondary): its GDT and TSS, the
 * syscall MSRs, and the control-register features cpu_detect() found
 * on the boot CPU (all CPUs are taken to be alike).  Its GS base already
 * points at its struct pcpu.
 */
void cpu_init(void)
{
	load_gdt_tss(this_cpu());
	if (cpu_has_tsc_aux)
		wrmsr(MSR_TSC_AUX, smp_processor_id());     /* node 0, as the segment's */
	syscall_init();
	u64 cr4 = read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	if (cpu_has_pge)
		cr4 |= X86_CR4_PGE;
	if (cpu_has_smep)
		cr4 |= X86_CR4_SMEP;
	if (cpu_has_smap)
		cr4 |= X86_CR4_SMAP;
	write_cr4(cr4);
	/* Clear CR0.EM and set MP/NE so SSE works in user space. */
	write_cr0((read_cr0() & ~(1UL << 2)) | (1UL << 1) | (1UL << 5));
}

/* The boot line saying which protections cpu_init() turned on. */
void cpu_print_features(void)
{
	printk("cpu: NX %s, SMEP %s, SMAP %s, global pages %s\n",
	       cpu_has_nx ? "on" : "absent", cpu_has_smep ? "on" : "absent",
	       cpu_has_smap ? "on" : "absent", cpu_has_pge ? "on" : "absent");
}

/* Where this CPU's next entry from user mode (interrupt, syscall) puts its frame. */
void set_kernel_stack(unsigned long top)
{
	this_cpu()->tss.rsp0 = top;
	this_cpu_write(top_of_stack, top);
}

/* A new task's FPU: fninit defaults, all exceptions masked in MXCSR. */
void fpu_init_state(struct fxregs_state *fx)
{
	memset(fx, 0, sizeof *fx);
	fx->cwd = 0x37f;
	fx->mxcsr = 0x1f80;
}

/*
 * prctl(PR_GET_TSC / PR_SET_TSC): whether this thread's rdtsc works or
 * faults with SIGSEGV (#GP from CR4.TSD, which context_switch sets while a
 * thread with notsc runs).  Forks and threads inherit it, execve keeps it,
 * as Linux's TIF_NOTSC.
 */
long get_tsc_mode(unsigned long adr)
{
	unsigned int val = current->thread.notsc ? PR_TSC_SIGSEGV : PR_TSC_ENABLE;
	return put_user(val, (unsigned int *)adr);
}

long set_tsc_mode(unsigned int val)
{
	if (val != PR_TSC_SIGSEGV && val != PR_TSC_ENABLE)
		return -EINVAL;
	bool notsc = val == PR_TSC_SIGSEGV;
	if (notsc != current->thread.notsc) {
		current->thread.notsc = notsc;
		write_cr4(read_cr4() ^ X86_CR4_TSD);
	}
	return 0;
}
