/*
 * pgrp_setpgid: getpgrp() == getpgid(0) == getpgid(getpid()); a child
 * inherits the group; setpgid(0, 0) makes the caller a group leader;
 * a parent can move its child (before the child execs) into a new group,
 * into another existing group of the session, and back.  Errors: a
 * negative pgid is EINVAL; a pid that is neither the caller nor its child
 * (init, the parent, a pid that does not exist) is ESRCH; a group that does
 * not exist in the session is EPERM; a session leader cannot be moved
 * (EPERM), nor a child in another session (EPERM); getpgid of a pid that
 * does not exist is ESRCH.  The test process itself stays in its group.
 */
#include "t.h"
#include <limits.h>
#include <sys/wait.h>

/* A child that waits for EOF on go[0]; if leader, it first becomes a session leader. */
static pid_t child(int go[2], int session, int ready_w)
{
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(go[1]);
		if (session && setsid() < 0)
			_exit(90);
		write(ready_w, "r", 1);
		while (read(go[0], &c, 1) > 0)
			;
		_exit(0);
	}
	return pid;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	pid_t me = getpid(), grp = getpgrp();
	CHECK_EQ(getpgid(0), grp);
	CHECK_EQ(getpgid(me), grp);
	CHECK_ERR(getpgid(INT_MAX), ESRCH);
	CHECK_ERR(getpgid(-1), ESRCH);

	/* In a child: inherit, then lead a group of its own; errors that need no other process. */
	pid_t pid = fork();
	if (pid == 0) {
		int bad = 0;
		if (getpgrp() != grp)
			bad |= 1;
		if (setpgid(0, 0) != 0 || getpgrp() != getpid() || getpgid(0) != getpid())
			bad |= 2;
		if (setpgid(0, 0) != 0)                    /* again: already the leader, fine */
			bad |= 4;
		if (setpgid(0, grp) != 0 || getpgrp() != grp)   /* back into the parent's group */
			bad |= 8;
		if (setpgid(getpid(), getpid()) != 0 || getpgrp() != getpid())
			bad |= 16;
		_exit(bad ? 100 + bad : 42);
	}
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "child's own setpgid: status 0x%x", st);

	CHECK_ERR(setpgid(0, -1), EINVAL);
	CHECK_ERR(setpgid(me, -5), EINVAL);
	CHECK_ERR(setpgid(1, 1), ESRCH);
	CHECK_ERR(setpgid(getppid(), 0), ESRCH);
	CHECK_ERR(setpgid(INT_MAX, 0), ESRCH);
	CHECK_ERR(setpgid(-1, grp), ESRCH);
	CHECK_ERR(setpgid(-1, 0), EINVAL);              /* pgid 0 means pgid = pid = -1 */
	CHECK_ERR(setpgid(0, INT_MAX), EPERM);          /* no such group in our session */
	CHECK_EQ(getpgrp(), grp);

	/* The parent moves its children around. */
	int go[2], ready[2];
	char c;
	CHECK_OK(pipe(go));
	CHECK_OK(pipe(ready));
	pid_t c1 = child(go, 0, ready[1]);
	pid_t c2 = child(go, 0, ready[1]);
	pid_t lead = child(go, 1, ready[1]);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(read(ready[0], &c, 1), 1);
	CHECK_EQ(getpgid(c1), grp);
	CHECK_EQ(setpgid(c1, 0), 0);                    /* 0: pgid = c1 */
	CHECK_EQ(getpgid(c1), c1);
	CHECK_EQ(setpgid(c2, c1), 0);                   /* into c1's existing group */
	CHECK_EQ(getpgid(c2), c1);
	CHECK_EQ(setpgid(c2, grp), 0);                  /* back into ours */
	CHECK_EQ(getpgid(c2), grp);
	CHECK_EQ(setpgid(c2, c2), 0);
	CHECK_EQ(getpgid(c2), c2);
	CHECK_ERR(setpgid(c2, INT_MAX), EPERM);
	CHECK_ERR(setpgid(c2, -1), EINVAL);
	/* `lead` is a session leader in another session. */
	CHECK_EQ(getpgid(lead), lead);
	CHECK_ERR(setpgid(lead, lead), EPERM);
	CHECK_ERR(setpgid(lead, grp), EPERM);
	CHECK_ERR(setpgid(c1, lead), EPERM);            /* a group in another session */
	CHECK_EQ(getpgid(c1), c1);
	close(go[0]);
	close(go[1]);
	pid_t kids[] = { c1, c2, lead };
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(waitpid(kids[i], &st, 0), kids[i]);
		CHECK_EQ(st, 0);
	}
	CHECK_EQ(getpgrp(), grp);
	close(ready[0]);
	close(ready[1]);
	return t_done();
}
