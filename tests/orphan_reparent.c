/*
 * orphan_reparent: the test forks A, A forks B, A exits.  Once A has been
 * reaped, B's getppid() is no longer A (on Linux it is init or a
 * subreaper; nothing more is asserted), B keeps running, reports through a
 * pipe and exits; its new parent reaps it (the test polls kill(B, 0) until
 * B's pid is gone, so nothing is left behind).
 */
#include "t.h"
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int go[2], report[2], bpid[2];
	CHECK_OK(pipe(go));
	CHECK_OK(pipe(report));
	CHECK_OK(pipe(bpid));
	pid_t a = fork();
	if (a == 0) {
		pid_t apid = getpid();          /* B may first run after A is gone */
		pid_t b = fork();
		if (b == 0) {
			/* B: wait until A is gone, then look at getppid(). */
			pid_t first_parent = apid;
			char c, r[3];
			close(go[1]);
			read(go[0], &c, 1);
			pid_t now = getppid();
			r[0] = first_parent == now ? 'S' : 'M';       /* same / moved */
			r[1] = now > 0 ? 'P' : '0';
			r[2] = getpid() != now ? 'D' : 'X';
			write(report[1], r, 3);
			_exit(0);
		}
		write(bpid[1], &b, sizeof b);
		_exit(b > 0 ? 17 : 1);
	}
	CHECK(a > 0, "fork A");
	close(go[0]);
	close(report[1]);
	close(bpid[1]);
	pid_t b = -1;
	CHECK_EQ(read(bpid[0], &b, sizeof b), (long)sizeof b);
	CHECK(b > 0 && b != a, "A forked B");

	int st = -1;
	CHECK_EQ(waitpid(a, &st, 0), a);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 17, "A exited 17 (status 0x%x)", st);
	/* B is not our child: it was A's. */
	CHECK_ERR(waitpid(b, &st, WNOHANG), ECHILD);
	CHECK_ERR(waitpid(-1, &st, WNOHANG), ECHILD);
	CHECK_EQ(kill(b, 0), 0);                 /* B is alive */

	CHECK_EQ(write(go[1], "g", 1), 1);
	char r[3] = { 0 };
	CHECK_EQ(read(report[0], r, 3), 3);
	CHECK(r[0] == 'M', "B's getppid() still names the dead parent A");
	CHECK(r[1] == 'P', "B's getppid() is a positive pid");
	CHECK(r[2] == 'D', "B is not its own parent");
	char c;
	CHECK_EQ(read(report[0], &c, 1), 0);     /* B has closed its fds: it is exiting */

	/* B's new parent reaps it; wait (at most ~10 s) until its pid is gone. */
	int gone = 0;
	for (int i = 0; i < 10000 && !gone; i++) {
		if (kill(b, 0) == -1 && errno == ESRCH)
			gone = 1;
		else {
			struct timespec ts = { 0, 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
	CHECK(gone, "B was reaped by its new parent");
	close(go[1]);
	close(report[0]);
	close(bpid[0]);
	return t_done();
}
