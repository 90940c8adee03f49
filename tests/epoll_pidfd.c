/*
 * epoll_pidfd: epoll watches a pidfd as poll does.  While the child runs
 * its pidfd is not ready; a wait that blocks ends with EPOLLIN when the
 * child exits (the child exits only once the parent tells it, through a
 * pipe that is also in the epoll, with EPOLLET); the zombie stays
 * readable (level-triggered) and so does the reaped process.  A
 * one-shot pidfd item fires once.  Whether the parent was already
 * asleep when the child exited does not change what it sees.
 */
#include "t.h"
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static long pidfd_open(long pid, long flags) { return syscall(SYS_pidfd_open, pid, flags); }

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int go[2], ep = epoll_create1(0);
	CHECK_OK(pipe(go));
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(go[1]);
		read(go[0], &c, 1);
		_exit(3);
	}
	close(go[0]);
	int pfd = pidfd_open(pid, 0);
	CHECK(pfd >= 0, "pidfd_open");
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 1 }, out[4];
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, pfd, &ev));
	int ep1 = epoll_create1(0);
	ev = (struct epoll_event){ .events = EPOLLIN | EPOLLONESHOT, .data.u32 = 2 };
	CHECK_OK(epoll_ctl(ep1, EPOLL_CTL_ADD, pfd, &ev));
	CHECK_EQ(epoll_wait(ep, out, 4, 0), 0);
	CHECK_EQ(epoll_wait(ep1, out, 4, 0), 0);
	CHECK_EQ(write(go[1], "x", 1), 1);
	CHECK_EQ(epoll_wait(ep, out, 4, -1), 1);
	CHECK_EQ(out[0].events, EPOLLIN);
	CHECK_EQ(out[0].data.u32, 1);
	CHECK_EQ(epoll_wait(ep, out, 4, 0), 1);        /* a zombie: still readable */
	CHECK_EQ(epoll_wait(ep1, out, 4, -1), 1);
	CHECK_EQ(out[0].data.u32, 2);
	CHECK_EQ(epoll_wait(ep1, out, 4, 0), 0);       /* one-shot */
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "child exited 3");
	CHECK_EQ(epoll_wait(ep, out, 4, 0), 1);        /* reaped: still readable */
	close(pfd);
	CHECK_EQ(epoll_wait(ep, out, 4, 0), 0);        /* the last close removed the items */
	close(go[1]);
	close(ep);
	close(ep1);
	return t_done();
}
