/*
 * pid_not_reused_at_once: Linux hands out pids cyclically, so a pid that
 * was just freed (its process reaped) is not given to the very next fork;
 * 100 fork+reap cycles give 100 distinct pids (LTP fork13's concern: a
 * stale pid must not name a new process right away).
 */
#include "t.h"
#include <sys/wait.h>

enum { FORKS = 100 };

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	static pid_t seen[FORKS];
	int failed = 0, again = 0, immediate = 0;
	for (int n = 0; n < FORKS; n++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid < 0) {
			failed++;
			continue;
		}
		waitpid(pid, NULL, 0);
		if (n > 0 && pid == seen[n - 1])
			immediate++;
		for (int i = 0; i < n; i++)
			if (seen[i] == pid)
				again++;
		seen[n] = pid;
	}
	CHECK_EQ(failed, 0);
	CHECK(immediate == 0, "%d forks reused the pid reaped just before", immediate);
	CHECK(again == 0, "%d forks reused a pid from this run", again);
	return t_done();
}
