/*
 * clone3_fork: clone3 with {flags 0, exit_signal SIGCHLD} behaves exactly
 * like fork, for the three known struct sizes (64, 80, 88), for a larger
 * size whose extra bytes are zero (96 and a whole page, 4096), and for a
 * struct in a read-only page: it returns the child's pid, the child sees
 * 0, its getpid() is that pid and its getppid() the parent, it has a
 * private copy of memory, and a plain waitpid reaps it.  With exit_signal
 * 0 the child is a clone child (only __WCLONE/__WALL see it).
 */
#include "t.h"
#include "t_clone.h"

static volatile int global_word;

struct report { volatile long pid, ppid, tid; };

static int child_fn(void *arg)
{
	struct report *rep = arg;
	rep->pid = tc_sys0(SYS_getpid);
	rep->ppid = tc_sys0(SYS_getppid);
	rep->tid = tc_sys0(SYS_gettid);
	global_word = 99;               /* its own copy */
	return global_word == 99 ? 12 : 13;
}

static void run(void *args, unsigned long size, int exit_signal, const char *what)
{
	struct report *rep = tc_shared_page();
	CHECK(rep != NULL, "no shared page");
	if (!rep)
		return;
	global_word = 1;
	rep->pid = rep->ppid = rep->tid = -1;
	long pid = tc_clone3_run(args, size, child_fn, rep);
	t_log("%s", what);
	CHECK(pid > 0, "%s: clone3 returned %ld", what, pid);
	if (pid > 0) {
		int st = -1;
		if (exit_signal == SIGCHLD) {
			CHECK_EQ(waitpid(pid, &st, 0), pid);
		} else {
			CHECK_ERR(waitpid(pid, NULL, 0), ECHILD);
			CHECK_EQ(waitpid(pid, &st, __WCLONE), pid);
		}
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 12, "%s: status 0x%x", what, st);
		CHECK(rep->pid == pid, "%s: the child's getpid() is not clone3's result", what);
		CHECK(rep->tid == pid, "%s: the child's gettid() is not its pid", what);
		CHECK(rep->ppid == getpid(), "%s: the child's getppid() is not the parent", what);
		CHECK_EQ(global_word, 1);
	}
	munmap(rep, 4096);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(page != MAP_FAILED, "mmap failed");
	if (page == MAP_FAILED)
		return t_done();
	struct tc_clone_args *ca = (struct tc_clone_args *)page;
	ca->exit_signal = SIGCHLD;
	run(ca, TC_ARGS_VER0, SIGCHLD, "size 64 (VER0)");
	run(ca, TC_ARGS_VER1, SIGCHLD, "size 80 (VER1)");
	run(ca, TC_ARGS_VER2, SIGCHLD, "size 88 (VER2)");
	run(ca, 96, SIGCHLD, "size 96, zero past the known fields");
	run(ca, 4096, SIGCHLD, "size 4096, zero past the known fields");
	ca->exit_signal = 0;
	run(ca, TC_ARGS_VER0, 0, "exit_signal 0: a clone child");
	ca->exit_signal = SIGCHLD;
	CHECK_OK(mprotect(page, 4096, PROT_READ));
	run(ca, TC_ARGS_VER2, SIGCHLD, "the struct in a read-only page");
	munmap(page, 4096);
	CHECK_ERR(waitpid(-1, NULL, WNOHANG | __WALL), ECHILD);
	return t_done();
}
