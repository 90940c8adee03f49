/*
 * unshare_flags: unshare(0) succeeds; -1 and bits unshare does not know
 * (CLONE_PARENT, CLONE_SETTLS, CLONE_VFORK...) give EINVAL.  In a
 * single-threaded process that shares nothing, CLONE_VM, CLONE_SIGHAND,
 * CLONE_THREAD, CLONE_FILES, CLONE_FS and CLONE_SYSVSEM succeed as no-ops.
 * With a second thread alive, CLONE_THREAD, CLONE_SIGHAND and CLONE_VM give
 * EINVAL; with a CLONE_VM|CLONE_SIGHAND child process, CLONE_SIGHAND and
 * CLONE_VM give EINVAL, and with a CLONE_VM-only child only CLONE_VM does.
 */
#include "t.h"
#include "t_thread.h"
#include <sched.h>
#include <signal.h>
#include <fcntl.h>

static int hold[2];

static int blocked(void *arg)
{
	(void)arg;
	char c;
	t_sys3(SYS_read, hold[0], &c, 1);
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK_OK(pipe(hold));
	CHECK_EQ(unshare(0), 0);
	CHECK_ERR(unshare(-1), EINVAL);
	CHECK_ERR(unshare(CLONE_PARENT), EINVAL);
	CHECK_ERR(unshare(CLONE_SETTLS), EINVAL);
	CHECK_ERR(unshare(CLONE_VFORK), EINVAL);
	CHECK_ERR(unshare(CLONE_CHILD_CLEARTID), EINVAL);
	CHECK_ERR(unshare(CLONE_FILES | CLONE_PTRACE), EINVAL);
	CHECK_ERR(unshare(SIGCHLD), EINVAL);

	/* Nothing shared: every one is a no-op that succeeds. */
	CHECK_EQ(unshare(CLONE_VM), 0);
	CHECK_EQ(unshare(CLONE_SIGHAND), 0);
	CHECK_EQ(unshare(CLONE_THREAD), 0);
	CHECK_EQ(unshare(CLONE_VM | CLONE_SIGHAND | CLONE_THREAD), 0);
	CHECK_EQ(unshare(CLONE_FILES), 0);
	CHECK_EQ(unshare(CLONE_FS), 0);
	CHECK_EQ(unshare(CLONE_SYSVSEM), 0);
	CHECK_EQ(unshare(CLONE_FILES | CLONE_FS | CLONE_VM | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM), 0);
	CHECK(fcntl(hold[0], F_GETFD) != -1, "fds survive a no-op unshare(CLONE_FILES)");

	/* A second thread: the thread-group flags are refused. */
	static struct t_thread t;
	CHECK(t_thread_start(&t, blocked, NULL) > 0, "thread");
	CHECK_ERR(unshare(CLONE_THREAD), EINVAL);
	CHECK_ERR(unshare(CLONE_SIGHAND), EINVAL);
	CHECK_ERR(unshare(CLONE_VM), EINVAL);
	CHECK_ERR(unshare(CLONE_VM | CLONE_SIGHAND | CLONE_THREAD), EINVAL);
	CHECK_EQ(write(hold[1], "x", 1), 1);
	t_thread_join(&t);

	/* A child process sharing the VM and the signal handlers. */
	static char stack[2][16384] __attribute__((aligned(16)));
	long pid = t_raw_clone(CLONE_VM | CLONE_SIGHAND | SIGCHLD, stack[0] + sizeof stack[0],
			       NULL, NULL, 0, blocked, NULL);
	CHECK(pid > 0, "clone(CLONE_VM|CLONE_SIGHAND) returned %ld", pid);
	CHECK_ERR(unshare(CLONE_SIGHAND), EINVAL);
	CHECK_ERR(unshare(CLONE_VM), EINVAL);
	CHECK_EQ(write(hold[1], "x", 1), 1);
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(st, 0);

	/* A child process sharing only the VM. */
	pid = t_raw_clone(CLONE_VM | SIGCHLD, stack[1] + sizeof stack[1], NULL, NULL, 0, blocked, NULL);
	CHECK(pid > 0, "clone(CLONE_VM) returned %ld", pid);
	CHECK_EQ(unshare(CLONE_SIGHAND), 0);
	CHECK_ERR(unshare(CLONE_VM), EINVAL);
	CHECK_EQ(write(hold[1], "x", 1), 1);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(st, 0);
	close(hold[0]);
	close(hold[1]);
	return t_done();
}
