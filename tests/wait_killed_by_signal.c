/*
 * wait_killed_by_signal: a child ended by a signal whose default action
 * terminates it (SIGKILL, SIGTERM, SIGUSR1, SIGUSR2, SIGHUP, SIGALRM; sent
 * with kill() to a blocked child, or raise()d by the child itself) is
 * WIFSIGNALED with that WTERMSIG, not WIFEXITED.  (WCOREDUMP depends on
 * the host's core settings, so core-dumping signals are not used.)
 * Each child first puts the default action back, in case the runner's
 * environment ignores one of these signals.
 */
#include "t.h"
#include <signal.h>
#include <sys/wait.h>

static void default_actions(void)
{
	static const int all[] = { SIGTERM, SIGUSR1, SIGUSR2, SIGHUP, SIGALRM };
	for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++)
		signal(all[i], SIG_DFL);
}

/* A child blocked in read() until it is killed. */
static pid_t blocked_child(int *hold_w, int ready_w)
{
	int p[2];
	if (pipe(p) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(p[1]);
		default_actions();
		write(ready_w, "r", 1);
		read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	*hold_w = p[1];
	return pid;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int ready[2];
	char c = 0;
	CHECK_OK(pipe(ready));
	static const int sigs[] = { SIGKILL, SIGTERM, SIGUSR1, SIGUSR2, SIGHUP, SIGALRM };
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		int hold = -1, st = -1, sig = sigs[i];
		pid_t pid = blocked_child(&hold, ready[1]);
		CHECK(pid > 0, "fork");
		CHECK_EQ(read(ready[0], &c, 1), 1);    /* its default actions are in place */
		CHECK_OK(kill(pid, sig));
		CHECK_EQ(waitpid(pid, &st, 0), pid);
		CHECK(WIFSIGNALED(st) && !WIFEXITED(st) && !WIFSTOPPED(st),
		      "kill(%s): status 0x%x is not 'signaled'", strsignal(sig), st);
		CHECK(WTERMSIG(st) == sig, "kill(%d): WTERMSIG %d", sig, WTERMSIG(st));
		CHECK_EQ(st & 0x7f, sig);
		close(hold);
	}

	/* The child raises the signal itself (musl: tkill on its own tid). */
	static const int raised[] = { SIGTERM, SIGUSR1, SIGKILL };
	for (unsigned i = 0; i < sizeof raised / sizeof raised[0]; i++) {
		int st = -1, sig = raised[i];
		pid_t pid = fork();
		if (pid == 0) {
			default_actions();
			raise(sig);
			_exit(100);
		}
		CHECK_EQ(waitpid(pid, &st, 0), pid);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == sig, "raise(%d): status 0x%x", sig, st);
	}

	/* A signal that the child blocks is not fatal until unblocked. */
	int go[2];
	CHECK_OK(pipe(go));
	pid_t pid = fork();
	if (pid == 0) {
		sigset_t set;
		default_actions();
		sigemptyset(&set);
		sigaddset(&set, SIGTERM);
		sigprocmask(SIG_BLOCK, &set, NULL);
		close(go[1]);
		write(ready[1], "r", 1);
		read(go[0], &c, 1);           /* the parent sends SIGTERM before this byte */
		write(ready[1], "s", 1);      /* still alive with SIGTERM pending */
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		_exit(50);
	}
	close(go[0]);
	CHECK_EQ(read(ready[0], &c, 1), 1);
	CHECK_OK(kill(pid, SIGTERM));
	CHECK_EQ(write(go[1], "g", 1), 1);
	CHECK_EQ(read(ready[0], &c, 1), 1);
	CHECK_EQ(c, 's');
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "blocked then unblocked SIGTERM: 0x%x", st);
	close(go[1]);
	close(ready[0]);
	close(ready[1]);
	CHECK_ERR(waitpid(-1, &st, WNOHANG), ECHILD);
	return t_done();
}
