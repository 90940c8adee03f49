/*
 * switch_to.h - the frame a task that is not running keeps on its kernel
 * stack, as Linux's arch/x86/include/asm/switch_to.h.
 *
 * __switch_to_asm (kernel/entry.S) saves the callee-saved registers of
 * the task it leaves below its return address, a struct
 * inactive_task_frame, and stores its address in thread.sp; switching
 * back loads them and returns into the schedule() that switched away.
 * A new task has never run, so copy_thread builds the same frame by hand,
 * just below the pt_regs the child leaves the kernel with (struct
 * fork_frame), with ret_from_fork as the return address.
 *
 *   thread.sp -> r15 r14 r13 r12 bx bp ret_addr | pt_regs ... top of stack
 */
#ifndef USHI_SWITCH_TO_H
#define USHI_SWITCH_TO_H

/* Byte offsets into struct inactive_task_frame, for entry.S. */
#define FRAME_R15 0
#define FRAME_R14 8
#define FRAME_R13 16
#define FRAME_R12 24
#define FRAME_BX 32
#define FRAME_BP 40
#define FRAME_RET_ADDR 48

#ifndef __ASSEMBLER__
#include <ptrace.h>
#include <types.h>

struct inactive_task_frame {
	unsigned long r15, r14, r13, r12;
	unsigned long bx;               /* a kernel thread's function (ret_from_kernel_thread) */
	unsigned long bp;               /* 0 in a new task: the end of the frame-pointer chain */
	unsigned long ret_addr;         /* where __switch_to_asm returns to */
};

/* A new task's kernel stack top, as copy_thread fills it. */
struct fork_frame {
	struct inactive_task_frame frame;
	struct pt_regs regs;
};

_Static_assert(offsetof(struct inactive_task_frame, r15) == FRAME_R15, "entry.S's FRAME_R15");
_Static_assert(offsetof(struct inactive_task_frame, r14) == FRAME_R14, "entry.S's FRAME_R14");
_Static_assert(offsetof(struct inactive_task_frame, r13) == FRAME_R13, "entry.S's FRAME_R13");
_Static_assert(offsetof(struct inactive_task_frame, r12) == FRAME_R12, "entry.S's FRAME_R12");
_Static_assert(offsetof(struct inactive_task_frame, bx) == FRAME_BX, "entry.S's FRAME_BX");
_Static_assert(offsetof(struct inactive_task_frame, bp) == FRAME_BP, "entry.S's FRAME_BP");
_Static_assert(offsetof(struct inactive_task_frame, ret_addr) == FRAME_RET_ADDR,
	       "entry.S's FRAME_RET_ADDR");
_Static_assert(sizeof(struct inactive_task_frame) == FRAME_RET_ADDR + 8,
	       "the return address ends the frame: __switch_to_asm's call pushed it");

/* kernel/entry.S */
void __switch_to_asm(unsigned long *prev_sp, unsigned long next_sp);
void ret_from_fork(void);
void ret_from_kernel_thread(void);
#endif

#endif
