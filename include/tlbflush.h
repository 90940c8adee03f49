/*
 * tlbflush.h - keeping every CPU's TLB true to the page tables (mm/tlb.c)
 * and freeing what was unmapped only after that (mm/mmu_gather.c).
 *
 * A CPU caches translations of the address space it has loaded in CR3,
 * and keeps them until it reloads CR3 or invalidates them (invlpg).  So
 * whenever a present PTE loses a permission or its frame, every CPU that
 * may hold it must drop it before the change is relied on - before the
 * old frame is freed or handed to someone else, before a write-protected
 * page is shared with a child.  mm_cpumask(mm) says which CPUs those are:
 * the CPUs that have mm loaded, each setting its bit as it loads mm
 * (switch_mm) and clearing it as it loads another (or leaves, leave_mm).
 *
 * Lazy TLB (Linux's): a task without an mm (the idle task, a kernel
 * thread) does not reload CR3 but keeps the last mm loaded, and the CPU
 * stays in that mm's mask.  A flush that reaches a lazy CPU does not
 * flush: the CPU loads the kernel's own page table (init_pgd) and leaves
 * the mask, so it needs no further flushes and never walks the mm's page
 * tables again - which is what lets mmput free them (leave_mm_all).
 *
 * Permission *gains* (a COW page made writable in place, a stale entry
 * found by the fault handler) need only a local flush_tlb_one: another
 * CPU with the old, stricter entry faults once and flushes it itself.
 */
#ifndef USHI_TLBFLUSH_H
#define USHI_TLBFLUSH_H

#include <cpumask.h>
#include <mm.h>

struct task_struct;

#define TLB_FLUSH_ALL (~0UL)            /* as an end: the whole address space */
#define mm_cpumask(mm) (&(mm)->cpu_bitmap)

/* Since boot, in /proc/ushi/stat (updated atomically: any CPU flushes). */
struct tlb_counts {
	unsigned long shootdowns;       /* flushes that went to other CPUs */
	unsigned long ipis_sent;        /* IPIs of those: one per target CPU */
	unsigned long pages_flushed;    /* pages invalidated one by one (invlpg), once per flush */
	unsigned long full_flushes;     /* flushes done as a whole-TLB flush (CR3 reload) */
};
extern struct tlb_counts tlb_counts;
extern bool tlb_shootdown_enabled;     /* false only with the debug kernel's tlb_shootdown=off */

/*
 * Makes next the address space this CPU translates with, for tsk, and
 * sets tsk->active_mm.  next NULL (a task without an mm) is lazy: what
 * is loaded stays loaded.  prev, the predecessor's active_mm, is not
 * trusted: a lazy CPU may have left it since (the CPU's own record says).
 */
void switch_mm(struct mm_struct *prev, struct mm_struct *next, struct task_struct *tsk);
/* This CPU loads init_pgd and leaves the mask of what it had loaded. */
void leave_mm(void);
/* mm has no users left: no CPU has it loaded when this returns. */
void leave_mm_all(struct mm_struct *mm);

/*
 * Every CPU drops its translations of [start, end) in mm (end
 * TLB_FLUSH_ALL: all of mm): this CPU directly if mm is loaded here, the
 * others in mm_cpumask(mm) through one IPI carrying the range.  Returns
 * when all have.  Not with an irq-safe lock held (it waits for others).
 */
void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start, unsigned long end);
static inline void flush_tlb_page(struct mm_struct *mm, unsigned long addr)
{
	flush_tlb_mm_range(mm, addr, addr + PAGE_SIZE);
}
static inline void flush_tlb_mm(struct mm_struct *mm)
{
	flush_tlb_mm_range(mm, 0, TLB_FLUSH_ALL);
}
/* Clears *ptep and flushes addr everywhere; returns what it held. */
static inline pte_t ptep_clear_flush(struct mm_struct *mm, unsigned long addr, pte_t *ptep)
{
	pte_t old = *ptep;
	*ptep = 0;
	flush_tlb_page(mm, addr);
	return old;
}

/* The tlb_shootdown= boot option (kernel/setup.c). */
void tlb_shootdown_setup(const char *val);

/*
 * mmu_gather: unmapping a range, the frames are collected and freed only
 * after the TLB flush that covers their PTEs (a CPU still holding a
 * translation could otherwise write into a frame someone else now owns).
 *   tlb_gather_mmu(&tlb, mm);
 *   for each PTE cleared: tlb_remove_tlb_entry(&tlb, addr) and, if it
 *       held a reference to a frame, tlb_remove_page(&tlb, page);
 *   tlb_finish_mmu(&tlb);          flush, then drop the references
 * A full batch flushes and frees early, so the batch lives on the stack.
 */
#define MMU_GATHER_BATCH 128     /* 1 KiB of stack; past 33 pages a flush is one CR3 reload */
struct mmu_gather {
	struct mm_struct *mm;
	unsigned long start, end;       /* PTEs cleared since the last flush (start >= end: none) */
	unsigned int nr;
	struct page *pages[MMU_GATHER_BATCH];   /* references to drop after the flush */
};
void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm);
static inline void tlb_remove_tlb_entry(struct mmu_gather *tlb, unsigned long addr)
{
	if (addr < tlb->start)
		tlb->start = addr;
	if (addr + PAGE_SIZE > tlb->end)
		tlb->end = addr + PAGE_SIZE;
}
void tlb_flush_mmu(struct mmu_gather *tlb);
/* page lost a mapping whose PTE is cleared: its reference goes after the flush. */
static inline void tlb_remove_page(struct mmu_gather *tlb, struct page *page)
{
	tlb->pages[tlb->nr++] = page;
	if (tlb->nr == MMU_GATHER_BATCH)
		tlb_flush_mmu(tlb);
}
void tlb_finish_mmu(struct mmu_gather *tlb);

#endif
