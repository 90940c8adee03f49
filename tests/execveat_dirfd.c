/*
 * execveat_dirfd: execveat(2) runs a name relative to a directory fd, or
 * the open file itself with AT_EMPTY_PATH (close-on-exec or not; renamed
 * or unlinked since it was opened), as Linux.  A script run through an fd gets /dev/fd/N[/name] as its name in
 * its interpreter's argv, and ENOENT when that fd is close-on-exec (the
 * interpreter could not open it).  Errors: ENOENT for an empty name
 * without AT_EMPTY_PATH, EINVAL for unknown flags, ELOOP for a symlink
 * with AT_SYMLINK_NOFOLLOW, ENOTDIR for a name relative to a file, EBADF
 * for a closed fd, EACCES for a directory, a pipe or a procfs file.
 */
#include "t_exec.h"
#include <fcntl.h>
#include <libgen.h>

#define SCRIPT "execveat_dirfd.sh"
#define LINK "/tmp/execveat_dirfd.link"
#define FD 20                   /* the fds the names show */
#define FD_CLOEXEC_ 21

int main(int argc, char **argv)
{
	t_exec_report(argc, argv);
	t_start(argv[0]);
	char out[1024], want[1024], self[512], path[512], dir[512], base[256];
	char *args[] = { "zero", "one", NULL };
	/* This program's absolute name: a name relative to /tmp comes next. */
	char cwd[256];
	if (argv[0][0] == '/' || !getcwd(cwd, sizeof cwd))
		snprintf(self, sizeof self, "%s", argv[0]);
	else
		snprintf(self, sizeof self, "%s/%s", cwd, argv[0]);
	snprintf(path, sizeof path, "%s", self);
	snprintf(dir, sizeof dir, "%s", dirname(path));
	snprintf(path, sizeof path, "%s", self);
	snprintf(base, sizeof base, "%s", basename(path));

	/* A directory fd and a name in it; the same fd close-on-exec. */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	CHECK_OK(dfd);
	CHECK_EQ(t_exec_run(dfd, base, 0, args, out, sizeof out), 0);
	CHECK(!strcmp(out, "zero|one"), "argv %s", out);
	int tmp = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CHECK_OK(tmp);
	CHECK_EQ(t_exec_run(tmp, self, 0, args, out, sizeof out), 0);  /* absolute */
	/* The program's own fd, with AT_EMPTY_PATH. */
	int fd = open(self, O_RDONLY);
	CHECK_OK(fd);
	CHECK_EQ(t_exec_run(fd, "", AT_EMPTY_PATH, args, out, sizeof out), 0);
	int cfd = open(self, O_RDONLY | O_CLOEXEC);
	CHECK_EQ(t_exec_run(cfd, "", AT_EMPTY_PATH, args, out, sizeof out), 0);
	CHECK(!strcmp(out, "zero|one"), "argv %s", out);

	/* A file renamed, then unlinked, while an fd holds it. */
	char copy[] = "/tmp/execveat_dirfd.copy", moved[] = "/tmp/execveat_dirfd.moved";
	int in = open(self, O_RDONLY), outfd = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	CHECK(in >= 0 && outfd >= 0, "copy: %s", strerror(errno));
	char block[4096];
	ssize_t n;
	while ((n = read(in, block, sizeof block)) > 0)
		CHECK_EQ(write(outfd, block, n), n);
	close(in);
	close(outfd);
	int efd = open(copy, O_RDONLY);
	CHECK_OK(rename(copy, moved));
	CHECK_EQ(t_exec_run(efd, "", AT_EMPTY_PATH, args, out, sizeof out), 0);
	CHECK_OK(unlink(moved));
	CHECK_EQ(t_exec_run(efd, "", AT_EMPTY_PATH, args, out, sizeof out), 0);
	CHECK(!strcmp(out, "zero|one"), "argv %s", out);
	close(efd);

	/* Errors. */
	CHECK_EQ(t_exec_run(fd, "", 0, args, out, sizeof out), ENOENT);
	CHECK_EQ(t_exec_run(dfd, base, 0x2, args, out, sizeof out), EINVAL);
	CHECK_EQ(t_exec_run(dfd, "no-such-file", 0, args, out, sizeof out), ENOENT);
	CHECK_EQ(t_exec_run(fd, base, 0, args, out, sizeof out), ENOTDIR);
	CHECK_EQ(t_exec_run(99, base, 0, args, out, sizeof out), EBADF);
	CHECK_EQ(t_exec_run(99, "", AT_EMPTY_PATH, args, out, sizeof out), EBADF);
	CHECK_EQ(t_exec_run(dfd, "", AT_EMPTY_PATH, args, out, sizeof out), EACCES);
	int pfd[2];
	CHECK_OK(pipe(pfd));                            /* no file of a file system */
	CHECK_EQ(t_exec_run(pfd[0], "", AT_EMPTY_PATH, args, out, sizeof out), EACCES);
	close(pfd[0]);
	close(pfd[1]);
	int proc = open("/proc/self/status", O_RDONLY);
	CHECK_OK(proc);                                 /* procfs: nothing runs from it */
	CHECK_EQ(t_exec_run(proc, "", AT_EMPTY_PATH, args, out, sizeof out), EACCES);
	close(proc);
	unlink(LINK);
	CHECK_OK(symlink(self, LINK));
	CHECK_EQ(t_exec_run(AT_FDCWD, LINK, 0, args, out, sizeof out), 0);
	CHECK_EQ(t_exec_run(AT_FDCWD, LINK, AT_SYMLINK_NOFOLLOW, args, out, sizeof out), ELOOP);
	CHECK_EQ(t_exec_run(tmp, "execveat_dirfd.link", AT_SYMLINK_NOFOLLOW, args, out,
			    sizeof out), ELOOP);

	/* A script: its interpreter sees the name it can open it by. */
	char text[600];
	snprintf(text, sizeof text, "#!%s\n", self);
	int sfd = openat(tmp, SCRIPT, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	CHECK_OK(sfd);
	CHECK_EQ(write(sfd, text, strlen(text)), (long)strlen(text));
	close(sfd);
	CHECK_EQ(dup2(tmp, FD), FD);                    /* not close-on-exec */
	CHECK_EQ(t_exec_run(FD, SCRIPT, 0, args, out, sizeof out), 0);
	snprintf(want, sizeof want, "%s|/dev/fd/%d/" SCRIPT "|one", self, FD);
	CHECK(!strcmp(out, want), "argv %s, expected %s", out, want);
	CHECK_EQ(t_exec_run(tmp, SCRIPT, 0, args, out, sizeof out), ENOENT);
	CHECK_EQ(dup3(openat(tmp, SCRIPT, O_RDONLY), FD, 0), FD);
	CHECK_EQ(t_exec_run(FD, "", AT_EMPTY_PATH, args, out, sizeof out), 0);
	snprintf(want, sizeof want, "%s|/dev/fd/%d|one", self, FD);
	CHECK(!strcmp(out, want), "argv %s, expected %s", out, want);
	CHECK_EQ(dup3(FD, FD_CLOEXEC_, O_CLOEXEC), FD_CLOEXEC_);
	CHECK_EQ(t_exec_run(FD_CLOEXEC_, "", AT_EMPTY_PATH, args, out, sizeof out), ENOENT);
	/* An absolute name keeps its name, whatever the fd. */
	CHECK_EQ(t_exec_run(FD_CLOEXEC_, "/tmp/" SCRIPT, 0, args, out, sizeof out), 0);
	snprintf(want, sizeof want, "%s|/tmp/" SCRIPT "|one", self);
	CHECK(!strcmp(out, want), "argv %s, expected %s", out, want);

	unlinkat(tmp, SCRIPT, 0);
	unlink(LINK);
	return t_done();
}
