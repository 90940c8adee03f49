/*
 * stat_family: stat, lstat, fstat and fstatat (newfstatat) agree about the
 * test's own binary: same dev/ino/mode/size, whether reached by path, by
 * AT_FDCWD, by a directory fd plus a relative name, or by fd.  The
 * directory is S_ISDIR.  Errors: ENOENT (missing, empty path), ENOTDIR
 * (a file used as a directory, a file fd as dirfd), EBADF (bad dirfd for
 * a relative path), EINVAL (unknown flags).
 */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static int same(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_mode == b->st_mode &&
	       a->st_size == b->st_size && a->st_nlink == b->st_nlink && a->st_uid == b->st_uid;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char dir[512], path[600];
	const char *base;
	const char *slash = strrchr(argv[0], '/');
	if (slash) {
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - argv[0]), argv[0]);
		if (!dir[0])
			strcpy(dir, "/");
		base = slash + 1;
	} else {
		strcpy(dir, ".");
		base = argv[0];
	}

	struct stat s1, s2, s3, s4, s5, s6;
	memset(&s1, 0, sizeof s1);
	CHECK_EQ(stat(argv[0], &s1), 0);
	CHECK(S_ISREG(s1.st_mode), "stat mode %o", s1.st_mode);
	CHECK(s1.st_size > 0, "stat size");
	CHECK(s1.st_nlink >= 1, "nlink");
	CHECK_EQ(lstat(argv[0], &s2), 0);
	CHECK(same(&s1, &s2), "stat and lstat differ");

	int fd = open(argv[0], O_RDONLY);
	CHECK(fd >= 0, "open self: %s", strerror(errno));
	CHECK_EQ(fstat(fd, &s3), 0);
	CHECK(same(&s1, &s3), "stat and fstat differ");

	CHECK_EQ(fstatat(AT_FDCWD, argv[0], &s4, 0), 0);
	CHECK(same(&s1, &s4), "stat and fstatat(AT_FDCWD) differ");
	CHECK_EQ(syscall(SYS_newfstatat, AT_FDCWD, argv[0], &s4, AT_SYMLINK_NOFOLLOW), 0);
	CHECK(same(&s1, &s4), "raw newfstatat NOFOLLOW differs");

	/* A directory fd and the relative name. */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0, "open dir: %s", strerror(errno));
	CHECK_EQ(fstatat(dfd, base, &s5, 0), 0);
	CHECK(same(&s1, &s5), "fstatat(dirfd, name) differs");
	CHECK_EQ(syscall(SYS_newfstatat, dfd, base, &s5, 0), 0);
	CHECK(same(&s1, &s5), "raw newfstatat(dirfd, name) differs");
	/* AT_EMPTY_PATH: the fd itself. */
	CHECK_EQ(syscall(SYS_newfstatat, fd, "", &s6, AT_EMPTY_PATH), 0);
	CHECK(same(&s1, &s6), "newfstatat(fd, \"\", AT_EMPTY_PATH) differs");

	/* The directory itself. */
	struct stat sd, sd2, sd3;
	CHECK_EQ(stat(dir, &sd), 0);
	CHECK(S_ISDIR(sd.st_mode), "dir mode %o", sd.st_mode);
	CHECK_EQ(fstat(dfd, &sd2), 0);
	CHECK(sd.st_ino == sd2.st_ino && sd.st_dev == sd2.st_dev, "dir stat/fstat differ");
	CHECK_EQ(fstatat(dfd, ".", &sd3, 0), 0);
	CHECK(sd.st_ino == sd3.st_ino && S_ISDIR(sd3.st_mode), "fstatat(dfd, \".\")");
	CHECK(sd.st_dev == s1.st_dev, "file and its directory on different devices");
	CHECK(sd.st_ino != s1.st_ino, "file and directory share an inode number");
	/* Root is a directory. */
	CHECK_EQ(stat("/", &sd3), 0);
	CHECK(S_ISDIR(sd3.st_mode), "/ is not a directory");
	/* An absolute path ignores dirfd, even a bad one. */
	CHECK_EQ(fstatat(-1, "/", &sd3, 0), 0);

	/* Errors. */
	CHECK_ERR(stat("/no/such/ushi_stat_family", &s6), ENOENT);
	CHECK_ERR(stat("/ushi_stat_family_missing", &s6), ENOENT);
	CHECK_ERR(lstat("/ushi_stat_family_missing", &s6), ENOENT);
	CHECK_ERR(stat("", &s6), ENOENT);
	CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, "", &s6, 0), ENOENT);
	snprintf(path, sizeof path, "%s/x", argv[0]);
	CHECK_ERR(stat(path, &s6), ENOTDIR);
	snprintf(path, sizeof path, "%s/", argv[0]);
	CHECK_ERR(stat(path, &s6), ENOTDIR);
	CHECK_ERR(fstatat(fd, "x", &s6, 0), ENOTDIR);
	CHECK_ERR(fstatat(-1, "x", &s6, 0), EBADF);
	CHECK_ERR(fstatat(987, "x", &s6, 0), EBADF);
	CHECK_ERR(fstat(-1, &s6), EBADF);
	CHECK_ERR(fstat(987, &s6), EBADF);
	CHECK_ERR(syscall(SYS_fstat, 987, &s6), EBADF);
	CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, argv[0], &s6, 0x40000000), EINVAL);

	close(fd);
	close(dfd);
	return t_done();
}
