/*
 * mprotect.c - changing the protection of a range (mprotect(2)): the
 * areas are split to fit and get the new flags, then change_protection
 * rewrites the page-table entries already there.
 */
#include <asm.h>
#include <errno.h>
#include <mm.h>
#include <odf.h>
#include <sched.h>
#include <syscalls.h>
#include <tlbflush.h>
#include <uapi/mman.h>
#include "internal.h"

/* What protect_ptes works with: the area's new flags, and the span of
 * the entries it changed (first >= last: none), which alone needs a flush. */
struct protect_args {
	unsigned long vm_flags;
	unsigned long first, last;
};

static void protect_ptes(pte_t *p, unsigned long start, unsigned long end, void *arg)
{
	struct protect_args *args = arg;
	unsigned long vm_flags = args->vm_flags;
	pte_t prot = vm_page_prot(vm_flags);
	for (unsigned long a = start; a < end; a += PAGE_SIZE, p++) {
		pte_t old = *p;
		if (!pte_mapped(old))
			continue;
		pte_t new = (old & (PTE_PFN_MASK | _PAGE_SPECIAL | _PAGE_ACCESSED | _PAGE_DIRTY |
				    _PAGE_SOFT_DIRTY)) | prot;
		/* A private page stays read-only until a write fault decides
		 * between reuse and copy; a page that was writable stays so. */
		if ((vm_flags & VM_WRITE) && (old & _PAGE_RW) && !(old & _PAGE_SPECIAL))
			new |= _PAGE_RW;
		*p = new;
		if (a < args->first)
			args->first = a;
		args->last = a + PAGE_SIZE;
	}
}

/* mprotect: rewrite the protection of every mapped page in [start, end),
 * then flush the entries that were there (an entry never present is in
 * no TLB: a fresh area's mprotect, as a thread stack's, flushes nothing).
 * mmap_lock held for writing; page_table_lock too, as every bulk change. */
void change_protection(struct mm_struct *mm, unsigned long start, unsigned long end,
		       unsigned long vm_flags)
{
	struct protect_args args = { .vm_flags = vm_flags, .first = end, .last = start };
	spin_lock(&mm->page_table_lock);
	walk_pte_range(mm->pgd, start, end, protect_ptes, &args);
	if (args.first < args.last)
		flush_tlb_mm_range(mm, args.first, args.last);
	spin_unlock(&mm->page_table_lock);
}

/*
 * Linux's order: the range must start inside an area (else ENOMEM and
 * nothing changes); then area after area is changed until the range ends,
 * or a hole (ENOMEM) or a refusal (EACCES, ENOMEM) stops it - the areas
 * already changed stay changed.
 */
static long do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long end,
			unsigned long want)
{
	struct vm_area_struct *vma = find_vma(mm, start);
	if (!vma || vma->vm_start > start)
		return -ENOMEM;
	unsigned long a = start;
	while (a < end) {
		if (&vma->vm_list == &mm->mmap || vma->vm_start > a)
			return -ENOMEM;         /* a hole: what came before stays changed */
		if ((want & VM_WRITE) && !(vma->vm_flags & VM_MAYWRITE))
			return -EACCES;
		if ((want & VM_WRITE) && !(vma->vm_flags & (VM_ACCOUNT | VM_SHARED | VM_NORESERVE)) &&
		    vm_enough_memory((MIN(vma->vm_end, end) - a) >> PAGE_SHIFT))
			return -ENOMEM;
		int err;
		if (vma->vm_start < a) {
			if ((err = split_vma(mm, vma, a)))
				return err;     /* ENOMEM, or a special mapping's EINVAL */
			vma = list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
		}
		if (vma->vm_end > end && (err = split_vma(mm, vma, end)))
			return err;
		if ((err = odf_unshare_range(mm, vma->vm_start, vma->vm_end, ODF_MPROTECT)))
			return err;     /* no memory to copy a shared PTE table */
		vma->vm_flags = (vma->vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | want;
		if (accountable(vma->vm_flags))
			vma->vm_flags |= VM_ACCOUNT;
		change_protection(mm, vma->vm_start, vma->vm_end, vma->vm_flags);
		a = vma->vm_end;
		vma = list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
	}
	return 0;
}

long sys_mprotect(unsigned long start, size_t len, unsigned long prot)
{
	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	unsigned long end = start + len;
	if (end <= start)
		return -ENOMEM;
	struct mm_struct *mm = current->mm;
	mmap_write_lock(mm);
	long err = do_mprotect(mm, start, end, vm_flags_from_prot(prot));
	vma_merge_range(mm, start, end);       /* what changed, even on failure */
	mmap_write_unlock(mm);
	return err;
}
