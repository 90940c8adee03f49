/*
 * execve_etxtbsy - a program and a writer exclude each other, as Linux
 * (deny_write_access / i_writecount): execve of a file open for writing
 * is ETXTBSY, and so is opening for writing a file that a process is
 * running; once the writer closes, or the program exits, the other works.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define COPY "/tmp/execve_etxtbsy"

/* Copies the file at from to to (mode 0755); 0 or -1. */
static int copy(const char *from, const char *to)
{
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	char buf[8192];
	ssize_t n;
	int ok = in >= 0 && out >= 0;
	while (ok && (n = read(in, buf, sizeof buf)) > 0)
		ok = write(out, buf, n) == n;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	t_start(argv[0]);
	if (argc > 1) {                 /* the copy, running: say so, wait for the parent's word */
		char c;
		return write(1, "r", 1) == 1 && read(0, &c, 1) == 1 ? 0 : 3;
	}
	CHECK_OK(copy(argv[0], COPY));

	int w = open(COPY, O_WRONLY);
	CHECK(w >= 0, "open for writing: %s", strerror(errno));
	char *args[] = { COPY, "run", NULL }, *env[] = { NULL };
	pid_t pid = fork();
	if (pid == 0) {
		execve(COPY, args, env);
		_exit(errno == ETXTBSY ? 0 : 1);
	}
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "execve of a file open for writing: status %#x", st);
	close(w);

	int fds[2], ready[2];
	char c = 0;
	CHECK_OK(pipe(fds));
	CHECK_OK(pipe(ready));
	pid = fork();
	if (pid == 0) {
		dup2(fds[0], 0);
		dup2(ready[1], 1);
		close(fds[1]);
		close(ready[0]);
		execve(COPY, args, env);
		_exit(4);
	}
	close(fds[0]);
	close(ready[1]);
	CHECK_EQ(read(ready[0], &c, 1), 1);     /* the copy runs */
	close(ready[0]);
	CHECK_ERR(open(COPY, O_WRONLY), ETXTBSY);
	CHECK_ERR(open(COPY, O_RDWR), ETXTBSY);
	int r = open(COPY, O_RDONLY);
	CHECK(r >= 0, "open for reading a running program: %s", strerror(errno));
	close(r);
	CHECK_EQ(write(fds[1], "x", 1), 1);
	close(fds[1]);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the copy: status %#x", st);
	w = open(COPY, O_WRONLY);
	CHECK(w >= 0, "open for writing after the program exited: %s", strerror(errno));
	close(w);
	unlink(COPY);
	return t_done();
}
