/*
 * clone_exit_signal: the exit signal decides who may wait for a child.
 * A child whose exit signal is not SIGCHLD (0, SIGUSR1, 64) is a "clone
 * child": while it runs a plain waitpid(-1) or waitpid(pid) gets ECHILD at
 * once, and only __WCLONE or __WALL see and reap it.  A SIGCHLD child is
 * ECHILD for __WCLONE.  The parent receives exactly the exit signal
 * (checked with the signals blocked, through sigpending): none for 0.
 * A legacy clone with an exit signal above 64 gives EINVAL on the newest
 * Linux; older kernels (this may include the host) accepted it as a clone
 * child that sends no signal, and the test accepts that only on Linux.
 */
#include "t.h"
#include "t_clone.h"
#include <sys/utsname.h>

static int go[2];

static int child_fn(void *arg)
{
	char c;
	if (tc_sys3(SYS_read, go[0], &c, 1) != 1)
		return 99;
	return (int)(long)arg;
}

static long start(int sig, int code)
{
	void *top;
	if (!tc_stack(64 * 1024, &top))
		return -ENOMEM;
	return tc_clone_run((unsigned long)sig, top, NULL, NULL, 0, child_fn, (void *)(long)code);
}

static int pending(int sig)
{
	sigset_t s;
	sigpending(&s);
	return sigismember(&s, sig);
}

static void clone_child(int sig, const char *what)
{
	CHECK_OK(pipe(go));
	long pid = start(sig, 21);
	CHECK(pid > 0, "%s: clone failed: %ld", what, pid);
	if (pid <= 0)
		return;
	t_log("%s: a clone child, invisible without __WCLONE/__WALL", what);
	CHECK_ERR(waitpid(-1, NULL, 0), ECHILD);       /* does not block */
	CHECK_ERR(waitpid(pid, NULL, 0), ECHILD);
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	CHECK_EQ(waitpid(pid, NULL, WNOHANG | __WCLONE), 0);
	CHECK_EQ(waitpid(-1, NULL, WNOHANG | __WALL), 0);
	CHECK_EQ(write(go[1], "g", 1), 1);
	int st = -1;
	int opt = sig == SIGUSR1 ? __WALL : __WCLONE;
	CHECK_EQ(waitpid(-1, &st, opt), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 21, "%s: status 0x%x", what, st);
	close(go[0]);
	close(go[1]);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, 64);
	CHECK_OK(sigprocmask(SIG_BLOCK, &block, NULL));

	clone_child(0, "exit signal 0");
	CHECK(!pending(SIGCHLD) && !pending(SIGUSR1), "exit signal 0: a signal was sent");

	t_log("SIGCHLD child: ECHILD for __WCLONE, reaped by __WALL");
	CHECK_OK(pipe(go));
	long pid = start(SIGCHLD, 22);
	CHECK(pid > 0, "clone failed: %ld", pid);
	CHECK_ERR(waitpid(pid, NULL, WNOHANG | __WCLONE), ECHILD);
	CHECK_ERR(waitpid(-1, NULL, __WCLONE), ECHILD);
	CHECK_EQ(waitpid(pid, NULL, WNOHANG), 0);
	CHECK_EQ(write(go[1], "g", 1), 1);
	int st = -1;
	CHECK_EQ(waitpid(-1, &st, __WALL), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 22, "status 0x%x", st);
	CHECK(pending(SIGCHLD), "SIGCHLD child: no SIGCHLD pending after it exited");
	CHECK(!pending(SIGUSR1), "SIGCHLD child: SIGUSR1 pending");
	close(go[0]);
	close(go[1]);

	clone_child(SIGUSR1, "exit signal SIGUSR1");
	CHECK(pending(SIGUSR1), "exit signal SIGUSR1: SIGUSR1 not pending after the child exited");
	clone_child(64, "exit signal 64 (SIGRTMAX)");
	CHECK(pending(64), "exit signal 64: signal 64 not pending after the child exited");

	t_log("one child of each kind: each wait flag picks its own");
	CHECK_OK(pipe(go));
	long c_clone = start(0, 23), c_norm = start(SIGCHLD, 24);
	CHECK(c_clone > 0 && c_norm > 0, "clone failed");
	CHECK_EQ(write(go[1], "gg", 2), 2);
	CHECK_EQ(waitpid(-1, &st, 0), c_norm);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 24, "status 0x%x", st);
	CHECK_ERR(waitpid(-1, NULL, 0), ECHILD);
	CHECK_EQ(waitpid(-1, &st, __WCLONE), c_clone);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 23, "status 0x%x", st);
	close(go[0]);
	close(go[1]);

	int ushi = t_on_ushi();
	static const int big[] = { 65, 0x80, 200, 255 };
	for (unsigned i = 0; i < sizeof big / sizeof big[0]; i++) {
		long r = tc_clone_probe((unsigned long)big[i], NULL, NULL, 0);
		if (r > 0) {
			/* older Linux: a clone child that sends no signal at exit */
			CHECK(!ushi, "legacy exit signal %d accepted: ushi follows the newest Linux (EINVAL)",
			      big[i]);
			CHECK_ERR(waitpid(r, NULL, 0), ECHILD);
			CHECK_EQ(waitpid(r, &st, __WCLONE), r);
		} else {
			CHECK(r == -EINVAL, "legacy exit signal %d: returned %ld, expected -EINVAL",
			      big[i], r);
		}
	}
	t_log("legacy exit signals above 64 are rejected (or, on older Linux, send nothing)");
	CHECK_ERR(waitpid(-1, NULL, WNOHANG | __WALL), ECHILD);
	return t_done();
}
