/*
 * fork_many_children: 50 forked children, all alive at once (they wait on
 * a pipe), each exits with its own code.  wait() reaps each exactly once;
 * every pid it returns is one fork returned, with that child's code; then
 * ECHILD.  All pids are distinct.
 */
#include "t.h"
#include <sys/wait.h>

#define N 50

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	pid_t pids[N];
	int seen[N] = { 0 };
	int go[2];
	CHECK_OK(pipe(go));
	int made = 0;
	for (int i = 0; i < N; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			char c;
			close(go[1]);
			/* EOF when the parent closes its end: all are alive until then */
			while (read(go[0], &c, 1) > 0)
				;
			_exit(100 + i);
		}
		if (pids[i] < 0)
			break;
		made++;
	}
	CHECK(made == N, "only %d of %d forks succeeded", made, N);
	int dup = 0;
	for (int i = 0; i < made; i++)
		for (int j = 0; j < i; j++)
			if (pids[i] == pids[j])
				dup++;
	CHECK(dup == 0, "%d live children share a pid", dup);
	CHECK_EQ(waitpid(-1, NULL, WNOHANG), 0);
	close(go[0]);
	close(go[1]);                 /* everyone goes */
	t_log("reaping %d children with wait()", N);
	int wrong = 0, unknown = 0;
	for (int n = 0; n < made; n++) {
		int st = -1;
		pid_t w = wait(&st);
		int i;
		for (i = 0; i < made && pids[i] != w; i++)
			;
		if (i == made) {
			unknown++;
			continue;
		}
		seen[i]++;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 100 + i)
			wrong++;
	}
	CHECK(unknown == 0, "wait returned %d pids that fork did not", unknown);
	CHECK(wrong == 0, "%d children reported the wrong exit code", wrong);
	int twice = 0, missed = 0;
	for (int i = 0; i < made; i++) {
		twice += seen[i] > 1;
		missed += seen[i] == 0;
	}
	CHECK(twice == 0 && missed == 0, "%d reaped twice, %d never reaped", twice, missed);
	CHECK_ERR(wait(NULL), ECHILD);
	return t_done();
}
