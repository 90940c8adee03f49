/*
 * poll_pipes: poll, ppoll and select on pipes.  An empty pipe's write end
 * is POLLOUT and its read end nothing; with data the read end is POLLIN; a
 * full pipe's write end is not POLLOUT.  When every write end is closed the
 * read end shows POLLHUP (with POLLIN while data is left); when every read
 * end is closed the write end shows POLLERR.  A closed fd gives POLLNVAL
 * (select: EBADF) and a negative fd is skipped.  A blocking poll wakes when
 * another process writes.  Bad arguments: more fds than RLIMIT_NOFILE or
 * a bad timespec are EINVAL, an unreadable array EFAULT.  ppoll's mask
 * replaces the caller's while it waits: a signal that mask lets through
 * ends it with EINTR after the handler ran, one it blocks does not, and
 * the caller's mask is back afterwards; pselect's does the same, and a
 * mask size other than 8 is EINVAL.
 */
#include "t.h"
#include "t_signal.h"
#include <poll.h>
#include <sys/select.h>
#include <sys/wait.h>

static int revents(int fd, short events)
{
	struct pollfd p = { fd, events, 0 };
	int r = poll(&p, 1, 0);
	return r < 0 ? -1 : p.revents;
}

static volatile int usr1_runs;
static void on_usr1(int sig) { (void)sig; usr1_runs++; }

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int p[2], st;
	char buf[4096];

	t_log("empty, data, full");
	CHECK_OK(pipe(p));
	CHECK_EQ(revents(p[0], POLLIN | POLLOUT), 0);
	CHECK_EQ(revents(p[1], POLLIN | POLLOUT), POLLOUT);
	CHECK_EQ(write(p[1], "ab", 2), 2);
	CHECK_EQ(revents(p[0], POLLIN), POLLIN);
	CHECK_EQ(revents(p[0], POLLOUT), 0);
	fd_set rd, wr;
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	struct timeval tv = { 0, 0 };
	CHECK_EQ(select(p[1] + 1, &rd, &wr, NULL, &tv), 2);
	CHECK(FD_ISSET(p[0], &rd) && FD_ISSET(p[1], &wr), "select");
	CHECK_OK(fcntl(p[1], F_SETFL, O_NONBLOCK));
	memset(buf, 'x', sizeof buf);
	while (write(p[1], buf, sizeof buf) > 0)
		;
	CHECK_EQ(revents(p[1], POLLOUT), 0);
	FD_ZERO(&wr);
	FD_SET(p[1], &wr);
	CHECK_EQ(select(p[1] + 1, NULL, &wr, NULL, &tv), 0);

	t_log("writers gone: POLLHUP (and POLLIN while data is left)");
	CHECK_OK(close(p[1]));
	CHECK_EQ(revents(p[0], POLLIN), POLLIN | POLLHUP);
	CHECK_EQ(revents(p[0], 0), POLLHUP);
	while (read(p[0], buf, sizeof buf) > 0)
		;
	CHECK_EQ(revents(p[0], POLLIN), POLLHUP);
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	CHECK_EQ(select(p[0] + 1, &rd, NULL, NULL, &tv), 1);   /* EOF is readable */
	CHECK_OK(close(p[0]));

	t_log("readers gone: POLLERR on the write end");
	CHECK_OK(pipe(p));
	CHECK_OK(close(p[0]));
	CHECK_EQ(revents(p[1], POLLOUT), POLLOUT | POLLERR);
	CHECK_EQ(revents(p[1], 0), POLLERR);
	CHECK_OK(close(p[1]));

	t_log("closed fd: POLLNVAL, select EBADF; negative fd: skipped");
	CHECK_EQ(revents(p[1], POLLIN), POLLNVAL);
	struct pollfd two[2] = { { -1, POLLIN, 0x55 }, { p[1], POLLIN, 0 } };
	CHECK_EQ(poll(two, 2, 0), 1);
	CHECK_EQ(two[0].revents, 0);
	CHECK_EQ(two[1].revents, POLLNVAL);
	FD_ZERO(&rd);
	FD_SET(p[1], &rd);
	CHECK_ERR(select(p[1] + 1, &rd, NULL, NULL, &tv), EBADF);

	t_log("a blocking poll wakes when another process writes");
	CHECK_OK(pipe(p));
	pid_t me = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		if (!ts_wait_state(me, me, 'S'))
			_exit(1);
		_exit(write(p[1], "w", 1) == 1 ? 0 : 2);
	}
	struct pollfd one = { p[0], POLLIN, 0 };
	CHECK_EQ(poll(&one, 1, -1), 1);
	CHECK_EQ(one.revents, POLLIN);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(st, 0);
	CHECK_EQ(read(p[0], buf, 1), 1);

	t_log("errors: EINVAL, EFAULT");
	struct rlimit rl;
	CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
	CHECK_ERR(poll(&one, rl.rlim_cur + 1, 0), EINVAL);
	struct timespec bad_ts = { 0, 1000000000 };
	CHECK_ERR(ppoll(&one, 1, &bad_ts, NULL), EINVAL);
	bad_ts = (struct timespec){ -1, 0 };
	CHECK_ERR(ppoll(&one, 1, &bad_ts, NULL), EINVAL);
	CHECK_ERR(poll((struct pollfd *)8, 1, 0), EFAULT);

	t_log("ppoll's mask: a signal it lets through ends it, one it blocks does not");
	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, on_usr1);
	sigset_t blocked, during, cur;
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGUSR1);
	sigaddset(&blocked, SIGUSR2);
	CHECK_OK(sigprocmask(SIG_BLOCK, &blocked, NULL));
	sigemptyset(&during);
	sigaddset(&during, SIGUSR2);
	pid = fork();
	if (pid == 0) {
		if (!ts_wait_state(me, me, 'S'))
			_exit(1);
		kill(me, SIGUSR2);              /* blocked by ppoll's mask too */
		struct timespec nap = { 0, 20 * 1000 * 1000 };
		nanosleep(&nap, NULL);
		if (!ts_wait_state(me, me, 'S'))
			_exit(2);
		kill(me, SIGUSR1);
		_exit(0);
	}
	one = (struct pollfd){ p[0], POLLIN, 0 };
	CHECK_ERR(ppoll(&one, 1, NULL, &during), EINTR);
	CHECK_EQ(usr1_runs, 1);
	CHECK_OK(sigprocmask(SIG_SETMASK, NULL, &cur));
	CHECK(sigismember(&cur, SIGUSR1) && sigismember(&cur, SIGUSR2), "the mask was not restored");
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(st, 0);
	sigset_t pend;
	CHECK_OK(sigpending(&pend));
	CHECK(sigismember(&pend, SIGUSR2) && !sigismember(&pend, SIGUSR1), "pending set");
	t_log("a pending signal the mask lets through: EINTR at once");
	sigemptyset(&during);
	CHECK_ERR(ppoll(&one, 1, NULL, &during), EINTR);
	CHECK_EQ(usr1_runs, 2);
	CHECK_OK(sigprocmask(SIG_SETMASK, NULL, &cur));
	CHECK(sigismember(&cur, SIGUSR2), "the mask was not restored");

	t_log("pselect's mask works the same; a sigsetsize other than 8 is EINVAL");
	CHECK_OK(raise(SIGUSR2));                       /* blocked: stays pending */
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	CHECK_ERR(pselect(p[0] + 1, &rd, NULL, NULL, NULL, &during), EINTR);
	CHECK_EQ(usr1_runs, 3);
	CHECK_OK(sigprocmask(SIG_SETMASK, NULL, &cur));
	CHECK(sigismember(&cur, SIGUSR2), "the mask was not restored");
	struct timespec zero = { 0, 0 };
	CHECK_ERR(syscall(SYS_ppoll, &one, 1, &zero, &during, 4), EINVAL);
	close(p[0]);
	close(p[1]);
	return t_done();
}
