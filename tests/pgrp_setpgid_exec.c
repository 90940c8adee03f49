/*
 * pgrp_setpgid_exec: a parent may setpgid() its child only until the child
 * has called execve; afterwards the answer is EACCES (and the group stays).
 * The child's own setpgid(0, 0) after exec still works.
 */
#include "t.h"
#include <sys/wait.h>

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "image") == 0) {
		/* The new image: say so, wait for the go, then move itself. */
		int w = atoi(argv[2]), r = atoi(argv[3]);
		char c;
		write(w, "e", 1);
		read(r, &c, 1);
		if (setpgid(0, 0) != 0 || getpgrp() != getpid())
			return 1;
		write(w, "m", 1);
		read(r, &c, 1);
		return 42;
	}
	t_start(argv[0]);
	int up[2], down[2];
	CHECK_OK(pipe(up));
	CHECK_OK(pipe(down));
	pid_t pid = fork();
	if (pid == 0) {
		char c, w[16], r[16];
		write(up[1], "f", 1);
		read(down[0], &c, 1);
		snprintf(w, sizeof w, "%d", up[1]);
		snprintf(r, sizeof r, "%d", down[0]);
		char *args[] = { argv[0], "image", w, r, NULL };
		execv(argv[0], args);
		_exit(127);
	}
	CHECK(pid > 0, "fork");
	char c = 0;
	CHECK_EQ(read(up[0], &c, 1), 1);
	CHECK_EQ(c, 'f');
	/* Before exec: allowed, both ways. */
	CHECK_EQ(setpgid(pid, pid), 0);
	CHECK_EQ(getpgid(pid), pid);
	CHECK_EQ(setpgid(pid, getpgrp()), 0);
	CHECK_EQ(getpgid(pid), getpgrp());
	CHECK_EQ(write(down[1], "g", 1), 1);
	CHECK_EQ(read(up[0], &c, 1), 1);
	CHECK_EQ(c, 'e');
	/* After exec: EACCES, nothing changes. */
	CHECK_ERR(setpgid(pid, pid), EACCES);
	CHECK_ERR(setpgid(pid, 0), EACCES);
	CHECK_EQ(getpgid(pid), getpgrp());
	CHECK_EQ(write(down[1], "g", 1), 1);
	CHECK_EQ(read(up[0], &c, 1), 1);
	CHECK_EQ(c, 'm');
	CHECK_EQ(getpgid(pid), pid);                /* it moved itself */
	CHECK_ERR(setpgid(pid, getpgrp()), EACCES);
	CHECK_EQ(write(down[1], "g", 1), 1);
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "status 0x%x", st);
	close(up[0]);
	close(up[1]);
	close(down[0]);
	close(down[1]);
	return t_done();
}
