/*
 * pidfd_send_signal_procfd: pidfd_send_signal takes an fd of a /proc/PID
 * directory as a pidfd (as Linux does), and a pidfd never comes to mean
 * another process.  Through /proc/self the caller signals itself (the
 * handler runs, with si_code SI_USER or the caller's own SI_QUEUE
 * siginfo); through /proc/CHILD a child is killed; once it is reaped the
 * fd gives ESRCH.  A thread's /proc/PID/task/TID, a /proc file and a
 * regular file are EBADF.  In a new pid namespace (where nobody else
 * forks), a child's number freed by its reaping is taken again by the
 * next child (ns_last_pid set back), while a pidfd for the first one
 * is still open: signalling through that pidfd is ESRCH and leaves the
 * new child alone.
 */
#include "t.h"
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static volatile int got, got_code, got_value;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got = sig;
	got_code = si->si_code;
	got_value = si->si_value.sival_int;
}

static long send(int fd, int sig, siginfo_t *info)
{
	return syscall(424, fd, sig, info, 0);
}

/* pid 1 of a new pid namespace: 0 when the pidfd of a reaped child could
 * not reach the child that took its number. */
static int reuse_init(void)
{
	pid_t a = fork();
	if (a == 0) {
		pause();
		_exit(0);
	}
	int fd = (int)syscall(434, a, 0);
	if (a != 2 || fd < 0 || send(fd, SIGKILL, NULL) != 0 || waitpid(a, NULL, 0) != a)
		return 1;
	int sys = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);
	if (sys < 0 || write(sys, "1", 1) != 1)
		return 2;
	close(sys);
	pid_t b = fork();
	if (b == 0) {
		pause();
		_exit(0);
	}
	if (b != a)
		return 3;
	errno = 0;
	if (send(fd, SIGKILL, NULL) != -1 || errno != ESRCH)
		return 4;
	int st;
	if (waitpid(b, &st, WNOHANG) != 0)
		return 5;               /* b must still be alive */
	kill(b, SIGKILL);
	if (waitpid(b, &st, 0) != b || !WIFSIGNALED(st))
		return 6;
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct sigaction sa = { 0 };
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));

	int self = open("/proc/self", O_DIRECTORY | O_CLOEXEC);
	CHECK(self >= 0, "open /proc/self: %s", strerror(errno));
	CHECK_OK(send(self, SIGUSR1, NULL));
	CHECK_EQ(got, SIGUSR1);
	CHECK_EQ(got_code, SI_USER);
	siginfo_t info = { 0 };
	info.si_signo = SIGUSR1;
	info.si_code = SI_QUEUE;
	info.si_value.sival_int = 42;
	got = 0;
	CHECK_OK(send(self, SIGUSR1, &info));
	CHECK_EQ(got, SIGUSR1);
	CHECK_EQ(got_code, SI_QUEUE);
	CHECK_EQ(got_value, 42);
	CHECK_ERR(send(self, SIGUSR2, &info), EINVAL);

	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%ld", (long)syscall(SYS_gettid));
	int task = open(path, O_DIRECTORY | O_CLOEXEC);
	CHECK(task >= 0, "open %s: %s", path, strerror(errno));
	CHECK_ERR(send(task, SIGUSR1, NULL), EBADF);
	int status = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	CHECK_ERR(send(status, SIGUSR1, NULL), EBADF);
	int proc = open("/proc", O_DIRECTORY | O_CLOEXEC);
	CHECK_ERR(send(proc, SIGUSR1, NULL), EBADF);
	close(task);
	close(status);
	close(proc);
	close(self);

	pid_t c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	snprintf(path, sizeof path, "/proc/%d", (int)c);
	int cfd = open(path, O_DIRECTORY | O_CLOEXEC);
	CHECK(cfd >= 0, "open /proc/CHILD: %s", strerror(errno));
	CHECK_OK(send(cfd, SIGKILL, NULL));
	int st = 0;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "child status %#x", st);
	CHECK_ERR(send(cfd, SIGUSR1, NULL), ESRCH);
	close(cfd);

	c = fork();
	if (c == 0) {
		if (unshare(CLONE_NEWPID))
			_exit(10);
		pid_t init = fork();
		if (init == 0)
			_exit(reuse_init());
		if (waitpid(init, &st, 0) != init || !WIFEXITED(st))
			_exit(11);
		_exit(WEXITSTATUS(st));
	}
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "number reuse in a new pid namespace: status %#x", st);
	return t_done();
}
