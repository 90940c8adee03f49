/*
 * mlock.c - locking memory (mlock(2), mlock2, munlock, mlockall,
 * munlockall, MAP_LOCKED) and populating a range (Linux's
 * __mm_populate, which MAP_POPULATE uses too).
 *
 * A locked area carries VM_LOCKED: its pages are faulted in when it is
 * locked, so later accesses never fault for a missing page.  ushi never
 * pages anything out, so once in, a page stays; what is left to do is
 * Linux's bookkeeping - the flag (split areas as mprotect does), the
 * RLIMIT_MEMLOCK check, and VmLck: in /proc/PID/status.  With
 * VM_LOCKONFAULT (mlock2's MLOCK_ONFAULT) nothing is populated: each
 * page is locked as it faults in.  mm->def_flags holds mlockall's
 * MCL_FUTURE: every later area is born locked.  fork's copy of an area
 * is not locked, as on Linux.
 */
#include <errno.h>
#include <fs.h>
#include <mm.h>
#include <odf.h>
#include <sched.h>
#include <syscalls.h>
#include <uapi/misc.h>
#include <uapi/mman.h>
#include "internal.h"

#define MLOCK_ONFAULT 0x01
#define MCL_CURRENT 1
#define MCL_FUTURE 2
#define MCL_ONFAULT 4

/* Pages in locked areas (Linux's mm->locked_vm, counted on demand). */
unsigned long mm_locked_vm(struct mm_struct *mm)
{
	unsigned long pages = 0;
	struct vm_area_struct *vma;
	list_for_each_entry(vma, &mm->mmap, vm_list)
		if (vma->vm_flags & VM_LOCKED)
			pages += (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	return pages;
}

/* Pages of [start, end) already in locked areas. */
static unsigned long locked_in_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	unsigned long pages = 0;
	struct vm_area_struct *vma;
	list_for_each_entry(vma, &mm->mmap, vm_list)
		if ((vma->vm_flags & VM_LOCKED) && vma->vm_end > start && vma->vm_start < end)
			pages += (MIN(vma->vm_end, end) - MAX(vma->vm_start, start)) >> PAGE_SHIFT;
	return pages;
}

/* Linux's can_do_mlock: a zero RLIMIT_MEMLOCK forbids locking to all but
 * the privileged (CAP_IPC_LOCK: root here). */
bool can_do_mlock(void)
{
	return rlimit(RLIMIT_MEMLOCK) != 0 || capable();
}

/* Linux's mlock_future_check: may pages more of mm be locked? */
bool mlock_allowed(struct mm_struct *mm, unsigned long pages)
{
	unsigned long limit = rlimit(RLIMIT_MEMLOCK);
	if (capable() || limit == RLIM_INFINITY)
		return true;
	return mm_locked_vm(mm) + pages <= limit >> PAGE_SHIFT;
}

/*
 * Faults in every page of [start, end) in vma that is not yet there
 * (Linux's faultin_vma_page_range without its checks): with write, each
 * page ends writable - a private page its own, no longer shared with a
 * parent or the zero page.  Returns 0, -EFAULT (a page that cannot be
 * had: past a file's end) or -ENOMEM.
 */
int faultin_vma_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end,
			   bool write)
{
	for (unsigned long a = start; a < end; a += PAGE_SIZE) {
		/* A fault that lost a race with another thread's is retried. */
		for (int tries = 0; tries < 3; tries++) {
			pte_t *pte = pte_walk(vma->vm_mm->pgd, a, false);
			pte_t entry = pte ? READ_ONCE(*pte) : 0;
			if (pte_present(entry) && (!write || (pte_write(entry) &&
							     !odf_pmd_write_protected(vma->vm_mm, a))))
				break;
			int fault = handle_mm_fault(vma, a, write ? FAULT_FLAG_WRITE : 0);
			if (fault & VM_FAULT_OOM)
				return -ENOMEM;
			if (fault)
				return -EFAULT;
		}
	}
	return 0;
}

/*
 * Populates [start, end) of vma (Linux's populate_vma_page_range): a
 * private writable area with write faults, so the pages are its own.  A
 * PROT_NONE area cannot be touched and is skipped; so is a lock on fault.
 */
static int populate_vma_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	if ((vma->vm_flags & VM_LOCKONFAULT) || !(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return 0;
	bool write = (vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;
	return faultin_vma_page_range(vma, start, end, write);
}

/*
 * Linux's __mm_populate: faults in the areas of [start, start+len), with
 * mmap_lock held (for reading at least) by the caller.  With
 * ignore_errors (mmap's MAP_POPULATE, mlockall) a failing area is
 * skipped; else the first failure, or a hole, is the answer (-ENOMEM for
 * a hole).
 */
int mm_populate(struct mm_struct *mm, unsigned long start, unsigned long len, bool ignore_errors)
{
	unsigned long end = start + len;
	for (unsigned long a = start; a < end;) {
		struct vm_area_struct *vma = find_vma(mm, a);
		if (!vma || vma->vm_start >= end)
			break;
		a = MAX(a, vma->vm_start);
		unsigned long to = MIN(end, vma->vm_end);
		int err = populate_vma_range(vma, a, to);
		if (err && !ignore_errors)
			return err;
		a = to;
	}
	return 0;
}

/* Gives [start, end) of vma the flags newflags, splitting it to fit
 * (Linux's mlock_fixup); *vmap ends as the area that covers the range. */
static int mlock_fixup(struct mm_struct *mm, struct vm_area_struct **vmap, unsigned long start,
		       unsigned long end, unsigned long newflags)
{
	struct vm_area_struct *vma = *vmap;
	if (newflags == vma->vm_flags || (vma->vm_flags & VM_SPECIAL))
		return 0;               /* a special mapping is not locked, nor counted (Linux) */
	if (vma->vm_start < start) {
		if (split_vma(mm, vma, start))
			return -ENOMEM;
		*vmap = vma = list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
	}
	if (vma->vm_end > end && split_vma(mm, vma, end))
		return -ENOMEM;
	vma->vm_flags = newflags;
	return 0;
}

/*
 * Linux's apply_vma_lock_flags: every area of [start, end) gets flags
 * (VM_LOCKED, VM_LOCKONFAULT, or neither to unlock).  The range must be
 * mapped without a hole: at a hole, ENOMEM, the areas before it changed.
 */
static int __apply_vma_lock_flags(struct mm_struct *mm, unsigned long start, unsigned long end,
				  unsigned long flags)
{
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	struct vm_area_struct *vma = find_vma(mm, start);
	if (!vma || vma->vm_start > start)
		return -ENOMEM;
	for (unsigned long a = start; a < end;) {
		if (&vma->vm_list == &mm->mmap || vma->vm_start > a)
			return -ENOMEM;
		unsigned long to = MIN(end, vma->vm_end);
		int err = mlock_fixup(mm, &vma, a, to,
				      (vma->vm_flags & ~VM_LOCKED_MASK) | flags);
		if (err)
			return err;
		a = to;
		vma = list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
	}
	return 0;
}

/* The areas changed join their neighbours where they can, as Linux's
 * mlock_fixup merges them (even after a failure part way). */
static int apply_vma_lock_flags(struct mm_struct *mm, unsigned long start, unsigned long end,
				unsigned long flags)
{
	int err = __apply_vma_lock_flags(mm, start, end, flags);
	if (end > start)
		vma_merge_range(mm, start, end);
	return err;
}

/*
 * Linux's do_mlock: the range is widened to whole pages; EPERM if
 * locking is forbidden, ENOMEM if the pages newly locked would pass
 * RLIMIT_MEMLOCK (root is not limited), then the areas get the flags and
 * are faulted in.  A page that cannot be faulted in is ENOMEM (Linux
 * turns gup's EFAULT into ENOMEM, its ENOMEM into EAGAIN).
 */
static long do_mlock(unsigned long start, size_t len, unsigned long flags)
{
	struct mm_struct *mm = current->mm;
	if (!can_do_mlock())
		return -EPERM;
	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	unsigned long pages = len >> PAGE_SHIFT;
	mmap_write_lock(mm);
	long err = -ENOMEM;
	if (mlock_allowed(mm, pages - locked_in_range(mm, start, start + len)))
		err = apply_vma_lock_flags(mm, start, start + len, flags);
	if (err) {
		mmap_write_unlock(mm);
		return err;
	}
	/* The areas are set; faulting the pages in only reads them. */
	mmap_write_downgrade(mm);
	err = mm_populate(mm, start, len, false);
	mmap_read_unlock(mm);
	if (err == -EFAULT)
		return -ENOMEM;
	if (err == -ENOMEM)
		return -EAGAIN;
	return 0;
}

long sys_mlock(unsigned long start, size_t len)
{
	return do_mlock(start, len, VM_LOCKED);
}

long sys_mlock2(unsigned long start, size_t len, int flags)
{
	if (flags & ~MLOCK_ONFAULT)
		return -EINVAL;
	return do_mlock(start, len, VM_LOCKED | (flags & MLOCK_ONFAULT ? VM_LOCKONFAULT : 0));
}

long sys_munlock(unsigned long start, size_t len)
{
	struct mm_struct *mm = current->mm;
	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	mmap_write_lock(mm);
	long ret = apply_vma_lock_flags(mm, start, start + len, 0);
	mmap_write_unlock(mm);
	return ret;
}

/* Linux's apply_mlockall_flags: MCL_FUTURE sets mm->def_flags for every
 * later area, MCL_CURRENT locks every area now (errors ignored). */
static void apply_mlockall_flags(struct mm_struct *mm, int flags)
{
	mm->def_flags &= ~VM_LOCKED_MASK;
	if (flags & MCL_FUTURE)
		mm->def_flags |= VM_LOCKED | (flags & MCL_ONFAULT ? VM_LOCKONFAULT : 0);
	unsigned long to_add = 0;
	if (flags & MCL_CURRENT)
		to_add = VM_LOCKED | (flags & MCL_ONFAULT ? VM_LOCKONFAULT : 0);
	if (!(flags & MCL_CURRENT) && flags)
		return;                 /* MCL_FUTURE alone leaves the areas as they are */
	struct vm_area_struct *vma;
	list_for_each_entry(vma, &mm->mmap, vm_list)   /* whole areas: no split */
		mlock_fixup(mm, &vma, vma->vm_start, vma->vm_end,
			    (vma->vm_flags & ~VM_LOCKED_MASK) | to_add);
	vma_merge_range(mm, 0, TASK_SIZE_MAX);
}

long sys_mlockall(int flags)
{
	struct mm_struct *mm = current->mm;
	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
		return -EINVAL;
	if (!can_do_mlock())
		return -EPERM;
	unsigned long limit = rlimit(RLIMIT_MEMLOCK);
	mmap_write_lock(mm);
	if ((flags & MCL_CURRENT) && !capable() && limit != RLIM_INFINITY &&
	    mm->total_vm > limit >> PAGE_SHIFT) {
		mmap_write_unlock(mm);
		return -ENOMEM;
	}
	apply_mlockall_flags(mm, flags);
	mmap_write_downgrade(mm);
	if (flags & MCL_CURRENT)
		mm_populate(mm, 0, TASK_SIZE_MAX, true);
	mmap_read_unlock(mm);
	return 0;
}

long sys_munlockall(void)
{
	struct mm_struct *mm = current->mm;
	mmap_write_lock(mm);
	apply_mlockall_flags(mm, 0);
	mmap_write_unlock(mm);
	return 0;
}
