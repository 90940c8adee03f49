/*
 * pidfd_send_signal_procfd: pidfd_send_signal also takes the fd of a
 * /proc/PID directory as the process it names (Linux's
 * tgid_pidfd_to_pid): signal 0 to /proc/self succeeds, SIGKILL through
 * a child's /proc/PID kills it; a thread's /proc/PID/task/TID directory
 * and a file under /proc/PID are EBADF.
 */
#include "t.h"
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static long send_sig(int fd, int sig) { return syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0); }

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int self = open("/proc/self", O_DIRECTORY | O_CLOEXEC);
	CHECK(self >= 0, "open /proc/self");
	CHECK_OK(send_sig(self, 0));
	int status = openat(self, "status", O_RDONLY);
	CHECK_ERR(send_sig(status, 0), EBADF);
	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%d", (int)getpid());
	int task = open(path, O_DIRECTORY);
	CHECK_ERR(send_sig(task, 0), EBADF);
	close(status);
	close(task);
	close(self);
	int hold[2];
	CHECK_OK(pipe(hold));
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(hold[1]);
		read(hold[0], &c, 1);
		_exit(0);
	}
	snprintf(path, sizeof path, "/proc/%d", (int)pid);
	int fd = open(path, O_DIRECTORY);
	CHECK_OK(send_sig(fd, SIGKILL));
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "the child died of SIGKILL");
	close(fd);
	close(hold[0]);
	close(hold[1]);
	return t_done();
}
