/*
 * execve_errors: execve failures, each in a forked child that reports
 * errno through its exit status.  ENOENT (missing file, empty path),
 * EACCES (a regular file without any x bit - even for root -, a
 * directory, /dev/null), ENOEXEC (an executable file of garbage not
 * starting with "#!", an empty one, a truncated ELF header, an ELF for
 * another machine), ENOTDIR (a path through a file), EFAULT (bad path,
 * argv, argv[i] or envp pointers).  A failed execve leaves the caller
 * running with its memory intact.  If an execve wrongly succeeds, the new
 * image sees "must-not-run" and exits 120.
 */
#include "t.h"
#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define NOX  "/tmp/execve_errors.nox"
#define GARB "/tmp/execve_errors.garbage"
#define EMPT "/tmp/execve_errors.empty"
#define TRNC "/tmp/execve_errors.truncated"
#define ARM  "/tmp/execve_errors.aarch64"

static char *self;
static char *marker_argv[3];
static char *no_env[] = { NULL };

static int mkfile(const char *path, const void *data, size_t n, mode_t mode)
{
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);   /* umask is 022 */
	if (fd < 0)
		return -1;
	int ok = write(fd, data, n) == (ssize_t)n;
	close(fd);
	return ok ? 0 : -1;
}

/* Runs raw execve in a child; returns the errno it failed with, 120 if
 * it ran, or -1 if the child did not exit normally. */
static int exec_errno(const void *path, void *argv, void *envp)
{
	pid_t pid = fork();
	if (pid == 0) {
		long r = syscall(SYS_execve, path, argv, envp);
		_exit(r == -1 ? (errno & 0x7f) : 121);
	}
	int status = 0;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

#define EXEC_ERR(path, argv, envp, e) do { int got_ = exec_errno(path, argv, envp); \
	CHECK(got_ == (e), "execve(%s) gave %d (%s), expected %d (%s)", #path ", " #argv ", " #envp, \
	      got_, got_ > 0 && got_ < 120 ? strerror(got_) : "-", (e), strerror(e)); } while (0)

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "must-not-run") == 0)
		_exit(120);
	t_start(argv[0]);
	umask(022);
	self = argv[0];
	marker_argv[0] = argv[0];
	marker_argv[1] = "must-not-run";
	marker_argv[2] = NULL;
	char path[600];

	/* ENOENT. */
	EXEC_ERR("/tmp/execve_errors.missing", marker_argv, no_env, ENOENT);
	EXEC_ERR("/no/such/dir/prog", marker_argv, no_env, ENOENT);
	EXEC_ERR("", marker_argv, no_env, ENOENT);

	/* EACCES: no x bit (root too), a directory, a device. */
	static char elf[256];
	int sfd = open(self, O_RDONLY);
	CHECK(sfd >= 0, "open self: %s", strerror(errno));
	CHECK_EQ(read(sfd, elf, sizeof elf), sizeof elf);
	close(sfd);
	CHECK_EQ(mkfile(NOX, elf, sizeof elf, 0644), 0);
	EXEC_ERR(NOX, marker_argv, no_env, EACCES);
	CHECK_EQ(mkfile(NOX, elf, sizeof elf, 0600), 0);
	EXEC_ERR(NOX, marker_argv, no_env, EACCES);
	EXEC_ERR("/tmp", marker_argv, no_env, EACCES);
	EXEC_ERR("/", marker_argv, no_env, EACCES);
	EXEC_ERR("/dev/null", marker_argv, no_env, EACCES);

	/* ENOEXEC: x bit set, but not a format the kernel knows. */
	static const char garbage[] = "this is not a program\n\x01\x02\x03 and not a script either\n";
	CHECK_EQ(mkfile(GARB, garbage, sizeof garbage, 0755), 0);
	EXEC_ERR(GARB, marker_argv, no_env, ENOEXEC);
	CHECK_EQ(mkfile(EMPT, "", 0, 0755), 0);
	EXEC_ERR(EMPT, marker_argv, no_env, ENOEXEC);
	CHECK_EQ(mkfile(TRNC, elf, 10, 0755), 0);
	EXEC_ERR(TRNC, marker_argv, no_env, ENOEXEC);
	Elf64_Ehdr eh;
	memcpy(&eh, elf, sizeof eh);
	eh.e_machine = EM_AARCH64;
	CHECK_EQ(mkfile(ARM, &eh, sizeof eh, 0755), 0);
	EXEC_ERR(ARM, marker_argv, no_env, ENOEXEC);

	/* ENOTDIR: a file used as a directory. */
	snprintf(path, sizeof path, "%s/x", self);
	EXEC_ERR(path, marker_argv, no_env, ENOTDIR);
	EXEC_ERR(GARB "/x", marker_argv, no_env, ENOTDIR);

	/* EFAULT: the path, argv, an argv string, envp, an envp string. */
	EXEC_ERR(NULL, marker_argv, no_env, EFAULT);
	EXEC_ERR((void *)1, marker_argv, no_env, EFAULT);
	EXEC_ERR((void *)0xffff888000000000UL, marker_argv, no_env, EFAULT);
	EXEC_ERR((void *)0x0000800000000000UL, marker_argv, no_env, EFAULT);
	EXEC_ERR(self, (void *)0xffff888000000000UL, no_env, EFAULT);
	EXEC_ERR(self, (void *)1, no_env, EFAULT);
	char *bad_str[] = { self, "must-not-run", (char *)0xffffffff80000000UL, NULL };
	EXEC_ERR(self, bad_str, no_env, EFAULT);
	char *bad_str0[] = { (char *)8, "must-not-run", NULL };
	EXEC_ERR(self, bad_str0, no_env, EFAULT);
	EXEC_ERR(self, marker_argv, (void *)0xffff888000000000UL, EFAULT);
	char *bad_env[] = { "A=1", (char *)0xffff888000000000UL, NULL };
	EXEC_ERR(self, marker_argv, bad_env, EFAULT);

	/* A failed execve in this very process: it goes on, memory intact. */
	static volatile int canary = 0x5a5a;
	CHECK_ERR(execve("/tmp/execve_errors.missing", marker_argv, no_env), ENOENT);
	CHECK_ERR(execve(GARB, marker_argv, no_env), ENOEXEC);
	CHECK_ERR(syscall(SYS_execve, self, (void *)0xffff888000000000UL, no_env), EFAULT);
	CHECK_EQ(canary, 0x5a5a);
	CHECK_EQ(getppid() > 0, 1);

	unlink(NOX);
	unlink(GARB);
	unlink(EMPT);
	unlink(TRNC);
	unlink(ARM);
	struct stat st;
	CHECK_ERR(stat(GARB, &st), ENOENT);
	return t_done();
}
