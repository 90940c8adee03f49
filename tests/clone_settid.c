/*
 * clone_settid: CLONE_PARENT_SETTID stores the child's tid at parent_tid
 * in the parent's memory before clone returns; with CLONE_VM the child
 * already finds it there when it starts, without CLONE_VM the child's
 * copy keeps the old value.  CLONE_CHILD_SETTID stores the tid at
 * child_tid in the child's memory before the child runs: without CLONE_VM
 * only the child's copy changes, with CLONE_VM the parent sees it too.
 * The same through clone3's parent_tid and child_tid fields.
 */
#include "t.h"
#include "t_clone.h"

struct shared { volatile int ptid_seen, ctid_seen, tid; };

static volatile int ptid_word, ctid_word;

static int child_fn(void *arg)
{
	struct shared *sh = arg;
	sh->ptid_seen = ptid_word;
	sh->ctid_seen = ctid_word;
	sh->tid = tc_sys0(SYS_gettid);
	return 0;
}

/* api: 0 legacy clone, 1 clone3 */
static void run(unsigned long flags, int api, const char *what)
{
	struct shared *sh = tc_shared_page();
	void *top;
	void *stack = tc_stack(64 * 1024, &top);
	CHECK(sh && stack, "setup failed");
	if (!sh || !stack)
		return;
	ptid_word = ctid_word = -1;
	sh->ptid_seen = sh->ctid_seen = sh->tid = -2;
	long pid;
	if (api == 0) {
		pid = tc_clone_run(flags | SIGCHLD, top, (void *)&ptid_word, (void *)&ctid_word, 0,
				   child_fn, sh);
	} else {
		struct tc_clone_args ca;
		memset(&ca, 0, sizeof ca);
		ca.flags = flags;
		ca.exit_signal = SIGCHLD;
		ca.parent_tid = (uintptr_t)&ptid_word;
		ca.child_tid = (uintptr_t)&ctid_word;
		ca.stack = (uintptr_t)stack;
		ca.stack_size = 64 * 1024;
		pid = tc_clone3_run(&ca, TC_ARGS_VER0, child_fn, sh);
	}
	CHECK(pid > 0, "%s: clone failed: %ld", what, pid);
	if (pid <= 0)
		return;
	int ptid_at_return = ptid_word;
	int st = tc_reap(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: child status 0x%x", what, st);
	CHECK(sh->tid == pid, "%s: the child's gettid() is not clone's return value", what);
	int vm = (flags & CLONE_VM) != 0;
	t_log("%s", what);
	if (flags & CLONE_PARENT_SETTID) {
		CHECK(ptid_at_return == pid, "%s: parent_tid not set when clone returned", what);
		if (vm)
			CHECK(sh->ptid_seen == pid, "%s: the child did not find its tid at parent_tid", what);
		else
			CHECK(sh->ptid_seen == -1, "%s: the child's copy of parent_tid changed", what);
	} else {
		CHECK(ptid_word == -1, "%s: parent_tid written without CLONE_PARENT_SETTID", what);
		CHECK(sh->ptid_seen == -1, "%s: parent_tid written without CLONE_PARENT_SETTID", what);
	}
	if (flags & CLONE_CHILD_SETTID) {
		CHECK(sh->ctid_seen == pid, "%s: the child did not find its tid at child_tid", what);
		if (vm)
			CHECK(ctid_word == pid, "%s: CLONE_VM: the parent does not see child_tid", what);
		else
			CHECK(ctid_word == -1, "%s: the parent's copy of child_tid changed", what);
	} else {
		CHECK(ctid_word == -1, "%s: child_tid written without CLONE_CHILD_SETTID", what);
		CHECK(sh->ctid_seen == -1, "%s: child_tid written without CLONE_CHILD_SETTID", what);
	}
	munmap(stack, 64 * 1024);
	munmap(sh, 4096);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	run(0, 0, "clone, no settid flags: neither word is written");
	run(CLONE_VM | CLONE_PARENT_SETTID, 0, "clone CLONE_VM|CLONE_PARENT_SETTID");
	run(CLONE_PARENT_SETTID, 0, "clone CLONE_PARENT_SETTID without CLONE_VM");
	run(CLONE_CHILD_SETTID, 0, "clone CLONE_CHILD_SETTID without CLONE_VM");
	run(CLONE_VM | CLONE_CHILD_SETTID, 0, "clone CLONE_VM|CLONE_CHILD_SETTID");
	run(CLONE_PARENT_SETTID | CLONE_CHILD_SETTID, 0, "clone both, without CLONE_VM");
	run(CLONE_PARENT_SETTID | CLONE_CHILD_SETTID, 1, "clone3 both, without CLONE_VM");
	run(CLONE_VM | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID, 1, "clone3 both, CLONE_VM");
	return t_done();
}
