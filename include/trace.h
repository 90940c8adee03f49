/*
 * trace.h - the teaching trace: one console line per page fault, fork,
 * exec, exit or signal, when switched on (trace= on the command line, or
 * /proc/ushi/trace at run time).  Off, each hook costs one test.
 */
#ifndef USHI_TRACE_H
#define USHI_TRACE_H

#include <types.h>

struct task_struct;

enum trace_fault_kind {
	TRACE_ZERO_FILL,        /* fresh zeroed frame */
	TRACE_ZERO_PAGE,        /* the shared zero page mapped read-only */
	TRACE_COW_COPY,         /* frame shared: copied */
	TRACE_COW_REUSE,        /* last user: made writable in place */
	TRACE_FILE_READ,        /* a file's frame mapped */
	TRACE_FILE_COW,         /* private write to a file page: copied */
	TRACE_SEGV,             /* the fault became a signal */
};

#define TRACE_FAULT 0x1
#define TRACE_COW 0x2
#define TRACE_FORK 0x4
#define TRACE_SIGNAL 0x8
#define TRACE_SYSCALL 0x10
#define TRACE_ENOSYS 0x20               /* a call ushi lacks (Linux says nothing) */
#define TRACE_TLB 0x40                  /* a TLB shootdown: a flush sent to other CPUs */

extern unsigned int trace_mask;

void __trace_fault(int kind, unsigned long addr, unsigned long old_pfn, unsigned long new_pfn,
		   int count_before, int count_after);
void __trace_fork(struct task_struct *parent, struct task_struct *child, u64 flags);
void __trace_exit(struct task_struct *t, long code);
void __trace_exec(struct task_struct *t, const char *path);
void __trace_signal(struct task_struct *t, int sig);
struct mm_struct;
void __trace_tlb(int cpu, struct mm_struct *mm, unsigned long start, unsigned long end, u64 targets,
		 bool sent);
void trace_init(const char *param);
unsigned int trace_parse(const char *s);

#define trace_fault(...) do { if (unlikely(trace_mask & (TRACE_FAULT | TRACE_COW))) __trace_fault(__VA_ARGS__); } while (0)
#define trace_fork(...) do { if (unlikely(trace_mask & TRACE_FORK)) __trace_fork(__VA_ARGS__); } while (0)
#define trace_exit(...) do { if (unlikely(trace_mask & TRACE_FORK)) __trace_exit(__VA_ARGS__); } while (0)
#define trace_exec(...) do { if (unlikely(trace_mask & TRACE_FORK)) __trace_exec(__VA_ARGS__); } while (0)
#define trace_signal(...) do { if (unlikely(trace_mask & TRACE_SIGNAL)) __trace_signal(__VA_ARGS__); } while (0)
#define trace_tlb(...) do { if (unlikely(trace_mask & TRACE_TLB)) __trace_tlb(__VA_ARGS__); } while (0)

#endif
