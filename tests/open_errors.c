/*
 * open_errors: the errnos of open/openat on existing files and
 * directories: ENOENT (missing file, missing directory on the way, empty
 * path), ENOTDIR (O_DIRECTORY on a file, a path through a file, a file fd
 * as dirfd, a trailing slash after a file), EISDIR (a directory opened for
 * writing), EBADF (bad dirfd), ENAMETOOLONG; and that ".", ".." and
 * repeated slashes resolve to the same file.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char path[700];

	/* O_DIRECTORY on a regular file. */
	CHECK_ERR(open(argv[0], O_RDONLY | O_DIRECTORY), ENOTDIR);
	/* A path that goes through a file. */
	snprintf(path, sizeof path, "%s/child", argv[0]);
	CHECK_ERR(open(path, O_RDONLY), ENOTDIR);
	CHECK_ERR(open(path, O_RDWR | O_CREAT, 0644), ENOTDIR);
	snprintf(path, sizeof path, "%s/", argv[0]);
	CHECK_ERR(open(path, O_RDONLY), ENOTDIR);
	snprintf(path, sizeof path, "%s/.", argv[0]);
	CHECK_ERR(open(path, O_RDONLY), ENOTDIR);

	/* Missing things. */
	CHECK_ERR(open("/ushi_open_errors_missing", O_RDONLY), ENOENT);
	CHECK_ERR(open("/ushi_open_errors_missing/dir/file", O_RDONLY), ENOENT);
	CHECK_ERR(open("/tmp/ushi_open_errors_missing/file", O_RDWR | O_CREAT, 0644), ENOENT);
	CHECK_ERR(open("", O_RDONLY), ENOENT);
	CHECK_ERR(open("", O_RDWR | O_CREAT, 0644), ENOENT);
	CHECK_ERR(syscall(SYS_open, "", O_RDONLY, 0), ENOENT);

	/* Directories: readable with or without O_DIRECTORY, never writable. */
	int fd = open("/", O_RDONLY);
	CHECK(fd >= 0, "open(/): %s", strerror(errno));
	close(fd);
	fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0, "open(/tmp, O_DIRECTORY): %s", strerror(errno));
	CHECK_ERR(open("/tmp", O_WRONLY), EISDIR);
	CHECK_ERR(open("/tmp", O_RDWR), EISDIR);
	CHECK_ERR(open("/tmp", O_RDWR | O_CREAT, 0644), EISDIR);
	CHECK_ERR(open("/tmp/", O_WRONLY | O_CREAT, 0644), EISDIR);

	/* openat: a file fd as dirfd, a bad dirfd, an absolute path ignores dirfd. */
	int ffd = open(argv[0], O_RDONLY);
	CHECK(ffd >= 0, "open self: %s", strerror(errno));
	CHECK_ERR(openat(ffd, "x", O_RDONLY), ENOTDIR);
	CHECK_ERR(openat(-1, "x", O_RDONLY), EBADF);
	CHECK_ERR(openat(999, "x", O_RDONLY), EBADF);
	int afd = openat(-1, "/", O_RDONLY);
	CHECK(afd >= 0, "openat(-1, \"/\"): %s", strerror(errno));
	close(afd);
	/* openat relative to /tmp finds "." */
	afd = openat(fd, ".", O_RDONLY | O_DIRECTORY);
	CHECK(afd >= 0, "openat(/tmp fd, \".\"): %s", strerror(errno));
	struct stat s1, s2;
	CHECK_EQ(fstat(afd, &s1), 0);
	CHECK_EQ(fstat(fd, &s2), 0);
	CHECK(s1.st_ino == s2.st_ino && s1.st_dev == s2.st_dev, "openat . is not the same dir");
	close(afd);
	close(fd);

	/* ".", ".." and "//" resolve: /tmp/../tmp/./ is /tmp, /.. is /. */
	CHECK_EQ(stat("/tmp/../tmp/./", &s1), 0);
	CHECK_EQ(stat("/tmp", &s2), 0);
	CHECK(s1.st_ino == s2.st_ino && s1.st_dev == s2.st_dev, "/tmp/../tmp/./ is not /tmp");
	CHECK_EQ(stat("//tmp//", &s1), 0);
	CHECK(s1.st_ino == s2.st_ino, "//tmp// is not /tmp");
	CHECK_EQ(stat("/..", &s1), 0);
	CHECK_EQ(stat("/", &s2), 0);
	CHECK(s1.st_ino == s2.st_ino && s1.st_dev == s2.st_dev, "/.. is not /");
	CHECK_EQ(stat("/../../..", &s1), 0);
	CHECK(s1.st_ino == s2.st_ino, "/../../.. is not /");

	/* The test binary reached through its directory and "..". */
	const char *slash = strrchr(argv[0], '/');
	if (slash && slash != argv[0]) {
		/* argv[0] = ".../D/NAME" becomes ".../D/./../D/NAME". */
		const char *dname = argv[0];
		for (const char *c = argv[0]; c < slash; c++)
			if (*c == '/')
				dname = c + 1;
		snprintf(path, sizeof path, "%.*s/./../%s", (int)(slash - argv[0]), argv[0], dname);
		CHECK_EQ(stat(path, &s1), 0);
		CHECK_EQ(stat(argv[0], &s2), 0);
		CHECK(s1.st_ino == s2.st_ino, "argv[0] through D/./../D/NAME is another file");
	}

	/* A component longer than NAME_MAX (255). */
	char longname[300];
	longname[0] = '/';
	memset(longname + 1, 'a', 260);
	longname[261] = 0;
	CHECK_ERR(open(longname, O_RDONLY), ENAMETOOLONG);
	/* A path longer than PATH_MAX (4096). */
	static char huge[5000];
	for (int i = 0; i < 4998; i += 2) {
		huge[i] = '/';
		huge[i + 1] = '.';
	}
	huge[4998] = 0;
	CHECK_ERR(open(huge, O_RDONLY), ENAMETOOLONG);

	close(ffd);
	return t_done();
}
