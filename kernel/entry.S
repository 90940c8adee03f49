/*
 * entry.S - every way into and out of the kernel, and the task switch.
 *
 * Each entry builds a struct pt_regs (include/ptrace.h) at the top of the
 * current task's kernel stack and calls C:
 *   - `syscall` from user mode      -> entry_SYSCALL_64 -> do_syscall_64()
 *   - an exception or an interrupt  -> vector stub -> common_entry -> do_trap()
 * and every return to user mode goes through ret_to_user, which calls
 * exit_to_user_mode() (deliver signals, maybe reschedule) and then leaves
 * with sysretq when the frame allows it, else iretq.
 *
 * The kernel runs with interrupts disabled (SYSCALL_MASK clears IF; the
 * IDT uses interrupt gates), so no kernel code is ever interrupted: it
 * only gives the CPU away by calling schedule().
 *
 * The GS base is the user's in user mode and this CPU's struct pcpu in
 * the kernel (include/percpu.h): every entry from user mode starts with
 * swapgs, and ret_to_user ends with one.
 */
#include <percpu.h>
#include <switch_to.h>

#define TRAPNO_SYSCALL 0x100
#define __USER_DS 0x2b
#define __USER_CS 0x33
#define ENOSYS 38

/* pt_regs offsets (in bytes) */
#define R_CS    (18 * 8)

.macro PUSH_REGS
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq %rax
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

.macro POP_REGS
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rax
	popq %rcx
	popq %rdx
	popq %rsi
	popq %rdi
.endm

	.text
/*
 * The syscall instruction left the user rip in rcx and rflags in r11 and
 * did not switch stacks: we do that first, through this CPU's struct
 * pcpu, once swapgs has made %gs point at it.
 */
	.globl entry_SYSCALL_64
entry_SYSCALL_64:
	swapgs
	movq %rsp, %gs:PCPU_user_rsp
	movq %gs:PCPU_top_of_stack, %rsp
	pushq $__USER_DS                /* ss */
	pushq %gs:PCPU_user_rsp         /* rsp */
	pushq %r11                      /* rflags */
	pushq $__USER_CS                /* cs */
	pushq %rcx                      /* rip */
	pushq %rax                      /* orig_rax: the syscall number */
	pushq $TRAPNO_SYSCALL
	movq $-ENOSYS, %rax
	PUSH_REGS
	xorl %ebp, %ebp                 /* end of the frame-pointer chain */
	movq %rsp, %rdi
	call do_syscall_64
	jmp ret_to_user

/*
 * Leaving for user mode.  exit_to_user_mode() returns nonzero when
 * sysretq can restore the frame exactly (rcx == rip, r11 == rflags,
 * a canonical user rip); signals and execve change that.
 */
	.globl ret_to_user
ret_to_user:
	movq %rsp, %rdi
	call exit_to_user_mode
	testl %eax, %eax
	jz 1f
	POP_REGS
	movq 5 * 8(%rsp), %rsp          /* skip trapno, orig_rax, rip, cs, rflags */
	swapgs
	sysretq
1:	POP_REGS
	addq $16, %rsp                  /* trapno, orig_rax */
	swapgs
	iretq

/* Every vector's stub: the CPU may have pushed an error code; make it uniform. */
.macro TRAP_NOERR n
	.align 16
	pushq $0
	pushq $\n
	jmp common_entry
.endm
.macro TRAP_ERR n
	.align 16
	pushq $\n
	jmp common_entry
.endm
.macro IRQ n
	.align 16
	pushq $-1
	pushq $\n
	jmp common_entry
.endm

	.align 16
	.globl vector_stubs
vector_stubs:
	TRAP_NOERR 0
	TRAP_NOERR 1
	TRAP_NOERR 2
	TRAP_NOERR 3
	TRAP_NOERR 4
	TRAP_NOERR 5
	TRAP_NOERR 6
	TRAP_NOERR 7
	TRAP_ERR 8
	TRAP_NOERR 9
	TRAP_ERR 10
	TRAP_ERR 11
	TRAP_ERR 12
	TRAP_ERR 13
	TRAP_ERR 14
	TRAP_NOERR 15
	TRAP_NOERR 16
	TRAP_ERR 17
	TRAP_NOERR 18
	TRAP_NOERR 19
	TRAP_NOERR 20
	TRAP_ERR 21
	TRAP_NOERR 22
	TRAP_NOERR 23
	TRAP_NOERR 24
	TRAP_NOERR 25
	TRAP_NOERR 26
	TRAP_NOERR 27
	TRAP_NOERR 28
	TRAP_ERR 29
	TRAP_ERR 30
	TRAP_NOERR 31
	.irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	IRQ \n
	.endr

/* The local APIC's own vectors (apic.h): its timer and the IPIs. */
	.align 16
	.globl apic_vector_stubs
apic_vector_stubs:
	.irp n, 0xec,0xfb,0xfc,0xfd
	IRQ \n
	.endr

/* From user mode (the CS the CPU pushed has RPL 3) the GS base is the user's. */
common_entry:
	cld
	testb $3, 3 * 8(%rsp)           /* cs, above trapno, error code, rip */
	jz 3f
	swapgs
3:	PUSH_REGS
	/* User space may have set EFLAGS.AC, which would switch SMAP off in
	 * the kernel: clear it (clac exists only on CPUs with SMAP). */
	testb $1, cpu_has_smap(%rip)
	jz 2f
	clac
2:
	movq %rsp, %rdi
	testb $3, R_CS(%rsp)
	jz 1f
	xorl %ebp, %ebp                 /* from user: start a fresh frame chain */
	call do_trap
	jmp ret_to_user
1:	call do_trap                    /* from the kernel (uaccess fault, idle's hlt) */
	POP_REGS
	addq $16, %rsp
	iretq

/*
 * The local APIC's spurious vector (apic.h): an interrupt that vanished
 * before the CPU took it.  Nothing to do and, by the SDM, no EOI.
 */
	.align 16
	.globl spurious_interrupt
spurious_interrupt:
	iretq

/*
 * void __switch_to_asm(unsigned long *prev_sp, unsigned long next_sp)
 * Leaves prev's callee-saved registers on its kernel stack as a struct
 * inactive_task_frame (include/switch_to.h) below the return address the
 * call pushed, stores that frame's address in *prev_sp, then takes next's
 * frame at next_sp and returns through it: into the schedule() that
 * switched next out, or, for a new task, into ret_from_fork (copy_thread
 * built that frame).
 */
	.globl __switch_to_asm
__switch_to_asm:
	subq $FRAME_RET_ADDR, %rsp      /* ret_addr is in place: room for the rest */
	movq %r15, FRAME_R15(%rsp)
	movq %r14, FRAME_R14(%rsp)
	movq %r13, FRAME_R13(%rsp)
	movq %r12, FRAME_R12(%rsp)
	movq %rbx, FRAME_BX(%rsp)
	movq %rbp, FRAME_BP(%rsp)
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	movq FRAME_R15(%rsp), %r15
	movq FRAME_R14(%rsp), %r14
	movq FRAME_R13(%rsp), %r13
	movq FRAME_R12(%rsp), %r12
	movq FRAME_BX(%rsp), %rbx
	movq FRAME_BP(%rsp), %rbp
	addq $FRAME_RET_ADDR, %rsp
	ret                             /* to frame->ret_addr */

/* A new task's first return: finish the switch, then leave with its pt_regs. */
	.globl ret_from_fork
ret_from_fork:
	call schedule_tail
	jmp ret_to_user

/* The first task the kernel starts itself: run fn (frame->bx), then leave
 * for user mode with whatever pt_regs fn prepared (execve's). */
	.globl ret_from_kernel_thread
ret_from_kernel_thread:
	call schedule_tail
	call *%rbx
	jmp ret_to_user
