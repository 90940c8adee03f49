/*
 * The start of lab wait: what tools/lab.py writes between each pair of
 * "LAB wait: begin REGION" / "end REGION" markers in the student tree.
 * Each stub starts at the line naming its region and ends before the next
 * one; the solution is the code between the markers in the main tree.
 * The start hands every orphan to init, lets every wait see every child,
 * and reports every zombie to waitid as a plain exit.
 */
/* LAB wait: stub reaper */
	/* Lab wait: another live thread of ours, else the nearest subreaper
	 * above us, else our pid namespace's init (or the one above it). */
	(void)t;
	(void)father;
	(void)find_child_subreaper;
	return init_pid_ns.child_reaper;
/* LAB wait: stub eligible */
	/* Lab wait: the pid or process group asked for, and __WCLONE/__WALL
	 * against the child's exit signal. */
	(void)wo;
	(void)p;
	return true;
/* LAB wait: stub siginfo */
	/* Lab wait: how did it end?  waitid's si_code and si_status. */
	wo->si_code = CLD_EXITED;
	wo->si_status = status;
