/*
 * readv_writev: scatter/gather I/O, which musl's stdio uses for every
 * write (writev) and for reads (readv).  writev gathers the iovecs in
 * order and returns the total, skipping zero-length entries; iovcnt 0
 * returns 0; readv scatters in order and stops short at EOF; on a pipe
 * too, where a readv or writev is one operation: readv returns what is
 * there without waiting to fill every segment, and a writev of at most
 * PIPE_BUF bytes is atomic; preadv and pwritev there are ESPIPE.  EINVAL
 * for iovcnt < 0 or > IOV_MAX (1024) and for an iov_len that is negative
 * as an ssize_t; EFAULT for a bad iovec array or a bad buffer in it.
 * printf through stdout (a pipe here) arrives intact.
 */
#include "t.h"
#include <fcntl.h>
#include <limits.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>

#define F "/tmp/readv_writev.dat"

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	unlink(F);
	int fd = open(F, O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK(fd >= 0, "create: %s", strerror(errno));
	if (fd < 0)
		return t_done();

	char a[] = "hello", b[] = ", ", c[] = "world";
	struct iovec wv[] = { { a, 5 }, { NULL, 0 }, { b, 2 }, { c, 5 }, { a, 0 } };
	CHECK_EQ(writev(fd, wv, 5), 12);
	CHECK_EQ(writev(fd, wv, 0), 0);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 12);

	/* readv into three buffers; the last one only partly filled at EOF. */
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	char x[4] = { 0 }, y[3] = { 0 }, z[16];
	memset(z, '#', sizeof z);
	struct iovec rv[] = { { x, 4 }, { y, 3 }, { z, sizeof z } };
	CHECK_EQ(readv(fd, rv, 3), 12);
	CHECK(memcmp(x, "hell", 4) == 0 && memcmp(y, "o, ", 3) == 0 && memcmp(z, "world#", 6) == 0,
	      "readv scattered wrongly");
	CHECK_EQ(readv(fd, rv, 3), 0);              /* at EOF */

	/* Many small iovecs: 1024 entries is the maximum. */
	static struct iovec many[1025];
	static char bytes[1025];
	for (int i = 0; i < 1025; i++) {
		bytes[i] = (char)('a' + i % 26);
		many[i].iov_base = &bytes[i];
		many[i].iov_len = 1;
	}
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(writev(fd, many, 1024), 1024);
	CHECK_ERR(writev(fd, many, 1025), EINVAL);
	CHECK_ERR(syscall(SYS_writev, fd, many, -1), EINVAL);
	CHECK_ERR(syscall(SYS_readv, fd, many, 1025), EINVAL);
	char back[1024];
	CHECK_EQ(pread(fd, back, 1024, 0), 1024);
	CHECK(memcmp(back, bytes, 1024) == 0, "1024 gathered bytes");
	/* A length that is negative as an ssize_t. */
	struct iovec neg[2] = { { a, 5 }, { b, (size_t)-1 } };
	CHECK_ERR(syscall(SYS_writev, fd, neg, 2), EINVAL);
	CHECK_ERR(syscall(SYS_readv, fd, neg, 2), EINVAL);
	/* Bad pointers. */
	CHECK_ERR(syscall(SYS_writev, fd, NULL, 1), EFAULT);
	CHECK_ERR(syscall(SYS_readv, fd, (void *)0xffff888000000000UL, 1), EFAULT);
	struct iovec badbuf[] = { { (void *)0xffff888000000000UL, 4 } };
	CHECK_ERR(syscall(SYS_writev, fd, badbuf, 1), EFAULT);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_ERR(syscall(SYS_readv, fd, badbuf, 1), EFAULT);

	/* writev and readv on a pipe. */
	int p[2];
	CHECK_EQ(pipe(p), 0);
	CHECK_EQ(writev(p[1], wv, 5), 12);
	memset(z, 0, sizeof z);
	struct iovec pv[] = { { x, 4 }, { z, sizeof z } };
	CHECK_EQ(readv(p[0], pv, 2), 12);
	CHECK(memcmp(x, "hell", 4) == 0 && memcmp(z, "o, world", 8) == 0, "pipe readv");

	/* On a pipe a readv is one read: it returns what is there without
	 * waiting to fill its later segments (a child, in case it waits). */
	CHECK_EQ(write(p[1], "0123456789", 10), 10);
	pid_t rpid = fork();
	if (rpid == 0) {
		alarm(5);
		char r1[10], r2[10];
		struct iovec rv[] = { { r1, 10 }, { r2, 10 } };
		_exit(readv(p[0], rv, 2) == 10 && memcmp(r1, "0123456789", 10) == 0 ? 0 : 1);
	}
	int rst = 0;
	CHECK_EQ(waitpid(rpid, &rst, 0), rpid);
	CHECK(WIFEXITED(rst) && WEXITSTATUS(rst) == 0, "pipe readv of 20 with 10 there: status %#x", rst);
	/* ...and a writev one write: at most PIPE_BUF bytes in all go in whole or
	 * not at all.  The pipe has room for 100 bytes: 60 + 60 must wait. */
	CHECK_EQ(fcntl(p[1], F_SETFL, O_NONBLOCK), 0);
	static char fill[65536 - 100];
	CHECK_EQ(write(p[1], fill, sizeof fill), (long)sizeof fill);
	struct iovec w120[] = { { fill, 60 }, { fill, 60 } }, w80[] = { { fill, 40 }, { fill, 40 } };
	CHECK_ERR(writev(p[1], w120, 2), EAGAIN);
	CHECK_EQ(writev(p[1], w80, 2), 80);
	/* preadv and pwritev on a pipe: ESPIPE, before the iovecs are looked at. */
	CHECK_ERR(syscall(SYS_pwritev, p[1], w80, 2, 0, 0), ESPIPE);
	CHECK_ERR(syscall(SYS_preadv, p[0], w80, 2, 0, 0), ESPIPE);
	CHECK_ERR(syscall(SYS_preadv, p[0], NULL, 1, 0, 0), ESPIPE);
	close(p[0]);
	close(p[1]);

	/* stdio through a pipe: printf, fputs, a large fwrite, then exit. */
	CHECK_EQ(pipe(p), 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], 1);
		close(p[1]);
		printf("%d-%s-%c|", 42, "str", 'c');
		fputs("fputs|", stdout);
		static char blk[10000];
		memset(blk, 'B', sizeof blk);
		fwrite(blk, 1, sizeof blk, stdout);
		printf("|end\n");
		exit(0);
	}
	close(p[1]);
	static char got[20000];
	size_t n = 0;
	ssize_t r;
	while ((r = read(p[0], got + n, sizeof got - n)) > 0)
		n += r;
	close(p[0]);
	int status = 0;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "stdio child %#x", status);
	CHECK_EQ(n, 9 + 6 + 10000 + 5);
	CHECK(memcmp(got, "42-str-c|fputs|B", 16) == 0, "stdio output start");
	CHECK(n >= 5 && memcmp(got + n - 5, "|end\n", 5) == 0, "stdio output end");

	close(fd);
	CHECK_EQ(unlink(F), 0);
	return t_done();
}
