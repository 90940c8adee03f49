/*
 * socketpair_basic: AF_UNIX socket pairs of the three types.  A stream
 * carries bytes both ways (send, recv, read, write, MSG_PEEK, a read
 * taking what is there across writes); a datagram or seqpacket pair
 * keeps message boundaries (a short read cuts the message: MSG_TRUNC in
 * recvmsg's flags, the whole length with the MSG_TRUNC flag).  shutdown
 * SHUT_WR gives the peer end of file and the writer EPIPE; closing one
 * end gives end of file to a stream or seqpacket, EPIPE with SIGPIPE to a
 * stream's writer (EPIPE only with MSG_NOSIGNAL), ECONNREFUSED to a
 * datagram's.  epoll sees a stream end writable, readable, then hung
 * up (EPOLLHUP, EPOLLRDHUP) when its peer closes.  MSG_DONTWAIT on an empty socket is EAGAIN.  Errnos: bad
 * family EAFNOSUPPORT, bad type flags EINVAL, an unknown type
 * ESOCKTNOSUPPORT, a protocol EPROTONOSUPPORT, a non-socket ENOTSOCK, a
 * bad how EINVAL.  socket(AF_UNIX) makes an S_IFSOCK fd, unconnected
 * (ENOTCONN).
 */
#include "t.h"
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>

static void check_stream(void)
{
	int sv[2];
	char buf[16];
	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_EQ(send(sv[0], "abc", 3, 0), 3);
	CHECK_EQ(write(sv[0], "de", 2), 2);
	CHECK_EQ(recv(sv[1], buf, 2, MSG_PEEK), 2);
	CHECK_EQ(memcmp(buf, "ab", 2), 0);
	CHECK_EQ(read(sv[1], buf, sizeof buf), 5);
	CHECK_EQ(memcmp(buf, "abcde", 5), 0);
	CHECK_EQ(write(sv[1], "back", 4), 4);
	CHECK_EQ(recv(sv[0], buf, sizeof buf, 0), 4);
	CHECK_ERR(recv(sv[0], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	CHECK_OK(shutdown(sv[0], SHUT_WR));
	CHECK_EQ(read(sv[1], buf, sizeof buf), 0);
	CHECK_ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	CHECK_EQ(write(sv[1], "still", 5), 5);     /* the other way still works */
	CHECK_EQ(read(sv[0], buf, sizeof buf), 5);
	/* epoll sees the pair: writable, then readable, then hung up. */
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP }, out[2];
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev));
	CHECK_EQ(epoll_wait(ep, out, 2, 0), 1);
	CHECK_EQ(out[0].events, EPOLLOUT);
	CHECK_EQ(write(sv[1], "e", 1), 1);
	CHECK_EQ(epoll_wait(ep, out, 2, 0), 1);
	CHECK_EQ(out[0].events, EPOLLIN | EPOLLOUT);
	CHECK_EQ(read(sv[0], buf, 1), 1);
	CHECK_OK(close(sv[1]));
	CHECK_EQ(epoll_wait(ep, out, 2, 0), 1);
	CHECK_EQ(out[0].events, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLHUP);
	close(ep);
	CHECK_EQ(read(sv[0], buf, sizeof buf), 0);
	signal(SIGPIPE, SIG_IGN);
	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	close(sv[1]);
	CHECK_ERR(write(sv[0], "x", 1), EPIPE);
	signal(SIGPIPE, SIG_DFL);
	close(sv[0]);
}

static void check_messages(int type)
{
	int sv[2];
	char buf[16];
	CHECK_OK(socketpair(AF_UNIX, type, 0, sv));
	CHECK_EQ(send(sv[0], "hello", 5, 0), 5);
	CHECK_EQ(send(sv[0], "world!", 6, 0), 6);
	struct iovec iov = { buf, 3 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	CHECK_EQ(recvmsg(sv[1], &m, 0), 3);
	CHECK(m.msg_flags & MSG_TRUNC, "a cut message says MSG_TRUNC");
	CHECK_EQ(memcmp(buf, "hel", 3), 0);
	CHECK_EQ(recv(sv[1], buf, 2, MSG_TRUNC), 6);   /* the whole length */
	CHECK_ERR(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	CHECK_EQ(send(sv[1], "", 0, 0), 0);             /* an empty message is one */
	CHECK_EQ(recv(sv[0], buf, sizeof buf, MSG_DONTWAIT), 0);
	close(sv[1]);
	if (type == SOCK_SEQPACKET) {
		CHECK_EQ(recv(sv[0], buf, sizeof buf, 0), 0);
		CHECK_ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	} else {
		CHECK_ERR(send(sv[0], "x", 1, 0), ECONNREFUSED);
	}
	close(sv[0]);
}

static void check_errors(void)
{
	int sv[2], p[2];
	CHECK_ERR(socketpair(12345, SOCK_STREAM, 0, sv), EAFNOSUPPORT);
	CHECK_ERR(socket(12345, SOCK_STREAM, 0), EAFNOSUPPORT);
	CHECK_ERR(socketpair(AF_UNIX, SOCK_STREAM | 0x100000, 0, sv), EINVAL);
	CHECK_ERR(socketpair(AF_UNIX, SOCK_RDM, 0, sv), ESOCKTNOSUPPORT);
	CHECK_ERR(socketpair(AF_UNIX, SOCK_STREAM, 6, sv), EPROTONOSUPPORT);
	CHECK_ERR(syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, 8L), EFAULT);
	CHECK_OK(pipe(p));
	CHECK_ERR(send(p[1], "x", 1, 0), ENOTSOCK);
	CHECK_ERR(shutdown(p[0], SHUT_RD), ENOTSOCK);
	CHECK_ERR(send(1000, "x", 1, 0), EBADF);
	close(p[0]);
	close(p[1]);
	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv));
	CHECK_EQ(fcntl(sv[0], F_GETFD), FD_CLOEXEC);
	CHECK(fcntl(sv[1], F_GETFL) & O_NONBLOCK, "SOCK_NONBLOCK");
	CHECK_ERR(read(sv[1], p, 1), EAGAIN);
	CHECK_ERR(shutdown(sv[0], 3), EINVAL);
	close(sv[0]);
	close(sv[1]);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(s >= 0, "socket(AF_UNIX)");
	struct stat st;
	CHECK_OK(fstat(s, &st));
	CHECK(S_ISSOCK(st.st_mode), "a socket is S_IFSOCK");
	CHECK_ERR(send(s, "x", 1, 0), ENOTCONN);
	close(s);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	check_stream();
	check_messages(SOCK_DGRAM);
	check_messages(SOCK_SEQPACKET);
	check_errors();
	return t_done();
}
