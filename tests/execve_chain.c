/*
 * execve_chain: fork + execve + wait, three levels deep.  Each level is this
 * program again, started with its depth; it checks that its parent is the
 * level above (whose pid it gets on the command line), forks and execs the
 * next level, waits for it and exits with the child's code + 1.  The leaf
 * (level 3) exits 40, so the test sees 42 from level 1 if every level held.
 */
#include "t.h"
#include <sys/wait.h>

enum { DEPTH = 3 };

/* Level `depth` (1..DEPTH); returns its exit code. */
static int level(char *self, int depth, pid_t expected_parent)
{
	if (getppid() != expected_parent)
		return 200 + depth;
	if (depth == DEPTH)
		return 40;
	pid_t pid = fork();
	if (pid == 0) {
		char d[16], p[16];
		snprintf(d, sizeof d, "%d", depth + 1);
		snprintf(p, sizeof p, "%d", getppid());
		char *args[] = { self, "level", d, p, NULL };
		execv(self, args);
		_exit(250);
	}
	int st = -1;
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return 251;
	if (WEXITSTATUS(st) >= 200)
		return WEXITSTATUS(st);         /* pass a failure up unchanged */
	return WEXITSTATUS(st) + 1;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "level") == 0)
		return level(argv[0], atoi(argv[2]), atoi(argv[3]));
	t_start(argv[0]);
	for (int round = 0; round < 2; round++) {
		pid_t pid = fork();
		if (pid == 0) {
			char p[16];
			snprintf(p, sizeof p, "%d", getppid());
			char *args[] = { argv[0], "level", "1", p, NULL };
			execv(argv[0], args);
			_exit(250);
		}
		int st = -1;
		CHECK_EQ(waitpid(pid, &st, 0), pid);
		CHECK(WIFEXITED(st), "status 0x%x", st);
		int code = WEXITSTATUS(st);
		CHECK(code == 40 + DEPTH - 1, "round %d: chain answered %d (42 = good; 200+n: level n had "
		      "the wrong parent; 250 exec failed; 251 wait failed)", round, code);
	}
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	return t_done();
}
