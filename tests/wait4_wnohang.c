/*
 * wait4_wnohang: WNOHANG returns 0 while the child is still running (and
 * leaves the status word alone), and the child's pid with its status once
 * it has exited.  With no children at all it is ECHILD, not 0.
 */
#include "t.h"
#include <sys/wait.h>
#include <time.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int go[2];
	CHECK_OK(pipe(go));
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(go[1]);
		while (read(go[0], &c, 1) > 0)
			;
		_exit(7);
	}
	CHECK(pid > 0, "fork");
	close(go[0]);

	int st = 12345;
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(wait4(pid, &st, WNOHANG, NULL), 0);
		CHECK_EQ(wait4(-1, &st, WNOHANG, NULL), 0);
		CHECK_EQ(waitpid(0, &st, WNOHANG), 0);
	}
	CHECK_EQ(st, 12345);

	/* Let it exit; WNOWAIT (blocking) tells us when it is a zombie without reaping it. */
	close(go[1]);
	siginfo_t si;
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED | WNOWAIT), 0);
	CHECK_EQ(wait4(pid, &st, WNOHANG, NULL), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "status 0x%x, expected exit 7", st);
	CHECK_ERR(wait4(pid, &st, WNOHANG, NULL), ECHILD);
	CHECK_ERR(wait4(-1, &st, WNOHANG, NULL), ECHILD);

	/* Polling with WNOHANG until the child is gone works too. */
	pid = fork();
	if (pid == 0)
		_exit(3);
	CHECK(pid > 0, "fork");
	pid_t r = 0;
	for (int i = 0; i < 20000 && r == 0; i++) {
		r = waitpid(-1, &st, WNOHANG);
		if (r == 0) {
			struct timespec ts = { 0, 500 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
	CHECK_EQ(r, pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "status 0x%x, expected exit 3", st);
	CHECK_ERR(waitpid(-1, &st, WNOHANG), ECHILD);
	CHECK_ERR(waitpid(-1, &st, 0), ECHILD);
	return t_done();
}
