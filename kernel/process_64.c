/*
 * The user's FS and GS selectors and bases across context switches,
 * arch_prctl and ptrace: Linux's arch/x86/kernel/process_64.c for a CPU
 * without FSGSBASE (the "legacy" paths).
 */
#include <asm.h>
#include <fsgsbase.h>
#include <ptrace.h>
#include <sched.h>

/*
 * What the CPU would load for sel: sel itself, or 0 where loading it would
 * fault (an LDT selector - ushi has no LDT -, a kernel or system
 * descriptor).  Linux loads and lets an exception fix-up put 0 there; ushi
 * asks verr first, because a #GP in load_gs_index would enter the kernel
 * with the user's GS base live.  A null selector (0-3) always loads.
 */
static unsigned short loadable(unsigned short sel)
{
	bool ok;
	if ((sel & ~3) == 0)
		return sel;
	asm("verr %1" : "=@ccz"(ok) : "rm"(sel));
	return ok ? sel : 0;
}

/* Loads the user's GS selector: between two swapgs, so the kernel's GS base survives. */
static void load_gs_index(unsigned short sel)
{
	asm volatile("swapgs; movl %0, %%gs; swapgs" :: "r"((u32)loadable(sel)) : "memory");
}

void loadseg(enum which_selector which, unsigned short sel)
{
	if (which == FS)
		asm volatile("movl %0, %%fs" :: "r"((u32)loadable(sel)) : "memory");
	else
		load_gs_index(sel);
}

/*
 * A zero selector keeps the saved base: it is the base arch_prctl set (a
 * user who loaded 0 over it on Intel zeroed it; Linux, too, takes the saved
 * value rather than pay an rdmsr per switch).  Any other selector gave the
 * base from its descriptor, or zero for 1-3: the selector alone restores it.
 */
static void save_base_legacy(struct task_struct *prev, unsigned short sel, enum which_selector which)
{
	if (sel == 0)
		return;
	if (which == FS)
		prev->thread.fsbase = 0;
	else
		prev->thread.gsbase = 0;
}

void save_fsgs(struct task_struct *prev)
{
	unsigned short fs, gs;
	asm volatile("movw %%fs, %0" : "=r"(fs));
	asm volatile("movw %%gs, %0" : "=r"(gs));
	prev->thread.fsindex = fs;
	prev->thread.gsindex = gs;
	save_base_legacy(prev, fs, FS);
	save_base_legacy(prev, gs, GS);
}

/*
 * Restores one of next's segments.  A null selector needs its base
 * written after the load (which zeroed it); a real one brings its own.
 * Skipped only when both sides are all zero, the common case.
 */
static void load_seg_legacy(unsigned short prev_index, unsigned long prev_base,
			    unsigned short next_index, unsigned long next_base,
			    enum which_selector which)
{
	if (next_index > 3) {
		loadseg(which, next_index);
		return;
	}
	if (next_base == 0) {
		if (prev_index | next_index | prev_base)
			loadseg(which, next_index);     /* the load zeroes the base */
		return;
	}
	if (prev_index != next_index)
		loadseg(which, next_index);
	wrmsr(which == FS ? MSR_FS_BASE : MSR_KERNEL_GS_BASE, next_base);
}

void x86_fsgsbase_load(struct task_struct *prev, struct task_struct *next)
{
	load_seg_legacy(prev->thread.fsindex, prev->thread.fsbase,
			next->thread.fsindex, next->thread.fsbase, FS);
	load_seg_legacy(prev->thread.gsindex, prev->thread.gsbase,
			next->thread.gsindex, next->thread.gsbase, GS);
}

/*
 * The base a nonzero selector gives: ushi has no LDT and no TLS entries in
 * the GDT, and its user segments there have base 0 (Linux's
 * x86_fsgsbase_read_task reads the descriptor).
 */
static unsigned long x86_fsgsbase_read_task(unsigned short sel)
{
	(void)sel;
	return 0;
}

/* The running task's base is in the MSR: the user may have zeroed it by loading a selector. */
unsigned long x86_fsbase_read_task(struct task_struct *task)
{
	if (task == current)
		return rdmsr(MSR_FS_BASE);
	if (task->thread.fsindex == 0)
		return task->thread.fsbase;
	return x86_fsgsbase_read_task(task->thread.fsindex);
}

unsigned long x86_gsbase_read_task(struct task_struct *task)
{
	if (task == current)
		return rdmsr(MSR_KERNEL_GS_BASE);       /* the user's, while swapgs'd */
	if (task->thread.gsindex == 0)
		return task->thread.gsbase;
	return x86_fsgsbase_read_task(task->thread.gsindex);
}
