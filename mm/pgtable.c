/*
 * pgtable.c - walking and building x86-64 four-level page tables.
 *
 * A virtual address splits into four 9-bit table indexes and a 12-bit
 * offset:  PML4 [47:39]  PDPT [38:30]  PD [29:21]  PT [20:12]  offset.
 * Tables are frames reached through the direct map.  Intermediate
 * entries for user addresses are always present+writable+user: the
 * permissions that matter are in the last-level entry (the PTE).
 */
#include <asm.h>
#include <kernel.h>
#include <mm.h>
#include <pgtable.h>

pte_t *init_pgd;
bool cpu_has_nx;

#define PTRS_PER_TABLE 512
#define USER_PGD_PTRS 256       /* PML4 slots 0..255 are user space */
#define TABLE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER)

static inline unsigned table_index(unsigned long va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * level)) & (PTRS_PER_TABLE - 1);
}

static pte_t *table_of(pte_t entry)
{
	return __va(entry & PTE_PFN_MASK);
}

/* A fresh zeroed page-table page, counted in its struct page. */
static pte_t *alloc_table(void)
{
	struct page *p = alloc_page(__GFP_ZERO);
	if (!p)
		return NULL;
	p->flags |= PG_pgtable;
	p->pt_rss = 0;
	return page_address(p);
}

/*
 * A missing table under entry *e is made without ptl held (the
 * allocator may take its time) and installed under it, unless another
 * CPU installed one meanwhile: then ours goes back.  The entry is stored
 * with release order, so a walker that reads it without the lock finds
 * the table zeroed.  ptl NULL: the caller is alone with these tables
 * (mmap_lock held for writing, or an mm nobody else can reach yet).
 * Returns the entry now there, 0 if no frame was to be had.
 */
static noinline pte_t fill_table(pte_t *e, spinlock_t *ptl)
{
	pte_t *t = alloc_table();
	if (!t)
		return 0;
	if (ptl)
		spin_lock(ptl);
	bool lost = READ_ONCE(*e) & _PAGE_PRESENT;
	if (!lost)
		__atomic_store_n(e, __pa(t) | TABLE_FLAGS, __ATOMIC_RELEASE);
	if (ptl)
		spin_unlock(ptl);
	if (lost)
		free_page(t);
	return READ_ONCE(*e);
}

/* One step of the descent: the table that table's entry for va at
 * level points to (made if missing and alloc), NULL if there is none
 * or the entry maps a huge kernel page (no level below). */
static __always_inline pte_t *next_table(pte_t *table, unsigned long va, int level, bool alloc,
					 spinlock_t *ptl)
{
	pte_t *e = &table[table_index(va, level)];
	pte_t entry = READ_ONCE(*e);
	if (unlikely(!(entry & _PAGE_PRESENT))) {
		if (!alloc || !(entry = fill_table(e, ptl)))
			return NULL;
	}
	if (unlikely(entry & _PAGE_PSE))
		return NULL;
	return table_of(entry);
}

/* The descent of pte_walk, pmd_walk and pte_alloc, written out level by
 * level: every page fault takes it, mostly through tables that exist.
 * stop 1 ends at the PMD entry (the PTE table under it neither made nor
 * looked at), stop 0 at the PTE. */
static pte_t *walk(pte_t *pgd, unsigned long va, bool alloc, spinlock_t *ptl, int stop)
{
	pte_t *pud = next_table(pgd, va, 3, alloc, ptl);
	pte_t *pmd = pud ? next_table(pud, va, 2, alloc, ptl) : NULL;
	if (stop == 1)
		return pmd ? &pmd[table_index(va, 1)] : NULL;
	pte_t *pt = pmd ? next_table(pmd, va, 1, alloc, ptl) : NULL;
	return pt ? &pt[table_index(va, 0)] : NULL;
}

/*
 * Returns a pointer to the PTE for va in the tables rooted at pgd.
 * With alloc, missing tables are created (NULL if out of frames);
 * without, NULL means "not mapped".  Allocating, the caller must be
 * alone with the tables (see walk); faults use pte_alloc.
 */
pte_t *pte_walk(pte_t *pgd, unsigned long va, bool alloc)
{
	return walk(pgd, va, alloc, NULL, 0);
}

/* The PMD entry (level 1) for va, as pte_walk: the PTE table under it
 * is neither made nor looked at. */
pte_t *pmd_walk(pte_t *pgd, unsigned long va, bool alloc)
{
	return walk(pgd, va, alloc, NULL, 1);
}

/* The PTE for va in mm, tables made as needed under mm->page_table_lock
 * (a fault holds only mmap_lock for reading); NULL if out of frames. */
pte_t *pte_alloc(struct mm_struct *mm, unsigned long va)
{
	return walk(mm->pgd, va, true, &mm->page_table_lock, 0);
}

/* A new PML4 whose kernel half is the kernel's (shared by every process). */
pte_t *pgd_alloc(void)
{
	pte_t *pgd = alloc_table();
	if (pgd)
		memcpy(pgd + USER_PGD_PTRS, init_pgd + USER_PGD_PTRS,
		       USER_PGD_PTRS * sizeof(pte_t));
	return pgd;
}

static void free_table(pte_t *t, int level)
{
	if (level > 0) {
		for (int i = 0; i < PTRS_PER_TABLE; i++)
			if (t[i] & _PAGE_PRESENT)
				free_table(table_of(t[i]), level - 1);
	} else {
		BUG_ON(virt_to_page(t)->pt_share_count);       /* another mm still maps it (odf) */
	}
	free_page(t);
}

/*
 * Frees the user half's tables and the PML4 itself.  The caller has
 * already unmapped every page (zap_page_range), so only tables remain.
 */
void free_pgtables(pte_t *pgd)
{
	for (int i = 0; i < USER_PGD_PTRS; i++)
		if (pgd[i] & _PAGE_PRESENT)
			free_table(table_of(pgd[i]), 2);
	free_page(pgd);
}

/* This CPU only: enough after a permission gain (include/tlbflush.h). */
void flush_tlb_one(unsigned long va)
{
	invlpg(va);
}

/*
 * Calls fn for each last-level table that exists under [start, end),
 * with the first PTE of the range and the sub-range it covers; whole
 * missing upper-level tables are skipped in one step, so walking all of
 * user space costs only what is actually mapped.
 */
static void walk_level(pte_t *table, int level, unsigned long start, unsigned long end,
		       pte_range_fn fn, void *arg)
{
	unsigned long span = 1UL << (PAGE_SHIFT + 9 * level);
	while (start < end) {
		unsigned long next = ALIGN_DOWN(start, span) + span;
		if (next > end || next < start)
			next = end;
		pte_t e = READ_ONCE(table[table_index(start, level)]);
		if (level == 0) {
			fn(&table[table_index(start, 0)], start, end, arg);
			return;
		}
		if ((e & _PAGE_PRESENT) && !(e & _PAGE_PSE))
			walk_level(table_of(e), level - 1, start, next, fn, arg);
		start = next;
	}
}

void walk_pte_range(pte_t *pgd, unsigned long start, unsigned long end, pte_range_fn fn, void *arg)
{
	if (end > TASK_SIZE_MAX + PAGE_SIZE)
		end = TASK_SIZE_MAX + PAGE_SIZE;
	if (start >= end)
		return;
	/* A range inside one page table (2 MiB: a thread's stack, most of a
	 * small program's areas) is one descent, not the level-by-level
	 * loop. */
	if (start >> PMD_SHIFT == (end - 1) >> PMD_SHIFT) {
		pte_t *pte = walk(pgd, start, false, NULL, 0);
		if (pte)
			fn(pte, start, end, arg);
		return;
	}
	walk_level(pgd, 3, start, end, fn, arg);
}
