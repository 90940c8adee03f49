/*
 * vfork_exec: a vfork() parent resumes when the child's execve()
 * succeeds, while the new program is still running: the re-executed test
 * ("exec-child" mode) waits for a byte the parent sends only after vfork
 * has returned, so a kernel that waits for the child's exit deadlocks
 * instead (the child gives up after an alarm).  The new program's pid is
 * vfork's return value.  A failed execve does not release the parent:
 * the child sets a flag after the failure and before _exit, and the
 * parent sees it.
 */
#include "t.h"
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>

extern char **environ;

static volatile int before_exec, exec_failed, after_fail, late_flag, fail_errno;

/* exec-child mode: argv[2] = fd to read the go byte from, argv[3] = fd to report the pid on */
static int exec_child(char **argv)
{
	int in = atoi(argv[2]), out = atoi(argv[3]);
	alarm(30);                       /* a kernel that never released the parent */
	long pid = getpid();
	if (write(out, &pid, sizeof pid) != sizeof pid)
		return 3;
	char c = 0;
	if (read(in, &c, 1) != 1 || c != 'x')
		return 4;
	return 42;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "exec-child") == 0)
		return exec_child(argv);
	t_start(argv[0]);
	signal(SIGPIPE, SIG_IGN);

	t_log("vfork + successful execve: the parent resumes while the new program runs");
	int go[2], rep[2];
	CHECK_OK(pipe(go));
	CHECK_OK(pipe(rep));
	CHECK_OK(fcntl(go[1], F_SETFD, FD_CLOEXEC));
	CHECK_OK(fcntl(rep[0], F_SETFD, FD_CLOEXEC));
	char infd[16], outfd[16];
	snprintf(infd, sizeof infd, "%d", go[0]);
	snprintf(outfd, sizeof outfd, "%d", rep[1]);
	char *cargv[] = { argv[0], "exec-child", infd, outfd, NULL };
	pid_t pid = vfork();
	if (pid == 0) {
		before_exec = 1;
		execve(argv[0], cargv, environ);
		exec_failed = 1;
		_exit(127);
	}
	CHECK(pid > 0, "vfork failed: %s", strerror(errno));
	CHECK(before_exec == 1, "the parent resumed before the child ran");
	CHECK(exec_failed == 0, "execve of the test itself failed");
	close(go[0]);
	close(rep[1]);
	CHECK_EQ(write(go[1], "x", 1), 1);     /* only now can the child finish */
	close(go[1]);
	long cpid = -1;
	CHECK(read(rep[0], &cpid, sizeof cpid) == sizeof cpid, "no pid from the new program");
	CHECK(cpid == pid, "the new program's pid is not vfork's return value");
	close(rep[0]);
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42,
	      "exec-child status 0x%x (killed by SIGALRM = the parent was not released at exec)", st);

	t_log("vfork + failed execve: the parent stays suspended until _exit");
	pid = vfork();
	if (pid == 0) {
		char *bad[] = { "/nonexistent/vfork_exec", NULL };
		execve(bad[0], bad, environ);
		fail_errno = errno;
		after_fail = 1;
		for (int i = 0; i < 200; i++)
			sched_yield();
		late_flag = 1;
		_exit(127);
	}
	CHECK(pid > 0, "vfork failed: %s", strerror(errno));
	CHECK(after_fail == 1, "the parent resumed at the failed execve");
	CHECK(late_flag == 1, "the parent resumed before the child's _exit");
	CHECK_EQ(fail_errno, ENOENT);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 127, "status 0x%x", st);
	return t_done();
}
