/*
 * hello_exit_status: the smallest things every program does.  A child
 * prints with printf (stdio: ioctl TIOCGWINSZ + writev) and exits 3; the
 * parent sees exit status 3.  write() returns the byte count, for stdout
 * and for a pipe, and a zero-length write returns 0.
 */
#include "t.h"
#include <sys/wait.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);

	/* write() on stdout returns the count written. */
	char line[64];
	int n = snprintf(line, sizeof line, "%s: hello via write\n", t_name);
	CHECK_EQ(write(1, line, n), n);
	CHECK_EQ(write(1, line, 0), 0);

	/* A child printf's through stdio and exits with 3 via exit(). */
	int p[2];
	CHECK_OK(pipe(p));
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		/* stdout of the child is the pipe, so the parent can check the text. */
		if (dup2(p[1], 1) != 1)
			_exit(100);
		close(p[1]);
		printf("hello, %s %d\n", "world", 42);
		printf("second line without newline");
		exit(3);                /* flushes the stdio buffer */
	}
	CHECK(pid > 0, "fork failed: %s", strerror(errno));
	close(p[1]);
	char buf[256];
	size_t got = 0;
	ssize_t r;
	while ((r = read(p[0], buf + got, sizeof buf - 1 - got)) > 0)
		got += r;
	CHECK_EQ(r, 0);
	buf[got] = 0;
	close(p[0]);
	CHECK(strcmp(buf, "hello, world 42\nsecond line without newline") == 0,
	      "child printed [%s]", buf);
	int status = 0;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status), "status %#x is not an exit", status);
	CHECK_EQ(WEXITSTATUS(status), 3);

	/* A child that _exit()s straight away with 3. */
	pid = fork();
	if (pid == 0)
		_exit(3);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 3, "status %#x", status);

	/* Only the low 8 bits of the exit code survive. */
	pid = fork();
	if (pid == 0)
		_exit(256 + 7);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7, "status %#x", status);

	/* A child returning from main-like code: exit(0) gives status 0. */
	pid = fork();
	if (pid == 0)
		exit(0);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);

	/* printf in this process: goes to fd 1; dprintf returns the count. */
	CHECK_EQ(dprintf(1, "%s: dprintf %d\n", t_name, 5), (int)strlen(t_name) + 12);
	return t_done();
}
