/*
 * sections.h - the kernel image's section bounds, as linker.ld places
 * them (Linux's asm/sections.h), and the symbols boot/entry.S and
 * kernel/entry.S define for C to use.
 */
#ifndef USHI_SECTIONS_H
#define USHI_SECTIONS_H

#include <types.h>

extern char _phys_start[];              /* load address of the image */
extern char _text[], _etext[];          /* code */
extern char _rodata[], _erodata[];      /* read-only data */
extern char _data[], _end[];            /* data and bss */

/* The symbol table tools/kallsyms.sh makes (section .kallsyms, linked last). */
extern const u64 kallsyms_count;
extern const u64 kallsyms_addrs[];
extern const u32 kallsyms_offsets[];
extern const char kallsyms_strings[];

extern char init_stack[];               /* boot/entry.S: the boot (idle) task's stack */
extern char vector_stubs[];             /* kernel/entry.S: one stub per interrupt vector */
extern char apic_vector_stubs[];        /* kernel/entry.S: the local APIC vectors' stubs (apic.h) */
extern char spurious_interrupt[];       /* kernel/entry.S: the local APIC's spurious vector */
void entry_SYSCALL_64(void);            /* kernel/entry.S: where the syscall instruction lands */
extern char early_pml4[];               /* boot/entry.S: the first page tables (physical address) */

/* boot/trampoline.S: the application processors' way into the kernel. */
extern char trampoline_start[], trampoline_end[];       /* the code copied below 1 MiB */
extern char trampoline_header[];                        /* its struct trampoline_header */
void secondary_startup_64(void);                        /* where it lands, in the kernel */

#endif
