/*
 * wait_reaps_before_signal: a child's exit both makes a zombie and sends
 * SIGCHLD; a waitpid asleep for it reaps the zombie and returns its pid,
 * the handler running after (Linux's do_wait scans again before it looks
 * at signals).  A signal with no child to reap still interrupts: EINTR.
 * LTP's clone301 waits this way with a handler without SA_RESTART.
 */
#include "t.h"
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>

static volatile sig_atomic_t got;

static void handler(int sig)
{
	got = sig;
}

/* Waits until process pid sleeps ('S' in /proc/pid/stat). */
static void wait_sleeping(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	for (;;) {
		int fd = open(path, O_RDONLY);
		ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
		if (fd >= 0)
			close(fd);
		if (n <= 0)
			_exit(2);
		buf[n] = 0;
		char *p = strrchr(buf, ')');
		if (p && p[1] == ' ' && p[2] == 'S')
			return;
		sched_yield();
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct sigaction sa = { .sa_handler = handler };        /* no SA_RESTART */
	CHECK_OK(sigaction(SIGCHLD, &sa, NULL));
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	pid_t parent = getpid();

	/* the child exits while we sleep in waitpid: its pid, not EINTR */
	pid_t pid = fork();
	if (pid == 0) {
		wait_sleeping(parent);
		_exit(7);
	}
	int status = 0;
	errno = 0;
	pid_t r = waitpid(pid, &status, __WALL);
	CHECK(r == pid, "waitpid returned %d errno %d, expected the child", (int)r, errno);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7, "status %#x", status);
	CHECK_EQ(got, SIGCHLD);

	/* a signal and no zombie: EINTR */
	got = 0;
	pid = fork();
	if (pid == 0) {
		wait_sleeping(parent);
		kill(parent, SIGUSR1);
		pause();
		_exit(0);
	}
	CHECK_ERR(waitpid(pid, &status, 0), EINTR);
	CHECK_EQ(got, SIGUSR1);
	kill(pid, SIGKILL);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "status %#x", status);
	return t_done();
}
