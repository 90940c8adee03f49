/*
 * epoll_errors: Linux's errnos for epoll_create, epoll_create1, epoll_ctl
 * and epoll_wait.  A size of 0 or less and unknown flags are EINVAL; a
 * closed fd is EBADF (epoll's or the target's); a regular file cannot be
 * watched (EPERM); an epoll cannot watch itself, a non-epoll fd is no
 * epoll (EINVAL); adding twice is EEXIST, changing or deleting what is
 * not there ENOENT, an unknown op EINVAL; EPOLLEXCLUSIVE only at ADD and
 * with its own bits; loops and chains of more than 5 epolls are ELOOP;
 * maxevents of 0 or less is EINVAL, an unwritable buffer EFAULT.
 */
#include "t.h"
#include <sys/epoll.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct epoll_event ev = { .events = EPOLLIN }, out[2];
	CHECK_ERR(syscall(SYS_epoll_create, 0), EINVAL);       /* musl's wrapper skips the check */
	CHECK_ERR(syscall(SYS_epoll_create, -1), EINVAL);
	CHECK_ERR(epoll_create1(1), EINVAL);
	int ep = epoll_create1(0), p[2];
	CHECK_OK(pipe(p));
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, 1000, &ev), EBADF);
	CHECK_ERR(epoll_ctl(1000, EPOLL_CTL_ADD, p[0], &ev), EBADF);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);
	CHECK_ERR(epoll_ctl(p[1], EPOLL_CTL_ADD, p[0], &ev), EINVAL);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], (void *)8), EFAULT);
	int reg = open("/tmp/epoll_errors", O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(reg >= 0, "create a regular file");
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, reg, &ev), EPERM);
	close(reg);
	unlink("/tmp/epoll_errors");
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), ENOENT);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], &ev), ENOENT);
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST);
	CHECK_ERR(epoll_ctl(ep, 42, p[0], &ev), EINVAL);
	/* EPOLLEXCLUSIVE: ADD only, not with EPOLLONESHOT, not on an epoll. */
	struct epoll_event ex = { .events = EPOLLIN | EPOLLEXCLUSIVE };
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ex), EINVAL);
	ex.events |= EPOLLONESHOT;
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ex), EINVAL);
	ex.events = EPOLLOUT | EPOLLEXCLUSIVE;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ex));
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &ev), EINVAL);
	/* Loops and depth. */
	int e[7];
	for (int i = 0; i < 7; i++)
		e[i] = epoll_create1(0);
	for (int i = 1; i < 5; i++)
		CHECK_OK(epoll_ctl(e[i], EPOLL_CTL_ADD, e[i - 1], &ev));
	CHECK_ERR(epoll_ctl(e[5], EPOLL_CTL_ADD, e[4], &ev), ELOOP);  /* a sixth level above */
	CHECK_ERR(epoll_ctl(e[0], EPOLL_CTL_ADD, e[5], &ev), ELOOP);  /* a sixth level below */
	CHECK_ERR(epoll_ctl(e[0], EPOLL_CTL_ADD, e[3], &ev), ELOOP);  /* a loop */
	CHECK_OK(epoll_ctl(e[5], EPOLL_CTL_ADD, e[3], &ev));          /* a second top */
	ex.events = EPOLLIN | EPOLLEXCLUSIVE;
	CHECK_ERR(epoll_ctl(e[6], EPOLL_CTL_ADD, e[0], &ex), EINVAL);
	for (int i = 0; i < 7; i++)
		close(e[i]);
	/* epoll_wait */
	CHECK_ERR(epoll_wait(ep, out, 0, 0), EINVAL);
	CHECK_ERR(epoll_wait(ep, out, -1, 0), EINVAL);
	CHECK_ERR(epoll_wait(1000, out, 2, 0), EBADF);
	CHECK_ERR(epoll_wait(p[0], out, 2, 0), EINVAL);
	CHECK_ERR(epoll_wait(ep, (void *)-4096L, 2, 0), EFAULT);
	CHECK_ERR(epoll_pwait(ep, out, 2, 0, (void *)8), EFAULT);
	close(p[0]);
	close(p[1]);
	close(ep);
	return t_done();
}
