/*
 * pidfd_send_signal_procfd: pidfd_send_signal takes, besides a pidfd, an
 * open /proc/PID directory (the older way to hold on to a process), as
 * Linux's pidfd_to_pid; a thread's /proc/PID/task/TID directory or any
 * other file is EBADF.  LTP's pidfd_send_signal01-02 signal through
 * open("/proc/self").
 */
#include "t.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static long send(int fd, int sig)
{
	return syscall(424, fd, sig, NULL, 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int self = open("/proc/self", O_DIRECTORY | O_RDONLY);
	CHECK(self >= 0, "open /proc/self: errno %d", errno);
	CHECK_OK(send(self, 0));
	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%ld", (long)syscall(SYS_gettid));
	int task = open(path, O_DIRECTORY | O_RDONLY);
	CHECK(task >= 0, "open %s: errno %d", path, errno);
	CHECK_ERR(send(task, 0), EBADF);
	int status_fd = open("/proc/self/status", O_RDONLY);
	CHECK_ERR(send(status_fd, 0), EBADF);
	int fdinfo = open("/proc/self/fd", O_DIRECTORY | O_RDONLY);
	CHECK_ERR(send(fdinfo, 0), EBADF);
	close(self);
	close(task);
	close(status_fd);
	close(fdinfo);

	pid_t pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	snprintf(path, sizeof path, "/proc/%d", (int)pid);
	int fd = open(path, O_DIRECTORY | O_RDONLY);
	CHECK(fd >= 0, "open %s: errno %d", path, errno);
	CHECK_OK(send(fd, SIGTERM));
	int status;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "status %#x", status);
	CHECK_ERR(send(fd, SIGTERM), ESRCH);            /* reaped */
	close(fd);
	return t_done();
}
