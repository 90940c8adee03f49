/*
 * pidns_init_waits_reap: the init of a pid namespace that exits first
 * kills the rest of its namespace and then waits, unkillable, until every
 * other task of the namespace is gone - also those whose parent lives
 * outside the namespace (children forked after unshare(CLONE_NEWPID)).
 * When that parent reaps the last of them the init must be woken and
 * finish: the fuzzer found ushi's init sleeping forever there.
 *
 *   we: unshare(CLONE_NEWPID); fork A (pid 1 in the new namespace);
 *       fork B (pid 2 there, our child, not A's); A exits.
 *   A:  is not reapable while B (killed by A's exit) is an unreaped zombie;
 *   we: reap B (SIGKILL), then A must become reapable within seconds.
 */
#include "t.h"
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static int reaped_within(pid_t pid, int ms, int *status)
{
	for (int i = 0; i < ms; i++) {
		pid_t r = waitpid(pid, status, WNOHANG);
		if (r == pid)
			return 1;
		struct timespec ts = { 0, 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	pid_t child = fork();
	if (child == 0) {
		/* Everything below happens in a child, so that our own later
		 * children are not in the new namespace. */
		int go[2], bad = 0;
		if (pipe(go) || unshare(CLONE_NEWPID))
			_exit(100);
		pid_t a = fork();
		if (a == 0) {
			char c;
			close(go[1]);
			read(go[0], &c, 1);     /* EOF: time to exit */
			_exit(7);
		}
		pid_t b = fork();
		if (b == 0) {
			close(go[1]);
			for (;;)
				pause();        /* killed when A exits */
		}
		if (a < 0 || b < 0)
			_exit(101);
		close(go[1]);                   /* A exits now */
		int st = 0;
		/* B dies of A's SIGKILL, and A waits for B to be reaped. */
		if (!reaped_within(b, 5000, &st) || !WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
			bad |= 1;
		if (!reaped_within(a, 5000, &st))
			bad |= 2;
		else if (!WIFEXITED(st) || WEXITSTATUS(st) != 7)
			bad |= 4;
		_exit(bad);
	}
	CHECK(child > 0, "fork: %s", strerror(errno));
	int st = 0;
	CHECK_EQ(waitpid(child, &st, 0), child);
	CHECK(WIFEXITED(st), "child status %#x", st);
	int code = WEXITSTATUS(st);
	CHECK(code != 100 && code != 101, "setup failed (%d)", code);
	CHECK(!(code & 1), "the task outside init's family did not die of SIGKILL");
	CHECK(!(code & 2), "the namespace's init never finished exiting after the last task was reaped");
	CHECK(!(code & 4), "the namespace's init exited with the wrong status");
	return t_done();
}
