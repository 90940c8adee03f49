/*
 * debug.c - audits of the memory invariants, for test builds: compiled in
 * with -DUSHI_DEBUG (make fuzz builds its kernel so; `make KDEFS=-DUSHI_DEBUG`
 * after a `make clean` does the same for the rest).  A broken invariant
 * panics with a sentence that names it, so that the fuzzer finds the first
 * corruption, not the crash it causes much later.
 *
 * mm_audit() runs at every process exit and checks, over every address
 * space in use (each page-table entry of the user half) and every frame:
 *
 *   a page table never maps a free frame (one on a free list, or with no
 *   references), nor anything outside an area of its mm;
 *   an area has vm_ops exactly when it has a file or is a special mapping
 *   (do_fault needs them, anonymous memory must not fault through them);
 *   a frame's _mapcount is exactly the number of entries that map it, and
 *   its reference count is at least that;
 *   a PTE table shared by on-demand fork (include/odf.h) is counted once
 *   for its entries, and its pt_share_count (which is its _mapcount) is
 *   exactly the number of write-protected PMD entries that point at it -
 *   so a table freed while referenced, or a reference leaked, is caught;
 *   its pt_rss is the number of its entries that hold a counted frame;
 *   the free lists hold exactly nr_free_pages frames, each block marked
 *   free, with no references and no mappings.
 *
 * The cheap checks are always on, in the code they guard: a frame freed
 * twice or still mapped (page_alloc.c), reference counts that would drop
 * below zero (put_page, mmput, fput, put_pid, iput, dput, ...).  With
 * USHI_DEBUG also list corruption (list.h: an entry added to a second list
 * breaks its first one, which the next removal notices), kfree of a free
 * object, and poisoned freed memory (kmalloc.c).
 */
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <odf.h>
#include <sched.h>
#include <setup.h>

#ifdef USHI_DEBUG

static u32 *map_counts;         /* per frame: the page-table entries seen mapping it */
static unsigned counts_order;

struct audit_ctx {
	struct mm_struct *mm;
	int owner;                      /* a pid using mm, for messages; -1 if none */
	struct vm_area_struct *vma;     /* the area at or after the last address seen */
};

/*
 * The PTE table that pte lies in, seen from one more mm: a shared table
 * (pt_share_count > 0) counts one more reference in map_counts[] of its
 * own frame, and true is returned only at the first sight (its entries
 * are counted then).  Every table's pt_rss is checked at the first sight.
 */
static bool audit_table(pte_t *pte, struct audit_ctx *c)
{
	struct page *tp = pte_table_page(pte);
	unsigned long tpfn = page_to_pfn(tp);
	if (!(tp->flags & PG_pgtable))
		panic("invariant broken: pid %d's PMD points at frame %lx, not a page table",
		      c->owner, tpfn);
	bool first = !tp->pt_share_count || map_counts[tpfn]++ == 0;
	if (first) {
		unsigned rss = 0;
		pte_t *t = (pte_t *)((unsigned long)pte & PAGE_MASK);
		for (int i = 0; i < 512; i++)
			rss += pte_mapped(t[i]) && !(t[i] & _PAGE_SPECIAL);
		if (rss != tp->pt_rss)
			panic("invariant broken: PTE table %lx holds %u frames but its pt_rss says %u",
			      tpfn, rss, tp->pt_rss);
	}
	return first;
}

static void audit_ptes(pte_t *pte, unsigned long start, unsigned long end, void *arg)
{
	struct audit_ctx *c = arg;
	bool count = audit_table(pte, c);
	for (unsigned long a = start; a < end; a += PAGE_SIZE, pte++) {
		if (!pte_mapped(*pte))
			continue;
		while (c->vma && c->vma->vm_end <= a)
			c->vma = c->vma->vm_list.next == &c->mm->mmap ? NULL :
				 list_entry(c->vma->vm_list.next, struct vm_area_struct, vm_list);
		if (!c->vma || c->vma->vm_start > a)
			panic("invariant broken: pid %d maps %lx (pte %lx), outside every area of its mm",
			      c->owner, a, (unsigned long)*pte);
		if ((*pte & _PAGE_SPECIAL) || !count)
			continue;               /* the zero page: never counted; a shared table: once */
		unsigned long pfn = pte_pfn(*pte);
		if (pfn >= max_pfn)
			panic("invariant broken: pid %d maps %lx to frame %lx, beyond RAM",
			      c->owner, a, pfn);
		struct page *page = pfn_to_page(pfn);
		if (page->_refcount <= 0 || (page->flags & (PG_buddy | PG_reserved)))
			panic("invariant broken: pid %d maps %lx to frame %lx, which is free "
			      "(refcount %d, flags %x)", c->owner, a, pfn, page->_refcount, page->flags);
		map_counts[pfn]++;
	}
}

static void leftover_ptes(pte_t *pte, unsigned long start, unsigned long end, void *arg)
{
	(void)arg;
	for (unsigned long a = start; a < end; a += PAGE_SIZE, pte++)
		if (pte_mapped(*pte))
			panic("invariant broken: an mm torn down (pid %d %s) still maps %lx (pte %lx) "
			      "after every area was unmapped", current->pid, current->comm, a,
			      (unsigned long)*pte);
}

/* mmput: once every area is unmapped, no page-table entry may be left. */
void mm_audit_teardown(struct mm_struct *mm)
{
	walk_pte_range(mm->pgd, 0, TASK_SIZE_MAX + PAGE_SIZE, leftover_ptes, NULL);
}

static void audit_vmas(struct mm_struct *mm, int owner)
{
	struct vm_area_struct *vma;
	list_for_each_entry(vma, &mm->mmap, vm_list)
		if (!vma->vm_file != !vma->vm_ops && !vma_is_any_special_mapping(vma) &&
		    !(vma->vm_file && is_dev_zero(vma->vm_file)))
			panic("invariant broken: pid %d's area %lx-%lx has %s but %s", owner,
			      vma->vm_start, vma->vm_end, vma->vm_file ? "a file" : "no file",
			      vma->vm_ops ? "vm_ops" : "no vm_ops");
}

/* A task that uses mm, for the audit's messages (-1: none, an mm being
 * built or torn down). */
static int mm_owner_pid(struct mm_struct *mm)
{
	struct task_struct *p, *t;
	for_each_process(p)
		for_each_thread(p, t)
			if (t->mm == mm)
				return t->pid;
	return -1;
}

/*
 * audit_selftest=mapcount|put_page|list|pt_share on the command line: at the first
 * exit, break that invariant on purpose, so that a student (and the host
 * test tests/host/audits.sh) sees each audit fire and what its panic says.
 */
static void audit_selftest(void)
{
	static bool done;
	const char *what = audit_selftest_param;
	if (!what || done)
		return;
	done = true;
	if (strcmp(what, "mapcount") == 0) {
		struct vm_area_struct *vma;
		list_for_each_entry(vma, &current->mm->mmap, vm_list)
			for (unsigned long a = vma->vm_start; a < vma->vm_end; a += PAGE_SIZE) {
				pte_t *pte = pte_walk(current->mm->pgd, a, false);
				if (pte && pte_mapped(*pte) && !(*pte & _PAGE_SPECIAL)) {
					pfn_to_page(pte_pfn(*pte))->_mapcount++;   /* one mapping too many */
					return;
				}
			}
	} else if (strcmp(what, "pt_share") == 0) {
		/* a PTE table of ours counts two sharers no PMD entry is */
		struct vm_area_struct *vma;
		list_for_each_entry(vma, &current->mm->mmap, vm_list) {
			pte_t *pte = pte_walk(current->mm->pgd, vma->vm_start, false);
			if (pte) {
				pte_table_page(pte)->pt_share_count += 2;
				return;
			}
		}
	} else if (strcmp(what, "put_page") == 0) {
		struct page *p = alloc_pages(GFP_KERNEL, 0);
		put_page(p);
		put_page(p);                    /* a reference dropped twice */
	} else if (strcmp(what, "list") == 0) {
		static LIST_HEAD(head);
		static struct list_head entry;
		list_add(&entry, &head);
		list_add(&entry, &head);        /* on the list already */
	}
}

/*
 * Page faults run beside the audit on other CPUs, without the big kernel
 * lock: one that has counted a mapping but not yet written its PTE would
 * look like a broken invariant.  Every such step happens under its mm's
 * page_table_lock, so the audit holds all of them (the rest of mm/
 * changes PTEs under the big kernel lock, which the audit holds too, and
 * never sleeps half-way).  The walk is over mmlist, every mm that
 * exists, not over tasks: a fork's child, an exec's new image and an mm
 * whose last user is leaving have mappings no task points at.
 * Raw locks (raw_spin_lock spins with interrupts let in, as spin_lock):
 * they are all one class, and one per mm is more than the validator's
 * stack of held locks (MAX_LOCK_DEPTH) holds.
 */
static void audit_lock_mms(bool lock)
{
	struct mm_struct *mm;
	list_for_each_entry(mm, &mmlist, mmlist) {
		if (!lock) {
			raw_spin_unlock(&mm->page_table_lock);
			continue;
		}
		raw_spin_lock(&mm->page_table_lock);
	}
}

void mm_audit(void)
{
	audit_selftest();
	if (!map_counts) {
		unsigned long bytes = max_pfn * sizeof *map_counts;
		while ((PAGE_SIZE << counts_order) < bytes)
			counts_order++;
		struct page *p = alloc_pages(GFP_KERNEL, counts_order);
		if (!p)
			return;                 /* out of memory: audit next time */
		map_counts = page_address(p);
	}
	memset(map_counts, 0, max_pfn * sizeof *map_counts);
	spin_lock(&mmlist_lock);
	audit_lock_mms(true);
	struct mm_struct *mm;
	list_for_each_entry(mm, &mmlist, mmlist) {
		struct audit_ctx c = { mm, mm_owner_pid(mm), list_empty(&mm->mmap) ? NULL :
			list_first_entry(&mm->mmap, struct vm_area_struct, vm_list) };
		walk_pte_range(mm->pgd, 0, TASK_SIZE_MAX + PAGE_SIZE, audit_ptes, &c);
		audit_vmas(mm, c.owner);
	}
	for (unsigned long pfn = 0; pfn < max_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);
		if ((page->flags & PG_pgtable) && page->pt_share_count != (int)map_counts[pfn])
			panic("invariant broken: PTE table %lx has pt_share_count %d but %u PMD entries "
			      "point at it (a reference leaked, or a table freed while referenced)",
			      pfn, page->pt_share_count, map_counts[pfn]);
		if (page->_mapcount != (int)map_counts[pfn])
			panic("invariant broken: frame %lx has _mapcount %d but %u page-table entries map it "
			      "(refcount %d, flags %x)", pfn, page->_mapcount, map_counts[pfn],
			      page->_refcount, page->flags);
		if (page->_refcount < page->_mapcount && !(page->flags & PG_pgtable))
			panic("invariant broken: frame %lx has %d references but %d mappings",
			      pfn, page->_refcount, page->_mapcount);
	}
	audit_lock_mms(false);
	spin_unlock(&mmlist_lock);
	check_free_lists();
}

void list_corrupted(const char *what, const void *entry)
{
	panic("invariant broken: %s (entry %p)", what, entry);
}

/* What the frames in use are, by kind (said when init exits). */
void frame_census(void)
{
	unsigned long anon = 0, file = 0, pgtable = 0, slab = 0, large = 0, other = 0, freed = 0;
	for (unsigned long pfn = 0; pfn < max_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);
		if (page->flags & PG_reserved)
			continue;
		if (page->flags & PG_buddy) {
			freed += 1UL << page->order;
			pfn += (1UL << page->order) - 1;
		} else if (page->flags & PG_head) {
			large += 1UL << page->order;
			pfn += (1UL << page->order) - 1;
		} else if (page->flags & PG_anon) {
			anon++;
		} else if (page->flags & PG_file) {
			file++;
		} else if (page->flags & PG_pgtable) {
			pgtable++;
		} else if (page->flags & PG_slab) {
			slab++;
		} else if (page->_refcount) {
			other++;
		}
	}
	printk("frames: %lu free, in use: %lu anonymous, %lu file, %lu page tables, %lu slab, "
	       "%lu kmalloc'd, %lu other (stacks, pipes...)\n", freed, anon, file, pgtable, slab, large, other);
}

#endif
