/*
 * traps.h - exceptions and page faults: kernel/trap.c sets up the IDT and
 * sorts each exception, mm/fault.c handles the page faults among them.
 */
#ifndef USHI_TRAPS_H
#define USHI_TRAPS_H

#include <types.h>

struct pt_regs;

void trap_init(void);
void load_idt(void);
void do_trap(struct pt_regs *regs);             /* from kernel/entry.S */
void do_page_fault(struct pt_regs *regs);
/* A fault in a user access (get_user...): resume at its fixup. */
bool fixup_exception(struct pt_regs *regs);

#endif
