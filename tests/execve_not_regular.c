/*
 * execve_not_regular: what execve refuses by the file's type, at once, as
 * Linux's may_open does for MAY_EXEC: a FIFO (even with every x bit, and
 * without waiting for a writer - an alarm would end a wait), a directory,
 * a character device - all EACCES.  And what it allows: a program that
 * its user may execute but not read (mode 0711) runs for an unprivileged
 * user, as Linux lets it.
 */
#include "t.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* Copies the file at from to to with the given mode. */
static int copy_file(const char *from, const char *to, mode_t mode)
{
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, mode);
	char buf[8192];
	ssize_t n;
	int ok = in >= 0 && out >= 0;
	while (ok && (n = read(in, buf, sizeof buf)) > 0)
		ok = write(out, buf, n) == n;
	close(in);
	close(out);
	return ok && chmod(to, mode) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "exec-target") == 0)
		return 42;
	t_start(argv[0]);
	char fifo[64], prog[64];
	snprintf(fifo, sizeof fifo, "/tmp/execve_fifo.%d", getpid());
	snprintf(prog, sizeof prog, "/tmp/execve_xonly.%d", getpid());
	char *args[] = { prog, "exec-target", NULL }, *env[] = { NULL };

	CHECK_OK(mkfifo(fifo, 0777));
	CHECK_OK(chmod(fifo, 0777));
	alarm(5);                       /* a wait for a writer would end here, as a failure */
	CHECK_ERR(execve(fifo, args, env), EACCES);
	alarm(0);
	t_log("a FIFO: EACCES at once, no wait for a writer");
	CHECK_ERR(execve("/tmp", args, env), EACCES);
	CHECK_ERR(execve("/dev/null", args, env), EACCES);
	t_log("a directory, a character device: EACCES");
	unlink(fifo);

	CHECK_OK(copy_file(argv[0], prog, 0711));
	pid_t c = fork();
	if (c == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(100);
		if (open(prog, O_RDONLY) >= 0)
			_exit(101);     /* it must not be readable to us */
		execve(prog, args, env);
		_exit(102);
	}
	int st;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "an execute-only program as an unprivileged user: status %#x", st);
	t_log("mode 0711, an unprivileged user: it cannot read the program but runs it");
	unlink(prog);
	return t_done();
}
