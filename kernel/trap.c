/*
 * trap.c - the interrupt descriptor table and what each CPU exception
 * means.
 *
 * From user mode an exception becomes a signal for the faulting thread
 * (divide error -> SIGFPE, invalid opcode -> SIGILL, general protection
 * -> SIGSEGV, ...); page faults go to mm/fault.c.  From kernel mode an
 * exception is a kernel bug, unless the faulting instruction is in the
 * exception table (a user-memory copy), and we die() with a full report.
 */
#include <apic.h>
#include <asm.h>
#include <irq.h>
#include <kernel.h>
#include <ptrace.h>
#include <sched.h>
#include <sections.h>
#include <smp.h>
#include <smp_lock.h>
#include <time.h>
#include <traps.h>
#include <uaccess.h>

struct idt_entry {
	u16 offset_low, selector;
	u8 ist, type_attr;
	u16 offset_mid;
	u32 offset_high, zero;
} __packed;

static struct idt_entry idt[256] __aligned(16);

#define GATE_INTERRUPT 0x8e             /* present, ring 0, interrupt gate (clears IF) */
#define GATE_USER_INTERRUPT 0xee        /* the same, callable from ring 3 (int3) */

static void set_gate(int n, void *handler, u8 attr, u8 ist)
{
	u64 a = (u64)handler;
	idt[n] = (struct idt_entry){ (u16)a, __KERNEL_CS, ist, attr, (u16)(a >> 16),
				     (u32)(a >> 32), 0 };
}

/* Points this CPU at the one IDT, which every CPU shares (start_secondary). */
void load_idt(void)
{
	struct { u16 limit; u64 base; } __packed ptr = { sizeof idt - 1, (u64)idt };
	asm volatile("lidt %0" :: "m"(ptr));
}

void trap_init(void)
{
	for (int i = 0; i < 48; i++)
		set_gate(i, vector_stubs + 16 * i, GATE_INTERRUPT, 0);
	set_gate(3, vector_stubs + 16 * 3, GATE_USER_INTERRUPT, 0);    /* int3 */
	set_gate(4, vector_stubs + 16 * 4, GATE_USER_INTERRUPT, 0);    /* into */
	set_gate(8, vector_stubs + 16 * 8, GATE_INTERRUPT, 1);         /* own stack */
	static const u8 apic_vectors[NR_APIC_VECTOR_STUBS] = {
		LOCAL_TIMER_VECTOR, INVALIDATE_TLB_VECTOR, CALL_FUNCTION_VECTOR, RESCHEDULE_VECTOR,
	};
	for (int i = 0; i < NR_APIC_VECTOR_STUBS; i++)
		set_gate(apic_vectors[i], apic_vector_stubs + 16 * i, GATE_INTERRUPT, 0);
	set_gate(SPURIOUS_APIC_VECTOR, spurious_interrupt, GATE_INTERRUPT, 0);
	load_idt();
}

static const char *const trap_names[32] = {
	"divide error", "debug", "NMI", "int3", "overflow", "bounds",
	"invalid opcode", "device not available", "double fault", "coprocessor overrun",
	"invalid TSS", "segment not present", "stack segment", "general protection",
	"page fault", "reserved", "x87 floating point", "alignment check",
	"machine check", "SIMD floating point", "virtualization", "control protection",
};

/*
 * The signal (and si_code) each exception sends when it happens in user
 * mode.  The vector and error code are kept for the handler's sigcontext
 * (trapno, err), as Linux's do_trap does.
 */
static void user_exception(struct pt_regs *regs)
{
	current->thread.trap_nr = regs->trapno;
	current->thread.error_code = regs->orig_rax;
	switch (regs->trapno) {
	case 0:
		force_sig_fault(SIGFPE, FPE_INTDIV, regs->rip);
		break;
	case 1:
		force_sig_fault(SIGTRAP, TRAP_BRKPT, regs->rip);
		break;
	case 3:
		force_sig(SIGTRAP);     /* int3: SI_KERNEL, as Linux's do_int3_user */
		break;
	case 6:
		force_sig_fault(SIGILL, ILL_ILLOPN, regs->rip);
		break;
	case 16:
	case 19:
		force_sig_fault(SIGFPE, 0, regs->rip);
		break;
	case 17:
		force_sig_fault(SIGBUS, 1, 0);
		break;
	case 11:                /* segment not present */
	case 12:                /* stack segment: a push with a non-canonical rsp */
		force_sig(SIGBUS);      /* as Linux's do_segment_not_present/do_stack_segment */
		break;
	default:                /* #GP, #SS, #NP, overflow, bounds...: SIGSEGV, as Linux */
		force_sig_fault(SIGSEGV, SI_KERNEL, 0);
		break;
	}
}

/* A kernel-mode fault at an instruction with a fix-up resumes there. */
bool fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e = search_exception_tables(regs->rip);
	if (!e)
		return false;
	regs->rip = e->fixup;
	return true;
}

void do_trap(struct pt_regs *regs)
{
	u64 n = regs->trapno;
	if (n >= IRQ_BASE && n < IRQ_BASE + NR_IRQS) {
		do_irq(n - IRQ_BASE);
		return;
	}
	if (n == 14) {
		do_page_fault(regs);    /* no big kernel lock: mm/fault.c */
		return;
	}
	if (n == CALL_FUNCTION_VECTOR) {
		apic_eoi();
		smp_call_function_interrupt();
		return;
	}
	if (n == RESCHEDULE_VECTOR) {
		apic_eoi();
		scheduler_ipi();
		return;
	}
	if (n == LOCAL_TIMER_VECTOR) {
		apic_eoi();
		update_process_times();
		return;
	}
	if (user_mode(regs)) {
		lock_kernel();          /* signals: exit_to_user_mode drops it */
		user_exception(regs);
		return;
	}
	if (fixup_exception(regs))
		return;
	die(n < 32 && trap_names[n] ? trap_names[n] : "unknown exception", regs);
}
