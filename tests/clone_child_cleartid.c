/*
 * clone_child_cleartid: CLONE_CHILD_CLEARTID with CLONE_VM makes the
 * kernel write 0 at child_tid and FUTEX_WAKE it when the child exits: the
 * parent FUTEX_WAITs on the word until it reads 0.  With
 * CLONE_CHILD_SETTID as well the word first holds the child's tid.  The
 * same happens when the child execve()s (here a CLONE_VFORK child: the
 * word is already 0 when the parent resumes).  Without CLONE_VM the
 * parent's word is never touched (the child's mm has no other user).
 */
#include "t.h"
#include "t_clone.h"

extern char **environ;

static volatile int ctid_word;
static char *self_path;

static int child_fn(void *arg)
{
	(void)arg;
	for (int i = 0; i < 50; i++)
		tc_sys0(SYS_sched_yield);
	return 3;
}

static int exec_fn(void *arg)
{
	(void)arg;
	char *av[] = { self_path, "exit", NULL };
	tc_sys3(SYS_execve, self_path, av, environ);
	return 127;
}

/* Waits until ctid_word is 0; returns the values it saw on the way (bitmask). */
static int wait_cleared(long tid)
{
	int seen = 0, v;
	while ((v = ctid_word) != 0) {
		seen |= v == tid ? 1 : v == 0x7fff ? 2 : 4;
		long r = tc_sys6(SYS_futex, (long)&ctid_word, FUTEX_WAIT, v, 0, 0, 0);
		if (r != 0 && r != -EAGAIN && r != -EINTR)
			return seen | 8;
	}
	return seen;
}

static void run(unsigned long flags, const char *what)
{
	void *top;
	void *stack = tc_stack(64 * 1024, &top);
	CHECK(stack != NULL, "no stack");
	if (!stack)
		return;
	ctid_word = 0x7fff;
	long pid = tc_clone_run(flags | SIGCHLD, top, NULL, (void *)&ctid_word, 0, child_fn, NULL);
	CHECK(pid > 0, "%s: clone failed: %ld", what, pid);
	if (pid <= 0)
		return;
	t_log("%s", what);
	if (flags & CLONE_VM) {
		int seen = wait_cleared(pid);
		CHECK(!(seen & 8), "%s: FUTEX_WAIT failed", what);
		CHECK(!(seen & 4), "%s: the word held something else than the tid or 0", what);
		CHECK_EQ(ctid_word, 0);
	}
	int st = tc_reap(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "%s: child status 0x%x", what, st);
	if (!(flags & CLONE_VM))
		CHECK(ctid_word == 0x7fff, "%s: the parent's word changed", what);
	munmap(stack, 64 * 1024);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "exit") == 0)
		return 0;
	t_start(argv[0]);
	self_path = argv[0];
	run(CLONE_VM | CLONE_CHILD_CLEARTID, "CLONE_VM|CLONE_CHILD_CLEARTID: futex wait until 0");
	run(CLONE_VM | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID,
	    "CLONE_VM|CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID: tid, then 0");
	run(CLONE_CHILD_CLEARTID, "CLONE_CHILD_CLEARTID without CLONE_VM: the parent's word stays");

	t_log("CLONE_VM|CLONE_VFORK|CLONE_CHILD_CLEARTID child that execs: 0 when the parent resumes");
	void *top;
	void *stack = tc_stack(64 * 1024, &top);
	CHECK(stack != NULL, "no stack");
	ctid_word = 0x7fff;
	long pid = tc_clone_run(CLONE_VM | CLONE_VFORK | CLONE_CHILD_CLEARTID | SIGCHLD, top,
				NULL, (void *)&ctid_word, 0, exec_fn, NULL);
	CHECK(pid > 0, "clone failed: %ld", pid);
	if (pid > 0) {
		CHECK_EQ(ctid_word, 0);
		int st = tc_reap(pid);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "exec child status 0x%x", st);
	}
	munmap(stack, 64 * 1024);
	return t_done();
}
