/*
 * ptrace_syscall_stops: under PTRACE_SYSCALL a tracee stops at each system
 * call's entry (rax = -ENOSYS, the number in orig_rax) and exit (the
 * result in rax), with SIGTRAP | 0x80 after PTRACE_O_TRACESYSGOOD.  At an
 * entry the tracer may change the number (getpid becomes getppid) or
 * skip the call (orig_rax = -1: rax stays what the tracer put there).
 */
#include "t.h"
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>

#define MAGIC 4242

static void child(void)
{
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
		_exit(10);
	raise(SIGSTOP);
	long a = syscall(SYS_getpid);           /* made getppid */
	long b = syscall(SYS_getuid);           /* skipped, answered MAGIC */
	_exit(a == getppid() && b == MAGIC ? 0 : 1);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	pid_t pid = fork();
	if (pid == 0)
		child();
	CHECK(pid > 0, "fork");
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "first stop: status 0x%x", st);
	CHECK_OK(ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)PTRACE_O_TRACESYSGOOD));

	int entries = 0, exits = 0, changed = 0, skipped = 0, bad = 0;
	int entry = 1;
	long last = -2;
	for (;;) {
		CHECK_OK(ptrace(PTRACE_SYSCALL, pid, NULL, 0));
		if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st))
			break;
		if (WSTOPSIG(st) != (SIGTRAP | 0x80)) {
			bad++;
			continue;
		}
		struct user_regs_struct r;
		CHECK_OK(ptrace(PTRACE_GETREGS, pid, NULL, &r));
		if (entry) {
			entries++;
			if ((long)r.rax != -ENOSYS)
				bad++;
			last = r.orig_rax;
			if (r.orig_rax == SYS_getpid) {
				r.orig_rax = SYS_getppid;
				changed++;
			} else if (r.orig_rax == SYS_getuid) {
				r.orig_rax = -1;
				r.rax = MAGIC;
				skipped++;
			}
			CHECK_OK(ptrace(PTRACE_SETREGS, pid, NULL, &r));
		} else {
			exits++;
			if (last == SYS_getuid && (long)r.rax != MAGIC)
				bad++;
		}
		entry = !entry;
	}
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "end: status 0x%x", st);
	CHECK_EQ(changed, 1);
	CHECK_EQ(skipped, 1);
	CHECK_EQ(bad, 0);
	CHECK_EQ(entries, exits + 1);           /* exit_group has no exit stop */
	CHECK(entries >= 3, "%d entry stops", entries);
	return t_done();
}
