#ifndef USHI_FSGSBASE_H
#define USHI_FSGSBASE_H
/*
 * The user's FS and GS: a selector and a base each (Linux's
 * arch/x86/include/asm/fsgsbase.h and process_64.c).  CR4.FSGSBASE is off,
 * so the user changes a base only through arch_prctl or by loading a
 * selector, which sets the base from its descriptor (a null selector, 0-3,
 * zeroes it on Intel and under QEMU).  Kernel code runs with its own GS
 * base; the user's waits in MSR_KERNEL_GS_BASE (percpu.h).
 */
#include <kernel.h>

struct task_struct;

enum which_selector { FS, GS };

void loadseg(enum which_selector which, unsigned short sel);
void save_fsgs(struct task_struct *prev);
void x86_fsgsbase_load(struct task_struct *prev, struct task_struct *next);
unsigned long x86_fsbase_read_task(struct task_struct *task);
unsigned long x86_gsbase_read_task(struct task_struct *task);

#endif
