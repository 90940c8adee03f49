/*
 * mremap.c - growing, shrinking and moving a mapping (mremap(2)).  A
 * move carries the page-table entries over, so the frames (and their
 * counts) stay as they were.
 */
#include <errno.h>
#include <mm.h>
#include <sched.h>
#include <syscalls.h>
#include <uapi/mman.h>
#include "internal.h"

/* Moves the page-table entries of [old, old+len) to new (frames keep their counts). */
static int move_ptes(struct mm_struct *mm, unsigned long old, unsigned long new, unsigned long len)
{
	for (unsigned long off = 0; off < len; off += PAGE_SIZE) {
		pte_t *src = pte_walk(mm->pgd, old + off, false);
		if (!src || !pte_mapped(*src))
			continue;
		pte_t *dst = pte_walk(mm->pgd, new + off, true);
		if (!dst)
			return -ENOMEM;
		*dst = *src;
		*src = 0;
	}
	flush_tlb_all();
	return 0;
}

long sys_mremap(unsigned long addr, unsigned long old_len, unsigned long new_len,
		unsigned long flags, unsigned long new_addr __unused)
{
	struct mm_struct *mm = current->mm;
	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | 4 /* MREMAP_DONTUNMAP */))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) || (flags & 4))
		return -EINVAL;         /* not supported: musl never asks */
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len || !old_len)
		return -EINVAL;
	if (new_len > TASK_SIZE_MAX)
		return -EINVAL;         /* Linux: "is the new length silly?" */
	struct vm_area_struct *vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr || addr + old_len > vma->vm_end)
		return -EFAULT;
	if (new_len <= old_len) {
		if (new_len < old_len)
			do_munmap(mm, addr + new_len, old_len - new_len);
		return addr;
	}
	/* grow in place if the area ends here and the space after is free */
	if (vma->vm_end == addr + old_len && range_free(mm, addr + old_len, new_len - old_len) &&
	    !(vma->vm_flags & VM_SHARED)) {
		vma->vm_end = addr + new_len;
		mm->total_vm += (new_len - old_len) >> PAGE_SHIFT;
		return addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	unsigned long dst = get_unmapped_area(mm, 0, new_len, 0);
	if (IS_ERR_VALUE(dst))
		return dst;
	if (vma->vm_start < addr && split_vma(mm, vma, addr))
		return -ENOMEM;
	vma = find_vma(mm, addr);
	if (vma->vm_end > addr + old_len && split_vma(mm, vma, addr + old_len))
		return -ENOMEM;
	if (move_ptes(mm, addr, dst, old_len))
		return -ENOMEM;
	unlink_vma(mm, vma);
	vma->vm_start = dst;
	vma->vm_end = dst + new_len;
	insert_vma(mm, vma);
	return dst;
}
