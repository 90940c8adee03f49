/*
 * hostile_pipe_fill: a writer that fills a pipe and blocks.
 *
 * A child makes one write of 200000 bytes into a pipe nobody reads yet:
 * it blocks (state S in /proc/PID/stat) with exactly 65536 bytes queued
 * (FIONREAD), and poll says the pipe is not writable.  Then we drain it in
 * odd-sized reads: every byte arrives, in order, the write returns 200000
 * and the child exits 0.  A writer blocked like that and killed by SIGKILL
 * is reaped as killed, and the 65536 bytes it had queued stay readable,
 * then end of file.  A blocked writer whose reader closes: with SIGPIPE
 * ignored its write returns the 65536 bytes it did write and the next
 * write fails with EPIPE; with SIGPIPE at its default it is killed by
 * SIGPIPE.
 */
#include "t.h"
#include "t_signal.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>

#define TOTAL 200000
#define CAPACITY 65536                  /* Linux's default pipe size */

static unsigned char pattern(size_t i) { return (unsigned char)(i % 251 + i / 4096); }

static unsigned char *make_data(void)
{
	static unsigned char data[TOTAL];
	for (size_t i = 0; i < TOTAL; i++)
		data[i] = pattern(i);
	return data;
}

static int queued(int rfd)
{
	int n = -1;
	return ioctl(rfd, FIONREAD, &n) == 0 ? n : -1;
}

/* Nothing can tell us "the writer is asleep" but its state: poll it,
 * with a bound, until the pipe is full and the writer sleeps. */
static int wait_blocked(pid_t pid, int rfd)
{
	struct timespec ms = { 0, 1000000 };
	for (int i = 0; i < 20000; i++) {
		if (queued(rfd) == CAPACITY && ts_state(pid, pid) == 'S')
			return 1;
		nanosleep(&ms, NULL);
	}
	return 0;
}

enum { SIGPIPE_DEFAULT, SIGPIPE_IGNORED };

/* A child that writes all TOTAL bytes at once to p[1]; exit status:
 * 0 all written, 1 the write returned CAPACITY and then EPIPE, else 2. */
static pid_t writer(int p[2], int sigpipe)
{
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		if (sigpipe == SIGPIPE_IGNORED)
			signal(SIGPIPE, SIG_IGN);
		ssize_t r = write(p[1], make_data(), TOTAL);
		if (r == TOTAL)
			_exit(0);
		if (r == CAPACITY && write(p[1], "x", 1) == -1 && errno == EPIPE)
			_exit(1);
		_exit(2);
	}
	close(p[1]);
	return pid;
}

/* Reads until end of file in odd-sized pieces; counts bytes out of order. */
static size_t drain(int rfd, size_t *wrong)
{
	static unsigned char buf[7001];
	size_t got = 0;
	ssize_t n;
	*wrong = 0;
	while ((n = read(rfd, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			*wrong += buf[i] != pattern(got + i);
		got += n;
	}
	return got;
}

static void fill_and_drain(void)
{
	int p[2];
	CHECK_OK(pipe(p));
	int wfd = dup(p[1]);                    /* ours, to poll the write side */
	pid_t pid = writer(p, SIGPIPE_DEFAULT);
	CHECK(wait_blocked(pid, p[0]), "the writer never blocked on a full pipe");
	CHECK_EQ(queued(p[0]), CAPACITY);
	struct pollfd pfd = { wfd, POLLOUT, 0 };
	CHECK_EQ(poll(&pfd, 1, 0), 0);
	close(wfd);
	size_t wrong;
	CHECK_EQ(drain(p[0], &wrong), TOTAL);
	CHECK(wrong == 0, "%zu bytes arrived out of order or changed", wrong);
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer status %#x", st);
	close(p[0]);
}

static void kill_blocked(void)
{
	int p[2];
	CHECK_OK(pipe(p));
	pid_t pid = writer(p, SIGPIPE_DEFAULT);
	CHECK(wait_blocked(pid, p[0]), "the writer never blocked on a full pipe");
	CHECK_OK(kill(pid, SIGKILL));
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "killed writer status %#x", st);
	CHECK_EQ(queued(p[0]), CAPACITY);
	size_t wrong;
	CHECK_EQ(drain(p[0], &wrong), CAPACITY);
	CHECK(wrong == 0, "%zu queued bytes changed", wrong);
	close(p[0]);
}

static void reader_goes(int sigpipe)
{
	int p[2];
	CHECK_OK(pipe(p));
	pid_t pid = writer(p, sigpipe);
	CHECK(wait_blocked(pid, p[0]), "the writer never blocked on a full pipe");
	close(p[0]);                            /* the last reader */
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	if (sigpipe == SIGPIPE_IGNORED)
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1,
		      "writer status %#x, expected a short write then EPIPE", st);
	else
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "writer status %#x", st);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	t_log("a writer fills the pipe, blocks, and the reader drains it");
	fill_and_drain();
	t_log("a blocked writer is killed");
	kill_blocked();
	t_log("a blocked writer's reader goes away");
	reader_goes(SIGPIPE_IGNORED);
	reader_goes(SIGPIPE_DEFAULT);
	return t_done();
}
