/*
 * pid_no_reuse_zombie: a zombie keeps its pid until it is reaped.  With 20
 * unreaped zombies around, 200 forks in sequence (each child reaped at once)
 * never get a zombie's pid, nor ours, and every zombie is still there
 * afterwards with its own exit code.
 */
#include "t.h"
#include <signal.h>
#include <sys/wait.h>

enum { ZOMBIES = 20, FORKS = 200 };

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	pid_t z[ZOMBIES];
	for (int i = 0; i < ZOMBIES; i++) {
		z[i] = fork();
		if (z[i] == 0)
			_exit(i + 1);
		CHECK(z[i] > 0, "fork zombie %d", i);
	}
	for (int i = 0; i < ZOMBIES; i++) {
		siginfo_t si;
		CHECK_EQ(waitid(P_PID, z[i], &si, WEXITED | WNOWAIT), 0);   /* now a zombie */
	}

	int clash = 0, self = 0, failed = 0, bad_status = 0;
	for (int n = 0; n < FORKS; n++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid < 0) {
			failed++;
			continue;
		}
		for (int i = 0; i < ZOMBIES; i++)
			if (pid == z[i])
				clash++;
		if (pid == getpid())
			self++;
		int st = -1;
		if (waitpid(pid, &st, 0) != pid || st != 0)
			bad_status++;
	}
	CHECK_EQ(failed, 0);
	CHECK(clash == 0, "%d new children got the pid of an unreaped zombie", clash);
	CHECK_EQ(self, 0);
	CHECK_EQ(bad_status, 0);

	/* The zombies are all still ours, with their own codes. */
	for (int i = 0; i < ZOMBIES; i++) {
		CHECK_EQ(kill(z[i], 0), 0);
		int st = -1;
		CHECK_EQ(waitpid(z[i], &st, WNOHANG), z[i]);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == i + 1, "zombie %d: status 0x%x", i, st);
	}
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	return t_done();
}
