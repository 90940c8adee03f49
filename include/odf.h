/*
 * odf.h - on-demand fork (Zhao et al., EuroSys 2021): fork shares the
 * last-level page tables themselves, copy-on-write, instead of copying
 * their 512 entries (mm/odf.c; docs/odf.md).
 *
 * Boot option fork=odf (fork=classic, the default, is Linux's algorithm).
 * Under odf, fork points the child's PMD entry at the parent's PTE table
 * and clears _PAGE_RW in both PMD entries: the hardware then refuses
 * every write through the table, whatever its PTEs say.  The table's
 * struct page counts its sharers (pt_share_count: the PMD entries that
 * point at it write-protected; 0 for a table one mm owns alone).
 *
 * Invariant: a PMD entry is present without _PAGE_RW exactly when its
 * table is shared (pt_share_count >= 1 counts it).  A shared table is
 * never changed except for _PAGE_RW bits being cleared (by an unshare:
 * the effective permission is read-only already) and the accessed bits
 * the hardware sets.  Whoever would change one first unshares it for its
 * own mm (odf_unshare_pmd): copy the table, or, as the last sharer, take
 * it back (make the PMD writable again: "reuse").
 */
#ifndef USHI_ODF_H
#define USHI_ODF_H

#include <mm.h>
#include <pgtable.h>

extern bool fork_odf;                   /* fork=odf on the command line */
void fork_mode_setup(const char *val);  /* kernel/setup.c's parser */

/* Since boot, in /proc/ushi/stat (atomic: faults unshare on any CPU). */
struct odf_counts {
	unsigned long tables_shared;    /* PMD entries fork pointed at a parent's table */
	unsigned long unshared_copy;    /* unshares that copied a table */
	unsigned long unshared_reuse;   /* unshares by the last sharer: made writable */
	unsigned long tables_dropped;   /* a sharer let go of a table without copying it */
	unsigned long tables_freed;     /* shared tables freed by their last sharer */
};
extern struct odf_counts odf_counts;
extern unsigned long nr_shared_tables;  /* tables with pt_share_count > 0, now (atomic) */

/* Why a table is unshared, for the trace (pt-unshare ... why=).  A
 * kernel write to user memory (copy_to_user, futex, ptrace, mlock's
 * population) comes through the fault path: why=fault. */
enum odf_reason {
	ODF_FAULT, ODF_UNMAP, ODF_MPROTECT, ODF_MREMAP, ODF_CLEAR_REFS, ODF_FORK, ODF_EXIT,
};

static inline bool pmd_shared(pte_t pmd)
{
	return (pmd & (_PAGE_PRESENT | _PAGE_RW)) == _PAGE_PRESENT;
}

/* The struct page of the PTE table that pte lies in. */
static inline struct page *pte_table_page(const pte_t *pte)
{
	return virt_to_page((const void *)((unsigned long)pte & PAGE_MASK));
}

/* A frame counted in rss comes (n = 1) or goes (n = -1) at *pte. */
static inline void pte_add_rss(struct mm_struct *mm, pte_t *pte, int n)
{
	add_mm_rss(mm, n);
	pte_table_page(pte)->pt_rss += n;
}

/* fork, for one PMD entry of the parent's vma covering [addr, next):
 * 1 if the table is now shared with dst, 0 if the caller copies it
 * classically (unshared first in the parent if it was shared), -ENOMEM. */
int odf_copy_pmd(struct mm_struct *dst, pte_t *src_pmd, struct vm_area_struct *vma,
		 unsigned long addr);
/* After dup_mmap: the trace's pt-share event. */
void odf_fork_done(struct mm_struct *parent, struct mm_struct *child);

/* Makes the table under *pmd (covering addr) this mm's own: 0, or -ENOMEM. */
int odf_unshare_pmd(struct mm_struct *mm, pte_t *pmd, unsigned long addr, int why);
int __odf_unshare_range(struct mm_struct *mm, unsigned long start, unsigned long end, int why);
/* Before changing the PTEs of [start, end): every table there becomes
 * mm's own.  mmap_lock held.  0, or -ENOMEM. */
static inline int odf_unshare_range(struct mm_struct *mm, unsigned long start, unsigned long end,
				    int why)
{
	return fork_odf ? __odf_unshare_range(mm, start, end, why) : 0;
}
/* Before zapping [start, end): a shared table the range covers whole is
 * let go (its PMD cleared, one reference dropped), one it covers in part
 * unshared.  mmap_lock held.  -ENOMEM if a copy could not be had. */
int odf_zap_range(struct mm_struct *mm, unsigned long start, unsigned long end);
/* mmput: mm lets go of every shared table, in O(1) each unless last. */
void odf_exit_mmap(struct mm_struct *mm);

/* The fault path (with fork_odf), before the PTE-level logic: unshares
 * the table under address if the access changes it.  true with *ret set
 * if the fault is over without the PTE-level logic (a read through a
 * stale TLB entry, PROT_NONE, a retry, out of memory); false to go on,
 * the PMD entry writable. */
bool odf_fault_shared(struct vm_area_struct *vma, pte_t *pmd, pte_t e, unsigned long address,
		      unsigned int flags, int *ret);
static inline bool odf_fault(struct vm_area_struct *vma, unsigned long address, unsigned int flags,
			     int *ret)
{
	pte_t *pmd = mm_find_pmd(vma->vm_mm, address);
	pte_t e = pmd ? READ_ONCE(*pmd) : 0;
	if (!pmd_shared(e))
		return false;           /* a writable PMD entry stays put: go on */
	return odf_fault_shared(vma, pmd, e, address, flags, ret);
}

/* A kernel walk that would write user memory through the direct map
 * (ptrace, mlock's population) must not trust a PTE's write bit under a
 * write-protected PMD: true if the PMD entry of addr is shared. */
bool odf_pmd_write_protected(struct mm_struct *mm, unsigned long addr);

/* Readers: how many mms map through the table that pte lies in (1
 * unless shared), and the mappings of frame pfn made through shared
 * tables beyond the one its _mapcount counts (/proc/kpagecount). */
int odf_table_sharers(const pte_t *pte);
unsigned long odf_extra_mappings(unsigned long pfn);

#endif
