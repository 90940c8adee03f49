/*
 * ptrace.h - struct pt_regs: the user registers saved at the top of a
 * task's kernel stack on every entry (syscall, exception, interrupt);
 * and the hooks through which ptrace (kernel/ptrace.c) stops a tracee.
 *
 * The order is the push order in kernel/entry.S, read from low to high
 * addresses; the last five words are the frame the CPU's iretq expects.
 */
#ifndef USHI_PTRACE_H
#define USHI_PTRACE_H

#include <types.h>
#include <uapi/signal.h>

struct pt_regs {
	u64 r15, r14, r13, r12, rbp, rbx;   /* callee-saved in the C ABI */
	u64 r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
	u64 trapno;     /* vector of the exception/IRQ, or TRAPNO_SYSCALL */
	u64 orig_rax;   /* syscall number; error code of an exception; -1 for IRQs */
	u64 rip, cs, rflags, rsp, ss;
};

#define TRAPNO_SYSCALL 0x100

/* Segment selectors; the same values as Linux, so signal frames match. */
#define __KERNEL_CS 0x10
#define __KERNEL_DS 0x18
#define __USER32_CS 0x23
#define __USER_DS 0x2b
#define __USER_CS 0x33
#define GDT_TSS_SEL 0x40

static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cs & 3) == 3;
}

/* True when this entry was a system call (the syscall-restart logic asks). */
static inline bool in_syscall(const struct pt_regs *regs)
{
	return regs->trapno == TRAPNO_SYSCALL;
}

/* task->ptrace: traced, how attached, and the options (PTRACE_O_* << 3), as Linux */
#define PT_PTRACED 0x00000001
#define PT_OPT_FLAG_SHIFT 3
#define PT_TRACESYSGOOD (0x1 << PT_OPT_FLAG_SHIFT)
#define PT_EXITKILL ((1 << 20) << PT_OPT_FLAG_SHIFT)
#define PT_SEIZED 0x00010000

/* task->syscall_work */
#define SYSCALL_WORK_SYSCALL_TRACE 0x1  /* PTRACE_SYSCALL: stop at entry and exit */

struct task_struct;

/* kernel/ptrace.c */
int ptrace_signal(int signr, siginfo_t *info);
long ptrace_report_syscall_entry(struct pt_regs *regs);
void ptrace_report_syscall_exit(struct pt_regs *regs);
void ptrace_event_exec(void);
void exit_ptrace(struct task_struct *tracer);

#endif
