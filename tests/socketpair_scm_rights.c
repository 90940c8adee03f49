/*
 * socketpair_scm_rights: files passed with SCM_RIGHTS over AF_UNIX pairs.
 * A pipe's write end sent by a child arrives as a new fd of the parent's
 * that writes into the same pipe, and stays usable after the sender
 * closed its own; MSG_CMSG_CLOEXEC marks the new fds close-on-exec.
 * Several fds in one message arrive in order; a control buffer with room
 * for fewer keeps those and closes the rest (MSG_CTRUNC), and so does a
 * read(2) that has no control buffer at all.  A stream read stops after
 * the bytes that carried files.  A bad fd in the message is EBADF, a
 * cmsg_len past the buffer EINVAL, and nothing is
 * sent then.  The fds received keep their files open after the socket
 * pair is gone.
 */
#include "t.h"
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>

static int send_fds(int sock, const int *fds, int n, const char *data)
{
	char ctl[CMSG_SPACE(300 * sizeof(int))];
	struct iovec iov = { (void *)data, strlen(data) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			    .msg_controllen = CMSG_SPACE(n * sizeof(int)) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(c), fds, n * sizeof(int));
	return sendmsg(sock, &m, 0);
}

/* Receives into buf; the fds that came (up to max) into fds; returns the
 * byte count, *nfd the number of fds, *flags msg_flags. */
static int recv_fds(int sock, char *buf, size_t len, int *fds, int max, int *nfd, int *flags,
		    int rflags)
{
	char ctl[CMSG_SPACE(300 * sizeof(int))];
	struct iovec iov = { buf, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			    .msg_controllen = max ? CMSG_SPACE(max * sizeof(int)) : 0 };
	if (!max)
		m.msg_control = NULL;
	int r = recvmsg(sock, &m, rflags);
	*nfd = 0;
	*flags = m.msg_flags;
	struct cmsghdr *c = m.msg_controllen ? CMSG_FIRSTHDR(&m) : NULL;
	if (r >= 0 && c && c->cmsg_type == SCM_RIGHTS) {
		*nfd = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		memcpy(fds, CMSG_DATA(c), *nfd * sizeof(int));
	}
	return r;
}

static bool fd_open(int fd) { return fcntl(fd, F_GETFD) >= 0; }

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int sv[2], p[2], fds[8], nfd, flags;
	char buf[16];
	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_OK(pipe(p));
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		close(p[0]);
		_exit(send_fds(sv[1], &p[1], 1, "pipe") == 4 ? 0 : 1);
	}
	close(p[1]);
	CHECK_EQ(recv_fds(sv[0], buf, sizeof buf, fds, 4, &nfd, &flags, MSG_CMSG_CLOEXEC), 4);
	CHECK_EQ(nfd, 1);
	CHECK_EQ(flags & MSG_CTRUNC, 0);
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child sent its fd");
	CHECK_EQ(fcntl(fds[0], F_GETFD), FD_CLOEXEC);
	CHECK_EQ(write(fds[0], "via", 3), 3);
	close(fds[0]);
	CHECK_EQ(read(p[0], buf, sizeof buf), 3);
	CHECK_EQ(memcmp(buf, "via", 3), 0);
	CHECK_EQ(read(p[0], buf, sizeof buf), 0);      /* every write end is gone */
	close(p[0]);

	/* Three fds in one message on a seqpacket pair, room for two. */
	int sq[2], three[3];
	CHECK_OK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sq));
	CHECK_OK(pipe(p));
	three[0] = p[0], three[1] = p[1], three[2] = p[0];
	CHECK_EQ(send_fds(sq[0], three, 3, "3"), 1);
	CHECK_EQ(recv_fds(sq[1], buf, sizeof buf, fds, 2, &nfd, &flags, 0), 1);
	CHECK_EQ(nfd, 2);
	CHECK(flags & MSG_CTRUNC, "room for two of three: MSG_CTRUNC");
	CHECK_EQ(fcntl(fds[0], F_GETFD), 0);
	CHECK_EQ(write(fds[1], "k", 1), 1);            /* fds[1] is the write end */
	CHECK_EQ(read(fds[0], buf, 1), 1);
	close(fds[0]);
	close(fds[1]);
	/* No control buffer: the files are dropped. */
	CHECK_EQ(send_fds(sq[0], three, 1, "n"), 1);
	CHECK_EQ(recv_fds(sq[1], buf, sizeof buf, fds, 0, &nfd, &flags, 0), 1);
	CHECK_EQ(nfd, 0);
	CHECK(flags & MSG_CTRUNC, "no control buffer: MSG_CTRUNC");
	/* A stream read stops after the bytes that carried files. */
	CHECK_EQ(send_fds(sv[1], &p[1], 1, "ab"), 2);
	CHECK_EQ(send(sv[1], "cd", 2, 0), 2);
	CHECK_EQ(recv_fds(sv[0], buf, sizeof buf, fds, 1, &nfd, &flags, 0), 2);
	CHECK_EQ(nfd, 1);
	CHECK_EQ(recv(sv[0], buf, sizeof buf, 0), 2);
	close(fds[0]);
	/* Errors: nothing is sent. */
	int bad[2] = { p[0], 999 };
	CHECK_ERR(send_fds(sv[1], bad, 2, "x"), EBADF);
	char ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { "z", 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			    .msg_controllen = sizeof ctl };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = sizeof ctl + 8;
	CHECK_ERR(sendmsg(sv[1], &m, 0), EINVAL);
	CHECK_ERR(recv(sv[0], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	/* Files received outlive the pair. */
	CHECK_EQ(send_fds(sq[0], &p[1], 1, "w"), 1);
	close(p[1]);
	CHECK_EQ(recv_fds(sq[1], buf, sizeof buf, fds, 1, &nfd, &flags, 0), 1);
	close(sq[0]);
	close(sq[1]);
	close(sv[0]);
	close(sv[1]);
	CHECK(fd_open(fds[0]), "the received fd is open");
	CHECK_EQ(write(fds[0], "q", 1), 1);
	CHECK_EQ(read(p[0], buf, 1), 1);
	close(fds[0]);
	CHECK_EQ(read(p[0], buf, 1), 0);
	close(p[0]);
	return t_done();
}
