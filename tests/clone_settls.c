/*
 * clone_settls: CLONE_SETTLS makes tls the child's FS base: in the child
 * arch_prctl(ARCH_GET_FS) returns it and %fs:0 reads the first word there
 * (legacy clone with and without CLONE_VM, and clone3's tls field); the
 * parent's FS base is unchanged.  Without the flag the tls argument is
 * ignored and the child keeps the parent's FS base.  A tls at or above
 * TASK_SIZE_MAX (0x7ffffffff000 with 4-level paging), non-canonical or in
 * the kernel half gives EPERM and no child.
 */
#include "t.h"
#include "t_clone.h"

static uint64_t tls_area[512] __attribute__((aligned(4096)));

struct report { volatile unsigned long fs, word; };

/* Runs with a foreign FS base: raw system calls only, no errno, no TLS. */
static int child_fn(void *arg)
{
	struct report *rep = arg;
	unsigned long fs = 1;
	if (tc_sys2(SYS_arch_prctl, ARCH_GET_FS, &fs) != 0)
		return 1;
	rep->fs = fs;
	if (fs == (unsigned long)tls_area) {
		unsigned long w;
		__asm__ volatile ("mov %%fs:0, %0" : "=r"(w));
		rep->word = w;
	}
	return 0;
}

static void run(unsigned long flags, unsigned long tls, int api, const char *what)
{
	struct report *rep = tc_shared_page();
	void *top;
	void *stack = tc_stack(64 * 1024, &top);
	CHECK(rep && stack, "setup failed");
	if (!rep || !stack)
		return;
	unsigned long fs_parent = 0, fs_after = 0;
	tc_sys2(SYS_arch_prctl, ARCH_GET_FS, &fs_parent);
	rep->fs = rep->word = 0xbad;
	long pid;
	if (api == 0) {
		pid = tc_clone_run(flags | SIGCHLD, top, NULL, NULL, tls, child_fn, rep);
	} else {
		struct tc_clone_args ca;
		memset(&ca, 0, sizeof ca);
		ca.flags = flags;
		ca.exit_signal = SIGCHLD;
		ca.tls = tls;
		ca.stack = (uintptr_t)stack;
		ca.stack_size = 64 * 1024;
		pid = tc_clone3_run(&ca, TC_ARGS_VER0, child_fn, rep);
	}
	CHECK(pid > 0, "%s: clone failed: %ld", what, pid);
	if (pid <= 0)
		return;
	int st = tc_reap(pid);
	t_log("%s", what);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: child status 0x%x", what, st);
	unsigned long want = (flags & CLONE_SETTLS) ? tls : fs_parent;
	CHECK(rep->fs == want, "%s: the child's FS base is not the expected one", what);
	if (want == (unsigned long)tls_area)
		CHECK(rep->word == tls_area[0], "%s: %%fs:0 did not read tls[0]", what);
	tc_sys2(SYS_arch_prctl, ARCH_GET_FS, &fs_after);
	CHECK(fs_after == fs_parent, "%s: the parent's FS base changed", what);
	munmap(stack, 64 * 1024);
	munmap(rep, 4096);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	tls_area[0] = 0x1122334455667788ull;
	unsigned long t = (unsigned long)tls_area;
	run(CLONE_SETTLS, t, 0, "clone CLONE_SETTLS: the child's FS base is tls");
	run(CLONE_VM | CLONE_SETTLS, t, 0, "clone CLONE_VM|CLONE_SETTLS: the child's FS base is tls");
	run(CLONE_SETTLS, 0, 0, "clone CLONE_SETTLS with tls 0: FS base 0");
	unsigned long tsm = tc_task_size_max();
	run(CLONE_SETTLS, tsm - 0x1000, 0, "clone CLONE_SETTLS with the last page below TASK_SIZE_MAX");
	run(CLONE_SETTLS, t, 1, "clone3 CLONE_SETTLS: the child's FS base is tls");
	run(0, 0xdead0000ul, 0, "clone without CLONE_SETTLS: the tls argument is ignored");
	run(0, 0xdead0000ul, 1, "clone3 without CLONE_SETTLS: the tls field is ignored");

	t_log("tls at or above TASK_SIZE_MAX gives EPERM");
	/* 1<<47 is beyond user space with 4-level paging, 1<<56 with either */
	const unsigned long bad[] = {
		tsm, tsm | 0xfff, tsm == 0x7ffffffff000ul ? 1ul << 47 : 1ul << 56, 1ul << 56,
		0xffff800000000000ul, 0xfffffffffffff000ul, ~0ul,
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		long r = tc_clone_probe(CLONE_SETTLS | SIGCHLD, NULL, NULL, bad[i]);
		if (r > 0)
			tc_reap(r);
		CHECK(r == -EPERM, "clone CLONE_SETTLS tls #%u returned %ld, expected -EPERM", i, r);
		struct tc_clone_args ca;
		memset(&ca, 0, sizeof ca);
		ca.flags = CLONE_SETTLS;
		ca.exit_signal = SIGCHLD;
		ca.tls = bad[i];
		r = tc_clone3_probe(&ca, TC_ARGS_VER0);
		if (r > 0)
			tc_reap(r);
		CHECK(r == -EPERM, "clone3 CLONE_SETTLS tls #%u returned %ld, expected -EPERM", i, r);
	}
	CHECK_ERR(waitpid(-1, NULL, WNOHANG | __WALL), ECHILD);
	return t_done();
}
