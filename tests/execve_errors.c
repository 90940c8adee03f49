/*
 * execve_errors: a failing execve returns -1 with the reason and leaves the
 * caller running unchanged: ENOENT for a missing file or directory in the
 * path, ENOTDIR when a path component is a file, EACCES for a directory and
 * for a file without execute permission, ENOEXEC for an executable file that
 * is neither ELF nor a script, EFAULT for a bad path, argv or argv string.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define DIR_ "/tmp/execve_errors.d"
#define JUNK "/tmp/execve_errors.d/junk"
#define NOX "/tmp/execve_errors.d/nox"

static int make_file(const char *path, int mode, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0)
		return -1;
	int ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok && chmod(path, mode) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	extern char **environ;
	unlink(JUNK);                      /* leftovers of an interrupted run */
	unlink(NOX);
	rmdir(DIR_);
	CHECK_OK(mkdir(DIR_, 0755));
	CHECK_OK(make_file(JUNK, 0755, "this is not a program\n\x01\x02\x03\n"));
	CHECK_OK(make_file(NOX, 0644, "\x7f" "ELF"));
	int keep = open(JUNK, O_RDONLY);
	CHECK(keep >= 0, "open");

	char *args[] = { "x", NULL };
	CHECK_ERR(execve("/nonexistent-execve-errors", args, environ), ENOENT);
	CHECK_ERR(execve(DIR_ "/missing", args, environ), ENOENT);
	CHECK_ERR(execve(DIR_ "/nodir/x", args, environ), ENOENT);
	CHECK_ERR(execve("", args, environ), ENOENT);
	CHECK_ERR(execve(JUNK "/x", args, environ), ENOTDIR);
	CHECK_ERR(execve(DIR_, args, environ), EACCES);
	CHECK_ERR(execve("/tmp/", args, environ), EACCES);
	CHECK_ERR(execve(NOX, args, environ), EACCES);
	CHECK_ERR(execve(JUNK, args, environ), ENOEXEC);

	char *um = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(um, 4096);
	CHECK_ERR(execve(um, args, environ), EFAULT);
	CHECK_ERR(execve(NULL, args, environ), EFAULT);
	CHECK_ERR(execve(argv[0], (char **)um, environ), EFAULT);
	char *bad_args[] = { argv[0], um, NULL };
	CHECK_ERR(execve(argv[0], bad_args, environ), EFAULT);
	char *bad_env[] = { um, NULL };
	CHECK_ERR(execve(argv[0], args, bad_env), EFAULT);

	/* Still the same process, fds intact. */
	char c;
	CHECK_EQ(read(keep, &c, 1), 1);
	CHECK_EQ(c, 't');
	close(keep);
	CHECK_OK(unlink(JUNK));
	CHECK_OK(unlink(NOX));
	CHECK_OK(rmdir(DIR_));
	return t_done();
}
