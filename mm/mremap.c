/*
 * mremap.c - growing, shrinking and moving a mapping (mremap(2)), to a
 * place of the kernel's choosing or of the caller's (MREMAP_FIXED), or
 * leaving the old range mapped but empty (MREMAP_DONTUNMAP).  A move
 * carries the page-table entries over, so the frames (and their counts)
 * stay as they were.
 */
#include <errno.h>
#include <fs.h>
#include <mm.h>
#include <odf.h>
#include <sched.h>
#include <syscalls.h>
#include <tlbflush.h>
#include <uapi/mman.h>
#include "internal.h"

/* Moves the page-table entries of [old, old+len) to new (frames keep
 * their counts); every CPU forgets the old range, also after a failure
 * part-way (what moved is gone from there). */
static int move_ptes(struct mm_struct *mm, unsigned long old, unsigned long new, unsigned long len)
{
	/* Both ends' PTE tables must be this mm's own (on-demand fork). */
	int err = odf_unshare_range(mm, old, old + len, ODF_MREMAP);
	if (!err)
		err = odf_unshare_range(mm, new, new + len, ODF_MREMAP);
	if (err)
		return err;
	for (unsigned long off = 0; off < len; off += PAGE_SIZE) {
		pte_t *src = pte_walk(mm->pgd, old + off, false);
		if (!src || !pte_mapped(*src))
			continue;
		pte_t *dst = pte_walk(mm->pgd, new + off, true);
		if (!dst) {
			err = -ENOMEM;
			break;
		}
		*dst = *src | _PAGE_SOFT_DIRTY; /* moved: changed, to a soft-dirty reader (Linux) */
		if (!(*src & _PAGE_SPECIAL)) {  /* the frame moves from one table's count to the other's */
			pte_table_page(src)->pt_rss--;
			pte_table_page(dst)->pt_rss++;
		}
		*src = 0;
	}
	flush_tlb_mm_range(mm, old, old + len);
	return err;
}

/*
 * Moves [addr, addr+old_len) of vma (which it lies in) to new as an area
 * of new_len (Linux's move_vma): the area is split to fit, its
 * page-table entries carried over.  With MREMAP_DONTUNMAP the old range
 * keeps an area of its own, now empty (a later touch faults afresh), and
 * no lock: the new area is a copy that takes the pages.
 */
static long move_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
		     unsigned long old_len, unsigned long new_len, unsigned long new,
		     unsigned long flags)
{
	int err;
	if (vma->vm_start < addr) {
		if ((err = split_vma(mm, vma, addr)))
			return err;
		vma = list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
	}
	if (vma->vm_end > addr + old_len && (err = split_vma(mm, vma, addr + old_len)))
		return err;
	if (flags & MREMAP_DONTUNMAP) {
		struct vm_area_struct *copy = vma_alloc(new, new + new_len, vma->vm_flags,
							vma->vm_file, vma->vm_pgoff);
		if (!copy)
			return -ENOMEM;
		if (move_ptes(mm, addr, new, old_len)) {
			if (copy->vm_file)
				fput(copy->vm_file);
			kfree(copy);
			return -ENOMEM;
		}
		vma->vm_flags &= ~VM_LOCKED_MASK;
		insert_vma(mm, copy);
		return new;
	}
	if (move_ptes(mm, addr, new, old_len))
		return -ENOMEM;
	unlink_vma(mm, vma);
	vma->vm_start = new;
	vma->vm_end = new + new_len;
	insert_vma(mm, vma);
	if ((vma->vm_flags & VM_LOCKED) && new_len > old_len)
		mm_populate(mm, new + old_len, new_len - old_len, true);
	vma_merge_range(mm, new, new + new_len);
	return new;
}

/*
 * Linux's mremap_to (MREMAP_FIXED, MREMAP_DONTUNMAP): new_addr must be
 * aligned and the new range inside user space and apart from the old
 * one (EINVAL); no room for the areas a move may add is ENOMEM;
 * MREMAP_FIXED first unmaps whatever is at the new range, a shrink drops
 * the tail, then the range moves (EPERM below vm.mmap_min_addr without
 * CAP_SYS_RAWIO, checked by get_unmapped_area as in Linux: after the
 * unmapping).
 */
static long mremap_to(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
		      unsigned long new_addr, unsigned long new_len, unsigned long flags)
{
	if (new_addr & ~PAGE_MASK)
		return -EINVAL;
	if (new_len > TASK_SIZE_MAX || new_addr > TASK_SIZE_MAX - new_len)
		return -EINVAL;
	if (addr + old_len > new_addr && new_addr + new_len > addr)
		return -EINVAL;         /* the two ranges overlap */
	if (mm->map_count + 2 >= sysctl_max_map_count - 3)
		return -ENOMEM;
	if (flags & MREMAP_FIXED) {
		int err = do_munmap(mm, new_addr, new_len);
		if (err)
			return err;
	}
	if (old_len > new_len) {
		int err = do_munmap(mm, addr + new_len, old_len - new_len);
		if (err)
			return err;
		old_len = new_len;
	}
	struct vm_area_struct *vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr)
		return -EFAULT;
	if ((flags & MREMAP_DONTUNMAP) && (vma->vm_flags & (VM_DONTEXPAND | VM_PFNMAP)))
		return -EINVAL;
	if (addr + old_len > vma->vm_end)
		return -EFAULT;
	if (new_len > old_len && (vma->vm_flags & (VM_DONTEXPAND | VM_PFNMAP)))
		return -EFAULT;         /* a special mapping keeps its size (Linux's vma_to_resize) */
	if (new_len > old_len && (vma->vm_flags & VM_LOCKED) &&
	    !mlock_allowed(mm, (new_len - old_len) >> PAGE_SHIFT))
		return -EAGAIN;
	unsigned long dst = get_unmapped_area(mm, new_addr, new_len, flags & MREMAP_FIXED ? MAP_FIXED : 0);
	if (IS_ERR_VALUE(dst))
		return dst;
	return move_vma(mm, vma, addr, old_len, new_len, dst, flags);
}

/*
 * Linux's order: unknown flags, MREMAP_FIXED without MREMAP_MAYMOVE,
 * MREMAP_DONTUNMAP without MAYMOVE or with a new size, an unaligned
 * address, a zero or silly new length are EINVAL; then a move to a given
 * place (mremap_to), a shrink, a growth in place, or a move anywhere.
 */
static long do_mremap(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
		      unsigned long new_len, unsigned long flags, unsigned long new_addr)
{
	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len || !old_len)
		return -EINVAL;
	if (new_len > TASK_SIZE_MAX)
		return -EINVAL;         /* Linux: "is the new length silly?" */
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))
		return mremap_to(mm, addr, old_len, new_addr, new_len, flags);
	struct vm_area_struct *vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr || addr + old_len > vma->vm_end)
		return -EFAULT;
	if (new_len <= old_len) {
		if (new_len < old_len) {
			int err = do_munmap(mm, addr + new_len, old_len - new_len);
			if (err)
				return err;
		}
		return addr;
	}
	if (vma->vm_flags & (VM_DONTEXPAND | VM_PFNMAP))
		return -EFAULT;         /* a special mapping keeps its size (Linux's vma_to_resize) */
	if ((vma->vm_flags & VM_LOCKED) && !mlock_allowed(mm, (new_len - old_len) >> PAGE_SHIFT))
		return -EAGAIN;
	/* grow in place if the area ends here and the space after is free */
	if (vma->vm_end == addr + old_len && range_free(mm, addr + old_len, new_len - old_len) &&
	    !(vma->vm_flags & VM_SHARED)) {
		vma->vm_end = addr + new_len;
		mm->total_vm += (new_len - old_len) >> PAGE_SHIFT;
		if (vma->vm_flags & VM_LOCKED)
			mm_populate(mm, addr + old_len, new_len - old_len, true);
		vma_merge_range(mm, addr, addr + new_len);      /* it may now meet the next area */
		return addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	unsigned long dst = get_unmapped_area(mm, 0, new_len, 0);
	if (IS_ERR_VALUE(dst))
		return dst;
	return move_vma(mm, vma, addr, old_len, new_len, dst, 0);
}

long sys_mremap(unsigned long addr, unsigned long old_len, unsigned long new_len,
		unsigned long flags, unsigned long new_addr)
{
	struct mm_struct *mm = current->mm;
	mmap_write_lock(mm);
	long ret = do_mremap(mm, addr, old_len, new_len, flags, new_addr);
	mmap_write_unlock(mm);
	return ret;
}
