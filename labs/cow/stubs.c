/*
 * The start of lab cow: what tools/lab.py writes between each pair of
 * "LAB cow: begin REGION" / "end REGION" markers in the student tree.
 * Each stub starts at the line naming its region and ends before the next
 * one; the solution is the code between the markers in the main tree.
 * The start is xv6's fork before its copy-on-write lab: every private
 * writable frame is copied at fork, and a write-protect fault on an
 * anonymous frame kills the writer.
 */
/* LAB cow: stub share */
static int copy_present_pte(struct mm_struct *dst_mm, pte_t *dst, pte_t *src, bool cow)
{
	/* Lab cow: fork copies every private writable frame now (eager, no
	 * copy-on-write); the rest is shared.  -ENOMEM if no frame is left. */
	pte_t pte = *src;
	if (pte & _PAGE_SPECIAL) {
		*dst = pte;
		return 0;
	}
	struct page *page = pte_page(pte);
	if (cow && (pte & _PAGE_RW)) {
		struct page *copy = alloc_page(GFP_KERNEL);
		if (!copy)
			return -ENOMEM;
		memcpy(page_address(copy), page_address(page), PAGE_SIZE);
		copy->flags |= PG_anon;
		page_mapcount_inc(copy);        /* alloc_page's reference is the child's */
		add_mm_rss(dst_mm, 1);
		*dst = pfn_pte(page_to_pfn(copy), pte & ~PTE_PFN_MASK);
		return 0;
	}
	get_page(page);
	page_mapcount_inc(page);
	add_mm_rss(dst_mm, 1);
	*dst = pte;
	return 0;
}
/* LAB cow: stub call */
		if (copy_present_pte(dst_mm, &dst_table[pte_index(addr)], src_pte, cow))
			return -ENOMEM;
/* LAB cow: stub wp */
	/* Lab cow: an anonymous frame that only this mapping holds can simply
	 * become writable again; any other must be copied (wp_page_copy).
	 * Until then a write-protected anonymous page kills the writer. */
	if (page->flags & PG_anon)
		return VM_FAULT_SIGSEGV;
	return wp_page_copy(vma, addr, pte, orig, page, TRACE_FILE_COW);
