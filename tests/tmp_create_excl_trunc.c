/*
 * tmp_create_excl_trunc: new regular files under /tmp.  O_CREAT|O_EXCL
 * creates once and then gives EEXIST; O_CREAT alone reopens without
 * truncating; O_TRUNC empties the file; written bytes read back (small
 * and across many pages, with pread/pwrite too); two fds on one file see
 * each other's writes; access modes are enforced (EBADF); unlink removes
 * the name.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>

#define F "/tmp/tmp_create_excl_trunc.dat"

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	umask(022);
	unlink(F);

	int fd = open(F, O_RDWR | O_CREAT | O_EXCL, 0644);
	CHECK(fd >= 0, "create: %s", strerror(errno));
	if (fd < 0)
		return t_done();
	CHECK_ERR(open(F, O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
	CHECK_ERR(open(F, O_RDONLY | O_CREAT | O_EXCL, 0600), EEXIST);

	struct stat st;
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK(S_ISREG(st.st_mode), "mode %o", st.st_mode);
	CHECK_EQ(st.st_mode & 07777, 0644);
	CHECK_EQ(st.st_size, 0);
	CHECK_EQ(st.st_nlink, 1);
	CHECK_EQ(st.st_uid, getuid());

	/* Write, the offset moves, read back after a seek. */
	CHECK_EQ(write(fd, "hello world", 11), 11);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 11);
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_size, 11);
	char buf[64] = { 0 };
	CHECK_EQ(read(fd, buf, sizeof buf), 0);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(read(fd, buf, sizeof buf), 11);
	CHECK(memcmp(buf, "hello world", 11) == 0, "read back [%.11s]", buf);
	/* Overwrite in the middle. */
	CHECK_EQ(pwrite(fd, "WORLD", 5, 6), 5);
	CHECK_EQ(pread(fd, buf, 11, 0), 11);
	CHECK(memcmp(buf, "hello WORLD", 11) == 0, "after pwrite [%.11s]", buf);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 11);

	/* O_CREAT without O_EXCL opens the existing file, contents intact. */
	int fd2 = open(F, O_RDWR | O_CREAT, 0600);
	CHECK(fd2 >= 0, "reopen: %s", strerror(errno));
	CHECK_EQ(read(fd2, buf, sizeof buf), 11);
	CHECK(memcmp(buf, "hello WORLD", 11) == 0, "reopen read [%.11s]", buf);
	CHECK_EQ(fstat(fd2, &st), 0);
	CHECK_EQ(st.st_mode & 07777, 0644);       /* the mode of an existing file is kept */
	/* A write through one fd is seen through the other. */
	CHECK_EQ(write(fd, "!", 1), 1);
	CHECK_EQ(read(fd2, buf, sizeof buf), 1);
	CHECK_EQ(buf[0], '!');
	close(fd2);

	/* Access modes. */
	int rfd = open(F, O_RDONLY);
	int wfd = open(F, O_WRONLY);
	CHECK(rfd >= 0 && wfd >= 0, "open r/w: %s", strerror(errno));
	CHECK_ERR(write(rfd, "x", 1), EBADF);
	CHECK_ERR(read(wfd, buf, 1), EBADF);
	CHECK_ERR(pread(wfd, buf, 1, 0), EBADF);
	CHECK_EQ(write(wfd, "J", 1), 1);
	CHECK_EQ(read(rfd, buf, 1), 1);
	CHECK_EQ(buf[0], 'J');
	close(rfd);
	close(wfd);

	/* O_TRUNC empties the file; other fds see the new size. */
	int tfd = open(F, O_WRONLY | O_TRUNC);
	CHECK(tfd >= 0, "O_TRUNC: %s", strerror(errno));
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_size, 0);
	CHECK_EQ(pread(fd, buf, sizeof buf, 0), 0);
	CHECK_EQ(lseek(tfd, 0, SEEK_CUR), 0);

	/* Many pages: write 100000 bytes in odd chunks, read back in others. */
	static unsigned char big[100000], back[100000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (unsigned char)(i * 7 + i / 4096);
	size_t done = 0;
	while (done < sizeof big) {
		size_t n = sizeof big - done < 3333 ? sizeof big - done : 3333;
		ssize_t w = write(tfd, big + done, n);
		CHECK_EQ(w, n);
		if (w <= 0)
			break;
		done += w;
	}
	CHECK_EQ(fstat(tfd, &st), 0);
	CHECK_EQ(st.st_size, sizeof big);
	close(tfd);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	done = 0;
	ssize_t r;
	while ((r = read(fd, back + done, 5000)) > 0)
		done += r;
	CHECK_EQ(done, sizeof big);
	CHECK(memcmp(big, back, sizeof big) == 0, "big contents differ");
	CHECK_EQ(pread(fd, back, 10, 4090), 10);
	CHECK(memcmp(back, big + 4090, 10) == 0, "pread across a page boundary");

	/* O_TRUNC|O_CREAT on an existing file truncates it too. */
	int t2 = open(F, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(t2 >= 0, "O_CREAT|O_TRUNC: %s", strerror(errno));
	CHECK_EQ(fstat(t2, &st), 0);
	CHECK_EQ(st.st_size, 0);
	close(t2);

	CHECK_EQ(close(fd), 0);
	CHECK_EQ(unlink(F), 0);
	CHECK_ERR(open(F, O_RDONLY), ENOENT);
	CHECK_ERR(unlink(F), ENOENT);
	return t_done();
}
