/*
 * mmap.c - the areas of an address space (vm_area_struct): finding,
 * splitting and linking them, and the calls that make and remove them
 * (mmap, munmap, brk); creating and destroying an mm_struct (fork copies
 * one: kernel/fork.c).  mprotect.c, mremap.c and madvise.c change areas
 * with the helpers of internal.h.
 *
 * The VMAs of an mm are a list sorted by address; find_vma remembers its
 * last answer (Linux's old mmap_cache), so a program that works through
 * its areas in order - mapping one after another, up to vm.max_map_count
 * - does not walk the whole list each time.  mmap only records an
 * area: no frame is allocated until the first access faults (memory.c).
 * Free space is searched top-down from mmap_base, below the stack, as on
 * Linux.
 */
#include <asm.h>
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <odf.h>
#include <sched.h>
#include <syscalls.h>
#include <tlbflush.h>
#include <uaccess.h>
#include <uapi/misc.h>
#include <uapi/mman.h>
#include "internal.h"

/* vm.mmap_min_addr (Debian's 64 KiB) and vm.max_map_count, as Linux. */
unsigned long mmap_min_addr = 0x10000UL;
int sysctl_max_map_count = DEFAULT_MAX_MAP_COUNT;
#define STACK_GUARD_GAP (256 * PAGE_SIZE)
#define MIN_GAP (128UL << 20)

/* ---- creating and destroying address spaces ----------------------------------- */

/* mmlist_lock protects mmlist: every mm from mm_alloc to mmput's end,
 * so that the debug kernel's audit sees mappings no task points at yet
 * (a fork's child, an exec's new image) or any more (a dying mm). */
LIST_HEAD(mmlist);
DEFINE_SPINLOCK(mmlist_lock);

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
	init_rwsem(&mm->mmap_lock);
	spin_lock_init(&mm->page_table_lock);
	mm->mm_users = 1;
	mm->dumpable = SUID_DUMP_USER;
	unsigned long gap = MAX(MIN(rlimit(RLIMIT_STACK), TASK_SIZE_MAX / 6 * 5), MIN_GAP);
	mm->mmap_base = PAGE_ALIGN(TASK_SIZE_MAX - gap);
	spin_lock(&mmlist_lock);
	list_add_tail(&mm->mmlist, &mmlist);
	spin_unlock(&mmlist_lock);
	return mm;
}

static void free_vma(struct vm_area_struct *vma)
{
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	if (vma->vm_file)
		fput(vma->vm_file);
	kfree(vma);
}

/*
 * The last user is gone: drop every frame, every area and the tables
 * (Linux's exit_mmap).  Nobody else can reach the mm now, but the
 * teardown holds mmap_lock for writing all the same, as Linux's does,
 * so that every change of the areas is made under it.
 */
void mmput(struct mm_struct *mm)
{
	int users = __atomic_sub_fetch(&mm->mm_users, 1, __ATOMIC_ACQ_REL);
	BUG_ON(users < 0);
	if (users > 0)
		return;
	leave_mm_all(mm);               /* no CPU walks the tables we free below */
	mmap_write_lock(mm);
	odf_exit_mmap(mm);              /* shared PTE tables: one reference each, not 512 entries */
	/* Every mapped page lies inside an area: unmapping area by area
	 * (Linux's unmap_vmas) walks only the page tables in use. */
	struct vm_area_struct *vma, *n;
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		zap_page_range(mm, vma->vm_start, vma->vm_end);
		cond_resched();         /* a big exit lets other tasks run between areas */
	}
	mm_audit_teardown(mm);          /* test builds: nothing mapped outside the areas */
	/* Nothing is mapped any more: the audit may stop looking here before
	 * the areas go (free_vma may sleep in a file's release). */
	spin_lock(&mmlist_lock);
	list_del_init(&mm->mmlist);
	spin_unlock(&mmlist_lock);
	list_for_each_entry_safe(vma, n, &mm->mmap, vm_list)
		free_vma(vma);
	mmap_write_unlock(mm);
	free_pgtables(mm->pgd);
	set_mm_exe_file(mm, NULL);
	kfree(mm);
}

/*
 * The program mm runs (Linux's set_mm_exe_file): held, and denied
 * writers (ETXTBSY) until the mm is gone or runs another.  NULL lets go.
 */
void set_mm_exe_file(struct mm_struct *mm, struct file *file)
{
	if (file) {
		get_file(file);
		file->f_inode->i_writecount--;  /* deny_write_access, already checked */
	}
	if (mm->exe_file) {
		allow_write_access(mm->exe_file);
		fput(mm->exe_file);
	}
	mm->exe_file = file;
}

/* ---- finding and linking areas ------------------------------------------------- */

/*
 * Does the cached area answer find_vma(addr)?  It does if it ends above
 * addr and the area before it does not, or if it ends at or below addr
 * and is the last area or the one after it ends above addr (the list is
 * sorted, so nothing between can).  Sets *vmap to the answer.
 */
static bool vmacache_find(struct mm_struct *mm, unsigned long addr, struct vm_area_struct **vmap)
{
	struct vm_area_struct *v = READ_ONCE(mm->mmap_cache);
	if (!v)
		return false;
	if (v->vm_end > addr) {
		struct vm_area_struct *prev = prev_vma(mm, v);
		*vmap = v;
		return !prev || prev->vm_end <= addr;
	}
	if (v->vm_list.next == &mm->mmap) {
		*vmap = NULL;
		return true;
	}
	*vmap = list_entry(v->vm_list.next, struct vm_area_struct, vm_list);
	return (*vmap)->vm_end > addr;
}

/* The first area ending above addr (it may start above addr too), or
 * NULL.  mmap_lock held, for reading at least: faults on several CPUs
 * may search at once, and each may update the cache (a hint: any area
 * of the mm is a good value, hence READ_ONCE/WRITE_ONCE and no lock). */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;
	if (vmacache_find(mm, addr, &vma))
		return vma;
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		if (vma->vm_end > addr) {
			WRITE_ONCE(mm->mmap_cache, vma);
			return vma;
		}
	}
	return NULL;
}

struct vm_area_struct *prev_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	return vma->vm_list.prev == &mm->mmap ? NULL :
	       list_entry(vma->vm_list.prev, struct vm_area_struct, vm_list);
}

/* vma goes before the first area ending above its start (none overlaps it). */
void insert_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *pos = find_vma(mm, vma->vm_start);
	list_add_tail(&vma->vm_list, pos ? &pos->vm_list : &mm->mmap);
	WRITE_ONCE(mm->mmap_cache, vma);
	vma->vm_mm = mm;
	mm->map_count++;
	mm->total_vm += (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

void unlink_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (READ_ONCE(mm->mmap_cache) == vma)
		WRITE_ONCE(mm->mmap_cache, NULL);
	list_del_init(&vma->vm_list);
	mm->map_count--;
	mm->total_vm -= (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/*
 * A new area, not yet in any mm.  An area of a file takes a reference to
 * it and lets the file's mmap choose its vm_ops (Linux's call_mmap): mmap
 * and a split make their areas here, and fork's copy (vm_area_dup) takes
 * vm_ops with the rest of the struct, so every area faults the way its
 * file said.
 */
struct vm_area_struct *vma_alloc(unsigned long start, unsigned long end,
					unsigned long flags, struct file *file, unsigned long pgoff)
{
	struct vm_area_struct *vma = kzalloc(sizeof *vma);
	if (!vma)
		return NULL;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = flags;
	vma->vm_pgoff = pgoff;
	INIT_LIST_HEAD(&vma->vm_list);
	if (file) {
		vma->vm_file = get_file(file);
		if (file->f_op->mmap(file, vma)) {
			free_vma(vma);
			return NULL;
		}
	}
	return vma;
}

/* Splits vma at addr, even past vm.max_map_count (munmap's own check
 * lets the count go just above it, as Linux's __split_vma). */
static int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr)
{
	if (vma->vm_ops && vma->vm_ops->may_split) {
		int err = vma->vm_ops->may_split(vma, addr);
		if (err)
			return err;
	}
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

/* A split that would take the areas past vm.max_map_count is ENOMEM. */
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr)
{
	if (mm->map_count >= sysctl_max_map_count)
		return -ENOMEM;
	return __split_vma(mm, vma, addr);
}

/*
 * Could a, and an area at b_start of (flags, file, pgoff) right after
 * it, be one area (Linux's is_mergeable_vma and can_vma_merge_after)?
 * Same flags, same file (or none), consecutive page offsets - an
 * anonymous area's offset is its address in pages, as Linux gives it, so
 * an area moved away by mremap no longer meets its old neighbours - and
 * no vm_ops->close, which counts each area (SysV shm's attaches); never
 * a special mapping (VM_SPECIAL, Linux's vma_merge refuses them too).
 */
static bool mergeable(struct vm_area_struct *a, unsigned long b_start, unsigned long flags,
		      struct file *file, unsigned long pgoff)
{
	/* VM_SOFTDIRTY does not keep areas apart (Linux's VM_IGNORE_MERGE) */
	return a->vm_end == b_start && ((a->vm_flags ^ flags) & ~VM_SOFTDIRTY) == 0 &&
	       a->vm_file == file &&
	       !(a->vm_ops && a->vm_ops->close) && !(flags & VM_SPECIAL) &&
	       a->vm_pgoff + ((a->vm_end - a->vm_start) >> PAGE_SHIFT) == pgoff;
}

/*
 * Joins the areas that meet in or at the edges of [start, end) and can
 * be one (Linux's vma_merge, which mprotect, mlock, madvise and mremap
 * call on the areas they changed).  The areas' pages stay where they are.
 */
void vma_merge_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start ? start - 1 : 0);
	while (vma && vma->vm_start <= end && vma->vm_list.next != &mm->mmap) {
		struct vm_area_struct *next = list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
		if (!mergeable(vma, next->vm_start, next->vm_flags, next->vm_file, next->vm_pgoff)) {
			vma = next;
			continue;
		}
		unlink_vma(mm, next);
		mm->total_vm += (next->vm_end - vma->vm_end) >> PAGE_SHIFT;
		vma->vm_end = next->vm_end;
		vma->vm_flags |= next->vm_flags & VM_SOFTDIRTY;
		free_vma(next);
	}
}

/* ---- choosing an address ----------------------------------------------------------- */

bool range_free(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	if (start < mmap_min_addr || start > TASK_SIZE_MAX || len > TASK_SIZE_MAX - start)
		return false;
	struct vm_area_struct *vma = find_vma(mm, start);
	return !vma || vma->vm_start >= start + len;
}

/*
 * MAP_32BIT: the hint if it is free and ends below 2 GiB, else the
 * lowest gap in [1 GiB, 2 GiB) - Linux's bottom-up search in the window
 * x86's find_start_end gives it.  -ENOMEM if none.
 */
static unsigned long get_unmapped_area_32bit(struct mm_struct *mm, unsigned long addr,
					     unsigned long len)
{
	const unsigned long begin = 0x40000000UL, end = 0x80000000UL;
	if (len > end)
		return -ENOMEM;
	addr = PAGE_ALIGN(addr);
	if (addr && addr <= end - len && range_free(mm, addr, len))
		return addr;
	unsigned long low = begin;
	struct vm_area_struct *vma;
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		if (vma->vm_end <= low)
			continue;
		if (vma->vm_start >= low + len || vma->vm_start >= end)
			break;
		low = vma->vm_end;
	}
	return low <= end - len ? low : (unsigned long)-ENOMEM;
}

/* Linux's cap_mmap_addr: only CAP_SYS_RAWIO may map below
 * vm.mmap_min_addr (a NULL dereference must fault). */
static bool mmap_addr_allowed(unsigned long addr)
{
	return addr >= mmap_min_addr || cap_raised(current->cap_effective, CAP_SYS_RAWIO);
}

/*
 * A free range of len bytes: the hint if it is free, else the highest
 * gap below mmap_base (Linux's top-down allocator).  -ENOMEM if none;
 * with MAP_FIXED, addr itself, or -EPERM below vm.mmap_min_addr for a
 * caller without CAP_SYS_RAWIO.
 */
unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long addr, unsigned long len,
				unsigned long flags)
{
	if (len > TASK_SIZE_MAX)
		return -ENOMEM;
	if (flags & MAP_FIXED)
		return mmap_addr_allowed(addr) ? addr : (unsigned long)-EPERM;
	if (flags & MAP_32BIT)
		return get_unmapped_area_32bit(mm, addr, len);
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
	if (top > mmap_min_addr && top - mmap_min_addr >= len)
		return top - len;
	return -ENOMEM;
}

/* Linux's heuristic overcommit (vm.overcommit_memory = 0): one request
 * for more than all of RAM is refused at once (see accountable). */
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
 * mmap_lock held for writing (or mm not yet reachable: exec's new one);
 * so for do_munmap.
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
	if (mm->map_count > sysctl_max_map_count)
		return -ENOMEM;         /* too many areas already, as Linux */
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
	/* A new area is soft-dirty: all of it is new to a clear_refs reader. */
	unsigned long vm_flags = vm_flags_from_prot(prot) | mm->def_flags |
				 VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_SOFTDIRTY;
	if (flags & MAP_LOCKED) {
		if (!can_do_mlock())
			return -EPERM;
		vm_flags |= VM_LOCKED;
	}
	if ((vm_flags & VM_LOCKED) && !mlock_allowed(mm, len >> PAGE_SHIFT))
		return -EAGAIN;
	if (flags & MAP_GROWSDOWN)
		vm_flags |= VM_GROWSDOWN;
	if (flags & MAP_NORESERVE)
		vm_flags |= VM_NORESERVE;
	/* A shared mapping of a file opened read-only may never be written,
	 * even through mprotect - /dev/zero's too (Linux decides on the file
	 * given, before /dev/zero's mmap turns it into shared memory). */
	bool maywrite = !shared || !file || (file->f_mode & FMODE_WRITE);
	if (file && is_dev_zero(file)) {
		pgoff = 0;              /* /dev/zero maps as anonymous memory, */
		if (shared)
			file = NULL;    /* shared: an unnamed ramfs file, below */
	}
	if (!file && !shared)
		pgoff = addr >> PAGE_SHIFT;     /* private anonymous memory: its address, as Linux */
	if (file && (!file->f_op || !file->f_op->mmap))
		return -ENODEV;         /* a file whose pages cannot be mapped (procfs...) */
	struct file *shm = NULL;
	if (shared) {
		vm_flags |= VM_SHARED | VM_MAYSHARE;
		if (!maywrite)
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
	if (!file && prev && mergeable(prev, addr, vm_flags, NULL, pgoff)) {
		prev->vm_end = addr + len;
		prev->vm_flags |= VM_SOFTDIRTY;
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
	if (vm_flags & VM_LOCKED)
		mm_populate(mm, addr, len, true);       /* a locked area starts faulted in */
	return addr;
}

long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	      unsigned long fd, unsigned long off)
{
	struct file *file = NULL;
	if (off & (PAGE_SIZE - 1))
		return -EINVAL;
	/* Linux's ksys_mmap_pgoff takes the file before do_mmap checks
	 * anything else: a bad fd is EBADF whatever the flags. */
	if (!(flags & MAP_ANONYMOUS)) {
		file = fget(fd);
		if (!file)
			return -EBADF;
	}
	unsigned type = flags & MAP_TYPE;
	long err = 0;
	if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
		err = -EINVAL;
	else if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP))
		err = -EINVAL;
	else if (!len)
		err = -EINVAL;
	if (err && file)
		fput(file);
	if (err)
		return err;
	if (file) {
		umode_t mode = file->f_inode->i_mode;
		/* MAP_SHARED_VALIDATE refuses a flag it does not know, where
		 * MAP_SHARED ignores it (Linux's LEGACY_MAP_MASK; no ushi file
		 * supports MAP_SYNC). */
		if (type == MAP_SHARED_VALIDATE && (flags & ~LEGACY_MAP_MASK))
			err = -EOPNOTSUPP;
		else if (!S_ISREG(mode) && !S_ISCHR(mode))
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
	struct mm_struct *mm = current->mm;
	mmap_write_lock(mm);
	long r = do_mmap(mm, addr, len, prot, flags, file, off >> PAGE_SHIFT);
	/* Populating only faults pages in: a read hold is enough (Linux). */
	mmap_write_downgrade(mm);
	if (r >= 0 && (flags & MAP_POPULATE))
		mm_populate(mm, r, PAGE_ALIGN(len), true);
	mmap_read_unlock(mm);
	if (file)
		fput(file);
	return r;
}

/* ---- munmap ---------------------------------------------------------------- */

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
		/* A hole in the middle of an area adds one: refused at the
		 * limit, so munmap never leaves more areas than allowed. */
		if (end < vma->vm_end && mm->map_count >= sysctl_max_map_count)
			return -ENOMEM;
		int err = __split_vma(mm, vma, start);
		if (err)
			return err;
		vma = list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
	}
	/* PTE tables shared by on-demand fork: the range's whole ones are let
	 * go, its edge ones copied - here, where no memory is still ENOMEM,
	 * rather than area by area in zap_page_range. */
	int err = odf_zap_range(mm, start, end);
	if (err)
		return err;
	while (&vma->vm_list != &mm->mmap && vma->vm_start < end) {
		int err = vma->vm_end > end ? __split_vma(mm, vma, end) : 0;
		if (err)
			return err;
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
	struct mm_struct *mm = current->mm;
	mmap_write_lock(mm);
	long ret = do_munmap(mm, addr, len);
	mmap_write_unlock(mm);
	return ret;
}

/* ---- brk ------------------------------------------------------------------------------ */

/* Raw Linux semantics: returns the new break, or the old one on failure. */
static long do_brk(struct mm_struct *mm, unsigned long brk)
{
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


long sys_brk(unsigned long brk)
{
	struct mm_struct *mm = current->mm;
	mmap_write_lock(mm);
	long ret = do_brk(mm, brk);
	mmap_write_unlock(mm);
	return ret;
}

/*
 * t's address space, held (mmput when done), or NULL: for a reader of
 * another task's memory (/proc), which may sleep on mmap_lock while t
 * exits.  Called with the big kernel lock, under which t->mm is stable.
 */
struct mm_struct *get_task_mm(struct task_struct *t)
{
	struct mm_struct *mm = t->mm;
	if (mm)
		mmget(mm);
	return mm;
}

/* t's address space, held and locked for reading - a walk of another
 * task's areas or page tables (/proc) - or NULL if t has none.  No user
 * copy until task_mm_read_unlock: print to a kernel buffer first. */
struct mm_struct *task_mm_read_lock(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);
	if (mm)
		mmap_read_lock(mm);
	return mm;
}

void task_mm_read_unlock(struct mm_struct *mm)
{
	if (!mm)
		return;
	mmap_read_unlock(mm);
	mmput(mm);
}
