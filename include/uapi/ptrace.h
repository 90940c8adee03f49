/*
 * uapi/ptrace.h - ptrace(2)'s requests, options and struct
 * user_regs_struct, with Linux's values (include/uapi/linux/ptrace.h,
 * arch/x86/include/asm/user_64.h).
 */
#ifndef USHI_UAPI_PTRACE_H
#define USHI_UAPI_PTRACE_H

#include <types.h>

#define PTRACE_TRACEME 0
#define PTRACE_PEEKTEXT 1
#define PTRACE_PEEKDATA 2
#define PTRACE_PEEKUSR 3
#define PTRACE_POKETEXT 4
#define PTRACE_POKEDATA 5
#define PTRACE_POKEUSR 6
#define PTRACE_CONT 7
#define PTRACE_KILL 8
#define PTRACE_SINGLESTEP 9
#define PTRACE_GETREGS 12
#define PTRACE_SETREGS 13
#define PTRACE_ATTACH 16
#define PTRACE_DETACH 17
#define PTRACE_SYSCALL 24
#define PTRACE_SETOPTIONS 0x4200
#define PTRACE_GETSIGINFO 0x4202
#define PTRACE_SEIZE 0x4206

#define PTRACE_O_TRACESYSGOOD 0x1
#define PTRACE_O_EXITKILL (1 << 20)

/* The registers as ptrace shows them: GETREGS, and PEEKUSER's offsets 0 to 215. */
struct user_regs_struct {
	u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	u64 rax, rcx, rdx, rsi, rdi, orig_rax;
	u64 rip, cs, eflags, rsp, ss;
	u64 fs_base, gs_base;
	u64 ds, es, fs, gs;
};

/* PEEKUSER/POKEUSER offsets past the registers: struct user's size and its
 * eight debug registers (read as zero: ushi sets no hardware breakpoints). */
#define USER_STRUCT_SIZE 912
#define USER_DEBUGREG_OFFSET 848

#endif
