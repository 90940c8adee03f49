/*
 * unlink_open_file: a file unlinked while open lives on until its last fd
 * is closed.  The name is gone at once (ENOENT) and fstat shows nlink 0,
 * but the fd still reads the old contents and can write more; a dup and
 * a forked child's inherited fd see the same file; a new file with the
 * same name is a different file.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define F "/tmp/unlink_open_file.dat"

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	unlink(F);
	int fd = open(F, O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK(fd >= 0, "create: %s", strerror(errno));
	if (fd < 0)
		return t_done();
	static char data[10000];
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (char)('a' + i % 26);
	CHECK_EQ(write(fd, data, sizeof data), sizeof data);
	struct stat st0, st;
	CHECK_EQ(fstat(fd, &st0), 0);
	CHECK_EQ(st0.st_nlink, 1);

	CHECK_EQ(unlink(F), 0);
	CHECK_ERR(stat(F, &st), ENOENT);
	CHECK_ERR(open(F, O_RDONLY), ENOENT);
	CHECK_ERR(unlink(F), ENOENT);
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_nlink, 0);
	CHECK_EQ(st.st_size, sizeof data);
	CHECK(st.st_ino == st0.st_ino, "inode changed");

	/* Still readable and writable through the fd. */
	static char buf[sizeof data];
	CHECK_EQ(pread(fd, buf, sizeof buf, 0), sizeof data);
	CHECK(memcmp(buf, data, sizeof data) == 0, "contents after unlink");
	CHECK_EQ(write(fd, "tail", 4), 4);
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_size, sizeof data + 4);

	/* A dup shares it; closing the original keeps it alive. */
	int fd2 = dup(fd);
	CHECK(fd2 >= 0, "dup: %s", strerror(errno));
	CHECK_EQ(close(fd), 0);
	CHECK_EQ(pread(fd2, buf, 4, sizeof data), 4);
	CHECK(memcmp(buf, "tail", 4) == 0, "tail through the dup");

	/* A new file with the same name is a separate, empty file. */
	int nfd = open(F, O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK(nfd >= 0, "recreate: %s", strerror(errno));
	CHECK_EQ(fstat(nfd, &st), 0);
	CHECK_EQ(st.st_size, 0);
	CHECK_EQ(st.st_nlink, 1);
	CHECK_EQ(write(nfd, "new", 3), 3);
	CHECK_EQ(pread(fd2, buf, 3, 0), 3);
	CHECK(memcmp(buf, "abc", 3) == 0, "old file unaffected by the new one");
	close(nfd);
	CHECK_EQ(unlink(F), 0);

	/* A forked child reads the unlinked file through the inherited fd,
	 * and its write is seen by the parent. */
	pid_t pid = fork();
	if (pid == 0) {
		char b[4];
		int bad = 0;
		if (pread(fd2, b, 4, sizeof data) != 4 || memcmp(b, "tail", 4)) bad |= 1;
		if (pwrite(fd2, "KID!", 4, 0) != 4) bad |= 2;
		_exit(bad);
	}
	int status = 0;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	CHECK_EQ(pread(fd2, buf, 4, 0), 4);
	CHECK(memcmp(buf, "KID!", 4) == 0, "child's write");
	CHECK_EQ(close(fd2), 0);
	CHECK_ERR(stat(F, &st), ENOENT);
	return t_done();
}
