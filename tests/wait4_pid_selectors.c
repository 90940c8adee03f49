/*
 * wait4_pid_selectors: which child wait4 picks for pid > 0 (that child),
 * -1 (any), 0 (the caller's process group) and < -1 (the group -pid).
 * Two children stay in our group, two move into a new group G (setpgid
 * by both parent and child, the usual race-free idiom) and one into a
 * group of its own.  All are zombies before the selective waits start.
 */
#include "t.h"
#include <sys/wait.h>

enum { N = 5 };

/* Forks a child that joins process group `pgid` (-1: stay), waits for EOF on go[0], exits `code`. */
static pid_t child(int pgid, int go[2], int code)
{
	pid_t pid = fork();
	if (pid == 0) {
		close(go[1]);
		if (pgid >= 0 && setpgid(0, pgid) != 0)
			_exit(100);
		char c;
		while (read(go[0], &c, 1) > 0)
			;
		_exit(code);
	}
	if (pid > 0 && pgid >= 0)
		setpgid(pid, pgid ? pgid : pid);
	return pid;
}

static int exit_code(int st) { return WIFEXITED(st) ? WEXITSTATUS(st) : -1; }

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int go[2];
	CHECK_OK(pipe(go));
	pid_t own1 = child(-1, go, 11);
	pid_t own2 = child(-1, go, 12);
	pid_t g1 = child(0, go, 21);                /* leader of the new group G */
	pid_t g2 = child(g1, go, 22);               /* joins G */
	pid_t lone = child(0, go, 31);              /* a group of its own */
	pid_t pids[N] = { own1, own2, g1, g2, lone };
	for (int i = 0; i < N; i++)
		CHECK(pids[i] > 0, "fork %d", i);
	CHECK_EQ(getpgid(own1), getpgrp());
	CHECK_EQ(getpgid(g1), g1);
	CHECK_EQ(getpgid(g2), g1);
	CHECK_EQ(getpgid(lone), lone);

	/* Let them all exit, and make sure each is a zombie (WNOWAIT leaves it waitable). */
	close(go[0]);
	close(go[1]);
	for (int i = 0; i < N; i++) {
		siginfo_t si;
		CHECK_EQ(waitid(P_PID, pids[i], &si, WEXITED | WNOWAIT), 0);
	}

	int st = -1;
	/* pid > 0: exactly that child, though others are ready too. */
	CHECK_EQ(wait4(own2, &st, 0, NULL), own2);
	CHECK_EQ(exit_code(st), 12);
	CHECK_ERR(wait4(own2, &st, WNOHANG, NULL), ECHILD);

	/* pid < -1: only members of G. */
	pid_t a = wait4(-g1, &st, 0, NULL);
	CHECK(a == g1 || a == g2, "wait4(-G) returned a member of G");
	CHECK_EQ(exit_code(st), a == g1 ? 21 : 22);
	pid_t b = wait4(-g1, &st, 0, NULL);
	CHECK(b == (a == g1 ? g2 : g1), "the second wait4(-G) returned the other member");
	CHECK_EQ(exit_code(st), b == g1 ? 21 : 22);
	CHECK_ERR(wait4(-g1, &st, WNOHANG, NULL), ECHILD);
	CHECK_ERR(wait4(-g1, &st, 0, NULL), ECHILD);

	/* pid == 0: only own1 is left in our group, though `lone` is a zombie too. */
	CHECK_EQ(wait4(0, &st, 0, NULL), own1);
	CHECK_EQ(exit_code(st), 11);
	CHECK_ERR(wait4(0, &st, WNOHANG, NULL), ECHILD);
	CHECK_ERR(wait4(0, &st, 0, NULL), ECHILD);

	/* pid == -1: any child, here the last one. */
	CHECK_EQ(wait4(-1, &st, 0, NULL), lone);
	CHECK_EQ(exit_code(st), 31);
	CHECK_ERR(wait4(-1, &st, 0, NULL), ECHILD);

	/* -1 reaps every child once, each with its own status. */
	int codes = 0;
	for (int i = 0; i < 4; i++) {
		pid_t p = fork();
		if (p == 0)
			_exit(40 + i);
		CHECK(p > 0, "fork");
	}
	for (int i = 0; i < 4; i++) {
		pid_t p = wait4(-1, &st, 0, NULL);
		CHECK(p > 0, "wait4(-1) #%d returned a child", i);
		if (WIFEXITED(st) && WEXITSTATUS(st) >= 40 && WEXITSTATUS(st) < 44)
			codes |= 1 << (WEXITSTATUS(st) - 40);
	}
	CHECK_EQ(codes, 0xf);
	CHECK_ERR(wait4(-1, &st, WNOHANG, NULL), ECHILD);
	return t_done();
}
