/*
 * sendfile_basic: sendfile(2) from a regular file, as Linux.
 *
 * Into another file it copies count bytes (fewer at the end of the input,
 * 0 past it) at the output's position and moves both positions; given an
 * offset it reads there, moves the offset and leaves the input's position
 * alone.  Into a pipe it queues what fits; a full non-blocking pipe is
 * EAGAIN.  Errnos, in Linux's order: a closed or write-only input EBADF,
 * an offset on a pipe ESPIPE, a negative offset EINVAL, a read-only output
 * EBADF, an O_APPEND output EINVAL, an offset pointer outside user memory
 * EFAULT.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/sendfile.h>

#define IN "/tmp/sendfile_basic.in"
#define OUT "/tmp/sendfile_basic.out"
#define SIZE 10000

static unsigned char pattern(size_t i) { return (unsigned char)(i * 13 + i / 4096); }

/* 1 if fd holds, from offset at, n bytes of the pattern starting at from. */
static int holds(int fd, off_t at, size_t n, size_t from)
{
	static unsigned char buf[SIZE];
	if (pread(fd, buf, n, at) != (ssize_t)n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (buf[i] != pattern(from + i))
			return 0;
	return 1;
}

static int make_input(void)
{
	static unsigned char buf[SIZE];
	for (size_t i = 0; i < SIZE; i++)
		buf[i] = pattern(i);
	int fd = open(IN, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0 && write(fd, buf, SIZE) != SIZE) {
		close(fd);
		return -1;
	}
	return fd;
}

static void file_to_file(int in)
{
	int out = open(OUT, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK_OK(out);
	CHECK_OK(lseek(in, 0, SEEK_SET));
	CHECK_EQ(sendfile(out, in, NULL, SIZE), SIZE);
	CHECK_EQ(lseek(in, 0, SEEK_CUR), SIZE);
	CHECK_EQ(lseek(out, 0, SEEK_CUR), SIZE);
	CHECK(holds(out, 0, SIZE, 0), "the copy is the input");
	CHECK_EQ(sendfile(out, in, NULL, 100), 0);      /* at the end */

	off_t off = 100;
	CHECK_EQ(sendfile(out, in, &off, 5000), 5000);
	CHECK_EQ(off, 5100);
	CHECK_EQ(lseek(in, 0, SEEK_CUR), SIZE);         /* untouched */
	CHECK_EQ(lseek(out, 0, SEEK_CUR), SIZE + 5000);
	CHECK(holds(out, SIZE, 5000, 100), "the copy from offset 100");
	off = SIZE - 10;
	CHECK_EQ(sendfile(out, in, &off, 100), 10);
	CHECK_EQ(off, SIZE);
	CHECK_EQ(sendfile(out, in, &off, 100), 0);
	CHECK_EQ(sendfile(out, in, &off, 0), 0);
	close(out);
}

static void file_to_pipe(int in)
{
	int p[2];
	CHECK_OK(pipe2(p, O_NONBLOCK));
	CHECK_EQ(fcntl(p[1], F_SETPIPE_SZ, 8192), 8192);
	off_t off = 0;
	CHECK_EQ(sendfile(p[1], in, &off, SIZE), 8192);
	CHECK_EQ(off, 8192);
	CHECK_ERR(sendfile(p[1], in, &off, 10), EAGAIN);
	static unsigned char buf[8192];
	CHECK_EQ(read(p[0], buf, sizeof buf), 8192);
	int same = 1;
	for (size_t i = 0; i < sizeof buf; i++)
		same &= buf[i] == pattern(i);
	CHECK(same, "the pipe got the file's first 8192 bytes");
	close(p[0]);
	close(p[1]);
}

static void errors(int in)
{
	int out = open(OUT, O_WRONLY);
	int ro = open(IN, O_RDONLY), wo = open(IN, O_WRONLY);
	int app = open(OUT, O_WRONLY | O_APPEND);
	int p[2];
	CHECK_OK(pipe(p));
	off_t off = 0, neg = -1;
	CHECK_ERR(sendfile(out, -1, NULL, 10), EBADF);
	CHECK_ERR(sendfile(out, wo, NULL, 10), EBADF);
	CHECK_ERR(sendfile(out, p[0], &off, 10), ESPIPE);
	CHECK_ERR(sendfile(out, in, &neg, 10), EINVAL);
	CHECK_ERR(sendfile(-1, in, &off, 10), EBADF);
	CHECK_ERR(sendfile(ro, in, &off, 10), EBADF);
	CHECK_ERR(sendfile(app, in, &off, 10), EINVAL);
	CHECK_ERR(sendfile(out, in, (off_t *)1, 10), EFAULT);
	CHECK_EQ(off, 0);
	close(p[0]);
	close(p[1]);
	close(app);
	close(wo);
	close(ro);
	close(out);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int in = make_input();
	CHECK_OK(in);
	if (in >= 0) {
		file_to_file(in);
		file_to_pipe(in);
		errors(in);
		close(in);
	}
	unlink(IN);
	unlink(OUT);
	return t_done();
}
