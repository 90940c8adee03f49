/*
 * splice_tee: splice(2) and tee(2), as Linux.
 *
 * splice moves bytes from a regular file into a pipe (at the file's
 * position, or at an offset it then moves, leaving the position alone),
 * from a pipe into a file (taking them out of the pipe), and from one pipe
 * to another.  tee copies from one pipe into another and leaves the first
 * as it was.  Both return 0 for a length of 0, 0 from an empty pipe with
 * no writer, EAGAIN from an empty pipe with SPLICE_F_NONBLOCK.  Errnos: a
 * bad flag EINVAL, a closed fd EBADF, an offset for a pipe ESPIPE, no pipe
 * at all or a pipe into itself EINVAL, a read-only output EBADF, an
 * O_APPEND output EINVAL, tee of anything but two pipes EINVAL.
 */
#include "t.h"
#include <fcntl.h>

#define FILE1 "/tmp/splice_tee.1"
#define FILE2 "/tmp/splice_tee.2"

static void file_and_pipe(void)
{
	int f = open(FILE1, O_RDWR | O_CREAT | O_TRUNC, 0600);
	int g = open(FILE2, O_RDWR | O_CREAT | O_TRUNC, 0600);
	int p[2];
	CHECK_OK(pipe(p));
	CHECK_EQ(write(f, "0123456789abcdef", 16), 16);
	loff_t off = 4;
	CHECK_EQ(splice(f, &off, p[1], NULL, 6, 0), 6);
	CHECK_EQ(off, 10);
	CHECK_EQ(lseek(f, 0, SEEK_CUR), 16);
	CHECK_OK(lseek(f, 12, SEEK_SET));
	CHECK_EQ(splice(f, NULL, p[1], NULL, 100, 0), 4);       /* to the end */
	CHECK_EQ(lseek(f, 0, SEEK_CUR), 16);
	CHECK_EQ(splice(f, NULL, p[1], NULL, 100, 0), 0);
	CHECK_EQ(splice(p[0], NULL, g, NULL, 3, 0), 3);
	off = 100;
	CHECK_EQ(splice(p[0], NULL, g, &off, 100, 0), 7);
	CHECK_EQ(off, 107);
	CHECK_EQ(lseek(g, 0, SEEK_CUR), 3);
	char buf[16] = { 0 };
	CHECK_EQ(pread(g, buf, 3, 0), 3);
	CHECK(!memcmp(buf, "456", 3), "the file got \"%.3s\"", buf);
	CHECK_EQ(pread(g, buf, 16, 100), 7);
	CHECK(!memcmp(buf, "789cdef", 7), "at offset 100: \"%.7s\"", buf);
	CHECK_ERR(splice(p[0], NULL, g, NULL, 10, SPLICE_F_NONBLOCK), EAGAIN);
	close(p[1]);
	CHECK_EQ(splice(p[0], NULL, g, NULL, 10, 0), 0);
	close(p[0]);
	close(f);
	close(g);
}

static void pipes(void)
{
	int p[2], q[2];
	char buf[16] = { 0 };
	CHECK_OK(pipe(p));
	CHECK_OK(pipe(q));
	CHECK_EQ(write(p[1], "teeing", 6), 6);
	CHECK_EQ(tee(p[0], q[1], 100, 0), 6);
	CHECK_EQ(tee(p[0], q[1], 3, 0), 3);
	CHECK_EQ(read(q[0], buf, sizeof buf), 9);
	CHECK(!memcmp(buf, "teeingtee", 9), "the copy: \"%.9s\"", buf);
	CHECK_EQ(splice(p[0], NULL, q[1], NULL, 4, 0), 4);
	CHECK_EQ(read(q[0], buf, sizeof buf), 4);
	CHECK(!memcmp(buf, "teei", 4), "spliced: \"%.4s\"", buf);
	CHECK_EQ(read(p[0], buf, sizeof buf), 2);       /* splice took them, tee did not */
	CHECK_ERR(tee(p[0], q[1], 10, SPLICE_F_NONBLOCK), EAGAIN);
	CHECK_ERR(splice(p[0], NULL, q[1], NULL, 10, SPLICE_F_NONBLOCK), EAGAIN);
	CHECK_EQ(tee(p[0], q[1], 0, 0), 0);
	close(p[1]);
	CHECK_EQ(tee(p[0], q[1], 10, 0), 0);
	CHECK_EQ(splice(p[0], NULL, q[1], NULL, 10, 0), 0);
	close(p[0]);
	close(q[0]);
	close(q[1]);
}

static void errors(void)
{
	int p[2];
	int f = open(FILE1, O_RDWR), ro = open(FILE1, O_RDONLY), app = open(FILE2, O_WRONLY | O_APPEND);
	CHECK_OK(pipe(p));
	CHECK_EQ(write(p[1], "x", 1), 1);
	loff_t off = 0;
	CHECK_ERR(splice(f, NULL, p[1], NULL, 1, 0x10), EINVAL);
	CHECK_ERR(splice(-1, NULL, p[1], NULL, 1, 0), EBADF);
	CHECK_ERR(splice(f, NULL, -1, NULL, 1, 0), EBADF);
	CHECK_ERR(splice(f, NULL, p[1], &off, 1, 0), ESPIPE);
	CHECK_ERR(splice(p[0], &off, f, NULL, 1, 0), ESPIPE);
	CHECK_ERR(splice(f, NULL, ro, NULL, 1, 0), EBADF);
	CHECK_ERR(splice(f, NULL, f, NULL, 1, 0), EINVAL);
	CHECK_ERR(splice(p[0], NULL, p[1], NULL, 1, 0), EINVAL);
	CHECK_ERR(splice(p[0], NULL, ro, NULL, 1, 0), EBADF);
	CHECK_ERR(splice(p[0], NULL, app, NULL, 1, 0), EINVAL);
	CHECK_EQ(splice(f, NULL, p[1], NULL, 0, 0), 0);
	CHECK_ERR(tee(p[0], f, 1, 0), EINVAL);
	CHECK_ERR(tee(p[0], p[1], 1, 0), EINVAL);
	CHECK_ERR(tee(p[0], p[1], 1, 0x10), EINVAL);
	CHECK_ERR(tee(-1, p[1], 1, 0), EBADF);
	close(p[0]);
	close(p[1]);
	close(f);
	close(ro);
	close(app);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	file_and_pipe();
	pipes();
	errors();
	unlink(FILE1);
	unlink(FILE2);
	return t_done();
}
