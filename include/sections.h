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
void entry_SYSCALL_64(void);            /* kernel/entry.S: where the syscall instruction lands */

#endif
