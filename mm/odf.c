/*
 * odf.c - on-demand fork: sharing PTE tables copy-on-write at fork, and
 * unsharing them at the first change (include/odf.h has the invariant).
 *
 *   parent PMD ──(no RW)──┐
 *                         ├──> one PTE table (pt_share_count 2) ──> frames
 *   child PMD ───(no RW)──┘
 *
 * fork (odf_copy_pmd): a table whose every area may be shared gets a
 * second PMD entry; frames' counts are not touched; the child's rss gets
 * the table's pt_rss.  Classic fork copies it instead when an area of the
 * table is MAP_SHARED, VM_DONTCOPY, VM_WIPEONFORK or special (vDSO).
 *
 * unshare (odf_unshare_pmd), by the mm about to change the table:
 *   pt_share_count 1 (the others are gone): reuse - the PMD gets RW back;
 *   else copy - a fresh table gets every entry, each frame a reference and
 *   a mapping as classic fork's copy_present_pte gives, writable private
 *   entries write-protected (in the shared table too, so that whoever
 *   reuses it later cannot write a frame the copy maps); the PMD points at
 *   the copy, every CPU of this mm flushes the 2 MiB, and the old table
 *   loses a reference.
 * drop (exit, munmap of a whole table): the PMD is cleared, the TLB
 *   flushed, rss loses pt_rss and the table a reference: O(1).
 * The reference that reaches 0 (put_table) drops the frames and the table.
 *
 * Locking and SMP.  PMD entries change under their mm's page_table_lock,
 * with mmap_lock held (read for faults, write for the rest; fork holds the
 * parent's for writing, so no thread of the parent faults while it
 * shares).  pt_share_count changes under odf_lock (taken inside
 * page_table_lock), and is atomic for the readers that look without it.
 * Why the last-sharer test and the reuse are race-free: the count is read
 * under odf_lock with this mm's PMD still pointing at the table, so it
 * counts us.  It rises only at a fork of an mm that maps the table; if it
 * reads 1 we are the only such mm, and our own fork is excluded by our
 * mmap_lock.  So a 1 stays 1 and nobody else reads the table afterwards:
 * reusing it is ours alone.  Any count above 1 means copy, and the copy,
 * the switch of our PMD, our TLB flush and the decrement all happen in
 * one hold of odf_lock: two sharers never copy the same table at once, so
 * the second finds the count 1 and reuses instead of copying it too, and
 * an unshare never frees a table.  The flush precedes the decrement
 * because a CPU may cache the PMD entry (the paging-structure cache):
 * once the last sharer reuses the table and fills new entries, a stale
 * walk through it would read its private pages.  A table is freed only
 * when its last sharer lets go of it without copying (drop_table: munmap,
 * exit), with that mm's mmap_lock held for writing or no users left, and
 * the big kernel lock held (a system call, or exit).
 *
 * Who may read a shared table, then: a fault reads its entry under the
 * page_table_lock with the PMD entry checked again (odf_fault) and goes
 * on to the PTE-level logic only once the PMD is writable - a writable PMD
 * entry stays put while mmap_lock is held, as every table did before odf;
 * the debug audit holds every page_table_lock; the readers of /proc and
 * ptrace hold the big kernel lock, which keeps drop_table from freeing a
 * table under them (they do not sleep between the walk and the read).
 * What they may still see, in a window of a few instructions: a table
 * their mm just left by copying, whose last sharer reuses it at that
 * moment.  Linux frees page tables after an RCU grace period for this;
 * ushi has none.
 *
 * The copy and the frames' mappings happen under this mm's lock, so the
 * debug audit (which holds every mm's lock) never sees them half-done.
 */
#include <errno.h>
#include <kernel.h>
#include <mm.h>
#include <odf.h>
#include <pgtable.h>
#include <sched.h>
#include <tlbflush.h>
#include <trace.h>

bool fork_odf;
static DEFINE_SPINLOCK(odf_lock);       /* every pt_share_count change; inside page_table_lock */
struct odf_counts odf_counts;
unsigned long nr_shared_tables;

#define TABLE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER)
#define count_odf(field) __atomic_fetch_add(&odf_counts.field, 1, __ATOMIC_RELAXED)

/* fork=odf|classic; anything else is said on the console and ignored. */
void fork_mode_setup(const char *val)
{
	if (strcmp(val, "odf") == 0)
		fork_odf = true;
	else if (strcmp(val, "classic") == 0)
		fork_odf = false;
	else
		printk("fork=%s: unknown (odf or classic); fork stays classic\n", val);
}

static const char *const reason_names[] = {
	[ODF_FAULT] = "fault", [ODF_UNMAP] = "unmap", [ODF_MPROTECT] = "mprotect",
	[ODF_MREMAP] = "mremap", [ODF_CLEAR_REFS] = "clear_refs",
	[ODF_FORK] = "fork", [ODF_EXIT] = "exit",
};

static void trace_unshare(unsigned long va, struct page *table, int why, const char *how,
			  int before, int after)
{
	if (!(trace_mask & TRACE_COW))
		return;
	printk("[trace] pt-unshare pid=%d va=0x%lx table=0x%lx why=%s how=%s sharers=%d->%d\n",
	       current->pid, va & ~(PMD_SIZE - 1), page_to_pfn(table), reason_names[why], how,
	       before, after);
}

void odf_fork_done(struct mm_struct *parent __unused, struct mm_struct *child)
{
	if (fork_odf && (trace_mask & TRACE_COW))
		printk("[trace] pt-share pid=%d tables=%lu rss=%lu\n", current->pid,
		       child->pt_shared_at_fork, get_mm_rss(child));
}

static bool pmd_same(pte_t a, pte_t b)
{
	return ((a ^ b) & ~_PAGE_ACCESSED) == 0;
}

static struct page *pmd_table(pte_t pmd)
{
	return virt_to_page(pgtable_page(pmd));
}

/* ---- fork ------------------------------------------------------------------------ */

static bool vma_sharable(const struct vm_area_struct *v)
{
	return !(v->vm_flags & (VM_SHARED | VM_DONTCOPY | VM_WIPEONFORK | VM_SPECIAL));
}

/* May the PTE table of the 2 MiB at base be shared with a child?  Only
 * if every area of the parent that it maps is private and copied whole
 * (outside the areas its entries are empty: munmap cleared them). */
static bool table_sharable(struct vm_area_struct *vma, unsigned long base)
{
	unsigned long end = base + PMD_SIZE;
	if (!vma_sharable(vma))
		return false;
	if (vma->vm_start <= base && vma->vm_end >= end)
		return true;
	struct mm_struct *mm = vma->vm_mm;
	for (struct vm_area_struct *v = find_vma(mm, base); v && v->vm_start < end;
	     v = v->vm_list.next == &mm->mmap ? NULL :
		 list_entry(v->vm_list.next, struct vm_area_struct, vm_list))
		if (!vma_sharable(v))
			return false;
	return true;
}

int odf_copy_pmd(struct mm_struct *dst, pte_t *src_pmd, struct vm_area_struct *vma,
		 unsigned long addr)
{
	struct mm_struct *src = vma->vm_mm;
	if (!table_sharable(vma, addr & ~(PMD_SIZE - 1))) {
		/* classic copy_present_pte write-protects the source entries */
		if (odf_unshare_pmd(src, src_pmd, addr, ODF_FORK))
			return -ENOMEM;
		return 0;
	}
	pte_t *dst_pmd = pmd_walk(dst->pgd, addr, true);    /* dst is ours alone: no lock */
	if (!dst_pmd)
		return -ENOMEM;
	if (!pmd_none(*dst_pmd))
		return 1;               /* shared already, for an earlier area of this table */
	spin_lock(&src->page_table_lock);
	spin_lock(&odf_lock);
	pte_t e = READ_ONCE(*src_pmd);
	struct page *tp = pmd_table(e);
	if (e & _PAGE_RW) {
		__atomic_store_n(&tp->pt_share_count, 2, __ATOMIC_RELAXED);
		__atomic_and_fetch(src_pmd, ~_PAGE_RW, __ATOMIC_RELAXED);  /* the CPU sets A meanwhile */
		__atomic_fetch_add(&nr_shared_tables, 1, __ATOMIC_RELAXED);
	} else {
		__atomic_fetch_add(&tp->pt_share_count, 1, __ATOMIC_RELAXED);
	}
	spin_unlock(&odf_lock);
	spin_unlock(&src->page_table_lock);
	*dst_pmd = e & ~_PAGE_RW;
	add_mm_rss(dst, tp->pt_rss);
	dst->pt_shared_at_fork++;
	count_odf(tables_shared);
	return 1;
}

/* ---- unsharing ------------------------------------------------------------------- */

/*
 * Drops one reference to the shared table tp; the last one drops the
 * table's frames (one mapping and one reference each) and frees it.
 * Every mm that pointed at it has flushed its TLB already.  Returns true
 * if it freed the table.  odf_lock held.
 */
static bool put_table(struct page *tp)
{
	int left = __atomic_sub_fetch(&tp->pt_share_count, 1, __ATOMIC_ACQ_REL);
	BUG_ON(left < 0);
	if (left)
		return false;
	pte_t *t = page_address(tp);
	for (int i = 0; i < PTRS_PER_PTE; i++) {
		pte_t pte = t[i];
		if (!pte_mapped(pte) || (pte & _PAGE_SPECIAL))
			continue;
		struct page *page = pte_page(pte);
		BUG_ON(page_mapcount_dec(page) < 0);
		put_page(page);
	}
	tp->pt_rss = 0;
	__atomic_fetch_sub(&nr_shared_tables, 1, __ATOMIC_RELAXED);
	count_odf(tables_freed);
	free_page(t);
	return true;
}

/*
 * Fills dst with the entries of the shared table src, as classic fork
 * would have copied them: each frame one more reference and mapping,
 * writable entries write-protected here and in src (read once each: the
 * CPU may set accessed bits meanwhile).  Returns the frames counted in rss.
 */
static unsigned copy_shared_table(pte_t *dst, pte_t *src)
{
	unsigned rss = 0;
	for (int i = 0; i < PTRS_PER_PTE; i++) {
		pte_t pte = READ_ONCE(src[i]);
		if (pte & _PAGE_RW)
			pte = __atomic_and_fetch(&src[i], ~_PAGE_RW, __ATOMIC_RELAXED);
		if (pte_mapped(pte) && !(pte & _PAGE_SPECIAL)) {
			struct page *page = pte_page(pte);
			get_page(page);
			page_mapcount_inc(page);
			rss++;
		}
		dst[i] = pte;
	}
	return rss;
}

int odf_unshare_pmd(struct mm_struct *mm, pte_t *pmd, unsigned long addr, int why)
{
	unsigned long base = addr & ~(PMD_SIZE - 1);
	struct page *np = NULL;         /* the copy's table, had without the lock */
	for (;;) {
		pte_t e = READ_ONCE(*pmd);
		if (!pmd_shared(e))
			break;
		struct page *tp = pmd_table(e);
		if (!np && __atomic_load_n(&tp->pt_share_count, __ATOMIC_ACQUIRE) > 1) {
			np = alloc_page(GFP_KERNEL);
			if (!np)
				return -ENOMEM;
			continue;
		}
		spin_lock(&mm->page_table_lock);
		if (!pmd_same(READ_ONCE(*pmd), e)) {
			spin_unlock(&mm->page_table_lock);
			continue;               /* another thread of mm unshared it */
		}
		spin_lock(&odf_lock);
		int sharers = __atomic_load_n(&tp->pt_share_count, __ATOMIC_ACQUIRE);
		if (sharers == 1) {
			__atomic_store_n(&tp->pt_share_count, 0, __ATOMIC_RELAXED);
			__atomic_or_fetch(pmd, _PAGE_RW, __ATOMIC_RELEASE);
			__atomic_fetch_sub(&nr_shared_tables, 1, __ATOMIC_RELAXED);
			spin_unlock(&odf_lock);
			spin_unlock(&mm->page_table_lock);
			/* a permission gain: stale entries fault once and flush */
			count_odf(unshared_reuse);
			trace_unshare(addr, tp, why, "reuse", 1, 0);
			break;
		}
		if (!np) {
			spin_unlock(&odf_lock);
			spin_unlock(&mm->page_table_lock);
			continue;
		}
		np->flags |= PG_pgtable;
		pte_t *nt = page_address(np);
		np->pt_rss = copy_shared_table(nt, pgtable_page(e));
		BUG_ON(np->pt_rss != tp->pt_rss);      /* the shared table's count went wrong */
		__atomic_store_n(pmd, __pa(nt) | TABLE_FLAGS, __ATOMIC_RELEASE);
		flush_tlb_mm_range(mm, base, base + PMD_SIZE);
		bool freed = put_table(tp);
		BUG_ON(freed);          /* sharers was 2 or more, and odf_lock is held */
		spin_unlock(&odf_lock);
		spin_unlock(&mm->page_table_lock);
		np = NULL;
		count_odf(unshared_copy);
		trace_unshare(addr, tp, why, "copy", sharers, sharers - 1);
		break;
	}
	if (np)
		put_page(np);
	return 0;
}

/* mm lets go of the shared table under *pmd without copying it. */
static void drop_table(struct mm_struct *mm, pte_t *pmd, unsigned long addr, int why)
{
	unsigned long base = addr & ~(PMD_SIZE - 1);
	spin_lock(&mm->page_table_lock);
	pte_t e = READ_ONCE(*pmd);
	if (!pmd_shared(e)) {
		spin_unlock(&mm->page_table_lock);
		return;
	}
	struct page *tp = pmd_table(e);
	spin_lock(&odf_lock);
	int sharers = __atomic_load_n(&tp->pt_share_count, __ATOMIC_RELAXED);
	WRITE_ONCE(*pmd, 0);
	flush_tlb_mm_range(mm, base, base + PMD_SIZE);
	add_mm_rss(mm, -(long)tp->pt_rss);
	bool freed = put_table(tp);
	spin_unlock(&odf_lock);
	spin_unlock(&mm->page_table_lock);
	count_odf(tables_dropped);
	trace_unshare(addr, tp, why, freed ? "drop+free" : "drop", sharers, sharers - 1);
}

typedef int (*shared_pmd_fn)(struct mm_struct *mm, pte_t *pmd, unsigned long addr,
			     unsigned long next, int why);

/* Calls fn for each shared PMD entry of mm over [start, end), with the
 * part [addr, next) of the range it covers; stops at an error. */
static int for_each_shared_pmd(struct mm_struct *mm, unsigned long start, unsigned long end,
			       shared_pmd_fn fn, int why)
{
	if (end > TASK_SIZE_MAX + PAGE_SIZE)
		end = TASK_SIZE_MAX + PAGE_SIZE;
	if (start >= end)
		return 0;
	unsigned long addr = start, next;
	pte_t *pgd = pgd_offset(mm, addr);
	do {
		next = pgd_addr_end(addr, end);
		if (pgd_none(*pgd))
			continue;
		unsigned long a = addr, n;
		pte_t *pud = pud_offset(pgd, a);
		do {
			n = pud_addr_end(a, next);
			if (pud_none(*pud))
				continue;
			unsigned long b = a, m;
			pte_t *pmd = pmd_offset(pud, b);
			do {
				m = pmd_addr_end(b, n);
				if (pmd_shared(READ_ONCE(*pmd))) {
					int err = fn(mm, pmd, b, m, why);
					if (err)
						return err;
				}
			} while (pmd++, b = m, b != n);
		} while (pud++, a = n, a != next);
	} while (pgd++, addr = next, addr != end);
	return 0;
}

static int unshare_one(struct mm_struct *mm, pte_t *pmd, unsigned long addr,
		       unsigned long next __unused, int why)
{
	return odf_unshare_pmd(mm, pmd, addr, why);
}

int __odf_unshare_range(struct mm_struct *mm, unsigned long start, unsigned long end, int why)
{
	return for_each_shared_pmd(mm, start, end, unshare_one, why);
}

static int zap_one(struct mm_struct *mm, pte_t *pmd, unsigned long addr, unsigned long next,
		   int why)
{
	if (!(addr & (PMD_SIZE - 1)) && next - addr == PMD_SIZE) {
		drop_table(mm, pmd, addr, why);
		return 0;
	}
	return odf_unshare_pmd(mm, pmd, addr, why);
}

int odf_zap_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	if (!fork_odf)
		return 0;
	return for_each_shared_pmd(mm, start, end, zap_one, ODF_UNMAP);
}

static int drop_one(struct mm_struct *mm, pte_t *pmd, unsigned long addr,
		    unsigned long next __unused, int why)
{
	drop_table(mm, pmd, addr, why);
	return 0;
}

void odf_exit_mmap(struct mm_struct *mm)
{
	if (fork_odf)
		for_each_shared_pmd(mm, 0, TASK_SIZE_MAX + PAGE_SIZE, drop_one, ODF_EXIT);
}

/* ---- faults and kernel walks ---------------------------------------------------- */

bool odf_fault_shared(struct vm_area_struct *vma, pte_t *pmd, pte_t e, unsigned long address,
		      unsigned int flags, int *ret)
{
	struct mm_struct *mm = vma->vm_mm;
	/* The entry is read while the PMD still points at the table, which
	 * our reference keeps from being freed meanwhile. */
	spin_lock(&mm->page_table_lock);
	bool same = pmd_same(READ_ONCE(*pmd), e);
	pte_t pte = same ? READ_ONCE(pgtable_page(e)[pte_index(address)]) : 0;
	spin_unlock(&mm->page_table_lock);
	*ret = 0;
	if (!same)
		return true;            /* unshared meanwhile: retry the access */
	if (!pte_present(pte) && (pte & _PAGE_PROTNONE)) {
		*ret = VM_FAULT_SIGSEGV;        /* the table does not change */
		return true;
	}
	if (pte_present(pte) && !(flags & FAULT_FLAG_WRITE)) {
		flush_tlb_one(address);         /* a stale TLB entry: a read changes nothing */
		return true;
	}
	/* a write, or a fill of an empty entry (a first read maps the zero page) */
	if (odf_unshare_pmd(mm, pmd, address, ODF_FAULT)) {
		*ret = VM_FAULT_OOM;
		return true;
	}
	return false;                   /* the PMD entry is writable now */
}

bool odf_pmd_write_protected(struct mm_struct *mm, unsigned long addr)
{
	if (!fork_odf)
		return false;
	pte_t *pmd = mm_find_pmd(mm, addr);
	return pmd && pmd_shared(READ_ONCE(*pmd));
}

/* ---- readers ----------------------------------------------------------------------- */

int odf_table_sharers(const pte_t *pte)
{
	int n = __atomic_load_n(&pte_table_page(pte)->pt_share_count, __ATOMIC_RELAXED);
	return n > 1 ? n : 1;
}

/*
 * A frame mapped through a table that n mms share is mapped n times, but
 * its _mapcount counts the table's entry once: the n - 1 others are
 * found by looking at every shared table (the page-table frames with
 * pt_share_count above 1), and only when some exist.  A reader: the
 * tables may change meanwhile, and the answer is a snapshot.
 */
unsigned long odf_extra_mappings(unsigned long pfn)
{
	if (!__atomic_load_n(&nr_shared_tables, __ATOMIC_RELAXED))
		return 0;
	unsigned long extra = 0;
	for (unsigned long t = 0; t < max_pfn; t++) {
		struct page *tp = pfn_to_page(t);
		if (!(tp->flags & PG_pgtable))
			continue;
		int n = __atomic_load_n(&tp->pt_share_count, __ATOMIC_RELAXED);
		if (n < 2)
			continue;
		pte_t *table = page_address(tp);
		for (int i = 0; i < PTRS_PER_PTE; i++) {
			pte_t pte = READ_ONCE(table[i]);
			if (pte_mapped(pte) && !(pte & _PAGE_SPECIAL) && pte_pfn(pte) == pfn)
				extra += n - 1;
		}
	}
	return extra;
}
