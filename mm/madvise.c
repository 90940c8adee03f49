/*
 * madvise.c - advice about a range (madvise(2)): most advice is a hint
 * ushi may ignore; MADV_DONTNEED drops the pages, and the fork advice
 * (DONTFORK, WIPEONFORK...) sets area flags that fork reads;
 * MADV_POPULATE_READ/WRITE fault the range in.
 */
#include <errno.h>
#include <mm.h>
#include <odf.h>
#include <sched.h>
#include <syscalls.h>
#include <uapi/mman.h>
#include "internal.h"

static bool madvise_behavior_valid(int advice)
{
	switch (advice) {
	case MADV_NORMAL: case 1: case 2: case 3:      /* RANDOM, SEQUENTIAL, WILLNEED */
	case MADV_DONTNEED:
	case MADV_FREE: case 9: case 12: case 13: case 14: case 15:     /* FREE... HUGEPAGE: hints */
	case 16: case 17: case 20: case 21:     /* DONTDUMP, DODUMP, COLD, PAGEOUT: hints too */
	case MADV_DONTFORK: case MADV_DOFORK: case MADV_WIPEONFORK: case MADV_KEEPONFORK:
	case MADV_POPULATE_READ: case MADV_POPULATE_WRITE:
		return true;
	}
	return false;
}

/*
 * Linux's madvise_populate: faults in [start, end) of vma as a read or a
 * write would, without touching the memory.  An area the access may not
 * make (POPULATE_READ of PROT_WRITE memory, POPULATE_WRITE of read-only
 * memory, PROT_NONE) is EINVAL, a page that cannot be had (past a file's
 * end) EFAULT, as Linux's faultin_vma_page_range reports them.
 */
static int madvise_populate(struct vm_area_struct *vma, unsigned long start, unsigned long end,
			    int advice)
{
	bool write = advice == MADV_POPULATE_WRITE;
	if (!(vma->vm_flags & (write ? VM_WRITE : VM_READ)))
		return -EINVAL;
	return faultin_vma_page_range(vma, start, end, write);
}

/* Applies advice to [start, end), which lies inside *vmap (split to fit if
 * the advice changes the area's flags); *vmap ends as the last area touched. */
static int madvise_vma(struct mm_struct *mm, struct vm_area_struct **vmap, unsigned long start,
		       unsigned long end, int advice)
{
	struct vm_area_struct *vma = *vmap;
	/* Only private anonymous memory can be freed lazily or wiped at fork:
	 * a file's pages, or shared ones, belong to others too (Linux). */
	if ((advice == MADV_FREE || advice == MADV_WIPEONFORK) &&
	    ((vma->vm_file && vma->vm_ops) || (vma->vm_flags & VM_SHARED)))
		return -EINVAL;
	/* Locked pages stay in (Linux's madvise_dontneed_free_valid_vma). */
	if ((advice == MADV_DONTNEED || advice == MADV_FREE) && (vma->vm_flags & VM_LOCKED))
		return -EINVAL;
	switch (advice) {
	case MADV_DONTNEED:
		if (odf_zap_range(mm, start, end))
			return -ENOMEM;         /* no memory to copy a shared PTE table */
		zap_page_range(mm, start, end);
		return 0;
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
		return madvise_populate(vma, start, end, advice);
	case MADV_DONTFORK:
	case MADV_DOFORK:
	case MADV_WIPEONFORK:
	case MADV_KEEPONFORK:
		if (vma->vm_start < start) {
			if (split_vma(mm, vma, start))
				return -ENOMEM;
			*vmap = vma = list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
		}
		if (vma->vm_end > end && split_vma(mm, vma, end))
			return -ENOMEM;
		if (advice == MADV_DONTFORK)
			vma->vm_flags |= VM_DONTCOPY;
		else if (advice == MADV_DOFORK)
			vma->vm_flags &= ~VM_DONTCOPY;
		else if (advice == MADV_WIPEONFORK)
			vma->vm_flags |= VM_WIPEONFORK;
		else
			vma->vm_flags &= ~VM_WIPEONFORK;
		return 0;
	}
	return 0;                       /* a hint: nothing to do */
}

/*
 * Linux's checks (the advice, the alignment, a length that rounds up to 0
 * from near 2^64 is EINVAL), then Linux's madvise_walk_vmas: every area
 * in the range gets the advice; holes are skipped, but the answer is then
 * ENOMEM - even for a mere hint.
 */
static long do_madvise(struct mm_struct *mm, unsigned long start, size_t len_in, int advice)
{
	if (!madvise_behavior_valid(advice))
		return -EINVAL;
	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	size_t len = PAGE_ALIGN(len_in);
	if (len_in && !len)
		return -EINVAL;
	unsigned long end = start + len;
	if (end < start)
		return -EINVAL;
	bool hole = false;
	unsigned long a = start;
	struct vm_area_struct *vma = find_vma(mm, start);
	while (a < end) {
		if (!vma || &vma->vm_list == &mm->mmap || vma->vm_start >= end) {
			hole = true;
			break;
		}
		if (vma->vm_start > a) {
			hole = true;
			a = vma->vm_start;
		}
		unsigned long to = MIN(end, vma->vm_end);
		int err = madvise_vma(mm, &vma, a, to, advice);
		if (err)
			return err;
		a = to;
		vma = list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
	}
	if (advice == MADV_DONTFORK || advice == MADV_DOFORK || advice == MADV_WIPEONFORK ||
	    advice == MADV_KEEPONFORK)
		vma_merge_range(mm, start, end);        /* flags changed: rejoin what can be */
	return hole ? -ENOMEM : 0;
}

/* Every advice takes mmap_lock for writing: the fork advice splits
 * areas, and the rest is too rare to be worth a read hold of its own. */
long sys_madvise(unsigned long start, size_t len_in, int advice)
{
	struct mm_struct *mm = current->mm;
	mmap_write_lock(mm);
	long ret = do_madvise(mm, start, len_in, advice);
	mmap_write_unlock(mm);
	return ret;
}
