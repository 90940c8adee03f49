/* sched.h - clone flags and struct clone_args, as in Linux's uapi/linux/sched.h. */
#ifndef USHI_UAPI_SCHED_H
#define USHI_UAPI_SCHED_H

#include <types.h>

#define CSIGNAL 0x000000ffUL
#define CLONE_NEWTIME 0x00000080UL   /* clone3 and unshare only */
#define CLONE_VM 0x00000100UL
#define CLONE_FS 0x00000200UL
#define CLONE_FILES 0x00000400UL
#define CLONE_SIGHAND 0x00000800UL
#define CLONE_PIDFD 0x00001000UL
#define CLONE_PTRACE 0x00002000UL
#define CLONE_VFORK 0x00004000UL
#define CLONE_PARENT 0x00008000UL
#define CLONE_THREAD 0x00010000UL
#define CLONE_NEWNS 0x00020000UL
#define CLONE_SYSVSEM 0x00040000UL
#define CLONE_SETTLS 0x00080000UL
#define CLONE_PARENT_SETTID 0x00100000UL
#define CLONE_CHILD_CLEARTID 0x00200000UL
#define CLONE_DETACHED 0x00400000UL
#define CLONE_UNTRACED 0x00800000UL
#define CLONE_CHILD_SETTID 0x01000000UL
#define CLONE_NEWCGROUP 0x02000000UL
#define CLONE_NEWUTS 0x04000000UL
#define CLONE_NEWIPC 0x08000000UL
#define CLONE_NEWUSER 0x10000000UL
#define CLONE_NEWPID 0x20000000UL
#define CLONE_NEWNET 0x40000000UL
#define CLONE_IO 0x80000000UL

/* Only through clone3. */
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#define CLONE_INTO_CGROUP 0x200000000ULL

struct clone_args {
	u64 flags;
	u64 pidfd;
	u64 child_tid;
	u64 parent_tid;
	u64 exit_signal;
	u64 stack;
	u64 stack_size;
	u64 tls;
	u64 set_tid;
	u64 set_tid_size;
	u64 cgroup;
};

#define CLONE_ARGS_SIZE_VER0 64
#define CLONE_ARGS_SIZE_VER1 80
#define CLONE_ARGS_SIZE_VER2 88

/* Scheduling policies (uapi/linux/sched.h) and sched_param (uapi/linux/sched/types.h). */
#define SCHED_NORMAL 0
#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_BATCH 3
#define SCHED_IDLE 5
#define SCHED_DEADLINE 6
#define SCHED_RESET_ON_FORK 0x40000000

struct sched_param {
	int sched_priority;
};

#endif
