/*
 * execve_nproc_exceeded: setuid to a user who already has more tasks than
 * RLIMIT_NPROC allows succeeds (since Linux 3.1 set*uid no longer fails),
 * but the next execve fails with EAGAIN - and keeps failing while the user
 * is over the limit, before even looking at the path.  Once the user's
 * other tasks are gone the same execve works.  A root target is never held.
 *
 *   two "holders" run as uid U (they pause); a child with RLIMIT_NPROC 1
 *   does setuid(U): U has 2 tasks > 1, so its execve is EAGAIN (also for
 *   a path that does not exist); then it tells us, we kill the holders,
 *   and its execve of ourselves ("exec-target") exits 42.
 */
#include "t.h"
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define U 61919                 /* an unused uid */

/* A task of uid U, which says so on fd once it is one. */
static pid_t holder(int fd)
{
	pid_t p = fork();
	if (p == 0) {
		if (setgid(U) || setuid(U))
			_exit(100);
		write(fd, "h", 1);
		for (;;)
			pause();
	}
	return p;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "exec-target") == 0)
		return 42;
	t_start(argv[0]);
	int go[2], held[2], ready[2];
	CHECK_OK(pipe(go));
	CHECK_OK(pipe(held));
	pid_t h1 = holder(held[1]), h2 = holder(held[1]);
	char hh[2];
	CHECK_EQ(read(held[0], hh, 1), 1);      /* both holders are U now */
	CHECK_EQ(read(held[0], hh + 1, 1), 1);
	CHECK_OK(pipe(ready));                  /* made after the holders: only the child has it */

	pid_t c = fork();
	if (c == 0) {
		struct rlimit rl = { 1, 1 };
		char *args[] = { argv[0], "exec-target", NULL }, *env[] = { NULL };
		if (setrlimit(RLIMIT_NPROC, &rl) || setgid(U))
			_exit(101);
		if (setuid(U))
			_exit(102);             /* set*uid must not fail over the limit */
		execve(argv[0], args, env);
		int e1 = errno;
		execve("/no/such/file", args, env);
		int e2 = errno;
		char r[2] = { e1 == EAGAIN, e2 == EAGAIN };
		write(ready[1], r, 2);
		char ch;
		read(go[0], &ch, 1);
		execve(argv[0], args, env);
		_exit(103);
	}
	close(ready[1]);                /* a child that exec'd at once leaves us end of file */
	char r[2] = { 0, 0 };
	CHECK_EQ(read(ready[0], r, 2), 2);
	CHECK(r[0], "execve over the limit did not fail with EAGAIN");
	CHECK(r[1], "execve of a missing path over the limit did not fail with EAGAIN first");
	t_log("setuid into a user over RLIMIT_NPROC: execve is EAGAIN, before the path is looked at");

	kill(h1, SIGKILL);
	kill(h2, SIGKILL);
	int st;
	CHECK_EQ(waitpid(h1, &st, 0), h1);
	CHECK_EQ(waitpid(h2, &st, 0), h2);
	CHECK_EQ(write(go[1], "g", 1), 1);
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "after the holders went: status %#x", st);
	t_log("once the user is back within the limit, the same execve works");

	/* Root is never held: setuid(0) over any limit, then exec. */
	c = fork();
	if (c == 0) {
		struct rlimit rl = { 0, 0 };
		char *args[] = { argv[0], "exec-target", NULL }, *env[] = { NULL };
		setrlimit(RLIMIT_NPROC, &rl);
		setuid(0);
		execve(argv[0], args, env);
		_exit(104);
	}
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "root with RLIMIT_NPROC 0: status %#x", st);
	t_log("root with RLIMIT_NPROC 0 execs");
	return t_done();
}
