/*
 * The start of lab zero: what tools/lab.py writes between each pair of
 * "LAB zero: begin REGION" / "end REGION" markers in the student tree.
 * Each stub starts at the line naming its region and ends before the next
 * one; the solution is the code between the markers in the main tree.
 */
/* LAB zero: stub anon */
	/* Lab zero: map the shared zero page for a read, a fresh zeroed
	 * frame for a write (see the comment at the top of this file). */
	(void)vma;
	(void)addr;
	(void)pte;
	(void)orig;
	(void)flags;
	return VM_FAULT_SIGBUS;
/* LAB zero: stub dispatch */
	/* Lab zero: which handler does this fault need?  An entry that maps
	 * nothing, or a write to a page mapped read-only (the table at the
	 * top of this file).  Until then every fault kills the task. */
	(void)orig;
	(void)flags;
	(void)do_anonymous_page;
	(void)do_fault;
	(void)do_wp_page;
	return VM_FAULT_SIGSEGV;
