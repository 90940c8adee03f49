/*
 * msync.c - msync(2): write a mapped range back to its file.
 *
 * ushi's files live in memory (ramfs), and a shared mapping maps the
 * file's own frames, so there is never anything to write: what is left
 * of Linux's msync is its checks, and those a program does see.
 */
#include <errno.h>
#include <mm.h>
#include <sched.h>
#include <syscalls.h>
#include <uapi/mman.h>

/*
 * Linux's order: unknown flags, an unaligned start, MS_ASYNC with
 * MS_SYNC are EINVAL; a range that wraps past 2^64 is ENOMEM; an empty
 * range is 0 whatever it covers (a length that rounds up to 0 is empty).
 * Then area by area: MS_INVALIDATE of a locked area is EBUSY (its pages
 * may not be dropped); a hole in the range makes the answer ENOMEM, but
 * the areas after it are still looked at (Linux syncs them).
 */
static long do_msync(struct mm_struct *mm, unsigned long start, size_t len, int flags)
{
	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	unsigned long end = start + PAGE_ALIGN(len);
	if (end < start)
		return -ENOMEM;
	bool hole = false;
	unsigned long a = start;
	struct vm_area_struct *vma = find_vma(mm, start);
	while (a < end) {
		if (!vma || &vma->vm_list == &mm->mmap)
			return -ENOMEM;         /* no area from a on */
		if (vma->vm_start > a) {
			hole = true;
			a = vma->vm_start;
			if (a >= end)
				break;
		}
		if ((flags & MS_INVALIDATE) && (vma->vm_flags & VM_LOCKED))
			return -EBUSY;
		a = vma->vm_end;
		vma = list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
	}
	return hole ? -ENOMEM : 0;
}

/* Only looks at the areas: mmap_lock for reading. */
long sys_msync(unsigned long start, size_t len, int flags)
{
	struct mm_struct *mm = current->mm;
	mmap_read_lock(mm);
	long ret = do_msync(mm, start, len, flags);
	mmap_read_unlock(mm);
	return ret;
}
