/*
 * mmu_gather.c - freeing unmapped frames only after the TLB flush that
 * covers them (include/tlbflush.h has the protocol).  munmap, madvise
 * (MADV_DONTNEED), truncation, exit and exec all unmap through
 * zap_page_range, which gathers here.
 */
#include <mm.h>
#include <tlbflush.h>

void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm)
{
	tlb->mm = mm;
	tlb->start = TLB_FLUSH_ALL;
	tlb->end = 0;
	tlb->nr = 0;
}

/* Flushes what was cleared so far, then drops the gathered references. */
void tlb_flush_mmu(struct mmu_gather *tlb)
{
	if (tlb->start < tlb->end)
		flush_tlb_mm_range(tlb->mm, tlb->start, tlb->end);
	tlb->start = TLB_FLUSH_ALL;
	tlb->end = 0;
	release_pages(tlb->pages, tlb->nr);
	tlb->nr = 0;
}

void tlb_finish_mmu(struct mmu_gather *tlb)
{
	tlb_flush_mmu(tlb);
}
