/*
 * hostile_emfile: a process fills its whole fd table, with the default
 * RLIMIT_NOFILE (lowered to 1024 only when the soft limit is above 65536,
 * to keep the run bounded), using open, dup and pipe in turn.
 *
 * Every call past the limit fails with EMFILE; the fds then in use are
 * exactly 0 .. limit-1.  With one slot left, pipe (which needs two) fails
 * with EMFILE and takes nothing: the next open gets that very slot.
 * Hundreds of failing pipes leak nothing (the runner counts frames on
 * ushi).  dup, F_DUPFD and pipe2 give EMFILE; dup2 onto a used fd still
 * works.  execve with a full table works and the new program inherits it
 * full.  Closing everything lets open work again from the lowest fd.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define BOUND 65536                     /* above this soft limit, use 1024 */

/* Bits of the child's exit status. */
enum {
	BAD_SETUP = 1, BAD_ERRNO = 2, BAD_FULL = 4, BAD_PIPE_TOOK = 8,
	BAD_DUP = 16, BAD_EXEC = 32, BAD_REOPEN = 64,
};

static int is_open(int fd) { return fcntl(fd, F_GETFD) != -1; }

/* The exec'd side: the table it inherited is still full. */
static int child_full(const char *lim_s)
{
	int lim = atoi(lim_s), p[2];
	if (!is_open(lim - 1) || is_open(lim))
		return 1;
	if (open("/dev/null", O_RDONLY) != -1 || errno != EMFILE)
		return 2;
	if (pipe(p) != -1 || errno != EMFILE)
		return 3;
	return 0;
}

/* Takes one or two more fds by the i-th method: open, dup or pipe. */
static int one_more(int i)
{
	int p[2];
	switch (i % 3) {
	case 0:
		return open("/dev/null", O_RDONLY);
	case 1:
		return dup(1);
	default:
		return pipe(p);
	}
}

/* Fills the table; returns the exit status bits. */
static int fill(const char *self)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return BAD_SETUP;
	if (rl.rlim_cur > BOUND) {
		rl.rlim_cur = 1024;
		if (setrlimit(RLIMIT_NOFILE, &rl))
			return BAD_SETUP;
	}
	int lim = (int)rl.rlim_cur, bad = 0;
	for (int i = 0;; i++) {
		errno = 0;
		if (one_more(i) == -1) {
			if (errno != EMFILE)
				bad |= BAD_ERRNO;
			break;
		}
	}
	/* A pipe may have failed with one slot left: open takes it. */
	while (open("/dev/null", O_RDONLY) != -1)
		;
	if (errno != EMFILE)
		bad |= BAD_ERRNO;
	for (int fd = 0; fd < lim; fd++)
		if (!is_open(fd))
			bad |= BAD_FULL;
	if (is_open(lim))
		bad |= BAD_FULL;

	int p[2];
	for (int i = 0; i < 300; i++)
		if (pipe(p) != -1 || errno != EMFILE)
			bad |= BAD_ERRNO;
	if (pipe2(p, O_CLOEXEC) != -1 || errno != EMFILE)
		bad |= BAD_ERRNO;
	if (dup(0) != -1 || errno != EMFILE)
		bad |= BAD_DUP;
	if (fcntl(0, F_DUPFD, 0) != -1 || errno != EMFILE)
		bad |= BAD_DUP;
	if (dup2(0, lim - 1) != lim - 1)
		bad |= BAD_DUP;

	/* One free slot: too few for a pipe, and the pipe must leave it. */
	int hole = lim / 2;
	close(hole);
	for (int i = 0; i < 300; i++)
		if (pipe(p) != -1 || errno != EMFILE)
			bad |= BAD_PIPE_TOOK;
	if (open("/dev/null", O_RDONLY) != hole)
		bad |= BAD_PIPE_TOOK;

	/* A full table survives execve. */
	char lim_s[16];
	snprintf(lim_s, sizeof lim_s, "%d", lim);
	pid_t pid = fork();
	if (pid == 0) {
		char *av[] = { (char *)self, "full", lim_s, NULL };
		execv(self, av);
		_exit(99);
	}
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		bad |= BAD_EXEC;

	/* Close all but 0, 1, 2: open starts again from fd 3. */
	for (int fd = 3; fd < lim; fd++)
		close(fd);
	int fd = open("/dev/null", O_RDONLY);
	if (fd != 3 || !is_open(3) || is_open(4))
		bad |= BAD_REOPEN;
	if (pipe(p) || p[0] != 4 || p[1] != 5)
		bad |= BAD_REOPEN;
	return bad;
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "full") == 0)
		return child_full(argv[2]);
	t_start(argv[0]);
	t_log("filling the fd table with open, dup and pipe");
	pid_t pid = fork();
	if (pid == 0)
		_exit(fill(argv[0]));
	int st = 0;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st), "child status %#x", st);
	int bad = WIFEXITED(st) ? WEXITSTATUS(st) : 0;
	CHECK(!(bad & BAD_SETUP), "could not read or set RLIMIT_NOFILE");
	CHECK(!(bad & BAD_ERRNO), "a call past the limit did not fail with EMFILE");
	CHECK(!(bad & BAD_FULL), "the fds in use are not exactly 0 .. limit-1");
	CHECK(!(bad & BAD_PIPE_TOOK), "a failed pipe took the last free fd");
	CHECK(!(bad & BAD_DUP), "dup/F_DUPFD did not give EMFILE, or dup2 onto a used fd failed");
	CHECK(!(bad & BAD_EXEC), "execve with a full table failed or lost it");
	CHECK(!(bad & BAD_REOPEN), "after closing, open and pipe did not take the lowest fds");
	/* The parent's table is its own. */
	int fd = open("/dev/null", O_RDONLY);
	CHECK(fd >= 3 && fd < 16, "the parent's next fd is %d", fd);
	close(fd);
	return t_done();
}
