/*
 * session_setsid: setsid() in a child that is not a group leader returns
 * its pid and makes it the leader of a new session and a new group
 * (getsid(0) == getpgrp() == getpid()); the parent sees getsid(child) and
 * getpgid(child) change.  setsid() in a group leader is EPERM (a session
 * leader, or a plain group leader).  A child of the session leader inherits
 * the session; a grandchild can start a session of its own.  getsid of a
 * pid that does not exist is ESRCH.  The test process stays where it is.
 */
#include "t.h"
#include <limits.h>
#include <sys/wait.h>

static int code_of(pid_t pid)
{
	int st = -1;
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -2;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	pid_t sid = getsid(0), grp = getpgrp();
	CHECK(sid >= 0, "getsid(0)");
	CHECK_EQ(getsid(getpid()), sid);
	CHECK_ERR(getsid(INT_MAX), ESRCH);
	CHECK_ERR(getsid(-1), ESRCH);

	int ready[2], go[2];
	CHECK_OK(pipe(ready));
	CHECK_OK(pipe(go));
	pid_t pid = fork();
	if (pid == 0) {
		int bad = 0;
		char c;
		close(go[1]);
		if (getsid(0) != sid)
			bad |= 1;
		pid_t s = setsid();
		if (s != getpid() || getsid(0) != getpid() || getpgrp() != getpid())
			bad |= 2;
		if (setsid() != -1 || errno != EPERM)       /* now a group (and session) leader */
			bad |= 4;
		if (setpgid(0, 0) != -1 || errno != EPERM)  /* a session leader cannot change group */
			bad |= 8;
		/* A child of ours is in our session; its own setsid starts another one. */
		pid_t g = fork();
		if (g == 0) {
			int b = 0;
			if (getsid(0) != getppid() || getpgrp() != getppid())
				b |= 1;
			if (setsid() != getpid() || getsid(0) != getpid())
				b |= 2;
			_exit(b ? 100 + b : 42);
		}
		int st = -1;
		if (g < 0 || waitpid(g, &st, 0) != g || !WIFEXITED(st) || WEXITSTATUS(st) != 42)
			bad |= 16;
		write(ready[1], "r", 1);
		while (read(go[0], &c, 1) > 0)
			;
		_exit(bad ? 100 + bad : 42);
	}
	CHECK(pid > 0, "fork");
	char c;
	CHECK_EQ(read(ready[0], &c, 1), 1);
	CHECK_EQ(getsid(pid), pid);
	CHECK_EQ(getpgid(pid), pid);
	CHECK_EQ(getsid(0), sid);
	close(go[1]);
	int code = code_of(pid);
	CHECK(code == 42, "session child answered %d (42 = good; 100 + bits: 1 inherited session, "
	      "2 setsid, 4 second setsid not EPERM, 8 setpgid not EPERM, 16 grandchild)", code);

	/* A group leader that is not a session leader: setsid is EPERM too. */
	pid = fork();
	if (pid == 0) {
		if (setpgid(0, 0) != 0)
			_exit(90);
		if (setsid() != -1 || errno != EPERM)
			_exit(91);
		if (getsid(0) != sid || getpgrp() != getpid())
			_exit(92);
		_exit(42);
	}
	code = code_of(pid);
	CHECK(code == 42, "group leader's setsid: %d (42 = EPERM as expected; 91 it succeeded)", code);

	/* None of this moved the test process. */
	CHECK_EQ(getsid(0), sid);
	CHECK_EQ(getpgrp(), grp);
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	return t_done();
}
