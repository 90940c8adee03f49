/*
 * unlink_rename: unlink and rename under /tmp.  unlink of a directory is
 * EISDIR (Linux; POSIX allows EPERM), of a missing name ENOENT, through a
 * file ENOTDIR.  rename moves a file (the old name is gone, the inode and
 * contents go with it), replaces an existing file atomically, renames a
 * directory with its contents, replaces an empty directory; and the
 * errnos: ENOTEMPTY (onto a non-empty dir), EISDIR (file onto dir),
 * ENOTDIR (dir onto file), EINVAL (a dir into its own subtree), ENOENT
 * (missing source).  Renaming a name onto itself is a no-op.
 */
#include "t.h"
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

#define D "/tmp/unlink_rename.d"

static int mkfile(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	int n = write(fd, text, strlen(text));
	close(fd);
	return n == (int)strlen(text) ? 0 : -1;
}

static int contents_are(const char *path, const char *text)
{
	char buf[128] = { 0 };
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	int n = read(fd, buf, sizeof buf - 1);
	close(fd);
	return n == (int)strlen(text) && memcmp(buf, text, n) == 0;
}

static void cleanup(void)
{
	const char *files[] = { D "/a", D "/b", D "/c", D "/dir2/inner", D "/dir3/inner",
		D "/full/x", D "/dir2/sub/f", D "/dir3/sub/f", NULL };
	for (int i = 0; files[i]; i++)
		unlink(files[i]);
	const char *dirs[] = { D "/dir2/sub", D "/dir3/sub", D "/dir1", D "/dir2", D "/dir3",
		D "/empty", D "/full", D, NULL };
	for (int i = 0; dirs[i]; i++)
		rmdir(dirs[i]);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	cleanup();
	CHECK_EQ(mkdir(D, 0755), 0);
	struct stat st, st2;

	/* unlink errors. */
	CHECK_ERR(unlink(D), EISDIR);
	CHECK_ERR(unlink("/tmp"), EISDIR);
	CHECK_ERR(unlink(D "/missing"), ENOENT);
	CHECK_EQ(mkfile(D "/a", "alpha"), 0);
	CHECK_ERR(unlink(D "/a/x"), ENOTDIR);
	CHECK_ERR(rmdir(D "/a"), ENOTDIR);

	/* rename a file to a new name: same inode, old name gone. */
	CHECK_EQ(stat(D "/a", &st), 0);
	CHECK_EQ(rename(D "/a", D "/b"), 0);
	CHECK_ERR(stat(D "/a", &st2), ENOENT);
	CHECK_EQ(stat(D "/b", &st2), 0);
	CHECK(st.st_ino == st2.st_ino, "inode changed by rename");
	CHECK(contents_are(D "/b", "alpha"), "contents after rename");

	/* rename over an existing file: it is replaced. */
	CHECK_EQ(mkfile(D "/c", "charlie"), 0);
	int cfd = open(D "/c", O_RDONLY);        /* keeps the replaced file alive */
	CHECK(cfd >= 0, "open c: %s", strerror(errno));
	CHECK_EQ(rename(D "/b", D "/c"), 0);
	CHECK_ERR(stat(D "/b", &st2), ENOENT);
	CHECK(contents_are(D "/c", "alpha"), "c replaced by b");
	CHECK_EQ(stat(D "/c", &st2), 0);
	CHECK(st.st_ino == st2.st_ino, "c is b's inode");
	char buf[16] = { 0 };
	CHECK_EQ(read(cfd, buf, sizeof buf), 7);
	CHECK(memcmp(buf, "charlie", 7) == 0, "the old c is still readable through its fd");
	close(cfd);

	/* rename onto itself: nothing happens. */
	CHECK_EQ(rename(D "/c", D "/c"), 0);
	CHECK(contents_are(D "/c", "alpha"), "self rename");

	/* Directories: rename with contents. */
	CHECK_EQ(mkdir(D "/dir1", 0755), 0);
	CHECK_EQ(mkfile(D "/dir1/inner", "in"), 0);
	CHECK_EQ(rename(D "/dir1", D "/dir2"), 0);
	CHECK_ERR(stat(D "/dir1", &st2), ENOENT);
	CHECK(contents_are(D "/dir2/inner", "in"), "inner file after dir rename");
	/* Onto an empty directory: replaced. */
	CHECK_EQ(mkdir(D "/empty", 0755), 0);
	CHECK_EQ(rename(D "/dir2", D "/empty"), 0);
	CHECK(contents_are(D "/empty/inner", "in"), "dir replaced the empty dir");
	CHECK_EQ(rename(D "/empty", D "/dir2"), 0);
	/* Onto a non-empty directory: ENOTEMPTY (or EEXIST, not on Linux). */
	CHECK_EQ(mkdir(D "/full", 0755), 0);
	CHECK_EQ(mkfile(D "/full/x", "x"), 0);
	CHECK_ERR(rename(D "/dir2", D "/full"), ENOTEMPTY);
	/* File onto directory, directory onto file. */
	CHECK_ERR(rename(D "/c", D "/full"), EISDIR);
	CHECK_ERR(rename(D "/dir2", D "/c"), ENOTDIR);
	/* Into its own subtree. */
	CHECK_EQ(mkdir(D "/dir2/sub", 0755), 0);
	CHECK_ERR(rename(D "/dir2", D "/dir2/sub/moved"), EINVAL);
	CHECK_ERR(rename(D "/dir2", D "/dir2/moved"), EINVAL);
	/* Missing source, missing target directory, through a file. */
	CHECK_ERR(rename(D "/missing", D "/new"), ENOENT);
	CHECK_ERR(rename(D "/c", D "/nodir/new"), ENOENT);
	CHECK_ERR(rename(D "/c", D "/c/new"), ENOTDIR);
	/* Move a file into a subdirectory and back. */
	CHECK_EQ(rename(D "/c", D "/dir2/sub/f"), 0);
	CHECK(contents_are(D "/dir2/sub/f", "alpha"), "moved into subdir");
	CHECK_EQ(rename(D "/dir2", D "/dir3"), 0);
	CHECK(contents_are(D "/dir3/sub/f", "alpha"), "deep file after parent rename");
	CHECK_EQ(rename(D "/dir3/sub/f", D "/c"), 0);
	CHECK(contents_are(D "/c", "alpha"), "moved back");

	/* Clean up with unlink and rmdir; everything is gone. */
	CHECK_EQ(unlink(D "/c"), 0);
	CHECK_EQ(unlink(D "/full/x"), 0);
	CHECK_EQ(unlink(D "/dir3/inner"), 0);
	CHECK_EQ(rmdir(D "/dir3/sub"), 0);
	CHECK_EQ(rmdir(D "/dir3"), 0);
	CHECK_EQ(rmdir(D "/full"), 0);
	CHECK_EQ(rmdir(D), 0);
	return t_done();
}
