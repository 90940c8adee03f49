/*
 * mincore.c - mincore(2): which pages of a range are resident, one byte
 * per page, bit 0 set for a resident one.
 *
 * Linux's rule (mm/mincore.c): a page with a page-table entry is
 * resident (a PROT_NONE page still held counts); a page without one is
 * resident if it is in its file's page cache - for a file mapping, or
 * shared anonymous memory (an unnamed file) - and not resident for
 * private anonymous memory, whose page does not exist until touched.
 * Every file that can be mapped is ramfs's, so its page cache is the
 * file's i_pages.
 */
#include <errno.h>
#include <fs.h>
#include <mm.h>
#include <sched.h>
#include <syscalls.h>
#include <uaccess.h>

/* Is the page at addr of vma resident?  (Linux's mincore_pte_range and
 * mincore_page.) */
static unsigned char mincore_one(struct vm_area_struct *vma, unsigned long addr)
{
	pte_t *pte = pte_walk(vma->vm_mm->pgd, addr, false);
	if (pte && pte_mapped(*pte))
		return 1;
	if (!vma->vm_file || !vma->vm_ops)
		return 0;               /* anonymous, a private /dev/zero's too */
	unsigned long pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	return ramfs_get_page(vma->vm_file->f_inode, pgoff, false) ? 1 : 0;
}

/*
 * Linux's order: an unaligned start is EINVAL, a range past user space
 * ENOMEM, a vector past user space EFAULT; then area by area, a hole
 * ends the walk with ENOMEM (what was written stays written), a vector
 * that cannot be written EFAULT.  The bytes go out a page of them at a
 * time, as Linux's do_mincore fills one kernel page per round.
 */
long sys_mincore(unsigned long start, size_t len, unsigned char *vec)
{
	struct mm_struct *mm = current->mm;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!access_ok((void *)start, len))
		return -ENOMEM;
	unsigned long pages = (len >> PAGE_SHIFT) + ((len & ~PAGE_MASK) != 0);
	if (!access_ok(vec, pages))
		return -EFAULT;
	unsigned char *tmp = get_zeroed_page();
	if (!tmp)
		return -EAGAIN;
	long ret = 0;
	while (pages) {
		/* The areas are read under mmap_lock, the bytes copied out
		 * after it is dropped: the copy may fault, and a fault takes it. */
		mmap_read_lock(mm);
		struct vm_area_struct *vma = find_vma(mm, start);
		if (!vma || vma->vm_start > start) {
			mmap_read_unlock(mm);
			ret = -ENOMEM;
			break;
		}
		unsigned long n = MIN(MIN(pages, PAGE_SIZE), (vma->vm_end - start) >> PAGE_SHIFT);
		for (unsigned long i = 0; i < n; i++)
			tmp[i] = mincore_one(vma, start + (i << PAGE_SHIFT));
		mmap_read_unlock(mm);
		if (copy_to_user(vec, tmp, n)) {
			ret = -EFAULT;
			break;
		}
		pages -= n;
		vec += n;
		start += n << PAGE_SHIFT;
	}
	free_page(tmp);
	return ret;
}
