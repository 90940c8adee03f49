/*
 * hostile_fork_bomb: a real fork bomb, bounded by RLIMIT_NPROC, that the
 * system survives and recovers from.
 *
 * A child becomes a process group leader, lowers RLIMIT_NPROC to LIMIT
 * and drops root for an unlikely uid.  Then every bomb process forks in
 * a loop until fork fails, and pauses.  Each one tells us through a pipe
 * "+" before every fork and "E" (EAGAIN) or "X" (any other errno) when
 * its fork failed; the bomb is over when every process has failed once
 * and no fork is under way (see bomb_over).  Checked: every failure is
 * EAGAIN; the bomb made at most LIMIT processes and no fewer than
 * LIMIT - SLACK (Linux counts the user's tasks per CPU race-free only up
 * to a few concurrent forks, and other tasks of the uid count too).  We
 * are a child subreaper, so after one SIGKILL to the group every bomb
 * process ends up our child: we reap exactly as many as were made, each
 * killed by SIGKILL.
 *
 * Recovery: the same uid with the same limit can again have LIMIT tasks
 * at once (the count went back to zero with the reaping), the next fork
 * is EAGAIN, and while that uid is at its limit another uid still forks
 * (the count is per user, not global); root is not bound by the limit.
 * On ushi the runner also checks that every frame came back.
 */
#include "t.h"
#include <grp.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define LIMIT 64
#define SLACK 8
#define BOMB_UID 61727          /* unlikely to own tasks on a Linux host */
#define OTHER_UID 61728

/* Drops root for uid with RLIMIT_NPROC = limit; exits 99 if it cannot. */
static void become(uid_t uid, rlim_t limit)
{
	struct rlimit rl = { limit, limit };
	if (setrlimit(RLIMIT_NPROC, &rl) || setgroups(0, NULL) || setgid(uid) || setuid(uid))
		_exit(99);
}

/* Every bomb process runs this: fork until fork fails, then wait to be killed. */
static void __attribute__((noreturn)) bomb(int tally)
{
	for (;;) {
		if (write(tally, "+", 1) != 1)
			_exit(98);
		pid_t p = fork();
		if (p == 0) {
			/* If the test dies early, the bomb goes with it, parent by parent. */
			prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
			continue;
		}
		if (p > 0)
			continue;
		if (write(tally, errno == EAGAIN ? "E" : "X", 1) != 1)
			_exit(98);
		for (;;)
			pause();
	}
}

/*
 * Every "+" is a fork that succeeded, failed ("E"/"X" from the same
 * process) or is under way; every process writes one failure, last.  So
 * failures <= processes = 1 + plus - failures - under_way, and 2 * failures
 * == 1 + plus holds only when every process has failed and no fork is
 * under way.  A "+" is written before its fork, so it is counted before
 * the child can write anything.
 */
static bool bomb_over(long plus, long fails)
{
	return fails > 0 && 2 * fails == 1 + plus;
}

/* Phase 1: the bomb.  Returns how many processes it made (1 + forks). */
static long run_bomb(void)
{
	int tally[2];
	CHECK_OK(pipe(tally));
	pid_t b = fork();
	if (b == 0) {
		close(tally[0]);
		setpgid(0, 0);
		become(BOMB_UID, LIMIT);
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		bomb(tally[1]);
	}
	CHECK(b > 0, "fork: %s", strerror(errno));
	if (b < 0)
		return 0;
	setpgid(b, b);                  /* either of us may do it first */
	close(tally[1]);
	long plus = 0, eagain = 0, other = 0;
	char buf[64];
	ssize_t n;
	while (!bomb_over(plus, eagain + other) && plus <= 4 * LIMIT &&
	       (n = read(tally[0], buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			plus += buf[i] == '+';
			eagain += buf[i] == 'E';
			other += buf[i] == 'X';
		}
	}
	close(tally[0]);
	long made = 1 + plus - eagain - other;
	CHECK(bomb_over(plus, eagain + other), "the bomb did not stop: %ld forks tried, %ld failed",
	      plus, eagain + other);
	CHECK(eagain > 0, "no fork failed with EAGAIN");
	CHECK(other == 0, "%ld forks failed with another errno than EAGAIN", other);
	CHECK(made <= LIMIT, "the bomb made %ld processes, the limit is %d", made, LIMIT);
	CHECK(made >= LIMIT - SLACK, "the bomb stopped at %ld processes, the limit is %d", made, LIMIT);
	t_log("the bomb stopped at %ld processes, %ld forks failed; killing its group", made, eagain + other);
	CHECK_OK(kill(-b, SIGKILL));

	/* We are a subreaper: every bomb process comes to us to be reaped. */
	long reaped = 0, not_killed = 0;
	int st;
	pid_t w;
	while ((w = wait(&st)) > 0 || errno == EINTR) {
		if (w <= 0)
			continue;
		reaped++;
		if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
			not_killed++;
	}
	CHECK(errno == ECHILD, "wait: %s", strerror(errno));
	CHECK(reaped == made, "reaped %ld processes, the bomb made %ld", reaped, made);
	CHECK(not_killed == 0, "%ld bomb processes did not die of SIGKILL", not_killed);
	CHECK_ERR(kill(-b, 0), ESRCH);
	return made;
}

/*
 * Phase 2, in a child running as BOMB_UID: LIMIT tasks at once again
 * (itself and LIMIT - 1 children waiting for EOF on hold), then EAGAIN;
 * it says so on at_limit and waits on go.  Returns bits for what went
 * wrong.
 */
static int refill(int hold[2], int at_limit, int go)
{
	int made = 0, bad = 0;
	for (int i = 0; i < LIMIT - 1; i++) {
		pid_t p = fork();
		if (p == 0) {
			char c;
			close(hold[1]);
			while (read(hold[0], &c, 1) > 0)
				;
			_exit(0);
		}
		if (p < 0)
			break;
		made++;
	}
	if (made != LIMIT - 1)
		bad |= 1;
	pid_t p = fork();
	if (p == 0)
		_exit(0);
	if (p != -1 || errno != EAGAIN)
		bad |= 2;
	char c = 0;
	if (write(at_limit, "!", 1) != 1 || read(go, &c, 1) != 1)
		bad |= 4;
	return bad;
}

static void recover(void)
{
	int hold[2], at_limit[2], go[2];
	CHECK_OK(pipe(hold));
	CHECK_OK(pipe(at_limit));
	CHECK_OK(pipe(go));
	pid_t a = fork();
	if (a == 0) {
		become(BOMB_UID, LIMIT);
		int bad = refill(hold, at_limit[1], go[0]);
		close(hold[1]);         /* EOF: the children go */
		while (wait(NULL) > 0)
			;
		_exit(bad);
	}
	close(hold[0]);
	close(hold[1]);
	char c;
	CHECK_EQ(read(at_limit[0], &c, 1), 1);

	/* BOMB_UID is at its limit now; another uid with the same limit is not. */
	pid_t o = fork();
	if (o == 0) {
		become(OTHER_UID, LIMIT);
		pid_t p = fork();
		if (p == 0)
			_exit(0);
		_exit(p > 0 && waitpid(p, NULL, 0) == p ? 0 : 1);
	}
	int st = -1;
	CHECK_EQ(waitpid(o, &st, 0), o);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "another uid could not fork while the bomb's uid was at its limit (status %#x)", st);

	CHECK_OK(write(go[1], "g", 1));
	st = -1;
	CHECK_EQ(waitpid(a, &st, 0), a);
	CHECK(WIFEXITED(st), "the refilling child: status %#x", st);
	int bad = WEXITSTATUS(st);
	CHECK(bad != 99, "cannot drop root");
	CHECK(bad == 99 || !(bad & 1), "after the bomb its uid could not have %d tasks again", LIMIT);
	CHECK(bad == 99 || !(bad & 2), "fork past the limit did not give EAGAIN");
	CHECK(bad == 99 || !(bad & 4), "the handshake failed");
	close(at_limit[0]);
	close(at_limit[1]);
	close(go[0]);
	close(go[1]);
}

/* Root is not bound by RLIMIT_NPROC, even at 0. */
static void root_is_exempt(void)
{
	pid_t r = fork();
	if (r == 0) {
		struct rlimit rl = { 0, 0 };
		if (setrlimit(RLIMIT_NPROC, &rl))
			_exit(2);
		pid_t p = fork();
		if (p == 0)
			_exit(0);
		_exit(p > 0 && waitpid(p, NULL, 0) == p ? 0 : 1);
	}
	int st = -1;
	CHECK_EQ(waitpid(r, &st, 0), r);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "root with RLIMIT_NPROC 0 could not fork (%#x)", st);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0);
	t_log("a fork bomb as uid %d with RLIMIT_NPROC %d", BOMB_UID, LIMIT);
	run_bomb();
	t_log("afterwards: the uid gets its %d tasks again, another uid is not bound by its count", LIMIT);
	recover();
	root_is_exempt();
	CHECK_ERR(wait(NULL), ECHILD);
	return t_done();
}
