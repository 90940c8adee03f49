/*
 * prctl_child_subreaper: PR_SET_CHILD_SUBREAPER.  PR_GET_CHILD_SUBREAPER
 * reads 0, then 1 after setting it; a child does not inherit the flag.
 * Once we are a subreaper, a grandchild whose parent exits becomes our
 * child: getppid() names us and we reap it; a grandchild that is already
 * a zombie when its parent exits is handed to us too, with its status.
 * An orphan passes over an ancestor that is no subreaper and comes to us;
 * with a subreaper between us and the orphan (a child of ours that set
 * the flag as well) the orphan goes to the nearest one.  Setting 0 clears
 * the flag.
 */
#include "t.h"
#include <sys/prctl.h>
#include <sys/wait.h>

static int get_flag(void)
{
	int v = -1;
	if (prctl(PR_GET_CHILD_SUBREAPER, &v, 0, 0, 0) != 0)
		return -2;
	return v;
}

static void must_read(int fd, void *buf, size_t n)
{
	if (read(fd, buf, n) != (ssize_t)n)
		_exit(90);
}

/*
 * A child that forks a grandchild and exits at once.  The grandchild
 * waits for a byte on go, then writes its getppid() to out and exits
 * with 42.  Returns the child's pid; *gc gets the grandchild's.
 */
static pid_t orphan_one(int go, int out, pid_t *gc)
{
	int p[2];
	if (pipe(p))
		return -1;
	pid_t c = fork();
	if (c == 0) {
		pid_t g = fork();
		if (g == 0) {
			char b;
			must_read(go, &b, 1);
			pid_t pp = getppid();
			if (write(out, &pp, sizeof pp) != sizeof pp)
				_exit(91);
			_exit(42);
		}
		if (write(p[1], &g, sizeof g) != sizeof g)
			_exit(92);
		_exit(0);
	}
	close(p[1]);
	*gc = -1;
	if (read(p[0], gc, sizeof *gc) != sizeof *gc)
		*gc = -1;
	close(p[0]);
	return c;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	pid_t me = getpid();
	int go[2], out[2];
	CHECK_OK(pipe(go));
	CHECK_OK(pipe(out));
	CHECK_EQ(get_flag(), 0);

	t_log("set: the flag reads 1, a child reads 0");
	CHECK_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0);
	CHECK_EQ(get_flag(), 1);
	int st = -1;
	pid_t g, pp, c = fork();
	if (c == 0)
		_exit(get_flag() == 0 ? 0 : 1);
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child inherited the flag (status %#x)", st);

	t_log("an orphan becomes our child");
	c = orphan_one(go[0], out[1], &g);
	CHECK_EQ(waitpid(c, &st, 0), c);        /* its parent has exited: reparented by now */
	CHECK_OK(write(go[1], "x", 1));
	pp = 0;
	CHECK_EQ(read(out[0], &pp, sizeof pp), sizeof pp);
	CHECK_EQ(pp, me);
	st = -1;
	CHECK_EQ(waitpid(g, &st, 0), g);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "grandchild status %#x", st);

	t_log("an orphan passes a parent that is no subreaper");
	c = fork();
	if (c == 0) {
		pid_t g2, c2 = orphan_one(go[0], out[1], &g2);
		int s2;
		if (g2 <= 0 || waitpid(c2, &s2, 0) != c2)
			_exit(1);
		if (write(go[1], "x", 1) != 1)
			_exit(2);
		_exit(waitpid(-1, NULL, 0) == -1 && errno == ECHILD ? 0 : 3);
	}
	pp = 0;
	CHECK_EQ(read(out[0], &pp, sizeof pp), sizeof pp);
	CHECK(pp == me, "the orphan's parent is %s", pp == c ? "its grandparent, no subreaper" : "not us");
	st = -1;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the middle child's status %#x", st);
	st = -1;
	pid_t w = wait(&st);
	CHECK(w > 0 && w != c && WIFEXITED(st) && WEXITSTATUS(st) == 42,
	      "reaping the orphan: wait = %s, status %#x", w > 0 ? "a pid" : "-1", st);

	t_log("a zombie orphan comes to us with its status");
	int zp[2];
	CHECK_OK(pipe(zp));
	c = fork();
	if (c == 0) {
		pid_t z = fork();
		if (z == 0)
			_exit(7);
		siginfo_t si;
		/* WNOWAIT: it is a zombie now, and stays one for our parent */
		if (waitid(P_PID, z, &si, WEXITED | WNOWAIT))
			_exit(93);
		if (write(zp[1], &z, sizeof z) != sizeof z)
			_exit(94);
		_exit(0);
	}
	pid_t z = -1;
	CHECK_EQ(read(zp[0], &z, sizeof z), sizeof z);
	CHECK_EQ(waitpid(c, &st, 0), c);
	st = -1;
	CHECK_EQ(waitpid(z, &st, 0), z);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "zombie status %#x", st);
	close(zp[0]);
	close(zp[1]);

	t_log("the nearest subreaper takes the orphan");
	c = fork();
	if (c == 0) {
		int bad = 0;
		pid_t mid = getpid();
		if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
			_exit(95);
		pid_t g2, c2 = orphan_one(go[0], out[1], &g2);
		int s2;
		if (waitpid(c2, &s2, 0) != c2)
			bad |= 1;
		if (write(go[1], "x", 1) != 1)
			bad |= 2;
		pid_t p2 = 0;
		if (read(out[0], &p2, sizeof p2) != sizeof p2 || p2 != mid)
			bad |= 4;
		if (waitpid(g2, &s2, 0) != g2 || !WIFEXITED(s2) || WEXITSTATUS(s2) != 42)
			bad |= 8;
		_exit(bad);
	}
	st = -1;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st), "middle subreaper status %#x", st);
	int bad = WEXITSTATUS(st);
	CHECK(!(bad & 4), "the orphan did not go to the nearest subreaper (%#x)", bad);
	CHECK(!(bad & ~4), "the middle subreaper failed: %#x", bad);

	CHECK_EQ(prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0), 0);
	CHECK_EQ(get_flag(), 0);
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	return t_done();
}
