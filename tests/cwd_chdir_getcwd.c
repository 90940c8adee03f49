/*
 * cwd_chdir_getcwd: the working directory.  chdir/fchdir change it,
 * relative paths resolve against it, getcwd reports it; the raw getcwd
 * (79) returns the length including the NUL and gives ERANGE when the
 * buffer is too small (even by one byte); chdir/fchdir errnos ENOENT,
 * ENOTDIR, EBADF; a forked child inherits the cwd and its chdir stays its
 * own; when the cwd is removed getcwd gives ENOENT and nothing new can be
 * made in it.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define D "/tmp/cwd_chdir_getcwd.d"

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int home = open(".", O_RDONLY | O_DIRECTORY);
	CHECK(home >= 0, "open .: %s", strerror(errno));
	unlink(D "/sub/file");
	rmdir(D "/sub");
	rmdir(D "/gone");
	rmdir(D);

	char buf[4096];
	CHECK(getcwd(buf, sizeof buf) != NULL, "getcwd: %s", strerror(errno));
	CHECK(buf[0] == '/', "getcwd does not start with /");

	/* "/tmp": raw length 5 including the NUL. */
	CHECK_EQ(chdir("/tmp"), 0);
	memset(buf, 'x', sizeof buf);
	CHECK_EQ(syscall(SYS_getcwd, buf, sizeof buf), 5);
	CHECK(strcmp(buf, "/tmp") == 0, "cwd [%s]", buf);
	CHECK_EQ(syscall(SYS_getcwd, buf, 5), 5);
	CHECK_ERR(syscall(SYS_getcwd, buf, 4), ERANGE);
	CHECK_ERR(syscall(SYS_getcwd, buf, 1), ERANGE);
	CHECK_ERR(syscall(SYS_getcwd, buf, 0), ERANGE);
	CHECK(getcwd(buf, 5) != NULL, "getcwd(buf, 5)");
	errno = 0;
	CHECK(getcwd(buf, 4) == NULL && errno == ERANGE, "libc getcwd(buf, 4): errno %d", errno);
	/* musl allocates when given NULL, 0. */
	char *dyn = getcwd(NULL, 0);
	CHECK(dyn && strcmp(dyn, "/tmp") == 0, "getcwd(NULL, 0) = [%s]", dyn ? dyn : "(null)");
	free(dyn);

	/* "/": raw length 2. */
	CHECK_EQ(chdir(".."), 0);
	CHECK_EQ(syscall(SYS_getcwd, buf, sizeof buf), 2);
	CHECK(strcmp(buf, "/") == 0, "cwd [%s]", buf);
	CHECK_EQ(chdir(".."), 0);                   /* /.. is / */
	CHECK_EQ(syscall(SYS_getcwd, buf, sizeof buf), 2);

	/* A new directory; relative names resolve against the cwd. */
	CHECK_EQ(mkdir(D, 0755), 0);
	CHECK_EQ(chdir("tmp/cwd_chdir_getcwd.d"), 0);
	CHECK_EQ(syscall(SYS_getcwd, buf, sizeof buf), (long)sizeof D);
	CHECK(strcmp(buf, D) == 0, "cwd [%s]", buf);
	CHECK_EQ(mkdir("sub", 0755), 0);
	int fd = open("sub/file", O_WRONLY | O_CREAT | O_EXCL, 0644);
	CHECK(fd >= 0, "create sub/file: %s", strerror(errno));
	close(fd);
	struct stat st;
	CHECK_EQ(stat(D "/sub/file", &st), 0);
	CHECK_EQ(chdir("sub"), 0);
	CHECK(getcwd(buf, sizeof buf) && strcmp(buf, D "/sub") == 0, "cwd [%s]", buf);
	CHECK_EQ(stat("file", &st), 0);
	CHECK_EQ(stat("./../sub/./file", &st), 0);
	CHECK_EQ(chdir("../sub/.."), 0);
	CHECK(getcwd(buf, sizeof buf) && strcmp(buf, D) == 0, "cwd [%s]", buf);

	/* fchdir to a directory fd. */
	int dfd = open(D "/sub", O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0, "open sub: %s", strerror(errno));
	CHECK_EQ(chdir("/"), 0);
	CHECK_EQ(fchdir(dfd), 0);
	CHECK(getcwd(buf, sizeof buf) && strcmp(buf, D "/sub") == 0, "cwd after fchdir [%s]", buf);
	/* The cwd survives closing the fd it came from. */
	close(dfd);
	CHECK_EQ(stat("file", &st), 0);

	/* Errors; the cwd does not move. */
	CHECK_ERR(chdir("missing"), ENOENT);
	CHECK_ERR(chdir(""), ENOENT);
	CHECK_ERR(chdir("file"), ENOTDIR);
	CHECK_ERR(chdir("file/x"), ENOTDIR);
	int ffd = open("file", O_RDONLY);
	CHECK(ffd >= 0, "open file: %s", strerror(errno));
	CHECK_ERR(fchdir(ffd), ENOTDIR);
	close(ffd);
	CHECK_ERR(fchdir(-1), EBADF);
	CHECK_ERR(fchdir(999), EBADF);
	CHECK(getcwd(buf, sizeof buf) && strcmp(buf, D "/sub") == 0, "cwd after errors [%s]", buf);

	/* A child inherits the cwd; its chdir does not move the parent. */
	pid_t pid = fork();
	if (pid == 0) {
		char b[256];
		int bad = 0;
		if (!getcwd(b, sizeof b) || strcmp(b, D "/sub")) bad |= 1;
		if (chdir("/") != 0) bad |= 2;
		if (stat("file", &st) == 0) bad |= 4;
		_exit(bad);
	}
	int status = 0;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	CHECK(getcwd(buf, sizeof buf) && strcmp(buf, D "/sub") == 0, "cwd after child [%s]", buf);
	CHECK_EQ(unlink("file"), 0);

	/* Remove the cwd itself: getcwd gives ENOENT, ".." still works. */
	CHECK_EQ(mkdir(D "/gone", 0755), 0);
	CHECK_EQ(chdir(D "/gone"), 0);
	CHECK_EQ(rmdir(D "/gone"), 0);
	CHECK_ERR(syscall(SYS_getcwd, buf, sizeof buf), ENOENT);
	CHECK_ERR(open("new", O_WRONLY | O_CREAT, 0644), ENOENT);
	CHECK_ERR(mkdir("newdir", 0755), ENOENT);
	CHECK_EQ(chdir(".."), 0);
	CHECK(getcwd(buf, sizeof buf) && strcmp(buf, D) == 0, "cwd after .. [%s]", buf);

	CHECK_EQ(rmdir(D "/sub"), 0);
	CHECK_EQ(chdir("/"), 0);
	CHECK_EQ(rmdir(D), 0);
	CHECK_EQ(fchdir(home), 0);
	close(home);
	return t_done();
}
