/*
 * clone_vfork_vm: CLONE_VM|CLONE_VFORK on a separate child stack (what
 * posix_spawn does).  The child runs on the parent's memory while the
 * parent is suspended; when clone returns, everything the child wrote,
 * including a flag set just before it exits, is visible.  Checked through
 * musl's clone(), through a raw clone, and through posix_spawn(): a
 * spawn of this program returns its pid and exit status, a spawn of a
 * missing file returns ENOENT and leaves no child behind.
 */
#include "t.h"
#include "t_clone.h"
#include <sched.h>
#include <spawn.h>

extern char **environ;

static volatile int global_word, done;
static volatile long child_pid;

static int child_fn(void *arg)
{
	global_word = (int)(long)arg;
	child_pid = tc_sys0(SYS_getpid);
	for (int i = 0; i < 200; i++)
		tc_sys0(SYS_sched_yield);
	done = 1;
	return 5;
}

static void one(const char *what, int raw)
{
	void *top;
	void *stack = tc_stack(64 * 1024, &top);
	CHECK(stack != NULL, "no stack");
	if (!stack)
		return;
	global_word = 0;
	done = 0;
	child_pid = -1;
	long pid;
	unsigned long flags = CLONE_VM | CLONE_VFORK | SIGCHLD;
	if (raw)
		pid = tc_clone_run(flags, top, NULL, NULL, 0, child_fn, (void *)77L);
	else
		pid = clone(child_fn, top, flags, (void *)77L);
	CHECK(pid > 0, "%s failed: %ld (%s)", what, pid, strerror(errno));
	if (pid > 0) {
		t_log("%s: the parent resumed after the child exited", what);
		CHECK(done == 1, "%s: the parent resumed before the child exited", what);
		CHECK(global_word == 77, "%s: the child's write is not visible", what);
		CHECK(child_pid == pid, "%s: the child's pid is not clone's return value", what);
		int st = tc_reap(pid);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 5, "%s: status 0x%x", what, st);
	}
	munmap(stack, 64 * 1024);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "spawned") == 0)
		return atoi(argv[2]);
	t_start(argv[0]);
	one("musl clone(CLONE_VM|CLONE_VFORK|SIGCHLD)", 0);
	one("raw clone(CLONE_VM|CLONE_VFORK|SIGCHLD)", 1);

	t_log("posix_spawn (CLONE_VM|CLONE_VFORK, then execve)");
	pid_t pid = -1;
	char *sargv[] = { argv[0], "spawned", "9", NULL };
	CHECK_EQ(posix_spawn(&pid, argv[0], NULL, NULL, sargv, environ), 0);
	if (pid > 0) {
		int st = -1;
		CHECK_EQ(waitpid(pid, &st, 0), pid);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 9, "spawned: status 0x%x", st);
	}
	char *margv[] = { "/nonexistent/clone_vfork_vm", NULL };
	CHECK_EQ(posix_spawn(&pid, margv[0], NULL, NULL, margv, environ), ENOENT);
	CHECK_ERR(waitpid(-1, NULL, WNOHANG | __WALL), ECHILD);
	return t_done();
}
