/*
 * clone_parent: process A forks B; B creates C with CLONE_PARENT, once
 * with the legacy clone (exit-signal byte 0) and once with clone3
 * (exit_signal 0).  C is A's child, not B's: C's getppid() equals B's
 * getppid(), B's wait calls get ECHILD for C even while C runs, and A
 * reaps B and both Cs with a plain waitpid().  That last part also shows
 * that C inherited B's exit signal (SIGCHLD): the exit-signal byte is
 * ignored with CLONE_PARENT.
 */
#include "t.h"
#include "t_clone.h"

struct shared {
	volatile long c_pid[2], c_ppid[2], b_ppid;
	volatile int b_fail;
};

static int go[2];

static int c_fn(void *arg)
{
	struct shared *sh = arg;
	/* B stores the pids after clone returns: wait for B's go */
	char c;
	if (tc_sys3(SYS_read, go[0], &c, 1) != 1)
		return 99;
	int k = tc_sys0(SYS_getpid) == sh->c_pid[0] ? 0 : 1;
	sh->c_ppid[k] = tc_sys0(SYS_getppid);
	return 40 + k;
}

/* B: returns a bitmask of failed checks. */
static int b_main(struct shared *sh)
{
	int fail = 0;
	void *top;
	if (!tc_stack(64 * 1024, &top))
		return 1;
	sh->b_ppid = getppid();
	long c0 = tc_clone_run(CLONE_PARENT, top, NULL, NULL, 0, c_fn, sh);
	if (c0 <= 0)
		return 2;
	sh->c_pid[0] = c0;
	void *top2;
	if (!tc_stack(64 * 1024, &top2))
		return 1;
	struct tc_clone_args ca;
	memset(&ca, 0, sizeof ca);
	ca.flags = CLONE_PARENT;
	ca.exit_signal = 0;
	ca.stack = (uintptr_t)top2 - 64 * 1024;
	ca.stack_size = 64 * 1024;
	long c1 = tc_clone3_run(&ca, TC_ARGS_VER0, c_fn, sh);
	if (c1 <= 0)
		return 4;
	sh->c_pid[1] = c1;
	/* both Cs are alive and waiting: they are not B's children */
	if (waitpid(c0, NULL, WNOHANG | __WALL) != -1 || errno != ECHILD)
		fail |= 8;
	if (waitpid(-1, NULL, WNOHANG | __WALL) != -1 || errno != ECHILD)
		fail |= 8;
	if (write(go[1], "gg", 2) != 2)
		fail |= 16;
	if (waitpid(-1, NULL, __WALL) != -1 || errno != ECHILD)
		fail |= 32;
	return fail;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct shared *sh = tc_shared_page();
	CHECK(sh != NULL, "no shared page");
	if (!sh)
		return t_done();
	sh->c_pid[0] = sh->c_pid[1] = -1;
	CHECK_OK(pipe(go));
	pid_t b = fork();
	if (b == 0)
		_exit(b_main(sh));
	CHECK(b > 0, "fork failed");
	close(go[0]);
	close(go[1]);
	t_log("A reaps B and the two CLONE_PARENT children of B with plain waitpid");
	int got_b = 0, got_c[2] = { 0, 0 }, other = 0;
	for (int i = 0; i < 3; i++) {
		int st = -1;
		pid_t w = waitpid(-1, &st, 0);
		if (w == b) {
			got_b++;
			CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "B: status 0x%x "
			      "(8: B could wait for C, 32: B had a child, 1/2/4: setup)", st);
		} else if (w > 0 && (w == sh->c_pid[0] || w == sh->c_pid[1])) {
			int k = w == sh->c_pid[1];
			got_c[k]++;
			CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 40 + k, "C%d: status 0x%x", k, st);
		} else {
			other++;
			if (w < 0)
				break;
		}
	}
	CHECK(got_b == 1, "A did not reap B");
	CHECK(got_c[0] == 1, "A did not reap the legacy CLONE_PARENT child with a plain waitpid");
	CHECK(got_c[1] == 1, "A did not reap the clone3 CLONE_PARENT child with a plain waitpid");
	CHECK(other == 0, "waitpid returned something else");
	CHECK_ERR(waitpid(-1, NULL, WNOHANG | __WALL), ECHILD);
	t_log("each C's getppid() is B's getppid(), that is A");
	CHECK(sh->b_ppid == getpid(), "B's getppid() is not A");
	CHECK(sh->c_ppid[0] == sh->b_ppid, "legacy C's getppid() is not B's getppid()");
	CHECK(sh->c_ppid[1] == sh->b_ppid, "clone3 C's getppid() is not B's getppid()");
	munmap(sh, 4096);
	return t_done();
}
