/*
 * sigchld_autoreap: children that nobody has to wait for.  With SIGCHLD
 * set to SIG_IGN, exiting children vanish at once: a blocking wait4(-1)
 * returns ECHILD when the last one is gone (it does not hang), and
 * kill(pid, 0) says ESRCH.  With a handler and SA_NOCLDWAIT the same, and
 * the handler still runs.  SIG_DFL is not SIG_IGN: the child stays a
 * zombie until reaped.  Only children whose exit signal is SIGCHLD are
 * reaped this way: a clone child with exit signal 0 or SIGUSR1 stays a
 * zombie for __WCLONE.  A zombie that exists before SIGCHLD is set to
 * SIG_IGN stays reapable.
 */
#include "t.h"
#include "t_signal.h"
#include "t_clone.h"
#include <sys/wait.h>

static volatile int nchld;
static void on_chld(int sig) { (void)sig; nchld++; }

/* n children that exit when the write end of *gate is closed. */
static void gated_children(int n, pid_t *pids, int gate[2])
{
	CHECK_OK(pipe(gate));
	for (int i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			char c;
			close(gate[1]);
			read(gate[0], &c, 1);
			_exit(0);
		}
	}
	close(gate[0]);
}

static int gone(pid_t *pids, int n)
{
	for (int i = 0; i < n; i++)
		if (kill(pids[i], 0) == 0 || errno != ESRCH)
			return 0;
	return 1;
}

static int wait_forever(void *arg)
{
	int fd = (int)(long)arg;
	char c;
	tc_sys3(SYS_read, fd, &c, 1);
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	pid_t pids[3];
	int gate[2], st;

	t_log("SIG_IGN: a blocking wait4 ends with ECHILD, the children are gone");
	CHECK(signal(SIGCHLD, SIG_IGN) != SIG_ERR, "signal");
	gated_children(3, pids, gate);
	close(gate[1]);
	CHECK_ERR(wait4(-1, &st, 0, NULL), ECHILD);
	CHECK(gone(pids, 3), "a child is still there");

	t_log("SA_NOCLDWAIT with a handler: reaped, and the handler runs");
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_chld;
	sa.sa_flags = SA_NOCLDWAIT;
	CHECK_OK(sigaction(SIGCHLD, &sa, NULL));
	nchld = 0;
	gated_children(3, pids, gate);
	close(gate[1]);
	int r;
	do
		r = wait4(-1, &st, 0, NULL);
	while (r == -1 && errno == EINTR);
	CHECK_EQ(r, -1);
	CHECK_EQ(errno, ECHILD);
	CHECK(gone(pids, 3), "a child is still there");
	CHECK(nchld >= 1, "the SIGCHLD handler never ran");

	t_log("SIG_DFL: a zombie until reaped");
	CHECK(signal(SIGCHLD, SIG_DFL) != SIG_ERR, "signal");
	pid_t pid = fork();
	if (pid == 0)
		_exit(4);
	siginfo_t si;
	CHECK_OK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT));
	CHECK_OK(kill(pid, 0));

	t_log("a zombie from before SIG_IGN stays reapable");
	CHECK(signal(SIGCHLD, SIG_IGN) != SIG_ERR, "signal");
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 4, "status %#x", st);

	t_log("exit signal 0 or SIGUSR1: not auto-reaped, even under SIG_IGN");
	signal(SIGUSR1, SIG_IGN);
	int hold[2];
	CHECK_OK(pipe(hold));
	const int exit_sigs[] = { 0, SIGUSR1 };
	for (int i = 0; i < 2; i++) {
		void *top = NULL;
		void *stk = tc_stack(64 * 1024, &top);
		long c = tc_clone_run(exit_sigs[i], top, NULL, NULL, 0, wait_forever, (void *)(long)hold[0]);
		CHECK(c > 0, "clone: %ld", c);
		CHECK_EQ(write(hold[1], "x", 1), 1);
		CHECK_OK(waitid(P_PID, c, &si, WEXITED | WNOWAIT | __WCLONE));
		CHECK_OK(kill(c, 0));
		CHECK_EQ(waitpid(c, &st, __WCLONE), c);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %#x", st);
		munmap(stk, 64 * 1024);
	}
	close(hold[0]);
	close(hold[1]);
	signal(SIGCHLD, SIG_DFL);
	return t_done();
}
