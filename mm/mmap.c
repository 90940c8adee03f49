/*
 * mmap.c - the areas of an address space (vm_area_struct) and the calls
 * that change them: mmap, munmap, mprotect, brk, mremap, madvise; and
 * creating and destroying an mm_struct (fork copies one: kernel/fork.c).
 *
 * The VMAs of an mm are a list sorted by address.  mmap only records an
 * area: no frame is allocated until the first access faults (memory.c).
 * Free space is searched top-down from mmap_base, below the stack, as on
 * Linux.
 */
#include <asm.h>
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <sched.h>
#include <syscalls.h>
#include <uaccess.h>
#include <uapi/mman.h>

#define MMAP_MIN_ADDR 0x10000UL         /* vm.mmap_min_addr */
#define STACK_GUARD_GAP (256 * PAGE_SIZE)
#define MIN_GAP (128UL << 20)

bool is_dev_zero(struct file *f);

/* ---- creating and destroying address spaces ----------------------------------- */

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kzalloc(sizeof *mm);
	if (!mm)
		return NULL;
	mm->pgd = pgd_alloc();
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	INIT_LIST_HEAD(&mm->mmap);
	mm->mm_users = 1;
	unsigned long gap = MAX(MIN(rlimit(RLIMIT_STACK), TASK_SIZE_MAX / 6 * 5), MIN_GAP);
	mm->mmap_base = PAGE_ALIGN(TASK_SIZE_MAX - gap);
	return mm;
}

static void free_vma(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		fput(vma->vm_file);
	kfree(vma);
}

/* The last user is gone: drop every frame, every area and the tables. */
void mmput(struct mm_struct *mm)
{
	BUG_ON(mm->mm_users <= 0);
	if (--mm->mm_users > 0)
		return;
	if (read_cr3() == __pa(mm->pgd))
		write_cr3(__pa(init_pgd));
	/* Every mapped page lies inside an area: unmapping area by area
	 * (Linux's unmap_vmas) walks only the page tables in use. */
	struct vm_area_struct *vma, *n;
	list_for_each_entry(vma, &mm->mmap, vm_list)
		zap_page_range(mm, vma->vm_start, vma->vm_end);
	mm_audit_teardown(mm);          /* test builds: nothing mapped outside the areas */
	list_for_each_entry_safe(vma, n, &mm->mmap, vm_list)
		free_vma(vma);
	free_pgtables(mm->pgd);
	kfree(mm);
}

/* ---- finding and linking areas ------------------------------------------------- */

/* The first area ending above addr (it may start above addr too), or NULL. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;
	list_for_each_entry(vma, &mm->mmap, vm_list)
		if (vma->vm_end > addr)
			return vma;
	return NULL;
}

static struct vm_area_struct *prev_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	return vma->vm_list.prev == &mm->mmap ? NULL :
	       list_entry(vma->vm_list.prev, struct vm_area_struct, vm_list);
}

static void insert_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *pos;
	list_for_each_entry(pos, &mm->mmap, vm_list)
		if (pos->vm_start >= vma->vm_end)
			break;
	list_add_tail(&vma->vm_list, &pos->vm_list);
	vma->vm_mm = mm;
	mm->map_count++;
	mm->total_vm += (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

static void unlink_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	list_del_init(&vma->vm_list);
	mm->map_count--;
	mm->total_vm -= (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

static struct vm_area_struct *vma_alloc(unsigned long start, unsigned long end,
					unsigned long flags, struct file *file, unsigned long pgoff)
{
	struct vm_area_struct *vma = kzalloc(sizeof *vma);
	if (!vma)
		return NULL;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = flags;
	vma->vm_file = file ? get_file(file) : NULL;
	vma->vm_pgoff = pgoff;
	INIT_LIST_HEAD(&vma->vm_list);
	return vma;
}

/* Splits vma at addr: vma keeps [start, addr), a new area gets [addr, end). */
static int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr)
{
	struct vm_area_struct *tail = vma_alloc(addr, vma->vm_end, vma->vm_flags, vma->vm_file,
						vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT));
	if (!tail)
		return -ENOMEM;
	tail->vm_mm = mm;
	vma->vm_end = addr;
	list_add(&tail->vm_list, &vma->vm_list);
	mm->map_count++;
	return 0;
}

/* Can a new anonymous area [start, ...) with flags simply extend prev? */
static bool can_extend(struct vm_area_struct *prev, unsigned long start, unsigned long flags)
{
	return prev && !prev->vm_file && prev->vm_end == start && prev->vm_flags == flags;
}

/* ---- choosing an address ----------------------------------------------------------- */

static bool range_free(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	if (start < MMAP_MIN_ADDR || start > TASK_SIZE_MAX || len > TASK_SIZE_MAX - start)
		return false;
	struct vm_area_struct *vma = find_vma(mm, start);
	return !vma || vma->vm_start >= start + len;
}

/*
 * A free range of len bytes: the hint if it is free, else the highest
 * gap below mmap_base (Linux's top-down allocator).  -ENOMEM if none.
 */
unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long addr, unsigned long len,
				unsigned long flags)
{
	if (len > TASK_SIZE_MAX)
		return -ENOMEM;
	if (flags & MAP_FIXED)
		return addr;
	if (addr) {
		addr = PAGE_ALIGN(addr);
		if (range_free(mm, addr, len))
			return addr;
	}
	unsigned long top = mm->mmap_base;
	for (struct list_head *l = mm->mmap.prev; l != &mm->mmap; l = l->prev) {
		struct vm_area_struct *vma = list_entry(l, struct vm_area_struct, vm_list);
		if (vma->vm_start >= top)
			continue;               /* wholly above the window */
		if (vma->vm_end <= top && top - vma->vm_end >= len)
			return top - len;
		top = vma->vm_start;
	}
	if (top > MMAP_MIN_ADDR && top - MMAP_MIN_ADDR >= len)
		return top - len;
	return -ENOMEM;
}

/*
 * Linux's heuristic overcommit (vm.overcommit_memory = 0): memory that
 * may be written privately is "accounted", and one request for more than
 * all of RAM is refused at once, even though nothing is allocated yet.
 */
static bool accountable(unsigned long vm_flags)
{
	return (vm_flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE;
}

int vm_enough_memory(unsigned long pages)
{
	return pages > totalram_pages ? -ENOMEM : 0;
}

/* ---- mmap ---------------------------------------------------------------------------- */

/*
 * Linux's file_mmap_ok: the file offset of the last mapped byte must fit
 * the file's largest position - 2^63 - 1 for a regular file (a page
 * cache index past that means nothing), 2^64 - 1 for a device.
 */
static bool file_mmap_ok(struct file *file, unsigned long pgoff, unsigned long len)
{
	unsigned long maxsize = S_ISREG(file->f_inode->i_mode) ? ~0UL >> 1 : ~0UL;
	if (len > maxsize)
		return false;
	return pgoff <= (maxsize - len) >> PAGE_SHIFT;
}

unsigned long vm_flags_from_prot(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

/*
 * Maps [addr, addr+len) (or a free range) with prot and flags, backed
 * by file at page pgoff or by anonymous memory.  Returns the address or
 * -errno.  Nothing is allocated now; pages come on the first fault.
 */
long do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len, unsigned long prot,
	     unsigned long flags, struct file *file, unsigned long pgoff)
{
	if (!len)
		return -EINVAL;
	if (len > TASK_SIZE_MAX || PAGE_ALIGN(len) < len)
		return -ENOMEM;
	len = PAGE_ALIGN(len);
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & (PAGE_SIZE - 1))
			return -EINVAL;
		if (addr > TASK_SIZE_MAX || len > TASK_SIZE_MAX - addr)
			return -ENOMEM;
		if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) && !range_free(mm, addr, len))
			return -EEXIST;
		flags |= MAP_FIXED;
	}
	addr = get_unmapped_area(mm, addr, len, flags);
	if (IS_ERR_VALUE(addr))
		return addr;
	if (file && !file_mmap_ok(file, pgoff, len))
		return -EOVERFLOW;
	bool shared = (flags & MAP_TYPE) == MAP_SHARED || (flags & MAP_TYPE) == MAP_SHARED_VALIDATE;
	/* Only private anonymous memory may grow down: a file's pages, or
	 * shared ones, sit at fixed offsets that growing would shift (Linux). */
	if ((flags & MAP_GROWSDOWN) && (file || shared))
		return -EINVAL;
	unsigned long vm_flags = vm_flags_from_prot(prot) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (flags & MAP_GROWSDOWN)
		vm_flags |= VM_GROWSDOWN;
	if (flags & MAP_NORESERVE)
		vm_flags |= VM_NORESERVE;
	if (file && is_dev_zero(file)) {
		file = NULL;            /* /dev/zero maps as anonymous memory */
		pgoff = 0;
	}
	struct file *shm = NULL;
	if (shared) {
		vm_flags |= VM_SHARED | VM_MAYSHARE;
		if (file && !(file->f_mode & FMODE_WRITE))
			vm_flags &= ~(VM_MAYWRITE | VM_SHARED);
		if (!file) {            /* shared anonymous memory: an unnamed ramfs file */
			shm = shmem_file_setup(len);
			if (!shm)
				return -ENOMEM;
			file = shm;
			pgoff = 0;
		}
	}
	if (accountable(vm_flags) || (shared && !file)) {
		if (vm_enough_memory(len >> PAGE_SHIFT)) {
			if (shm)
				fput(shm);
			return -ENOMEM;
		}
		vm_flags |= VM_ACCOUNT;
	}
	if (flags & MAP_FIXED) {
		int err = do_munmap(mm, addr, len);
		if (err) {
			if (shm)
				fput(shm);
			return err;
		}
	}
	struct vm_area_struct *prev = NULL, *next = find_vma(mm, addr);
	prev = next ? prev_vma(mm, next) : (list_empty(&mm->mmap) ? NULL :
		list_entry(mm->mmap.prev, struct vm_area_struct, vm_list));
	if (!file && can_extend(prev, addr, vm_flags)) {
		prev->vm_end = addr + len;
		mm->total_vm += len >> PAGE_SHIFT;
	} else {
		struct vm_area_struct *vma = vma_alloc(addr, addr + len, vm_flags, file, pgoff);
		if (!vma) {
			if (shm)
				fput(shm);
			return -ENOMEM;
		}
		insert_vma(mm, vma);
	}
	if (shm)
		fput(shm);              /* the area holds its own reference */
	return addr;
}

long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	      unsigned long fd, unsigned long off)
{
	struct file *file = NULL;
	if (off & (PAGE_SIZE - 1))
		return -EINVAL;
	unsigned type = flags & MAP_TYPE;
	if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (!len)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		file = fget(fd);
		if (!file)
			return -EBADF;
		umode_t mode = file->f_inode->i_mode;
		long err = 0;
		if (!S_ISREG(mode) && !S_ISCHR(mode))
			err = -ENODEV;
		else if (S_ISCHR(mode) && !is_dev_zero(file))
			err = -ENODEV;
		else if (!(file->f_mode & FMODE_READ))
			err = -EACCES;
		else if (type != MAP_PRIVATE && (prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
			err = -EACCES;
		else if (type != MAP_PRIVATE && (file->f_flags & O_APPEND) && (prot & PROT_WRITE))
			err = -EACCES;
		if (err) {
			fput(file);
			return err;
		}
	}
	long r = do_mmap(current->mm, addr, len, prot, flags, file, off >> PAGE_SHIFT);
	if (file)
		fput(file);
	if (r >= 0 && (flags & MAP_POPULATE)) {
		for (unsigned long a = r; a < r + PAGE_ALIGN(len); a += PAGE_SIZE) {
			struct vm_area_struct *vma = find_vma(current->mm, a);
			if (vma && vma->vm_start <= a && (vma->vm_flags & (VM_READ | VM_WRITE)))
				handle_mm_fault(vma, a, (vma->vm_flags & VM_WRITE) ? FAULT_FLAG_WRITE : 0);
		}
	}
	return r;
}

/* ---- munmap, mprotect ---------------------------------------------------------------- */

/*
 * Removes every mapping in [start, start+len): areas are split at the
 * edges, their pages unmapped, the areas inside freed.
 */
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	if ((start & (PAGE_SIZE - 1)) || start > TASK_SIZE_MAX || len > TASK_SIZE_MAX - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	unsigned long end = start + len;
	struct vm_area_struct *vma = find_vma(mm, start);
	if (!vma || vma->vm_start >= end)
		return 0;
	if (vma->vm_start < start) {
		if (split_vma(mm, vma, start))
			return -ENOMEM;
		vma = list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
	}
	while (&vma->vm_list != &mm->mmap && vma->vm_start < end) {
		if (vma->vm_end > end && split_vma(mm, vma, end))
			return -ENOMEM;
		struct vm_area_struct *next = list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
		zap_page_range(mm, vma->vm_start, vma->vm_end);
		unlink_vma(mm, vma);
		free_vma(vma);
		vma = next;
	}
	return 0;
}

long sys_munmap(unsigned long addr, size_t len)
{
	return do_munmap(current->mm, addr, len);
}

/*
 * Linux's order: the range must start inside an area (else ENOMEM and
 * nothing changes); then area after area is changed until the range ends,
 * or a hole (ENOMEM) or a refusal (EACCES, ENOMEM) stops it - the areas
 * already changed stay changed.
 */
long sys_mprotect(unsigned long start, size_t len, unsigned long prot)
{
	struct mm_struct *mm = current->mm;
	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	unsigned long end = start + len, want = vm_flags_from_prot(prot);
	if (end <= start)
		return -ENOMEM;
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
		if (vma->vm_start < a) {
			if (split_vma(mm, vma, a))
				return -ENOMEM;
			vma = list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
		}
		if (vma->vm_end > end && split_vma(mm, vma, end))
			return -ENOMEM;
		vma->vm_flags = (vma->vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | want;
		if (accountable(vma->vm_flags))
			vma->vm_flags |= VM_ACCOUNT;
		change_protection(mm, vma->vm_start, vma->vm_end, vma->vm_flags);
		a = vma->vm_end;
		vma = list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
	}
	return 0;
}

/* ---- brk ------------------------------------------------------------------------------ */

/* Raw Linux semantics: returns the new break, or the old one on failure. */
long sys_brk(unsigned long brk)
{
	struct mm_struct *mm = current->mm;
	if (brk < mm->start_brk || brk > TASK_SIZE_MAX)
		return mm->brk;
	unsigned long newbrk = PAGE_ALIGN(brk), oldbrk = PAGE_ALIGN(mm->brk);
	if (newbrk == oldbrk) {
		mm->brk = brk;
		return brk;
	}
	if (brk <= mm->brk) {
		if (do_munmap(mm, newbrk, oldbrk - newbrk))
			return mm->brk;
		mm->brk = brk;
		return brk;
	}
	if (rlimit(RLIMIT_DATA) != RLIM_INFINITY && brk - mm->start_brk > rlimit(RLIMIT_DATA))
		return mm->brk;
	struct vm_area_struct *next = find_vma(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > next->vm_start)
		return mm->brk;
	if (do_mmap(mm, oldbrk, newbrk - oldbrk, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0) < 0)
		return mm->brk;
	mm->brk = brk;
	return brk;
}

/* ---- mremap ------------------------------------------------------------------------------ */

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

/* ---- madvise ------------------------------------------------------------------------------ */

static bool madvise_behavior_valid(int advice)
{
	switch (advice) {
	case MADV_NORMAL: case 1: case 2: case 3:      /* RANDOM, SEQUENTIAL, WILLNEED */
	case MADV_DONTNEED:
	case MADV_FREE: case 9: case 12: case 13: case 14: case 15:     /* FREE... HUGEPAGE: hints */
	case 16: case 17: case 20: case 21:     /* DONTDUMP, DODUMP, COLD, PAGEOUT: hints too */
	case MADV_DONTFORK: case MADV_DOFORK: case MADV_WIPEONFORK: case MADV_KEEPONFORK:
		return true;
	}
	return false;
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
	    (vma->vm_file || (vma->vm_flags & VM_SHARED)))
		return -EINVAL;
	switch (advice) {
	case MADV_DONTNEED:
		zap_page_range(mm, start, end);
		return 0;
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
long sys_madvise(unsigned long start, size_t len_in, int advice)
{
	struct mm_struct *mm = current->mm;
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
	return hole ? -ENOMEM : 0;
}

/* MAP_SHARED|MAP_ANONYMOUS memory: an unnamed ramfs file of that size,
 * so parent and child fault in the same frames (Linux uses shmem). */
static struct vfsmount *shm_mnt;

/* The internal mount behind shared anonymous memory, made at boot (so
 * that its objects are not counted against the first program using it). */
void shmem_init(void)
{
	struct super_block *sb = ramfs_new_sb();
	if (!sb)
		panic("cannot create the shmem mount");
	sb->s_pin_dentries = false;
	shm_mnt = vfs_kern_mount(sb);
}

struct file *shmem_file_setup(unsigned long size)
{
	struct inode *inode = ramfs_get_inode(shm_mnt->mnt_sb, S_IFREG | 0600, 0);
	if (!inode)
		return NULL;
	inode->i_size = size;
	struct dentry *d = d_alloc(shm_mnt->mnt_root, "dev/zero", 8);
	if (!d) {
		iput(inode);
		return NULL;
	}
	d_instantiate(d, inode);
	struct path p = { shm_mnt, d };
	struct file *f = alloc_file(&p, O_RDWR, &ramfs_file_operations);
	dput(d);
	return f;
}
