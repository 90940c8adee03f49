/*
 * percpu.h - what each CPU keeps for itself, reached through the GS base.
 *
 * Every CPU has one struct pcpu (kernel/percpu.c).  While the CPU runs
 * kernel code its GS base (MSR_GS_BASE) holds the address of its own
 * struct, so `%gs:OFFSET` reads a field of *this* CPU's copy in one
 * instruction, whichever CPU runs it - that is how `current` and
 * smp_processor_id() work.  User mode owns the GS base too (arch_prctl
 * ARCH_SET_GS): on every entry from user mode `swapgs` swaps the two
 * bases (the user's goes to MSR_KERNEL_GS_BASE, ours comes back), and on
 * the way out a second `swapgs` swaps them back (kernel/entry.S).  Entries
 * from kernel mode (an exception in a user copy, an interrupt in the idle
 * loop's hlt) find the kernel's base already in place and do not swap.
 *
 * Linux spreads these over separate per-CPU variables (pcpu_hot's
 * current_task, top_of_stack and cpu_number, cpu_tss_rw, gdt_page...);
 * here they are one struct per CPU, as xv6's struct cpu.
 */
#ifndef USHI_PERCPU_H
#define USHI_PERCPU_H

/* Byte offsets into struct pcpu, for entry.S and boot/trampoline.S. */
#define PCPU_self 0
#define PCPU_current_task 8
#define PCPU_top_of_stack 16
#define PCPU_user_rsp 24
#define PCPU_cpu_number 32

#define NR_CPUS 16
#define GDT_ENTRIES 16                 /* Linux's: 15 is the CPU-number segment */

#ifndef __ASSEMBLER__
#include <cpu.h>
#include <types.h>

struct task_struct;

struct pcpu {
	struct pcpu *self;              /* this_cpu(): the struct's own address */
	struct task_struct *current_task;       /* `current` on this CPU */
	unsigned long top_of_stack;     /* current's kernel stack top, for the syscall entry */
	unsigned long user_rsp;         /* the syscall entry's scratch: the user rsp */
	int cpu_number;                 /* smp_processor_id(): 0 is the boot CPU */
	u32 apic_id;                    /* its local APIC's id, how IPIs name it */
	struct task_struct *idle;       /* what it runs when it has nothing else */
	int irqsafe_locks;              /* irq-safe spinlocks held: spin with interrupts off (spinlock.h) */
	bool need_resched;              /* schedule() at the next chance (tick, wake-up, IPI) */
	unsigned long irq_work;         /* IRQ_WORK_* bits: interrupt work waiting for the big lock (irq.c) */
	struct task_struct *prev_task;  /* the task the last switch left, for finish_task_switch */
	struct tss_struct tss __aligned(16);    /* rsp0 and the IST stacks */
	u64 gdt[GDT_ENTRIES] __aligned(16);     /* its own: ltr marks its TSS busy */
} __aligned(64);                        /* one cache line per CPU's hot fields */

extern struct pcpu per_cpu_area[NR_CPUS];

_Static_assert(offsetof(struct pcpu, self) == PCPU_self, "entry.S's PCPU_self");
_Static_assert(offsetof(struct pcpu, current_task) == PCPU_current_task, "PCPU_current_task");
_Static_assert(offsetof(struct pcpu, top_of_stack) == PCPU_top_of_stack, "PCPU_top_of_stack");
_Static_assert(offsetof(struct pcpu, user_rsp) == PCPU_user_rsp, "PCPU_user_rsp");
_Static_assert(offsetof(struct pcpu, cpu_number) == PCPU_cpu_number, "PCPU_cpu_number");

/* A field of another CPU's struct (that CPU may be changing it meanwhile). */
#define per_cpu(field, cpu) (per_cpu_area[cpu].field)

/*
 * this_cpu_read / this_cpu_write: one %gs-relative instruction on this
 * CPU's field.  volatile: the value belongs to whichever CPU runs the
 * instruction, so the compiler may neither cache nor move it.
 */
#define this_cpu_read(field) ({                                               \
	typeof(((struct pcpu *)0)->field) __v;                                \
	asm volatile("mov %%gs:%c1, %0" : "=r"(__v)                           \
		     : "i"(offsetof(struct pcpu, field)));                    \
	__v;                                                                  \
})
#define this_cpu_write(field, val) do {                                       \
	typeof(((struct pcpu *)0)->field) __v = (val);                        \
	asm volatile("mov %0, %%gs:%c1" :: "r"(__v),                          \
		     "i"(offsetof(struct pcpu, field)) : "memory");           \
} while (0)

static inline struct pcpu *this_cpu(void)
{
	return this_cpu_read(self);
}

static inline int smp_processor_id(void)
{
	return this_cpu_read(cpu_number);
}

/*
 * current: the task this CPU runs.  Not volatile, as Linux's
 * this_cpu_read_stable: while a task runs, `current` is that task on
 * whichever CPU it is, so the compiler may keep it in a register; only
 * context_switch() changes it, and reads nothing through it afterwards.
 */
static inline struct task_struct *get_current(void)
{
	struct task_struct *t;
	asm("mov %%gs:%c1, %0" : "=r"(t) : "i"(offsetof(struct pcpu, current_task)));
	return t;
}
#define current get_current()

void pcpu_init(int cpu, u32 apic_id, struct task_struct *idle);
#endif

#endif
