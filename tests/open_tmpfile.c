/*
 * open_tmpfile: open(dir, O_TMPFILE | O_RDWR) makes an unnamed regular
 * file in dir (nlink 0, mode less the umask, no entry in the directory),
 * as Linux.  linkat gives it a name, through /proc/self/fd/N with
 * AT_SYMLINK_FOLLOW or the fd with AT_EMPTY_PATH, unless it was made with
 * O_EXCL (ENOENT).  Errors: EINVAL without write access, with O_CREAT or
 * without O_DIRECTORY's bit; ENOTDIR for a file, ENOENT for a missing
 * directory, EOPNOTSUPP on procfs; a directory opened for writing without
 * O_TMPFILE stays EISDIR.
 */
#include "t.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#define NAMED "/tmp/open_tmpfile.named"
#define FILE_ "/tmp/open_tmpfile.file"

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/* fd's file gets the name NAMED, holding the text written to it. */
static void check_named(const char *text)
{
	struct stat st;
	char buf[64] = "";
	CHECK_OK(stat(NAMED, &st));
	CHECK_EQ(st.st_nlink, 1);
	int fd = open(NAMED, O_RDONLY);
	CHECK_OK(fd);
	CHECK_EQ(read(fd, buf, sizeof buf - 1), (long)strlen(text));
	CHECK(!strcmp(buf, text), "read back '%s'", buf);
	close(fd);
	CHECK_OK(unlink(NAMED));
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	umask(022);
	unlink(NAMED);
	int before = count_entries("/tmp");
	int fd = open("/tmp", O_TMPFILE | O_RDWR, 0666);
	CHECK_OK(fd);
	struct stat st;
	CHECK_OK(fstat(fd, &st));
	CHECK(S_ISREG(st.st_mode), "mode %o", st.st_mode);
	CHECK_EQ(st.st_mode & 07777, 0644);
	CHECK_EQ(st.st_nlink, 0);
	CHECK_EQ(count_entries("/tmp"), before);
	char buf[16] = "";
	CHECK_EQ(write(fd, "hello", 5), 5);
	CHECK_EQ(pread(fd, buf, sizeof buf, 0), 5);
	CHECK(!memcmp(buf, "hello", 5), "read back '%.5s'", buf);
	/* Named through /proc/self/fd. */
	char proc[64];
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	CHECK_OK(linkat(AT_FDCWD, proc, AT_FDCWD, NAMED, AT_SYMLINK_FOLLOW));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_nlink, 1);
	check_named("hello");
	close(fd);

	/* Named through the fd itself (root has CAP_DAC_READ_SEARCH). */
	fd = open("/tmp", O_TMPFILE | O_WRONLY, 0);     /* no permission of its own needed */
	CHECK_OK(fd);
	CHECK_EQ(write(fd, "fd", 2), 2);
	if (geteuid() == 0) {
		CHECK_OK(linkat(fd, "", AT_FDCWD, NAMED, AT_EMPTY_PATH));
		CHECK_OK(chmod(NAMED, 0644));
		check_named("fd");
	}
	close(fd);
	/* O_EXCL: never to be named. */
	fd = open("/tmp", O_TMPFILE | O_EXCL | O_RDWR, 0600);
	CHECK_OK(fd);
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	CHECK_ERR(linkat(AT_FDCWD, proc, AT_FDCWD, NAMED, AT_SYMLINK_FOLLOW), ENOENT);
	if (geteuid() == 0)
		CHECK_ERR(linkat(fd, "", AT_FDCWD, NAMED, AT_EMPTY_PATH), ENOENT);
	close(fd);
	CHECK_EQ(count_entries("/tmp"), before);

	/* Errors. */
	CHECK_ERR(open("/tmp", O_TMPFILE | O_RDONLY, 0600), EINVAL);
	CHECK_ERR(open("/tmp", O_TMPFILE | O_CREAT | O_RDWR, 0600), EINVAL);
	CHECK_ERR(open("/tmp", (O_TMPFILE & ~O_DIRECTORY) | O_RDWR, 0600), EINVAL);
	int f = open(FILE_, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK_OK(f);
	close(f);
	CHECK_ERR(open(FILE_, O_TMPFILE | O_RDWR, 0600), ENOTDIR);
	CHECK_ERR(open("/tmp/open_tmpfile.none/", O_TMPFILE | O_RDWR, 0600), ENOENT);
	CHECK_ERR(open("/proc", O_TMPFILE | O_RDWR, 0600), EOPNOTSUPP);
	CHECK_ERR(open("/tmp", O_RDWR), EISDIR);
	unlink(FILE_);
	return t_done();
}
