/*
 * The start of lab clone: what tools/lab.py writes between each pair of
 * "LAB clone: begin REGION" / "end REGION" markers in the student tree.
 * Each stub starts at the line naming its region and ends before the next
 * one; the solution is the code between the markers in the main tree.
 * The start copies every object and accepts every combination of flags.
 */
/* LAB clone: stub files */
	/* Lab clone: CLONE_FILES shares the table instead of copying it. */
	(void)flags;
/* LAB clone: stub fs */
	/* Lab clone: CLONE_FS shares cwd, root and umask (not while an execve
	 * of ours is replacing them: EAGAIN). */
	(void)flags;
/* LAB clone: stub sighand */
	/* Lab clone: CLONE_SIGHAND shares the table of dispositions. */
/* LAB clone: stub checks */
	/* Lab clone: Linux's rules for bad combinations, in Linux's order
	 * (copy_process in kernel/fork.c of Linux): the first one decides. */
	(void)flags;
	return 0;
