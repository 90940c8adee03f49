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

/* Installs page at *pte: one more reference and one more mapping. */
static void map_page(struct vm_area_struct *vma, pte_t *pte, struct page *page, bool writable,
		     bool new_ref)
{
	BUG_ON(page->_refcount <= 0);           /* mapping a free frame */
	if (!new_ref)
		get_page(page);
	page->_mapcount++;
	*pte = mk_pte(page, vma->vm_flags, writable);
	vma->vm_mm->rss++;
}

/*
 * The PTE old, already cleared and about to be flushed, was one mapping
 * of its frame: returns the frame, whose reference the caller drops once
 * the flush is done, or NULL for the zero page (which has no count).
 */
static struct page *unmap_pte_page(struct mm_struct *mm, pte_t old)
{
	if (old & _PAGE_SPECIAL)
		return NULL;
	struct page *page = pte_page(old);
	BUG_ON(page->_mapcount <= 0);           /* unmapped more often than mapped */
	page->_mapcount--;
	mm->rss--;
	return page;
}

/* The first touch of anonymous memory: a read maps the shared zero page
 * read-only (no frame used), a write a fresh zeroed frame, writable. */
static noinline int do_anonymous_page(struct vm_area_struct *vma, unsigned long addr, pte_t *pte,
			     unsigned int flags)
{
	if (!(flags & FAULT_FLAG_WRITE)) {
		*pte = pfn_pte(page_to_pfn(zero_page), (vm_page_prot(vma->vm_flags) & ~_PAGE_RW) |
			       _PAGE_SPECIAL | _PAGE_ACCESSED);
		vm_events.zero_page++;
		trace_fault(TRACE_ZERO_PAGE, addr, 0, page_to_pfn(zero_page), 0, 0);
		return 0;
	}
	struct page *page = alloc_page(__GFP_ZERO);
	if (!page)
		return VM_FAULT_OOM;
	page->flags |= PG_anon;
	map_page(vma, pte, page, true, true);
	vm_events.zero_fill++;
	trace_fault(TRACE_ZERO_FILL, addr, 0, page_to_pfn(page), 0, 1);
	return 0;
}

/*
 * Maps a new anonymous frame, a copy of old (zeroed when old is the zero
 * page), writable at pte in place of what it mapped, if anything: the
 * copy of copy-on-write (do_wp_page), and of a private write to a
 * file's page (do_fault, where the pte was empty).
 */
static noinline int wp_page_copy(struct vm_area_struct *vma, unsigned long addr, pte_t *pte,
				 struct page *old, int kind)
{
	bool from_zero = old == zero_page;
	struct page *new = alloc_page(from_zero ? __GFP_ZERO : GFP_KERNEL);
	if (!new)
		return VM_FAULT_OOM;
	if (!from_zero)
		memcpy(page_address(new), page_address(old), PAGE_SIZE);
	new->flags |= PG_anon;
	int before = from_zero ? 0 : page_count(old);
	/* Every CPU drops the old translation before the new frame is mapped
	 * and before the old frame's reference goes (Linux's order). */
	pte_t old_pte = pte_mapped(*pte) ? ptep_clear_flush(vma->vm_mm, addr, pte) : 0;
	map_page(vma, pte, new, true, true);
	struct page *gone = old_pte ? unmap_pte_page(vma->vm_mm, old_pte) : NULL;
	if (gone)
		put_page(gone);
	if (from_zero) {
		vm_events.zero_fill++;
		trace_fault(TRACE_ZERO_FILL, addr, page_to_pfn(old), page_to_pfn(new), 0, 1);
	} else {
		if (kind == TRACE_COW_COPY)
			vm_events.cow_copy++;
		else
			vm_events.file_cow++;
		trace_fault(kind, addr, page_to_pfn(old), page_to_pfn(new), before, page_count(old));
	}
	return 0;
}

/*
 * A write to a present, write-protected page of a writable area
 * (Linux's do_wp_page): reuse the frame if nobody else holds it, else copy.
 */
static noinline int do_wp_page(struct vm_area_struct *vma, unsigned long addr, pte_t *pte)
{
	pte_t orig = *pte;
	struct page *page = pte_page(orig);
	if (orig & _PAGE_SPECIAL)
		return wp_page_copy(vma, addr, pte, zero_page, TRACE_ZERO_FILL);
	if (vma->vm_flags & VM_SHARED) {
		*pte = orig | _PAGE_RW | _PAGE_DIRTY | _PAGE_SOFT_DIRTY;
		flush_tlb_one(addr);
		return 0;
	}
	if ((page->flags & PG_anon) && page_count(page) == 1) {
		*pte = orig | _PAGE_RW | _PAGE_DIRTY | _PAGE_SOFT_DIRTY | _PAGE_ACCESSED;
		flush_tlb_one(addr);
		vm_events.cow_reuse++;
		trace_fault(TRACE_COW_REUSE, addr, page_to_pfn(page), page_to_pfn(page), 1, 1);
		return 0;
	}
	return wp_page_copy(vma, addr, pte, page, (page->flags & PG_anon) ? TRACE_COW_COPY : TRACE_FILE_COW);
}

/*
 * A fault on a never-touched page of a file-backed area (Linux's
 * do_fault): the area's vm_ops->fault finds the file's page; a private
 * write maps a copy of it (Linux's do_cow_fault), any other access the
 * page itself.
 */
static noinline int do_fault(struct vm_area_struct *vma, unsigned long addr, pte_t *pte, unsigned int flags)
{
	struct vm_fault vmf = {
		.vma = vma, .address = addr, .flags = flags,
		.pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT),
	};
	int ret = vma->vm_ops->fault(&vmf);
	if (ret)
		return ret;
	struct page *page = vmf.page;
	bool shared = vma->vm_flags & VM_SHARED;
	if (!shared && (flags & FAULT_FLAG_WRITE))
		return wp_page_copy(vma, addr, pte, page, TRACE_FILE_COW);
	map_page(vma, pte, page, shared && (flags & FAULT_FLAG_WRITE), false);
	if (shared && (vma->vm_flags & VM_WRITE) && (vma->vm_flags & VM_SOFTDIRTY))
		*pte |= _PAGE_RW;               /* a shared page never needs copying */
	vm_events.file_read++;
	trace_fault(TRACE_FILE_READ, addr, 0, page_to_pfn(page), 0, page_count(page));
	return 0;
}

/* Called with a VMA that allows the access; returns 0 or VM_FAULT_*. */
int handle_mm_fault(struct vm_area_struct *vma, unsigned long address, unsigned int flags)
{
	unsigned long addr = address & PAGE_MASK;
	pte_t *pte = pte_walk(vma->vm_mm->pgd, addr, true);
	if (!pte)
		return VM_FAULT_OOM;
	current->min_flt++;
	if (!pte_present(*pte)) {
		if (*pte & _PAGE_PROTNONE)
			return VM_FAULT_SIGSEGV;
		if (vma->vm_ops)
			return do_fault(vma, addr, pte, flags);
		return do_anonymous_page(vma, addr, pte, flags);
	}
	if ((flags & FAULT_FLAG_WRITE) && !pte_write(*pte))
		return do_wp_page(vma, addr, pte);
	flush_tlb_one(addr);                    /* a stale TLB entry: retry */
	return 0;
}

/* A growsdown stack grows to cover address (within RLIMIT_STACK, and
 * not closer than the guard gap to the area below - unless, as on Linux,
 * that area is a stack too or cannot be accessed at all: PROT_NONE is
 * already a guard). */
int expand_stack(struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long start = address & PAGE_MASK;
	if (vma->vm_end - start > rlimit(RLIMIT_STACK))
		return -ENOMEM;
	struct vm_area_struct *prev = prev_vma(mm, vma);
	if (prev && !(prev->vm_flags & VM_GROWSDOWN) &&
	    (prev->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)) &&
	    start < prev->vm_end + 256 * PAGE_SIZE)
		return -ENOMEM;
	if (start < 0x10000)
		return -ENOMEM;
	mm->total_vm += (vma->vm_start - start) >> PAGE_SHIFT;
	vma->vm_start = start;
	return 0;
}

/* ---- fork: copying the page tables of one area ------------------------------------ */

/*
 * The child's entry *dst shares the frame of the parent's *src (present,
 * or a PROT_NONE page that keeps its frame).  In a COW area a writable
 * entry first loses its write bit in the parent, so both sides map the
 * frame read-only and the first write faults into do_wp_page.  The zero
 * page (_PAGE_SPECIAL) is shared without a count.
 */
static void copy_present_pte(struct mm_struct *dst_mm, pte_t *dst, pte_t *src, bool cow)
{
	pte_t pte = *src;
	if (!(pte & _PAGE_SPECIAL)) {
		struct page *page = pte_page(pte);
		if (cow && (pte & _PAGE_RW)) {
			pte &= ~_PAGE_RW;
			*src = pte;
			vm_events.forks_pages++;
		}
		get_page(page);
		page->_mapcount++;
		dst_mm->rss++;
	}
	*dst = pte;
}

/*
 * The entries of [addr, end), all in the one page table that src_pmd
 * points to.  The child's table is made (by pte_walk) at the first entry
 * that maps a frame: a table with nothing mapped in the area is not copied.
 */
static int copy_pte_range(struct mm_struct *dst_mm, pte_t *src_pmd, unsigned long addr,
			  unsigned long end, bool cow)
{
	pte_t *dst_table = NULL;
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
		copy_present_pte(dst_mm, &dst_table[pte_index(addr)], src_pte, cow);
	}
	return 0;
}

/* Each level below visits only the entries of [addr, end) that have a
 * table under them: an empty entry skips its whole span at once. */
static int copy_pmd_range(struct mm_struct *dst_mm, pte_t *src_pud, unsigned long addr,
			  unsigned long end, bool cow)
{
	pte_t *src_pmd = pmd_offset(src_pud, addr);
	unsigned long next;
	do {
		next = pmd_addr_end(addr, end);
		if (pmd_none(*src_pmd))
			continue;
		if (copy_pte_range(dst_mm, src_pmd, addr, next, cow))
			return -ENOMEM;
	} while (src_pmd++, addr = next, addr != end);
	return 0;
}

static int copy_pud_range(struct mm_struct *dst_mm, pte_t *src_pgd, unsigned long addr,
			  unsigned long end, bool cow)
{
	pte_t *src_pud = pud_offset(src_pgd, addr);
	unsigned long next;
	do {
		next = pud_addr_end(addr, end);
		if (pud_none(*src_pud))
			continue;
		if (copy_pmd_range(dst_mm, src_pud, addr, next, cow))
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
	bool cow = is_cow_mapping(vma->vm_flags);
	unsigned long addr = vma->vm_start, end = vma->vm_end, next;
	pte_t *src_pgd = pgd_offset(src, addr);
	do {
		next = pgd_addr_end(addr, end);
		if (pgd_none(*src_pgd))
			continue;
		if (copy_pud_range(dst, src_pgd, addr, next, cow))
			return -ENOMEM;
	} while (src_pgd++, addr = next, addr != end);
	return 0;
}

/* ---- whole ranges of page tables: munmap, exit, truncate, mprotect ------------------ */

static void zap_ptes(pte_t *p, unsigned long start, unsigned long end, void *arg)
{
	struct mmu_gather *tlb = arg;
	for (unsigned long a = start; a < end; a += PAGE_SIZE, p++) {
		if (!pte_mapped(*p))
			continue;
		pte_t old = *p;
		*p = 0;
		tlb_remove_tlb_entry(tlb, a);
		struct page *page = unmap_pte_page(tlb->mm, old);
		if (page)
			tlb_remove_page(tlb, page);
	}
}

/* Unmaps every page in [start, end) and drops the frames' references,
 * after every CPU has flushed the range (mmu_gather). */
void zap_page_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct mmu_gather tlb;
	tlb_gather_mmu(&tlb, mm);
	walk_pte_range(mm->pgd, start, end, zap_ptes, &tlb);
	tlb_finish_mmu(&tlb);
}

/*
 * A file shrank to `from` bytes: every page of it wholly past the new end
 * leaves every address space that maps it - the file's own frames and the
 * private copies made from them alike (Linux's unmap_mapping_range with
 * even_cows) - so that a later touch there faults and gets SIGBUS, as
 * past any end of file.  ushi keeps no reverse map: it looks at every
 * task's mm (an mm shared by threads is zapped once, then found empty).
 */
void unmap_mapping_range(struct inode *inode, loff_t from)
{
	unsigned long first = DIV_ROUND_UP((unsigned long)from, PAGE_SIZE);
	struct task_struct *p, *t;
	for_each_process(p) {
		for_each_thread(p, t) {
			if (!t->mm)
				continue;
			struct vm_area_struct *vma;
			list_for_each_entry(vma, &t->mm->mmap, vm_list) {
				if (!vma->vm_file || vma->vm_file->f_inode != inode)
					continue;
				unsigned long pages = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
				if (first >= vma->vm_pgoff + pages)
					continue;
				unsigned long skip = first > vma->vm_pgoff ? first - vma->vm_pgoff : 0;
				zap_page_range(t->mm, vma->vm_start + (skip << PAGE_SHIFT), vma->vm_end);
			}
		}
	}
}
