/*
 * pidfd_open_signal: pidfd_open (434), pidfd_send_signal (424) and
 * waitid(P_PIDFD).  pidfd_open gives an FD_CLOEXEC fd for a live process
 * or a zombie; unknown flags or a pid <= 0 are EINVAL, no such process
 * ESRCH, a thread that is not a group leader ENOENT.  pidfd_send_signal
 * delivers like kill (SI_USER, the sender's pid); signal 0 only checks;
 * unknown flags, a bad signal, or a siginfo whose si_signo differs are
 * EINVAL; an fd that is not a pidfd EBADF; a zombie takes the signal
 * (0), a process that has been reaped is ESRCH.  waitid(P_PIDFD) reaps that child only; for a process that is not
 * our child it is ECHILD; with a PIDFD_NONBLOCK pidfd and a running child
 * it is EAGAIN; a bad fd is EBADF.
 */
#include "t.h"
#include "t_signal.h"
#include "t_thread.h"
#include <sys/wait.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif
#define PIDFD_NONBLOCK O_NONBLOCK

static long pidfd_open(long pid, long flags) { return syscall(434, pid, flags); }
static long pidfd_send_signal(long fd, long sig, siginfo_t *info, long flags)
{
	return syscall(424, fd, sig, info, flags);
}

static int report[2];
static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	int v[2] = { si->si_code, si->si_pid };
	(void)sig;
	write(report[1], v, sizeof v);
}

static volatile int stop;
static int sleeper(void *arg)
{
	(void)arg;
	while (!t_atomic_load(&stop))
		t_futex_wait(&stop, 0, 0);
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK_OK(pipe(report));
	int st;

	t_log("pidfd_open: a live child, FD_CLOEXEC; errors");
	pid_t pid = fork();
	if (pid == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_sigaction = on_usr1;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGUSR1, &sa, NULL);
		write(report[1], "r", 1);
		for (;;)
			pause();
	}
	char c;
	CHECK_EQ(read(report[0], &c, 1), 1);
	int fd = pidfd_open(pid, 0);
	CHECK(fd >= 0, "pidfd_open: %s", strerror(errno));
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_ERR(pidfd_open(pid, 1), EINVAL);
	CHECK_ERR(pidfd_open(pid, O_CLOEXEC), EINVAL);
	CHECK_ERR(pidfd_open(0, 0), EINVAL);
	CHECK_ERR(pidfd_open(-1, 0), EINVAL);
	CHECK_ERR(pidfd_open(0x7fffffff, 0), ESRCH);
	struct t_thread th;
	long tid = t_thread_start(&th, sleeper, NULL);
	CHECK(tid > 0, "thread");
	CHECK_ERR(pidfd_open(tid, 0), ENOENT);
	t_atomic_store(&stop, 1);
	t_futex_wake(&stop, 1, 0);
	t_thread_join(&th);

	t_log("pidfd_send_signal: delivered as by kill; signal 0; errors");
	int v[2] = { 0, 0 };
	CHECK_OK(pidfd_send_signal(fd, SIGUSR1, NULL, 0));
	CHECK_EQ(read(report[0], v, sizeof v), (ssize_t)sizeof v);
	CHECK_EQ(v[0], SI_USER);
	CHECK(v[1] == getpid(), "si_pid is not the sender's");
	CHECK_OK(pidfd_send_signal(fd, 0, NULL, 0));
	CHECK_ERR(pidfd_send_signal(fd, SIGUSR1, NULL, 0x10), EINVAL);
	CHECK_ERR(pidfd_send_signal(fd, 65, NULL, 0), EINVAL);
	CHECK_ERR(pidfd_send_signal(fd, -1, NULL, 0), EINVAL);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	si.si_signo = SIGUSR2;
	si.si_code = SI_QUEUE;
	CHECK_ERR(pidfd_send_signal(fd, SIGUSR1, &si, 0), EINVAL);
	CHECK_ERR(pidfd_send_signal(report[0], SIGUSR1, NULL, 0), EBADF);
	CHECK_ERR(pidfd_send_signal(-1, SIGUSR1, NULL, 0), EBADF);
	CHECK_ERR(pidfd_send_signal(1000, SIGUSR1, NULL, 0), EBADF);

	t_log("waitid(P_PIDFD): EAGAIN with PIDFD_NONBLOCK, ECHILD for a non-child, EBADF");
	int nfd = pidfd_open(pid, PIDFD_NONBLOCK);
	CHECK(nfd >= 0, "pidfd_open(PIDFD_NONBLOCK)");
	CHECK_ERR(waitid(P_PIDFD, nfd, &si, WEXITED), EAGAIN);
	memset(&si, 0xff, sizeof si);
	CHECK_OK(waitid(P_PIDFD, fd, &si, WEXITED | WNOHANG));
	CHECK_EQ(si.si_pid, 0);
	int self = pidfd_open(getpid(), 0);
	CHECK(self >= 0, "pidfd_open(getpid())");
	CHECK_ERR(waitid(P_PIDFD, self, &si, WEXITED | WNOHANG), ECHILD);
	CHECK_ERR(waitid(P_PIDFD, report[0], &si, WEXITED), EBADF);
	CHECK_ERR(waitid(P_PIDFD, -1, &si, WEXITED), EINVAL);
	CHECK_ERR(waitid(P_PIDFD, 1000, &si, WEXITED), EBADF);

	t_log("a zombie: pidfd_open works; reaped: ESRCH");
	CHECK_OK(pidfd_send_signal(fd, SIGKILL, NULL, 0));
	CHECK_OK(waitid(P_PIDFD, fd, &si, WEXITED | WNOWAIT));
	CHECK_OK(pidfd_send_signal(fd, SIGUSR1, NULL, 0));
	CHECK_OK(pidfd_send_signal(fd, 0, NULL, 0));
	int zfd = pidfd_open(pid, 0);
	CHECK(zfd >= 0, "pidfd_open of a zombie: %s", strerror(errno));
	memset(&si, 0, sizeof si);
	CHECK_OK(waitid(P_PIDFD, zfd, &si, WEXITED));
	CHECK(si.si_pid == pid, "waitid(P_PIDFD) reaped someone else");
	CHECK_EQ(si.si_code, CLD_KILLED);
	CHECK_EQ(si.si_status, SIGKILL);
	CHECK_ERR(pidfd_send_signal(fd, SIGUSR1, NULL, 0), ESRCH);
	CHECK_ERR(pidfd_send_signal(fd, 0, NULL, 0), ESRCH);
	CHECK_ERR(pidfd_open(pid, 0), ESRCH);
	CHECK_ERR(waitid(P_PIDFD, fd, &si, WEXITED | WNOHANG), ECHILD);
	CHECK_ERR(waitpid(pid, &st, WNOHANG), ECHILD);
	close(fd);
	close(nfd);
	close(zfd);
	close(self);
	return t_done();
}
