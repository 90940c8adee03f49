/*
 * lseek_holes: lseek on a /tmp file.  SEEK_SET/SEEK_CUR/SEEK_END give the
 * new offset; seeking past the end is allowed and does not change the
 * size; a write there leaves a hole that reads back as zeros (within a
 * page and across several pages); negative results and bad whence are
 * EINVAL; a pipe gives ESPIPE; a bad fd EBADF.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>

#define F "/tmp/lseek_holes.dat"

static size_t nonzero(const unsigned char *b, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += b[i] != 0;
	return c;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	unlink(F);
	int fd = open(F, O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK(fd >= 0, "create: %s", strerror(errno));
	if (fd < 0)
		return t_done();
	struct stat st;

	CHECK_EQ(lseek(fd, 0, SEEK_END), 0);
	CHECK_EQ(write(fd, "abc", 3), 3);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 3);
	CHECK_EQ(lseek(fd, -1, SEEK_CUR), 2);
	CHECK_EQ(lseek(fd, -3, SEEK_END), 0);
	CHECK_EQ(lseek(fd, 2, SEEK_END), 5);
	/* Past the end: the size does not change until a write. */
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_size, 3);
	char c;
	CHECK_EQ(read(fd, &c, 1), 0);

	/* A hole inside the first page. */
	CHECK_EQ(lseek(fd, 100, SEEK_SET), 100);
	CHECK_EQ(write(fd, "xyz", 3), 3);
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_size, 103);
	static unsigned char buf[65536];
	CHECK_EQ(pread(fd, buf, sizeof buf, 0), 103);
	CHECK(memcmp(buf, "abc", 3) == 0, "start");
	CHECK_EQ(nonzero(buf + 3, 97), 0);
	CHECK(memcmp(buf + 100, "xyz", 3) == 0, "after the hole");

	/* A hole across several pages, ending in the middle of one. */
	off_t far = 5 * 4096 + 123;
	CHECK_EQ(lseek(fd, far, SEEK_SET), far);
	CHECK_EQ(write(fd, "END", 3), 3);
	CHECK_EQ(lseek(fd, 0, SEEK_END), far + 3);
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_size, far + 3);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	size_t got = 0;
	ssize_t r;
	while ((r = read(fd, buf + got, 1000)) > 0)
		got += r;
	CHECK_EQ(got, far + 3);
	CHECK_EQ(nonzero(buf + 103, far - 103), 0);
	CHECK(memcmp(buf + far, "END", 3) == 0, "tail");
	/* pread inside the hole. */
	memset(buf, 0xee, 4096);
	CHECK_EQ(pread(fd, buf, 4096, 4096), 4096);
	CHECK_EQ(nonzero(buf, 4096), 0);

	/* Writing into the hole fills exactly those bytes. */
	CHECK_EQ(pwrite(fd, "MID", 3, 2 * 4096 + 4094), 3);
	CHECK_EQ(pread(fd, buf, 7, 2 * 4096 + 4092), 7);
	CHECK(memcmp(buf, "\0\0MID\0\0", 7) == 0, "write into the hole");
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_size, far + 3);

	/* A big offset is fine for lseek. */
	CHECK_EQ(lseek(fd, 1LL << 40, SEEK_SET), 1LL << 40);
	CHECK_EQ(read(fd, buf, 10), 0);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 1LL << 40);

	/* Errors; the offset stays where it was. */
	CHECK_EQ(lseek(fd, 7, SEEK_SET), 7);
	CHECK_ERR(lseek(fd, -8, SEEK_CUR), EINVAL);
	CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
	CHECK_ERR(lseek(fd, -(far + 4), SEEK_END), EINVAL);
	CHECK_ERR(lseek(fd, 0, 5), EINVAL);
	CHECK_ERR(lseek(fd, 0, -1), EINVAL);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 7);
	CHECK_ERR(lseek(-1, 0, SEEK_SET), EBADF);
	CHECK_ERR(lseek(777, 0, SEEK_SET), EBADF);

	int p[2];
	CHECK_EQ(pipe(p), 0);
	CHECK_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
	CHECK_ERR(lseek(p[1], 0, SEEK_CUR), ESPIPE);
	CHECK_ERR(pread(p[0], buf, 1, 0), ESPIPE);
	CHECK_ERR(pwrite(p[1], "x", 1, 0), ESPIPE);
	close(p[0]);
	close(p[1]);

	close(fd);
	CHECK_EQ(unlink(F), 0);
	return t_done();
}
