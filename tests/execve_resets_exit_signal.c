/*
 * execve_resets_exit_signal: a child made by clone() with exit signal 0 is
 * a "clone child": a plain wait4 does not see it (ECHILD at once, even
 * while it runs), only __WCLONE/__WALL do.  After it execs, Linux resets
 * its exit signal to SIGCHLD, so a plain blocking wait4 reaps it and
 * SIGCHLD is sent at its exit.  Without the exec, __WCLONE is needed.
 */
#include "t.h"
#include "t_thread.h"
#include <signal.h>

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "image") == 0) {
		write(atoi(argv[2]), "x", 1);
		return 5;
	}
	t_start(argv[0]);
	sigset_t chld, old, pend;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	CHECK_OK(sigprocmask(SIG_BLOCK, &chld, &old));

	int go[2], note[2];
	CHECK_OK(pipe(go));
	CHECK_OK(pipe(note));
	long pid = t_sys6(SYS_clone, 0 /* no flags, exit signal 0 */, 0, 0, 0, 0, 0);
	if (pid == 0) {
		char c, fd[16];
		read(go[0], &c, 1);
		snprintf(fd, sizeof fd, "%d", note[1]);
		char *args[] = { argv[0], "image", fd, NULL };
		execv(argv[0], args);
		_exit(127);
	}
	CHECK(pid > 0, "clone with exit signal 0 returned %ld", pid);
	int st = -1;
	/* Before the exec: invisible to a plain wait, visible to __WCLONE and __WALL. */
	CHECK_ERR(wait4(pid, &st, WNOHANG, NULL), ECHILD);
	CHECK_ERR(wait4(-1, &st, WNOHANG, NULL), ECHILD);
	CHECK_ERR(wait4(pid, &st, 0, NULL), ECHILD);          /* does not block */
	CHECK_EQ(wait4(pid, &st, __WCLONE | WNOHANG, NULL), 0);
	CHECK_EQ(wait4(pid, &st, __WALL | WNOHANG, NULL), 0);

	CHECK_EQ(write(go[1], "g", 1), 1);
	char c = 0;
	CHECK_EQ(read(note[0], &c, 1), 1);                     /* the new image runs */
	CHECK_EQ(c, 'x');
	/* After the exec: an ordinary SIGCHLD child. */
	CHECK_EQ(wait4(pid, &st, 0, NULL), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 5, "status 0x%x", st);
	CHECK_OK(sigpending(&pend));
	CHECK(sigismember(&pend, SIGCHLD), "SIGCHLD was sent when the exec'd child exited");

	/* Without an exec, the exit-signal-0 child needs __WCLONE and sends no SIGCHLD. */
	signal(SIGCHLD, SIG_IGN);                             /* drops the pending one */
	signal(SIGCHLD, SIG_DFL);
	CHECK_OK(sigpending(&pend));
	CHECK(!sigismember(&pend, SIGCHLD), "the pending SIGCHLD was discarded");
	pid = t_sys6(SYS_clone, 0, 0, 0, 0, 0, 0);
	if (pid == 0)
		t_exit_group(6);
	CHECK(pid > 0, "clone");
	siginfo_t si;
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED | WNOWAIT | __WCLONE), 0);   /* a zombie now */
	CHECK_ERR(wait4(pid, &st, WNOHANG, NULL), ECHILD);
	CHECK_ERR(wait4(pid, &st, 0, NULL), ECHILD);
	CHECK_EQ(wait4(pid, &st, __WCLONE, NULL), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 6, "status 0x%x", st);
	CHECK_OK(sigpending(&pend));
	CHECK(!sigismember(&pend, SIGCHLD), "no SIGCHLD from an exit-signal-0 child");
	CHECK_OK(sigprocmask(SIG_SETMASK, &old, NULL));
	close(go[0]);
	close(go[1]);
	close(note[0]);
	close(note[1]);
	return t_done();
}
