/*
 * epoll_basic: epoll on pipes, level-triggered, EPOLLET and EPOLLONESHOT.
 * A level-triggered read end is reported at every wait while data is
 * there; an edge-triggered one once per write (a read is no new edge);
 * a one-shot item once, until EPOLL_CTL_MOD re-arms it.  The data word
 * comes back as given; a write end is EPOLLOUT, and EPOLLHUP/EPOLLERR
 * come unasked when the other end closes.  An epoll fd is itself
 * readable (poll, and an outer epoll) while an item is ready.  Closing
 * the last fd of a watched file removes its item; a dup keeps it.  A
 * wait blocks until a child writes, epoll_pwait2 times out with 0, and
 * maxevents bounds one wait's events.
 */
#include "t.h"
#include <poll.h>
#include <sys/epoll.h>
#include <sys/wait.h>

static int wait_now(int ep, struct epoll_event *ev, int max)
{
	return epoll_wait(ep, ev, max, 0);
}

static void check_level_triggered(void)
{
	int p[2], ep = epoll_create1(0);
	CHECK_OK(pipe(p));
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ULL }, out[4];
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	CHECK_EQ(wait_now(ep, out, 4), 0);
	CHECK_EQ(write(p[1], "ab", 2), 2);
	for (int i = 0; i < 2; i++) {
		CHECK_EQ(wait_now(ep, out, 4), 1);
		CHECK_EQ(out[0].events, EPOLLIN);
		CHECK(out[0].data.u64 == 0x1122334455667788ULL, "data word kept");
	}
	char c[2];
	CHECK_EQ(read(p[0], c, 2), 2);
	CHECK_EQ(wait_now(ep, out, 4), 0);
	/* The write end: writable; then the reader goes and it is EPOLLERR too. */
	ev = (struct epoll_event){ .events = EPOLLOUT, .data.fd = p[1] };
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev));
	CHECK_EQ(wait_now(ep, out, 4), 1);
	CHECK_EQ(out[0].events, EPOLLOUT);
	CHECK_EQ(out[0].data.fd, p[1]);
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL));
	CHECK_EQ(wait_now(ep, out, 4), 0);
	/* Closing the write end: the read end hangs up, unasked for. */
	CHECK_OK(close(p[1]));
	CHECK_EQ(wait_now(ep, out, 4), 1);
	CHECK_EQ(out[0].events, EPOLLHUP);
	close(p[0]);
	close(ep);
}

static void check_edge_triggered(void)
{
	int p[2], ep = epoll_create1(EPOLL_CLOEXEC);
	CHECK_OK(pipe(p));
	CHECK_EQ(fcntl(ep, F_GETFD), FD_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u32 = 7 }, out[4];
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	CHECK_EQ(wait_now(ep, out, 4), 0);
	CHECK_EQ(write(p[1], "abc", 3), 3);
	CHECK_EQ(wait_now(ep, out, 4), 1);
	CHECK_EQ(out[0].data.u32, 7);
	CHECK_EQ(wait_now(ep, out, 4), 0);     /* still readable, but no new edge */
	char c;
	CHECK_EQ(read(p[0], &c, 1), 1);
	CHECK_EQ(wait_now(ep, out, 4), 0);     /* a read is no edge for the reader */
	CHECK_EQ(write(p[1], "d", 1), 1);
	CHECK_EQ(wait_now(ep, out, 4), 1);     /* a new write is */
	CHECK_EQ(wait_now(ep, out, 4), 0);
	close(p[0]);
	close(p[1]);
	close(ep);
}

static void check_oneshot(void)
{
	int p[2], ep = epoll_create(1);
	CHECK_OK(pipe(p));
	struct epoll_event ev = { .events = EPOLLIN | EPOLLONESHOT, .data.u32 = 1 }, out[4];
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	CHECK_EQ(write(p[1], "a", 1), 1);
	CHECK_EQ(wait_now(ep, out, 4), 1);
	CHECK_EQ(wait_now(ep, out, 4), 0);
	CHECK_EQ(write(p[1], "b", 1), 1);
	CHECK_EQ(wait_now(ep, out, 4), 0);     /* disarmed: not even a new write */
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST);
	ev.data.u32 = 2;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	CHECK_EQ(wait_now(ep, out, 4), 1);
	CHECK_EQ(out[0].data.u32, 2);
	CHECK_EQ(wait_now(ep, out, 4), 0);
	close(p[0]);
	close(p[1]);
	close(ep);
}

/* Several ready items, maxevents at a time; a nested epoll; close and dup. */
static void check_many_nested_close(void)
{
	int a[2], b[2], ep = epoll_create1(0), outer = epoll_create1(0);
	CHECK_OK(pipe(a));
	CHECK_OK(pipe(b));
	struct epoll_event ev = { .events = EPOLLIN }, out[4];
	ev.data.u32 = 'a';
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, a[0], &ev));
	ev.data.u32 = 'b';
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, b[0], &ev));
	ev.data.u32 = 'e';
	CHECK_OK(epoll_ctl(outer, EPOLL_CTL_ADD, ep, &ev));
	struct pollfd pf = { ep, POLLIN, 0 };
	CHECK_EQ(poll(&pf, 1, 0), 0);
	CHECK_EQ(wait_now(outer, out, 4), 0);
	CHECK_EQ(write(a[1], "x", 1), 1);
	CHECK_EQ(write(b[1], "y", 1), 1);
	CHECK_EQ(poll(&pf, 1, 0), 1);
	CHECK_EQ(pf.revents, POLLIN);
	CHECK_EQ(wait_now(outer, out, 4), 1);
	CHECK_EQ(out[0].data.u32, 'e');
	CHECK_EQ(wait_now(ep, out, 1), 1);
	int first = out[0].data.u32;
	CHECK_EQ(wait_now(ep, out, 1), 1);
	CHECK(out[0].data.u32 != (unsigned)first, "the second wait reports the other pipe");
	CHECK_EQ(wait_now(ep, out, 4), 2);
	/* A dup keeps the file, so its item stays; the last close removes it. */
	int d = dup(a[0]);
	CHECK_OK(close(a[0]));
	CHECK_EQ(wait_now(ep, out, 4), 2);
	CHECK_OK(close(d));
	CHECK_EQ(wait_now(ep, out, 4), 1);
	CHECK_EQ(out[0].data.u32, 'b');
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, a[0], NULL), EBADF);
	close(a[1]);
	close(b[0]);
	close(b[1]);
	close(ep);
	CHECK_EQ(wait_now(outer, out, 4), 0);
	close(outer);
}

/* A blocking wait ends when a child writes; a timed one ends empty. */
static void check_blocking(void)
{
	int p[2], ep = epoll_create1(0);
	CHECK_OK(pipe(p));
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 5 }, out[2];
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	CHECK_EQ(syscall(441, ep, out, 2, &ts, NULL, 8), 0);
	pid_t pid = fork();
	if (pid == 0) {
		write(p[1], "z", 1);
		_exit(0);
	}
	CHECK_EQ(epoll_wait(ep, out, 2, -1), 1);
	CHECK_EQ(out[0].data.u32, 5);
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(epoll_pwait(ep, out, 2, -1, NULL), 1);
	close(p[0]);
	close(p[1]);
	close(ep);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	check_level_triggered();
	check_edge_triggered();
	check_oneshot();
	check_many_nested_close();
	check_blocking();
	return t_done();
}
