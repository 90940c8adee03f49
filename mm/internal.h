/*
 * internal.h - what the files of mm/ share among themselves and nobody
 * else needs (Linux's mm/internal.h): the area helpers of mmap.c.
 */
#ifndef USHI_MM_INTERNAL_H
#define USHI_MM_INTERNAL_H

#include <mm.h>

/* The area before vma in its mm, or NULL. */
struct vm_area_struct *prev_vma(struct mm_struct *mm, struct vm_area_struct *vma);
/* Links vma into mm at its place by address, and counts it. */
void insert_vma(struct mm_struct *mm, struct vm_area_struct *vma);
/* Unlinks vma from its mm (the caller frees or reinserts it). */
void unlink_vma(struct mm_struct *mm, struct vm_area_struct *vma);
/* Splits vma at addr: vma keeps [start, addr), a new area gets [addr, end). */
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr);
/* Joins the areas in or at the edges of [start, end) that can be one. */
void vma_merge_range(struct mm_struct *mm, unsigned long start, unsigned long end);
/* A new area, on no list, with a reference to file (whose mmap picks
 * vm_ops), or NULL. */
struct vm_area_struct *vma_alloc(unsigned long start, unsigned long end, unsigned long flags,
				 struct file *file, unsigned long pgoff);
/* Faults in the missing pages of [start, end) in vma (mlock.c):
 * 0, -EFAULT or -ENOMEM. */
int faultin_vma_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end,
			   bool write);
/* Is [start, start+len) inside user space and free of areas? */
bool range_free(struct mm_struct *mm, unsigned long start, unsigned long len);

/*
 * Memory that may be written privately is "accounted" against
 * overcommit (Linux's accountable_mapping): shared memory is backed by
 * its object, MAP_NORESERVE asked not to be counted.
 */
static inline bool accountable(unsigned long vm_flags)
{
	return (vm_flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE;
}

#endif
