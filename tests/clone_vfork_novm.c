/*
 * clone_vfork_novm: CLONE_VFORK does not need CLONE_VM.  A raw
 * clone(CLONE_VFORK|SIGCHLD) child gets a copy-on-write copy of the
 * parent's memory (its writes to globals and to the stack stay its own),
 * yet the parent is still suspended until the child _exits: a flag the
 * child sets in a MAP_SHARED page just before _exit is already set when
 * clone returns in the parent.
 */
#include "t.h"
#include "t_clone.h"
#include <sched.h>

struct shared { volatile int started, done; volatile long pid; };
static volatile int global_word = 5;

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct shared *sh = tc_shared_page();
	CHECK(sh != NULL, "mmap of a shared page failed");
	if (!sh)
		return t_done();
	volatile int local_word = 6;
	for (int round = 0; round < 2; round++) {
		sh->started = sh->done = 0;
		long pid = tc_sys6(SYS_clone, CLONE_VFORK | SIGCHLD, 0, 0, 0, 0, 0);
		if (pid == 0) {
			sh->started = 1;
			sh->pid = tc_sys0(SYS_getpid);
			global_word = 100;       /* its own copy */
			local_word = 200;
			for (int i = 0; i < 200; i++)
				sched_yield();
			sh->done = global_word == 100 && local_word == 200 ? 1 : 2;
			_exit(30 + round);
		}
		CHECK(pid > 0, "clone(CLONE_VFORK|SIGCHLD) failed: %ld", pid);
		if (pid <= 0)
			break;
		t_log("round %d: parent resumed after the child's _exit", round);
		CHECK(sh->started == 1, "the child never ran");
		CHECK(sh->done != 0, "the parent resumed before the child _exited");
		CHECK(sh->done != 2, "the child did not see its own writes");
		CHECK(sh->pid == pid, "child's pid differs from clone's return value");
		CHECK_EQ(global_word, 5);
		CHECK_EQ(local_word, 6);
		int st = tc_reap(pid);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 30 + round, "status 0x%x", st);
	}
	munmap(sh, 4096);
	return t_done();
}
