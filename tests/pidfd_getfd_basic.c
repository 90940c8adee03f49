/*
 * pidfd_getfd_basic: pidfd_getfd copies another process's fd into the
 * caller, close-on-exec, as the same open file (a write through the copy
 * reaches the child's pipe).  Errnos in Linux's order: flags (EINVAL),
 * a bad or non-pidfd fd (EBADF), a target fd not open or negative
 * (EBADF), a reaped process (ESRCH).  As ptrace's attach: a process whose
 * real uid is the target's may take its fds while the target is dumpable,
 * not after PR_SET_DUMPABLE 0 unless it has CAP_SYS_PTRACE (root only:
 * a seteuid(65534) child of root has the real uid but no capability).
 * kcmp says the copy and the child's fd are one file; other files and
 * the two address spaces differ.
 */
#include "t.h"
#include <fcntl.h>
#include <stdbool.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define TARGET_FD 50

static long pidfd_open(long pid, long flags) { return syscall(SYS_pidfd_open, pid, flags); }
static long pidfd_getfd(long pidfd, long fd, long flags) { return syscall(438, pidfd, fd, flags); }
static long kcmp(long p1, long p2, long type, long i1, long i2) { return syscall(SYS_kcmp, p1, p2, type, i1, i2); }
#define KCMP_FILE 0
#define KCMP_VM 1

/* A child whose TARGET_FD is the write end of a pipe the parent reads;
 * it says "ready" and then waits for the parent's go (or EOF). */
static pid_t spawn(int *out_read, int *go_write, bool undumpable)
{
	int data[2], ready[2], go[2];
	char c;
	pipe(data);
	pipe(ready);
	pipe(go);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(data[1], TARGET_FD);
		close(data[0]);
		close(data[1]);
		close(go[1]);
		if (undumpable)
			prctl(PR_SET_DUMPABLE, 0);
		write(ready[1], "r", 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	close(data[1]);
	close(ready[1]);
	close(go[0]);
	read(ready[0], &c, 1);
	close(ready[0]);
	*out_read = data[0];
	*go_write = go[1];
	return pid;
}

/* In a child: seteuid(65534), then try the target's fd; its errno, or 0. */
static int try_as_nobody(int pidfd)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (seteuid(65534))
			_exit(100);
		long fd = pidfd_getfd(pidfd, TARGET_FD, 0);
		_exit(fd >= 0 ? 0 : errno);
	}
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 101;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int rd, go, st;
	pid_t pid = spawn(&rd, &go, false);
	int pidfd = pidfd_open(pid, 0);
	CHECK(pidfd >= 0, "pidfd_open");
	int fd = pidfd_getfd(pidfd, TARGET_FD, 0);
	CHECK(fd >= 0, "pidfd_getfd of the child's pipe");
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	/* kcmp: the same file in both processes; other objects differ. */
	CHECK_EQ(kcmp(getpid(), pid, KCMP_FILE, fd, TARGET_FD), 0);
	long other = kcmp(getpid(), pid, KCMP_FILE, rd, TARGET_FD);
	CHECK(other == 1 || other == 2, "kcmp orders two other files");
	CHECK_EQ(kcmp(getpid(), getpid(), KCMP_VM, 0, 0), 0);
	long vm = kcmp(getpid(), pid, KCMP_VM, 0, 0);
	CHECK(vm == 1 || vm == 2, "fork made another address space");
	CHECK_ERR(kcmp(getpid(), pid, KCMP_FILE, fd, 111), EBADF);
	CHECK_ERR(kcmp(getpid(), pid, 99, 0, 0), EINVAL);
	CHECK_EQ(write(fd, "hi", 2), 2);
	char buf[4];
	CHECK_EQ(read(rd, buf, 2), 2);
	CHECK(buf[0] == 'h' && buf[1] == 'i', "the copy is the child's pipe");
	close(fd);
	CHECK_ERR(pidfd_getfd(pidfd, TARGET_FD, 1), EINVAL);
	CHECK_ERR(pidfd_getfd(1000, TARGET_FD, 0), EBADF);
	CHECK_ERR(pidfd_getfd(rd, TARGET_FD, 0), EBADF);
	CHECK_ERR(pidfd_getfd(pidfd, -1, 0), EBADF);
	CHECK_ERR(pidfd_getfd(pidfd, 111, 0), EBADF);
	if (getuid() == 0)
		CHECK_EQ(try_as_nobody(pidfd), 0);      /* same real uid, dumpable */
	close(go);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_ERR(pidfd_getfd(pidfd, TARGET_FD, 0), ESRCH);
	close(pidfd);
	close(rd);

	pid = spawn(&rd, &go, true);
	pidfd = pidfd_open(pid, 0);
	if (getuid() == 0) {
		CHECK_EQ(try_as_nobody(pidfd), EPERM);  /* not dumpable, no CAP_SYS_PTRACE */
		fd = pidfd_getfd(pidfd, TARGET_FD, 0);  /* root has it */
		CHECK(fd >= 0, "root takes an undumpable process's fd");
		close(fd);
	} else {
		CHECK_ERR(pidfd_getfd(pidfd, TARGET_FD, 0), EPERM);
	}
	close(go);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	close(pidfd);
	close(rd);
	return t_done();
}
