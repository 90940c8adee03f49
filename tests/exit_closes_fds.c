/*
 * exit_closes_fds: a process's exit closes every fd it still holds: data it
 * wrote into a pipe or a file without closing is all there, and a reader
 * of a pipe gets EOF once its last writer is gone: a child that _exits, one
 * that holds 100 copies of the write end and calls exit_group, and one
 * killed by SIGKILL while blocked.
 */
#include "t.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define TMP "/tmp/exit_closes_fds.tmp"

static int drain(int fd, char *buf, int max)
{
	int n = 0;
	ssize_t r;
	while (n < max && (r = read(fd, buf + n, max - n)) > 0)
		n += r;
	return n;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	static char buf[20000], want[16384];
	for (unsigned i = 0; i < sizeof want; i++)
		want[i] = 'a' + i % 23;

	/* Data written, then _exit with the fds open. */
	int p[2];
	CHECK_OK(pipe(p));
	unlink(TMP);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		int fd = open(TMP, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || write(fd, want, sizeof want) != sizeof want)
			_exit(1);
		if (write(p[1], want, 1000) != 1000)
			_exit(2);
		_exit(0);
	}
	close(p[1]);
	int n = drain(p[0], buf, sizeof buf);
	CHECK_EQ(n, 1000);
	CHECK(memcmp(buf, want, 1000) == 0, "pipe data intact");
	close(p[0]);
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(st, 0);
	int fd = open(TMP, O_RDONLY);
	CHECK(fd >= 0, "open " TMP);
	n = drain(fd, buf, sizeof buf);
	CHECK_EQ(n, (int)sizeof want);
	CHECK(memcmp(buf, want, sizeof want) == 0, "file data intact");
	close(fd);
	CHECK_OK(unlink(TMP));

	/* A hundred copies of the write end, all closed by the exit. */
	CHECK_OK(pipe(p));
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		for (int i = 0; i < 100; i++)
			if (dup(p[1]) < 0)
				_exit(1);
		write(p[1], "x", 1);
		syscall(SYS_exit_group, 5);
	}
	close(p[1]);
	n = drain(p[0], buf, sizeof buf);
	CHECK_EQ(n, 1);
	close(p[0]);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 5, "status 0x%x", st);

	/* Killed while blocked: its fds are closed as well. */
	int hold[2];
	CHECK_OK(pipe(p));
	CHECK_OK(pipe(hold));
	pid = fork();
	if (pid == 0) {
		char c;
		close(p[0]);
		close(hold[1]);
		write(p[1], "y", 1);
		read(hold[0], &c, 1);
		_exit(0);
	}
	close(p[1]);
	close(hold[0]);
	char c = 0;
	CHECK_EQ(read(p[0], &c, 1), 1);
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_EQ(read(p[0], &c, 1), 0);             /* EOF: the killed child's write end is gone */
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "status 0x%x", st);
	close(p[0]);
	close(hold[1]);
	return t_done();
}
