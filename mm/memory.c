/*
 * memory.c - page faults and the page-table side of fork and munmap.
 * This is the copy-on-write machinery.
 *
 *   fault on a page never touched (pte empty):
 *     anonymous memory, read   -> do_anonymous_page maps the shared zero
 *                                 page read-only (no frame used)
 *     anonymous memory, write  -> do_anonymous_page gives a fresh zeroed
 *                                 frame, writable
 *     file-backed memory       -> do_fault maps the file's frame (shared
 *                                 mapping), or for a private write copies it
 *   write to a present read-only page in a writable area:
 *     -> do_wp_page: a shared mapping just becomes writable; an anonymous
 *        frame that only this mapping uses is reused (made writable); any
 *        other frame (shared after fork, the zero page, a file page) is
 *        copied, and the old frame loses one reference.
 *
 * Soft-dirty tracking (Linux's CONFIG_MEM_SOFT_DIRTY): every PTE made
 * writable by a fault gets _PAGE_SOFT_DIRTY; /proc/PID/clear_refs clears
 * the bits and write-protects the pages, so the next write faults and
 * sets the bit again.  A shared area being tracked (VM_SOFTDIRTY clear)
 * maps its pages read-only until written, for the same reason.
 *
 * fork calls copy_page_range, which shares every present frame with the
 * child (count + 1) and write-protects private writable ones in both
 * parent and child: whoever writes first takes the copy, and the last one
 * left reuses the original.
 */
#include <asm.h>
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <odf.h>
#include <pgtable.h>
#include <sched.h>
#include <tlbflush.h>
#include <trace.h>
#include "internal.h"

struct vm_event_counts vm_events;


/* The protection bits of a PTE for an area with these flags (write bit
 * only for shared areas: private pages become writable in the fault; a
 * shared area whose writes are being tracked waits for the fault too). */
pte_t vm_page_prot(unsigned long vm_flags)
{
	pte_t prot = _PAGE_USER;
	if (vm_flags & (VM_READ | VM_WRITE | VM_EXEC))
		prot |= _PAGE_PRESENT;
	else
		prot |= _PAGE_PROTNONE;
	if ((vm_flags & (VM_WRITE | VM_SHARED | VM_SOFTDIRTY)) == (VM_WRITE | VM_SHARED | VM_SOFTDIRTY))
		prot |= _PAGE_RW;
	if (!(vm_flags & VM_EXEC) && cpu_has_nx)
		prot |= _PAGE_NX;
	return prot;
}

static pte_t mk_pte(struct page *page, unsigned long vm_flags, bool writable)
{
	pte_t prot = vm_page_prot(vm_flags) | _PAGE_ACCESSED;
	if (writable && (vm_flags & VM_WRITE))
		prot |= _PAGE_RW | _PAGE_DIRTY | _PAGE_SOFT_DIRTY;
	return pfn_pte(page_to_pfn(page), prot);
}

/*
 * Locking of the fault path: the caller (do_page_fault, or a kernel walk
 * of user memory) holds mmap_lock for reading, so the area stays; other
 * threads of the mm may fault on the same entry at the same time.  Each
 * handler reads the entry once (orig), prepares what it needs without a
 * spinlock - a frame, a copy, the file's page - then takes
 * page_table_lock and installs only if the entry is still orig; if not,
 * another CPU got there first, what was prepared goes back, and the
 * access simply retries (Linux's pte_same check).  The hardware sets
 * the accessed and dirty bits behind our back, so they do not count.
 */
static bool pte_same(pte_t a, pte_t b)
{
	return ((a ^ b) & ~(_PAGE_ACCESSED | _PAGE_DIRTY)) == 0;
}

/* Takes mm's page_table_lock if the entry at pte is still orig; else
 * returns false with the lock not held. */
static bool pte_lock_same(struct mm_struct *mm, pte_t *pte, pte_t orig)
{
	spin_lock(&mm->page_table_lock);
	if (pte_same(READ_ONCE(*pte), orig))
		return true;
	spin_unlock(&mm->page_table_lock);
	return false;
}

/* Installs page at *pte: one more mapping, and one more reference unless
 * the caller hands over its own (new_ref).  page_table_lock held. */
static __always_inline void map_page(struct vm_area_struct *vma, pte_t *pte, struct page *page,
				     bool writable, bool new_ref)
{
	BUG_ON(page_count(page) <= 0);          /* mapping a free frame */
	if (!new_ref)
		get_page(page);
	page_mapcount_inc(page);
	WRITE_ONCE(*pte, mk_pte(page, vma->vm_flags, writable));
	pte_add_rss(vma->vm_mm, pte, 1);
}

/*
 * The PTE old, already cleared and about to be flushed, was one mapping
 * of its frame: returns the frame, whose reference the caller drops once
 * the flush is done (and which it takes off rss), or NULL for the zero
 * page (which has no count).
 */
static __always_inline struct page *unmap_pte_page(pte_t old)
{
	if (old & _PAGE_SPECIAL)
		return NULL;
	struct page *page = pte_page(old);
	BUG_ON(page_mapcount_dec(page) < 0);    /* unmapped more often than mapped */
	return page;
}

/* The first touch of anonymous memory: a read maps the shared zero page
 * read-only (no frame used), a write a fresh zeroed frame, writable. */
static noinline int do_anonymous_page(struct vm_area_struct *vma, unsigned long addr, pte_t *pte,
				      pte_t orig, unsigned int flags)
{
	/* LAB zero: begin anon */
	struct mm_struct *mm = vma->vm_mm;
	if (!(flags & FAULT_FLAG_WRITE)) {
		if (!pte_lock_same(mm, pte, orig))
			return 0;
		WRITE_ONCE(*pte, pfn_pte(page_to_pfn(zero_page), (vm_page_prot(vma->vm_flags) & ~_PAGE_RW) |
					 _PAGE_SPECIAL | _PAGE_ACCESSED));
		spin_unlock(&mm->page_table_lock);
		count_vm_event(zero_page);
		trace_fault(TRACE_ZERO_PAGE, addr, 0, page_to_pfn(zero_page), 0, 0);
		return 0;
	}
	struct page *page = alloc_page(__GFP_ZERO);
	if (!page)
		return VM_FAULT_OOM;
	page->flags |= PG_anon;
	if (!pte_lock_same(mm, pte, orig)) {
		put_page(page);                 /* another thread mapped a frame here first */
		return 0;
	}
	map_page(vma, pte, page, true, true);
	spin_unlock(&mm->page_table_lock);
	count_vm_event(zero_fill);
	trace_fault(TRACE_ZERO_FILL, addr, 0, page_to_pfn(page), 0, 1);
	return 0;
	/* LAB zero: end anon */
}

/*
 * Maps a new anonymous frame, a copy of old (zeroed when old is the zero
 * page), writable at pte in place of orig (what it mapped, if anything):
 * the copy of copy-on-write (do_wp_page), and of a private write to a
 * file's page (do_fault, where the pte was empty).  The frame is
 * allocated first, without a lock; the copy is made under
 * page_table_lock once the entry is found unchanged.  So old needs no
 * reference of ours when orig maps it: while the entry still does, the
 * lock keeps it there, and old with it (only a fault on this entry or a
 * write hold of mmap_lock could take it away).  With orig empty the
 * caller holds a reference on old, which the counts traced leave out.
 * Copying under the lock makes another thread of this mm that faults
 * meanwhile wait for one page's copy; the first hold of the lock that a
 * reference taken beforehand would need is saved on every COW fault.
 */
static noinline int wp_page_copy(struct vm_area_struct *vma, unsigned long addr, pte_t *pte,
				 pte_t orig, struct page *old, int kind)
{
	struct mm_struct *mm = vma->vm_mm;
	bool from_zero = old == zero_page;
	struct page *new = alloc_page(from_zero ? __GFP_ZERO : GFP_KERNEL);
	if (!new)
		return VM_FAULT_OOM;
	new->flags |= PG_anon;
	if (!pte_lock_same(mm, pte, orig)) {
		put_page(new);
		return 0;
	}
	/* Copied under the lock: the unchanged entry still pins the old frame. */
	if (!from_zero)
		memcpy(page_address(new), page_address(old), PAGE_SIZE);
	int held = pte_mapped(orig) ? 0 : 1;    /* the caller's reference */
	int before = from_zero ? 0 : page_count(old) - held;
	/* Every CPU drops the old translation before the new frame is mapped
	 * and before the old frame's reference goes (Linux's order). */
	pte_t old_pte = pte_mapped(orig) ? ptep_clear_flush(mm, addr, pte) : 0;
	map_page(vma, pte, new, true, true);
	struct page *gone = old_pte ? unmap_pte_page(old_pte) : NULL;
	if (gone) {
		pte_add_rss(mm, pte, -1);
		put_page(gone);
	}
	int after = from_zero ? 0 : page_count(old) - held;
	spin_unlock(&mm->page_table_lock);
	if (from_zero) {
		count_vm_event(zero_fill);
		trace_fault(TRACE_ZERO_FILL, addr, page_to_pfn(old), page_to_pfn(new), 0, 1);
	} else {
		if (kind == TRACE_COW_COPY)
			count_vm_event(cow_copy);
		else
			count_vm_event(file_cow);
		trace_fault(kind, addr, page_to_pfn(old), page_to_pfn(new), before, after);
	}
	return 0;
}

/*
 * A write to a present, write-protected page of a writable area
 * (Linux's do_wp_page): reuse the frame if nobody else holds it, else copy.
 * The count is read under page_table_lock: the only ways to add a holder
 * of a frame that we alone map go through this very entry (another
 * thread's fault: excluded by the lock) or fork (holds mmap_lock for
 * writing: excluded by our read hold), so a count of 1 stays 1.  A
 * count read above 1 without the lock goes straight to the copy: if it
 * fell to 1 meanwhile, a copy is still right, only not needed.
 */
static noinline int do_wp_page(struct vm_area_struct *vma, unsigned long addr, pte_t *pte, pte_t orig)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *page = pte_page(orig);
	if (orig & _PAGE_SPECIAL)
		return wp_page_copy(vma, addr, pte, orig, zero_page, TRACE_ZERO_FILL);
	if (vma->vm_flags & VM_SHARED) {        /* a shared mapping writes the frame itself */
		if (!pte_lock_same(mm, pte, orig))
			return 0;
		WRITE_ONCE(*pte, READ_ONCE(*pte) | _PAGE_RW | _PAGE_DIRTY | _PAGE_SOFT_DIRTY);
		flush_tlb_one(addr);
		spin_unlock(&mm->page_table_lock);
		return 0;
	}
	/* LAB cow: begin wp */
	bool anon = page->flags & PG_anon;
	if (!anon || page_count(page) != 1)
		return wp_page_copy(vma, addr, pte, orig, page, anon ? TRACE_COW_COPY : TRACE_FILE_COW);
	if (!pte_lock_same(mm, pte, orig))
		return 0;
	if (page_count(page) != 1) {    /* a holder for a moment (a kernel access): copy */
		spin_unlock(&mm->page_table_lock);
		return wp_page_copy(vma, addr, pte, orig, page, TRACE_COW_COPY);
	}
	WRITE_ONCE(*pte, READ_ONCE(*pte) | _PAGE_RW | _PAGE_DIRTY | _PAGE_SOFT_DIRTY | _PAGE_ACCESSED);
	flush_tlb_one(addr);
	spin_unlock(&mm->page_table_lock);
	count_vm_event(cow_reuse);
	trace_fault(TRACE_COW_REUSE, addr, page_to_pfn(page), page_to_pfn(page), 1, 1);
	return 0;
	/* LAB cow: end wp */
}

/*
 * A fault on a never-touched page of a file-backed area (Linux's
 * do_fault): the area's vm_ops->fault finds the file's page (with a
 * reference for us); a private write maps a copy of it (Linux's
 * do_cow_fault), any other access the page itself.
 */
static noinline int do_fault(struct vm_area_struct *vma, unsigned long addr, pte_t *pte, pte_t orig,
			     unsigned int flags)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_fault vmf = {
		.vma = vma, .address = addr, .flags = flags,
		.pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT),
	};
	int ret = vma->vm_ops->fault(&vmf);
	if (ret)
		return ret;
	struct page *page = vmf.page;
	bool shared = vma->vm_flags & VM_SHARED;
	if (!shared && (flags & FAULT_FLAG_WRITE)) {
		ret = wp_page_copy(vma, addr, pte, orig, page, TRACE_FILE_COW);
		put_page(page);
		return ret;
	}
	if (!pte_lock_same(mm, pte, orig)) {
		put_page(page);
		return 0;
	}
	map_page(vma, pte, page, shared && (flags & FAULT_FLAG_WRITE), true);
	if (shared && (vma->vm_flags & VM_WRITE) && (vma->vm_flags & VM_SOFTDIRTY))
		WRITE_ONCE(*pte, READ_ONCE(*pte) | _PAGE_RW);  /* a shared page never needs copying */
	int count = page_count(page);
	spin_unlock(&mm->page_table_lock);
	count_vm_event(file_read);
	trace_fault(TRACE_FILE_READ, addr, 0, page_to_pfn(page), 0, count);
	return 0;
}

/* Called with mmap_lock held (for reading at least) and a VMA that
 * allows the access; returns 0 (done, or retry the access) or VM_FAULT_*. */
int handle_mm_fault(struct vm_area_struct *vma, unsigned long address, unsigned int flags)
{
	unsigned long addr = address & PAGE_MASK;
	int ret;
	if (fork_odf && odf_fault(vma, addr, flags, &ret))      /* a shared PTE table first becomes ours */
		return ret;
	pte_t *pte = pte_alloc(vma->vm_mm, addr);
	if (!pte)
		return VM_FAULT_OOM;
	current->min_flt++;
	pte_t orig = READ_ONCE(*pte);
	/* LAB zero: begin dispatch */
	if (!pte_present(orig)) {
		if (orig & _PAGE_PROTNONE)
			return VM_FAULT_SIGSEGV;
		if (vma->vm_ops)
			return do_fault(vma, addr, pte, orig, flags);
		return do_anonymous_page(vma, addr, pte, orig, flags);
	}
	if ((flags & FAULT_FLAG_WRITE) && !pte_write(orig))
		return do_wp_page(vma, addr, pte, orig);
	/* LAB zero: end dispatch */
	flush_tlb_one(addr);                    /* a stale TLB entry: retry */
	return 0;
}

/* A growsdown stack grows to cover address (within RLIMIT_STACK, and
 * not closer than the guard gap to the area below - unless, as on Linux,
 * that area is a stack too or cannot be accessed at all: PROT_NONE is
 * already a guard).  The fault holds mmap_lock only for reading, so two
 * threads may grow the stack at once: vm_start and total_vm change under
 * page_table_lock, and a stack already grown far enough is left alone. */
int expand_stack(struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long start = address & PAGE_MASK;
	int err = 0;
	spin_lock(&mm->page_table_lock);
	if (start >= vma->vm_start)
		goto out;                       /* another thread grew it */
	struct vm_area_struct *prev = prev_vma(mm, vma);
	if (vma->vm_end - start > rlimit(RLIMIT_STACK))
		err = -ENOMEM;
	else if (prev && !(prev->vm_flags & VM_GROWSDOWN) &&
		 (prev->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)) &&
		 start < prev->vm_end + 256 * PAGE_SIZE)
		err = -ENOMEM;
	else if (start < 0x10000)
		err = -ENOMEM;
	if (!err) {
		mm->total_vm += (vma->vm_start - start) >> PAGE_SHIFT;
		WRITE_ONCE(vma->vm_start, start);
	}
out:
	spin_unlock(&mm->page_table_lock);
	return err;
}

/* ---- fork: copying the page tables of one area ------------------------------------ */

/*
 * The child's entry *dst shares the frame of the parent's *src (present,
 * or a PROT_NONE page that keeps its frame).  In a COW area a writable
 * entry first loses its write bit in the parent, so both sides map the
 * frame read-only and the first write faults into do_wp_page.  The zero
 * page (_PAGE_SPECIAL) is shared without a count.
 */
/* LAB cow: begin share */
static void copy_present_pte(struct mm_struct *dst_mm, pte_t *dst, pte_t *src, bool cow)
{
	pte_t pte = *src;
	if (!(pte & _PAGE_SPECIAL)) {
		struct page *page = pte_page(pte);
		if (cow && (pte & _PAGE_RW)) {
			/* atomic: the hardware may set the dirty bit meanwhile */
			pte = __atomic_and_fetch(src, ~_PAGE_RW, __ATOMIC_RELAXED);
			count_vm_event(forks_pages);
		}
		get_page(page);
		page_mapcount_inc(page);
		add_mm_rss(dst_mm, 1);
	}
	*dst = pte;
}
/* LAB cow: end share */

/*
 * The entries of [addr, end), all in the one page table that src_pmd
 * points to.  The child's table is made (by pte_walk) at the first entry
 * that maps a frame: a table with nothing mapped in the area is not copied.
 */
static int copy_pte_range(struct mm_struct *dst_mm, pte_t *src_pmd, unsigned long addr,
			  unsigned long end, bool cow)
{
	pte_t *dst_table = NULL;
	unsigned long rss_before = get_mm_rss(dst_mm);
	pte_t *src_pte = pte_offset(src_pmd, addr);
	for (; addr < end; addr += PAGE_SIZE, src_pte++) {
		if (!pte_mapped(*src_pte))
			continue;
		if (!dst_table) {
			pte_t *dst_pte = pte_walk(dst_mm->pgd, addr, true);
			if (!dst_pte)
				return -ENOMEM;
			dst_table = dst_pte - pte_index(addr);
		}
		/* LAB cow: begin call */
		copy_present_pte(dst_mm, &dst_table[pte_index(addr)], src_pte, cow);
		/* LAB cow: end call */
	}
	/* the frames the table got, counted once (dst is fork's alone) */
	if (dst_table)
		pte_table_page(dst_table)->pt_rss += get_mm_rss(dst_mm) - rss_before;
	return 0;
}

/* Each level below visits only the entries of [addr, end) that have a
 * table under them: an empty entry skips its whole span at once. */
static int copy_pmd_range(struct mm_struct *dst_mm, pte_t *src_pud, unsigned long addr,
			  unsigned long end, struct vm_area_struct *vma)
{
	bool cow = is_cow_mapping(vma->vm_flags);
	pte_t *src_pmd = pmd_offset(src_pud, addr);
	unsigned long next;
	do {
		next = pmd_addr_end(addr, end);
		if (pmd_none(*src_pmd))
			continue;
		if (fork_odf) {         /* on-demand fork shares the whole table (mm/odf.c) */
			int shared = odf_copy_pmd(dst_mm, src_pmd, vma, addr);
			if (shared < 0)
				return -ENOMEM;
			if (shared)
				continue;
		}
		if (copy_pte_range(dst_mm, src_pmd, addr, next, cow))
			return -ENOMEM;
		cond_resched();         /* a big fork lets other tasks run every 2 MiB */
	} while (src_pmd++, addr = next, addr != end);
	return 0;
}

static int copy_pud_range(struct mm_struct *dst_mm, pte_t *src_pgd, unsigned long addr,
			  unsigned long end, struct vm_area_struct *vma)
{
	pte_t *src_pud = pud_offset(src_pgd, addr);
	unsigned long next;
	do {
		next = pud_addr_end(addr, end);
		if (pud_none(*src_pud))
			continue;
		if (copy_pmd_range(dst_mm, src_pud, addr, next, vma))
			return -ENOMEM;
	} while (src_pud++, addr = next, addr != end);
	return 0;
}

/*
 * fork (dup_mmap): share every mapped frame of vma with dst.  Private
 * writable frames are write-protected on both sides; the zero page is
 * shared without a count.  -ENOMEM if a page table for dst cannot be
 * had; what was copied stays for dst's mmput to drop.
 */
int copy_page_range(struct mm_struct *dst, struct mm_struct *src, struct vm_area_struct *vma)
{
	unsigned long addr = vma->vm_start, end = vma->vm_end, next;
	pte_t *src_pgd = pgd_offset(src, addr);
	do {
		next = pgd_addr_end(addr, end);
		if (pgd_none(*src_pgd))
			continue;
		if (copy_pud_range(dst, src_pgd, addr, next, vma))
			return -ENOMEM;
	} while (src_pgd++, addr = next, addr != end);
	return 0;
}

/* ---- whole ranges of page tables: munmap, exit, truncate, mprotect ------------------ */

static void zap_ptes(pte_t *p, unsigned long start, unsigned long end, void *arg)
{
	struct mmu_gather *tlb = arg;
	pte_t *first = p;
	int rss = 0;
	if (pte_table_page(p)->pt_share_count)
		return;                 /* still shared: odf_zap_range found no memory to copy it */
	for (unsigned long a = start; a < end; a += PAGE_SIZE, p++) {
		if (!pte_mapped(*p))
			continue;
		pte_t old = *p;
		*p = 0;
		tlb_remove_tlb_entry(tlb, a);
		struct page *page = unmap_pte_page(old);
		if (page) {
			rss--;
			tlb_remove_page(tlb, page);
		}
	}
	if (rss)
		pte_add_rss(tlb->mm, first, rss);
}

/* Unmaps every page in [start, end) and drops the frames' references,
 * after every CPU has flushed the range (mmu_gather).
 * The caller holds mmap_lock (for writing, or for reading when only the
 * pages go and the areas stay: truncation); page_table_lock is taken
 * here, since faults may run beside a read hold. */
void zap_page_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct mmu_gather tlb;
	/* Shared tables (on-demand fork) are let go or made ours first; out
	 * of memory for a copy, the pages of that table stay mapped. */
	odf_zap_range(mm, start, end);
	tlb_gather_mmu(&tlb, mm);
	spin_lock(&mm->page_table_lock);
	walk_pte_range(mm->pgd, start, end, zap_ptes, &tlb);
	spin_unlock(&mm->page_table_lock);
	tlb_finish_mmu(&tlb);
}

/* Zaps the pages of inode from page `first` on in every area of mm that maps it. */
static void unmap_mapping_mm(struct mm_struct *mm, struct inode *inode, unsigned long first)
{
	struct vm_area_struct *vma;
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		if (!vma->vm_file || vma->vm_file->f_inode != inode)
			continue;
		unsigned long pages = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
		if (first >= vma->vm_pgoff + pages)
			continue;
		unsigned long skip = first > vma->vm_pgoff ? first - vma->vm_pgoff : 0;
		zap_page_range(mm, vma->vm_start + (skip << PAGE_SHIFT), vma->vm_end);
	}
}

/* Every address space in use, each once and held (mmget), in a kmalloc'd
 * array the caller frees; *n is its length.  Called with the big kernel
 * lock, which keeps the task list still: nothing here sleeps. */
static struct mm_struct **collect_mms(size_t *n)
{
	size_t cap = 0, len = 0;
	struct task_struct *p, *t;
	for_each_process(p)
		for_each_thread(p, t)
			cap++;
	struct mm_struct **mms = kmalloc((cap ? cap : 1) * sizeof *mms);
	if (!mms)
		return NULL;
	for_each_process(p) {
		for_each_thread(p, t) {
			struct mm_struct *mm = t->mm;
			size_t i = 0;
			while (mm && i < len && mms[i] != mm)
				i++;
			if (mm && i == len) {
				mmget(mm);
				mms[len++] = mm;
			}
		}
	}
	*n = len;
	return mms;
}

/*
 * A file shrank to `from` bytes (the new i_size is already set): every
 * page of it wholly past the new end leaves every address space that
 * maps it - the file's own frames and the private copies made from them
 * alike (Linux's unmap_mapping_range with even_cows) - so that a later
 * touch there faults and gets SIGBUS, as past any end of file.  ushi
 * keeps no reverse map: it looks at every mm in use.  Each is zapped
 * under mmap_lock for writing, which waits out any fault that read the
 * old size, so none can map a cut-off page after the zap.  The caller
 * holds no mmap_lock.
 */
void unmap_mapping_range(struct inode *inode, loff_t from)
{
	unsigned long first = DIV_ROUND_UP((unsigned long)from, PAGE_SIZE);
	size_t n = 0;
	struct mm_struct **mms = collect_mms(&n);
	if (!mms)
		return;                         /* out of memory: the pages stay mapped */
	for (size_t i = 0; i < n; i++) {
		mmap_write_lock(mms[i]);
		unmap_mapping_mm(mms[i], inode, first);
		mmap_write_unlock(mms[i]);
		mmput(mms[i]);
	}
	kfree(mms);
}
