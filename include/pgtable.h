/*
 * pgtable.h - the levels of an x86-64 page table under Linux's names, for
 * code that walks them one loop per level (copy_page_range).
 *
 *   level   Intel's name   one entry maps   index: address bits
 *   pgd     PML4           512 GiB          47:39
 *   pud     PDPT             1 GiB          38:30
 *   pmd     PD               2 MiB          29:21
 *   pte     PT               4 KiB          20:12
 *
 * Linux's fifth level (p4d) folds away with four-level paging.  Every
 * entry is a pte_t here; an upper-level entry is either empty or points
 * to the table below (user space has no huge pages).  pte_walk
 * (mm/pgtable.c) does the same descent for a single address.
 */
#ifndef USHI_PGTABLE_H
#define USHI_PGTABLE_H

#include <mm.h>

#define PTRS_PER_PTE 512
#define PMD_SHIFT 21
#define PUD_SHIFT 30
#define PGDIR_SHIFT 39
#define PMD_SIZE (1UL << PMD_SHIFT)
#define PUD_SIZE (1UL << PUD_SHIFT)
#define PGDIR_SIZE (1UL << PGDIR_SHIFT)

static inline unsigned long pte_index(unsigned long addr)
{
	return (addr >> PAGE_SHIFT) & (PTRS_PER_PTE - 1);
}

/* The table an upper-level entry points to. */
static inline pte_t *pgtable_page(pte_t entry)
{
	return __va(entry & PTE_PFN_MASK);
}

/* The entry for addr at each level, given the entry of the level above. */
static inline pte_t *pgd_offset(struct mm_struct *mm, unsigned long addr)
{
	return mm->pgd + ((addr >> PGDIR_SHIFT) & (PTRS_PER_PTE - 1));
}

static inline pte_t *pud_offset(pte_t *pgd, unsigned long addr)
{
	return pgtable_page(*pgd) + ((addr >> PUD_SHIFT) & (PTRS_PER_PTE - 1));
}

static inline pte_t *pmd_offset(pte_t *pud, unsigned long addr)
{
	return pgtable_page(*pud) + ((addr >> PMD_SHIFT) & (PTRS_PER_PTE - 1));
}

static inline pte_t *pte_offset(pte_t *pmd, unsigned long addr)
{
	return pgtable_page(*pmd) + pte_index(addr);
}

/* The PMD entry of addr in mm, or NULL if a level above is missing
 * (Linux's mm_find_pmd): the fault path's check for a shared table. */
static inline pte_t *mm_find_pmd(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pgd = pgd_offset(mm, addr);
	if (!(READ_ONCE(*pgd) & _PAGE_PRESENT))
		return NULL;
	pte_t *pud = pud_offset(pgd, addr);
	if (!(READ_ONCE(*pud) & _PAGE_PRESENT))
		return NULL;
	return pmd_offset(pud, addr);
}

/* No table below this entry. */
static inline bool pgd_none(pte_t pgd) { return !(pgd & _PAGE_PRESENT); }
static inline bool pud_none(pte_t pud) { return !(pud & _PAGE_PRESENT); }
static inline bool pmd_none(pte_t pmd) { return !(pmd & _PAGE_PRESENT); }

/*
 * The end of the part of [addr, end) that one entry of the level covers:
 * the next boundary of size, or end if that comes first (the "- 1"s let
 * a boundary that wraps to 0 at the top of the address space compare high).
 */
static inline unsigned long pgtable_addr_end(unsigned long addr, unsigned long end,
					     unsigned long size)
{
	unsigned long boundary = (addr + size) & ~(size - 1);
	return boundary - 1 < end - 1 ? boundary : end;
}

#define pgd_addr_end(addr, end) pgtable_addr_end(addr, end, PGDIR_SIZE)
#define pud_addr_end(addr, end) pgtable_addr_end(addr, end, PUD_SIZE)
#define pmd_addr_end(addr, end) pgtable_addr_end(addr, end, PMD_SIZE)

#endif
