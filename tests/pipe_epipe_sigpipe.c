/*
 * pipe_epipe_sigpipe: writing to a pipe whose read ends are all closed.
 * With SIGPIPE ignored the write fails with EPIPE (and again on every
 * try); with the default action a forked child is killed by SIGPIPE
 * (WTERMSIG == SIGPIPE); with a handler the handler runs once per write
 * and the write still fails with EPIPE.  While any read end (a dup, or a
 * child's inherited copy) is open, writes succeed.
 */
#include "t.h"
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

static volatile sig_atomic_t caught;
static void on_pipe(int sig) { if (sig == SIGPIPE) caught++; }

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int p[2];
	char c;

	/* SIG_IGN: EPIPE. */
	CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR, "signal");
	CHECK_EQ(pipe(p), 0);
	int r2 = dup(p[0]);
	CHECK_EQ(close(p[0]), 0);
	CHECK_EQ(write(p[1], "a", 1), 1);           /* r2 still reads */
	CHECK_EQ(read(r2, &c, 1), 1);
	CHECK_EQ(close(r2), 0);
	CHECK_ERR(write(p[1], "a", 1), EPIPE);
	CHECK_ERR(write(p[1], "abc", 3), EPIPE);
	CHECK_EQ(write(p[1], "", 0), 0);              /* a zero-length write does nothing */
	CHECK_EQ(close(p[1]), 0);

	/* Default action in a child: killed by SIGPIPE. */
	CHECK_EQ(pipe(p), 0);
	close(p[0]);            /* before the fork: no reader anywhere, whoever runs first */
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };
		setrlimit(RLIMIT_CORE, &no_core);
		signal(SIGPIPE, SIG_DFL);
		ssize_t w = write(p[1], "x", 1);
		_exit(w == -1 ? 10 + (errno == EPIPE) : 20);   /* not reached on success */
	}
	close(p[1]);
	int status = 0;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE, "child status %#x", status);

	/* A child with a handler: handler runs, write gives EPIPE. */
	CHECK_EQ(pipe(p), 0);
	close(p[0]);
	pid = fork();
	if (pid == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_pipe;
		sigaction(SIGPIPE, &sa, NULL);
		int bad = 0;
		errno = 0;
		if (write(p[1], "x", 1) != -1 || errno != EPIPE) bad |= 1;
		if (caught != 1) bad |= 2;
		if (write(p[1], "y", 1) != -1 || errno != EPIPE) bad |= 4;
		if (caught != 2) bad |= 8;
		_exit(bad);
	}
	close(p[1]);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "handler child status %#x", status);

	/* The read end kept open by a child: the parent's write succeeds
	 * until the child (the last reader) exits. */
	CHECK_EQ(pipe(p), 0);
	int go[2];
	CHECK_EQ(pipe(go), 0);
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		close(go[1]);
		char b;
		read(go[0], &b, 1);     /* wait until the parent has written */
		_exit(read(p[0], &b, 1) == 1 && b == 'k' ? 0 : 1);
	}
	close(p[0]);
	close(go[0]);
	CHECK_EQ(write(p[1], "k", 1), 1);
	CHECK_EQ(write(go[1], "g", 1), 1);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "reader child status %#x", status);
	CHECK_ERR(write(p[1], "z", 1), EPIPE);
	close(p[1]);
	close(go[1]);
	return t_done();
}
