/*
 * vfork_shared_memory: the vfork() child runs first, on the parent's
 * memory and stack, and the parent stays suspended until the child
 * _exit()s.  The child writes a global and a local of main's frame, yields
 * the CPU many times, and sets a "done" flag just before _exit; when vfork
 * returns in the parent all of it is visible.  The child's getpid() is
 * vfork's return value and its getppid() the parent's pid; the parent
 * still reaps it with its exit status.
 */
#include "t.h"
#include <sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static volatile int global_word;
static volatile int done;
static volatile long child_pid, child_ppid;

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	volatile int local_word = 1;
	long me = getpid();

	for (int round = 0; round < 3; round++) {
		global_word = 0;
		done = 0;
		local_word = 1;
		child_pid = child_ppid = -1;
		pid_t pid = vfork();
		if (pid == 0) {
			global_word = 42 + round;
			local_word = 7 + round;
			child_pid = syscall(SYS_getpid);
			child_ppid = syscall(SYS_getppid);
			for (int i = 0; i < 200; i++)
				sched_yield();       /* the parent must not run meanwhile */
			done = 1;
			_exit(20 + round);
		}
		CHECK(pid > 0, "vfork failed: %s", strerror(errno));
		if (pid < 0)
			break;
		t_log("round %d: the parent resumed after the child's _exit", round);
		CHECK(done == 1, "the parent ran before the child _exited");
		CHECK_EQ(global_word, 42 + round);
		CHECK_EQ(local_word, 7 + round);
		CHECK(child_pid == pid, "child's getpid() is not vfork's return value");
		CHECK(child_ppid == me, "child's getppid() is not the parent's pid");
		int st = -1;
		CHECK_EQ(waitpid(pid, &st, 0), pid);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 20 + round, "status 0x%x", st);
	}
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	return t_done();
}
