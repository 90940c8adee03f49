/*
 * clone_flags_accepted: flags with nothing to do for an untraced caller
 * without namespaces are accepted and give an ordinary SIGCHLD child:
 * CLONE_DETACHED (legacy only), CLONE_PTRACE, CLONE_UNTRACED, CLONE_IO,
 * CLONE_SYSVSEM, alone and together.  The legacy clone ignores bits 32-63
 * of its flags, and the parent_tid, child_tid and tls arguments when
 * their flags are absent (posix_spawn leaves garbage there).
 */
#include "t.h"
#include "t_clone.h"

static int child_fn(void *arg)
{
	return (int)(long)arg;
}

static void run(unsigned long flags, void *ptid, void *ctid, unsigned long tls, int api,
		const char *what)
{
	void *top;
	void *stack = tc_stack(64 * 1024, &top);
	CHECK(stack != NULL, "no stack");
	if (!stack)
		return;
	long pid;
	if (api == 0) {
		pid = tc_clone_run(flags | SIGCHLD, top, ptid, ctid, tls, child_fn, (void *)7L);
	} else {
		struct tc_clone_args ca;
		memset(&ca, 0, sizeof ca);
		ca.flags = flags;
		ca.exit_signal = SIGCHLD;
		ca.parent_tid = (uintptr_t)ptid;
		ca.child_tid = (uintptr_t)ctid;
		ca.tls = tls;
		ca.stack = (uintptr_t)stack;
		ca.stack_size = 64 * 1024;
		pid = tc_clone3_run(&ca, TC_ARGS_VER0, child_fn, (void *)7L);
	}
	t_log("%s", what);
	CHECK(pid > 0, "%s: clone returned %ld", what, pid);
	if (pid > 0) {
		int st = -1;
		/* a plain waitpid: the child must be an ordinary SIGCHLD child */
		CHECK_EQ(waitpid(pid, &st, 0), pid);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "%s: status 0x%x", what, st);
	}
	munmap(stack, 64 * 1024);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	run(CLONE_DETACHED, NULL, NULL, 0, 0, "clone CLONE_DETACHED");
	run(CLONE_PTRACE, NULL, NULL, 0, 0, "clone CLONE_PTRACE (caller not traced)");
	run(CLONE_UNTRACED, NULL, NULL, 0, 0, "clone CLONE_UNTRACED");
	run(CLONE_IO, NULL, NULL, 0, 0, "clone CLONE_IO");
	run(CLONE_SYSVSEM, NULL, NULL, 0, 0, "clone CLONE_SYSVSEM");
	run(CLONE_DETACHED | CLONE_PTRACE | CLONE_UNTRACED | CLONE_IO | CLONE_SYSVSEM,
	    NULL, NULL, 0, 0, "clone with all five");
	run(1ul << 32, NULL, NULL, 0, 0, "clone with bit 32 set: the upper half is dropped");
	run(0xffffffff00000000ul, NULL, NULL, 0, 0, "clone with bits 32-63 set");
	run(0, (void *)8, (void *)16, 0xffffffffffff0000ul, 0,
	    "clone ignores bad ptid, ctid and tls without their flags");
	run(CLONE_PTRACE | CLONE_UNTRACED | CLONE_IO | CLONE_SYSVSEM, NULL, NULL, 0, 1,
	    "clone3 CLONE_PTRACE|CLONE_UNTRACED|CLONE_IO|CLONE_SYSVSEM");
	run(0, (void *)8, (void *)16, 0xffffffffffff0000ul, 1,
	    "clone3 ignores bad parent_tid, child_tid and tls without their flags");
	CHECK_ERR(waitpid(-1, NULL, WNOHANG | __WALL), ECHILD);
	return t_done();
}
