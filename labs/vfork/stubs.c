/*
 * The start of lab vfork: what tools/lab.py writes between each pair of
 * "LAB vfork: begin REGION" / "end REGION" markers in the student tree.
 * Each stub starts at the line naming its region and ends before the next
 * one; the solution is the code between the markers in the main tree.
 */
/* LAB vfork: stub setup */
	/* Lab vfork: a CLONE_VFORK parent needs something to sleep on that the
	 * child can signal (p->vfork_done), and p must outlive its exit. */
/* LAB vfork: stub wait */
	/* Lab vfork: sleep (killably) until the child execs or exits. */
/* LAB vfork: stub done */
	/* Lab vfork: a vfork parent waiting for us goes on now. */
