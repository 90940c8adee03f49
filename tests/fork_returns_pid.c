/*
 * fork_returns_pid: fork() (musl's wrapper, the raw fork syscall 57 and the
 * raw clone(SIGCHLD) with newsp 0) returns the child's pid in the parent
 * and 0 in the child; the child's getpid() equals that pid, its getppid()
 * is the parent's getpid(), gettid() == getpid() in the child, and wait
 * returns the same pid with the child's exit status.
 */
#include "t.h"
#include "t_clone.h"
#include <stdint.h>

struct report {
	long ret;       /* what fork returned in the child */
	long pid;       /* getpid() */
	long ppid;      /* getppid() */
	long tid;       /* raw gettid() */
	long musl_tid;  /* musl's cached gettid() (only after musl's fork) */
};

static int read_full(int fd, void *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);
		if (r <= 0)
			return -1;
		got += r;
	}
	return 0;
}

/* how: 0 = musl fork(), 1 = raw SYS_fork, 2 = raw clone(SIGCHLD, 0, ...) */
static void one(int how, const char *what)
{
	int p[2];
	struct report rep;
	long me = getpid(), myparent = getppid();
	CHECK_OK(pipe(p));
	long pid;
	if (how == 0)
		pid = fork();
	else if (how == 1)
		pid = tc_sys0(SYS_fork);
	else
		pid = tc_sys6(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0);
	if (pid == 0) {
		rep.ret = pid;
		rep.pid = syscall(SYS_getpid);
		rep.ppid = syscall(SYS_getppid);
		rep.tid = syscall(SYS_gettid);
		rep.musl_tid = how == 0 ? gettid() : rep.tid;
		write(p[1], &rep, sizeof rep);
		_exit(33 + how);
	}
	CHECK(pid > 0, "%s returned %ld", what, pid);
	if (pid <= 0)
		return;
	close(p[1]);
	CHECK_EQ(read_full(p[0], &rep, sizeof rep), 0);
	close(p[0]);
	t_log("%s: checking the ids the child reported", what);
	CHECK_EQ(rep.ret, 0);
	CHECK(rep.pid == pid, "%s: child's getpid() differs from the pid returned to the parent", what);
	CHECK(rep.pid != me, "%s: child's getpid() equals the parent's", what);
	CHECK(rep.ppid == me, "%s: child's getppid() is not the parent's getpid()", what);
	CHECK(rep.tid == rep.pid, "%s: child's gettid() != getpid()", what);
	CHECK(rep.musl_tid == rep.pid, "%s: musl's cached tid in the child != getpid() "
	      "(set_tid_address must return the caller's tid)", what);
	CHECK(getpid() == me, "%s: parent's getpid() changed", what);
	CHECK(getppid() == myparent, "%s: parent's getppid() changed", what);
	int status = -1;
	long w = waitpid(pid, &status, 0);
	CHECK(w == pid, "%s: waitpid returned %ld, not the child's pid", what, w);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 33 + how,
	      "%s: status 0x%x, expected exit %d", what, status, 33 + how);
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	one(0, "fork()");
	one(1, "SYS_fork");
	one(2, "SYS_clone(SIGCHLD, newsp=0)");
	/* Three forks in a row give three distinct pids. */
	long pids[3];
	for (int i = 0; i < 3; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(0);
	}
	CHECK(pids[0] != pids[1] && pids[1] != pids[2] && pids[0] != pids[2],
	      "three live children share a pid");
	for (int i = 0; i < 3; i++)
		CHECK_EQ(waitpid(pids[i], NULL, 0), pids[i]);
	return t_done();
}
