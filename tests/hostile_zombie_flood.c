/*
 * hostile_zombie_flood: 300 children exit at once and stay zombies until
 * every one of them is dead (waitid with WNOWAIT watches each without
 * reaping).  While all are zombies: each is state Z in /proc/PID/stat and
 * still takes kill(pid, 0); a new child gets none of their pids.  Then
 * wait() reaps each exactly once with its own exit code, and ECHILD ends
 * it.  The same flood with SIGCHLD ignored leaves no zombie: a blocking
 * wait returns ECHILD once the last child is gone.  A flood of 300
 * grandchildren whose parent exits is handed to us as a child subreaper:
 * we reap every one with its status.
 */
#include "t.h"
#include "t_signal.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#define N 300

/* Forks n children that block on gate until its write end closes, then
 * exit with code(i).  Returns how many were made. */
static int flood(pid_t *pids, int n, int gate[2])
{
	int made = 0;
	for (int i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			char c;
			close(gate[1]);
			while (read(gate[0], &c, 1) > 0)
				;
			_exit(i % 251);
		}
		if (pids[i] < 0)
			break;
		made++;
	}
	return made;
}

static int index_of(const pid_t *pids, int n, pid_t pid)
{
	for (int i = 0; i < n; i++)
		if (pids[i] == pid)
			return i;
	return -1;
}

/* Reaps n children with wait(); counts wrong codes, strangers and repeats. */
static void reap_all(const pid_t *pids, int n)
{
	static int seen[N];
	memset(seen, 0, sizeof seen);
	int wrong = 0, stranger = 0;
	for (int k = 0; k < n; k++) {
		int st = -1;
		pid_t w = wait(&st);
		int i = index_of(pids, n, w);
		if (i < 0) {
			stranger++;
			continue;
		}
		seen[i]++;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != i % 251)
			wrong++;
	}
	int twice = 0, missed = 0;
	for (int i = 0; i < n; i++) {
		twice += seen[i] > 1;
		missed += seen[i] == 0;
	}
	CHECK(stranger == 0, "wait returned %d pids that are no child of the flood", stranger);
	CHECK(wrong == 0, "%d children came back with the wrong status", wrong);
	CHECK(twice == 0 && missed == 0, "%d reaped twice, %d never", twice, missed);
	CHECK_ERR(wait(NULL), ECHILD);
}

static void zombies(void)
{
	static pid_t pids[N];
	int gate[2];
	CHECK_OK(pipe(gate));
	int made = flood(pids, N, gate);
	CHECK_EQ(made, N);
	CHECK_EQ(waitpid(-1, NULL, WNOHANG), 0);
	close(gate[0]);
	close(gate[1]);                          /* all go at once */
	/* Wait for each to die, reaping none. */
	int not_dead = 0;
	for (int i = 0; i < made; i++) {
		siginfo_t si = { 0 };
		if (waitid(P_PID, pids[i], &si, WEXITED | WNOWAIT) != 0 ||
		    si.si_pid != pids[i] || si.si_code != CLD_EXITED || si.si_status != i % 251)
			not_dead++;
	}
	CHECK(not_dead == 0, "%d children were not seen exiting by waitid(WNOWAIT)", not_dead);
	int not_z = 0, gone = 0;
	for (int i = 0; i < made; i++) {
		not_z += ts_state(pids[i], pids[i]) != 'Z';
		gone += kill(pids[i], 0) != 0;
	}
	CHECK(not_z == 0, "%d of the dead children are not zombies (state Z)", not_z);
	CHECK(gone == 0, "%d zombies refused kill(pid, 0)", gone);
	/* A zombie's pid is still taken. */
	pid_t extra = fork();
	if (extra == 0)
		_exit(0);
	CHECK(extra > 0, "fork beside %d zombies failed", made);
	CHECK(index_of(pids, made, extra) < 0, "a new child got a zombie's pid");
	CHECK_EQ(waitpid(extra, NULL, 0), extra);
	reap_all(pids, made);
	int left = 0;
	for (int i = 0; i < made; i++)
		left += kill(pids[i], 0) == 0;
	CHECK(left == 0, "%d reaped children still take signals", left);
}

/* SIGCHLD ignored: the flood reaps itself; wait waits for the last. */
static void autoreaped(void)
{
	static pid_t pids[N];
	int gate[2];
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	sigaction(SIGCHLD, &ign, &old);
	CHECK_OK(pipe(gate));
	int made = flood(pids, N, gate);
	CHECK_EQ(made, N);
	close(gate[0]);
	close(gate[1]);
	CHECK_ERR(wait(NULL), ECHILD);
	int left = 0;
	for (int i = 0; i < made; i++)
		left += kill(pids[i], 0) == 0;
	CHECK(left == 0, "%d autoreaped children still exist", left);
	sigaction(SIGCHLD, &old, NULL);
}

/* Our child forks N grandchildren and exits; they come to us. */
static void orphans(void)
{
	static pid_t pids[N];
	CHECK_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0);
	int gate[2], report[2];
	CHECK_OK(pipe(gate));
	CHECK_OK(pipe(report));
	pid_t mid = fork();
	if (mid == 0) {
		int made = flood(pids, N, gate);
		write(report[1], pids, sizeof pids);
		_exit(made == N ? 0 : 1);
	}
	close(report[1]);
	size_t got = 0;
	ssize_t n;
	while (got < sizeof pids && (n = read(report[0], (char *)pids + got, sizeof pids - got)) > 0)
		got += n;
	close(report[0]);
	CHECK_EQ(got, sizeof pids);
	int st = -1;
	CHECK_EQ(waitpid(mid, &st, 0), mid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the middle child could not fork %d", N);
	/* Every grandchild is ours now, still blocked on the gate. */
	int others = 0;
	for (int i = 0; i < N; i++) {
		siginfo_t si = { 0 };
		others += waitid(P_PID, pids[i], &si, WEXITED | WNOHANG) != 0;
	}
	CHECK(others == 0, "%d orphans did not become our children", others);
	close(gate[0]);
	close(gate[1]);
	reap_all(pids, N);
	CHECK_EQ(prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0), 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	t_log("%d children die at once and wait as zombies", N);
	zombies();
	t_log("%d children with SIGCHLD ignored", N);
	autoreaped();
	t_log("%d orphaned grandchildren come to the subreaper", N);
	orphans();
	return t_done();
}
