/* vdso.h - the vDSO's kernel side: its frames, its mapping at exec, its data. */
#ifndef USHI_VDSO_H
#define USHI_VDSO_H

#include <types.h>

struct mm_struct;
struct vdso_data;

/* The vvar page's data as the kernel writes it (vdso/vma.c). */
extern struct vdso_data *vdso_data;

/* Copies the embedded vDSO into frames and allocates the vvar page;
 * before time_init, whose first update fills it. */
void vdso_init(void);

/*
 * Maps the vvar page and, just above it, the vDSO into a new program's
 * mm (execve, once the program and its interpreter are mapped).  Returns
 * the vDSO's address, the program's AT_SYSINFO_EHDR, or -errno.
 */
long arch_setup_additional_pages(struct mm_struct *mm, unsigned long start_stack);

#endif
