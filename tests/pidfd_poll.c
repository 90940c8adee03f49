/*
 * pidfd_poll: a pidfd becomes readable when its process has exited.
 * While the child runs, poll and ppoll with a zero timeout report nothing
 * and select marks nothing; a poll that blocks returns POLLIN when the
 * child exits (the child waits until /proc shows the parent asleep); a
 * zombie and a reaped process both read as POLLIN, and ppoll and select
 * agree.  A process whose leader thread has exited while another thread
 * still runs is not readable yet; it becomes readable when the last
 * thread exits.
 */
#include "t.h"
#include "t_signal.h"
#include "t_thread.h"
#include <poll.h>
#include <sys/select.h>
#include <sys/wait.h>

static long pidfd_open(long pid, long flags) { return syscall(434, pid, flags); }

static int poll_now(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };
	int r = poll(&p, 1, 0);
	return r == 1 ? p.revents : r == 0 ? 0 : -1;
}

static int ppoll_now(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };
	struct timespec ts = { 0, 0 };
	int r = ppoll(&p, 1, &ts, NULL);
	return r == 1 ? p.revents : r == 0 ? 0 : -1;
}

static int select_now(int fd)
{
	fd_set r;
	FD_ZERO(&r);
	FD_SET(fd, &r);
	struct timeval tv = { 0, 0 };
	int n = select(fd + 1, &r, NULL, NULL, &tv);
	return n == 1 && FD_ISSET(fd, &r) ? 1 : n;
}

static int hold[2];

static int thread_fn(void *arg)
{
	(void)arg;
	char c;
	t_sys3(SYS_read, hold[0], &c, 1);
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int st;
	pid_t me = getpid();

	t_log("running: not readable; a blocking poll wakes when the child exits");
	pid_t pid = fork();
	if (pid == 0)
		_exit(ts_wait_state(me, me, 'S') ? 0 : 1);
	int fd = pidfd_open(pid, 0);
	CHECK(fd >= 0, "pidfd_open");
	struct pollfd p = { fd, POLLIN, 0 };
	int r = poll(&p, 1, -1);
	CHECK_EQ(r, 1);
	CHECK(p.revents & POLLIN, "revents %#x", p.revents);

	t_log("a zombie: POLLIN for poll, ppoll and select");
	CHECK(poll_now(fd) & POLLIN, "poll");
	CHECK(ppoll_now(fd) & POLLIN, "ppoll");
	CHECK_EQ(select_now(fd), 1);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(st, 0);
	t_log("reaped: still readable");
	CHECK(poll_now(fd) & POLLIN, "poll");
	CHECK_EQ(select_now(fd), 1);
	close(fd);

	t_log("zero timeouts while it runs: nothing");
	CHECK_OK(pipe(hold));
	pid = fork();
	if (pid == 0) {
		char c;
		read(hold[0], &c, 1);
		_exit(0);
	}
	fd = pidfd_open(pid, 0);
	CHECK_EQ(poll_now(fd), 0);
	CHECK_EQ(ppoll_now(fd), 0);
	CHECK_EQ(select_now(fd), 0);
	struct timespec ts = { 0, 1000 * 1000 };
	p = (struct pollfd){ fd, POLLIN, 0 };
	CHECK_EQ(ppoll(&p, 1, &ts, NULL), 0);
	CHECK_EQ(write(hold[1], "x", 1), 1);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(poll_now(fd) & POLLIN, "poll after exit");
	close(fd);

	t_log("the leader gone, a thread still running: not yet; then readable");
	pid = fork();
	if (pid == 0) {
		struct t_thread th;
		if (t_thread_start(&th, thread_fn, NULL) < 0)
			_exit(1);
		t_exit_thread(0);       /* only the leader */
	}
	fd = pidfd_open(pid, 0);
	CHECK(fd >= 0, "pidfd_open");
	CHECK(ts_wait_state(pid, pid, 'Z'), "the leader did not exit");
	CHECK_EQ(poll_now(fd), 0);
	CHECK_EQ(write(hold[1], "x", 1), 1);
	p = (struct pollfd){ fd, POLLIN, 0 };
	CHECK_EQ(poll(&p, 1, -1), 1);
	CHECK(p.revents & POLLIN, "revents %#x", p.revents);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(st, 0);
	close(fd);
	close(hold[0]);
	close(hold[1]);
	return t_done();
}
