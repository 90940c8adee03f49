/*
 * ptrace_singlestep: PTRACE_SINGLESTEP runs the tracee for one instruction
 * and stops it with SIGTRAP, its rip moved on; PTRACE_CONT then lets it
 * run freely to its exit.
 */
#include "t.h"
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	pid_t pid = fork();
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
			_exit(10);
		raise(SIGSTOP);
		volatile int n = 0;
		for (int i = 0; i < 100; i++)
			n += i;
		_exit(n == 4950 ? 0 : 1);
	}
	CHECK(pid > 0, "fork");
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "first stop: status 0x%x", st);
	struct user_regs_struct r;
	CHECK_OK(ptrace(PTRACE_GETREGS, pid, NULL, &r));
	unsigned long long rip = r.rip;
	int moved = 0;
	for (int i = 0; i < 5; i++) {
		CHECK_OK(ptrace(PTRACE_SINGLESTEP, pid, NULL, 0));
		CHECK_EQ(waitpid(pid, &st, 0), pid);
		CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP, "step %d: status 0x%x", i, st);
		CHECK_OK(ptrace(PTRACE_GETREGS, pid, NULL, &r));
		moved += r.rip != rip;
		rip = r.rip;
	}
	CHECK(moved >= 4, "rip moved in %d of 5 steps", moved);
	CHECK_OK(ptrace(PTRACE_CONT, pid, NULL, 0));
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "end: status 0x%x", st);
	return t_done();
}
