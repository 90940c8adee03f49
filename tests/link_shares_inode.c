/*
 * link_shares_inode: link(2) gives a file a second name for the same inode:
 * the same st_ino, st_nlink 2, a write through one name read through the
 * other; unlinking the first name leaves the file whole under the second
 * (st_nlink 1).  linkat without AT_SYMLINK_FOLLOW links a symlink itself,
 * with it the file the symlink names.  Errors as Linux: EEXIST when the
 * new name exists, EPERM for a directory, ENOENT for a missing file,
 * EXDEV across file systems (/proc to /tmp), EINVAL for unknown flags.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>

#define DIR_ "/tmp/link_shares_inode.d"
#define A DIR_ "/a"
#define B DIR_ "/b"
#define S DIR_ "/s"
#define L DIR_ "/l"
#define F DIR_ "/f"

static void cleanup(void)
{
	unlink(A);
	unlink(B);
	unlink(S);
	unlink(L);
	unlink(F);
	rmdir(DIR_);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	cleanup();                      /* leftovers of an interrupted run */
	CHECK_OK(mkdir(DIR_, 0755));
	int fd = open(A, O_RDWR | O_CREAT | O_EXCL, 0644);
	CHECK(fd >= 0, "create a");
	CHECK_EQ(write(fd, "one", 3), 3);

	CHECK_OK(link(A, B));
	struct stat sa, sb;
	CHECK_OK(stat(A, &sa));
	CHECK_OK(stat(B, &sb));
	CHECK(sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev, "both names, one inode");
	CHECK_EQ(sa.st_nlink, 2);
	CHECK_OK(fstat(fd, &sa));
	CHECK_EQ(sa.st_nlink, 2);

	int fb = open(B, O_RDWR);
	CHECK(fb >= 0, "open b");
	CHECK_EQ(pwrite(fb, "two", 3, 3), 3);
	char buf[8] = { 0 };
	CHECK_EQ(pread(fd, buf, sizeof buf, 0), 6);
	CHECK(memcmp(buf, "onetwo", 6) == 0, "a write through b is read through a");

	CHECK_OK(unlink(A));
	CHECK_ERR(stat(A, &sa), ENOENT);
	CHECK_OK(fstat(fb, &sb));
	CHECK_EQ(sb.st_nlink, 1);
	memset(buf, 0, sizeof buf);
	CHECK_EQ(pread(fb, buf, sizeof buf, 0), 6);
	CHECK(memcmp(buf, "onetwo", 6) == 0, "b keeps the file after a is gone");
	close(fd);
	close(fb);

	/* A symlink: linked itself, or (AT_SYMLINK_FOLLOW) the file it names. */
	CHECK_OK(symlink("b", S));
	CHECK_OK(linkat(AT_FDCWD, S, AT_FDCWD, L, 0));
	CHECK_OK(lstat(L, &sa));
	CHECK(S_ISLNK(sa.st_mode), "without AT_SYMLINK_FOLLOW the new name is a symlink");
	CHECK_OK(linkat(AT_FDCWD, S, AT_FDCWD, F, AT_SYMLINK_FOLLOW));
	CHECK_OK(lstat(F, &sa));
	CHECK_OK(stat(B, &sb));
	CHECK(S_ISREG(sa.st_mode) && sa.st_ino == sb.st_ino, "with it, the file the symlink names");
	CHECK_EQ(sb.st_nlink, 2);

	/* Errors. */
	CHECK_ERR(link(B, F), EEXIST);
	CHECK_ERR(link(DIR_, DIR_ "/dir"), EPERM);
	CHECK_ERR(link(DIR_ "/missing", DIR_ "/x"), ENOENT);
	CHECK_ERR(link("/proc/self/status", DIR_ "/x"), EXDEV);
	CHECK_ERR(linkat(AT_FDCWD, B, AT_FDCWD, DIR_ "/x", 0x1), EINVAL);
	CHECK_ERR(stat(DIR_ "/x", &sa), ENOENT);

	CHECK_OK(unlink(B));
	CHECK_OK(unlink(S));
	CHECK_OK(unlink(L));
	CHECK_OK(unlink(F));
	CHECK_OK(rmdir(DIR_));
	return t_done();
}
