/*
 * mkdir_rmdir_errors: directories under /tmp.  mkdir makes an empty
 * directory (S_ISDIR, mode from the argument and umask, nlink 2, its
 * parent gains a link per subdirectory) that lists only "." and ".."; then the errnos:
 * EEXIST (existing dir, existing file, "/"), ENOENT (missing parent,
 * rmdir of a missing dir), ENOTDIR (through a file, rmdir of a file),
 * ENOTEMPTY (rmdir of a non-empty dir), EINVAL (rmdir of "."),
 * and rmdir removes it again.
 */
#include "t.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#define D "/tmp/mkdir_rmdir_errors.d"

static int entries(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return -1;
	int n = 0;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	umask(022);
	/* leftovers of an earlier run */
	unlink(D "/file");
	rmdir(D "/sub/deeper");
	rmdir(D "/sub");
	rmdir(D);

	struct stat st;
	CHECK_EQ(mkdir(D, 0777), 0);
	CHECK_EQ(stat(D, &st), 0);
	CHECK(S_ISDIR(st.st_mode), "mode %o", st.st_mode);
	CHECK_EQ(st.st_mode & 07777, 0755);
	CHECK_EQ(st.st_nlink, 2);
	CHECK_EQ(entries(D), 2);

	CHECK_ERR(mkdir(D, 0755), EEXIST);
	CHECK_ERR(mkdir(D "/", 0755), EEXIST);
	CHECK_ERR(mkdir("/", 0755), EEXIST);
	CHECK_ERR(mkdir("/tmp", 0755), EEXIST);
	CHECK_ERR(mkdir(D "/missing/sub", 0755), ENOENT);
	CHECK_ERR(mkdir("", 0755), ENOENT);

	/* Subdirectory: mkdir with a trailing slash works, parent nlink 3. */
	CHECK_EQ(mkdir(D "/sub/", 0700), 0);
	CHECK_EQ(stat(D "/sub", &st), 0);
	CHECK_EQ(st.st_mode & 07777, 0700);
	CHECK_EQ(stat(D, &st), 0);
	CHECK_EQ(st.st_nlink, 3);
	CHECK_EQ(mkdir(D "/sub/deeper", 0755), 0);
	CHECK_EQ(stat(D "/sub/deeper/../..", &st), 0);
	CHECK(S_ISDIR(st.st_mode), "D/sub/deeper/../..");

	/* A file in the directory. */
	int fd = open(D "/file", O_WRONLY | O_CREAT | O_EXCL, 0644);
	CHECK(fd >= 0, "create file: %s", strerror(errno));
	close(fd);
	CHECK_EQ(entries(D), 4);
	CHECK_ERR(mkdir(D "/file", 0755), EEXIST);
	CHECK_ERR(mkdir(D "/file/x", 0755), ENOTDIR);
	CHECK_ERR(rmdir(D "/file"), ENOTDIR);
	CHECK_ERR(rmdir(D "/file/x"), ENOTDIR);
	CHECK_ERR(open(D "/file/x", O_RDWR | O_CREAT, 0644), ENOTDIR);

	/* rmdir refuses non-empty directories, ".", and missing ones. */
	CHECK_ERR(rmdir(D), ENOTEMPTY);
	CHECK_ERR(rmdir(D "/sub"), ENOTEMPTY);
	CHECK_ERR(rmdir(D "/sub/deeper/."), EINVAL);
	CHECK_ERR(rmdir(D "/sub/deeper/.."), ENOTEMPTY);
	CHECK_ERR(rmdir(D "/missing"), ENOENT);
	CHECK_ERR(rmdir(D "/missing/x"), ENOENT);

	/* Empty them bottom up. */
	CHECK_EQ(rmdir(D "/sub/deeper"), 0);
	CHECK_ERR(stat(D "/sub/deeper", &st), ENOENT);
	CHECK_EQ(rmdir(D "/sub/"), 0);
	CHECK_EQ(stat(D, &st), 0);
	CHECK_EQ(st.st_nlink, 2);
	CHECK_ERR(rmdir(D), ENOTEMPTY);
	CHECK_EQ(unlink(D "/file"), 0);
	CHECK_EQ(entries(D), 2);
	CHECK_EQ(rmdir(D), 0);
	CHECK_ERR(rmdir(D), ENOENT);
	CHECK_ERR(stat(D, &st), ENOENT);

	/* The name can be made again. */
	CHECK_EQ(mkdir(D, 0755), 0);
	CHECK_EQ(rmdir(D), 0);
	return t_done();
}
