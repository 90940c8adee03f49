/*
 * pidfd_clone: CLONE_PIDFD.  Legacy clone stores the new pidfd through its
 * parent_tid argument, clone3 through args.pidfd (and with it
 * CLONE_PARENT_SETTID may write the tid to a different place); the fd is
 * the lowest free one and has FD_CLOEXEC.  waitid(P_PIDFD) on it reaps the
 * child.  A pidfd pointer that cannot be written (unmapped or read-only)
 * makes the whole call fail with EFAULT: no child exists afterwards and no
 * fd was used.
 */
#include "t.h"
#include "t_signal.h"
#include "t_clone.h"
#include <sys/mman.h>
#include <sys/wait.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

static int lowest_free_fd(void)
{
	int fd = dup(0);
	if (fd >= 0)
		close(fd);
	return fd;
}

static void reap_by_pidfd(int pidfd, long pid, int code)
{
	siginfo_t si;
	memset(&si, 0, sizeof si);
	CHECK_OK(waitid(P_PIDFD, pidfd, &si, WEXITED));
	CHECK(si.si_pid == pid, "waitid(P_PIDFD) reaped someone else");
	CHECK_EQ(si.si_code, CLD_EXITED);
	CHECK_EQ(si.si_status, code);
}

static int exit_5(void *arg) { (void)arg; return 5; }

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int st;

	t_log("legacy clone: the pidfd arrives in *parent_tid, lowest fd, FD_CLOEXEC");
	int want = lowest_free_fd();
	int pidfd = -1;
	void *top = NULL, *stk = tc_stack(64 * 1024, &top);
	long pid = tc_clone_run(CLONE_PIDFD | SIGCHLD, top, &pidfd, NULL, 0, exit_5, NULL);
	CHECK(pid > 0, "clone: %ld", pid);
	CHECK_EQ(pidfd, want);
	CHECK_EQ(fcntl(pidfd, F_GETFD), FD_CLOEXEC);
	reap_by_pidfd(pidfd, pid, 5);
	CHECK_ERR(waitpid(pid, &st, WNOHANG), ECHILD);
	CHECK_OK(close(pidfd));

	t_log("clone3: args.pidfd, and CLONE_PARENT_SETTID to another place");
	int pfd = -1, ptid = 0;
	struct tc_clone_args ca = { .flags = CLONE_PIDFD | CLONE_PARENT_SETTID,
				    .pidfd = (uintptr_t)&pfd, .parent_tid = (uintptr_t)&ptid,
				    .exit_signal = SIGCHLD };
	pid = tc_clone3_run(&ca, TC_ARGS_VER0, exit_5, NULL);
	CHECK(pid > 0, "clone3: %ld", pid);
	CHECK_EQ(pfd, want);
	CHECK_EQ(ptid, pid);
	CHECK_EQ(fcntl(pfd, F_GETFD), FD_CLOEXEC);
	reap_by_pidfd(pfd, pid, 5);
	CHECK_OK(close(pfd));

	t_log("a pointer that cannot be written: EFAULT, no child, no fd");
	char *ro = mmap(NULL, 2 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED, "mmap");
	CHECK_OK(munmap(ro + 4096, 4096));
	void *bad[] = { ro, ro + 4096 };
	for (int i = 0; i < 2; i++) {
		CHECK_EQ(tc_clone_probe(CLONE_PIDFD | SIGCHLD, bad[i], NULL, 0), -EFAULT);
		CHECK_ERR(wait4(-1, &st, WNOHANG | __WALL, NULL), ECHILD);
		CHECK_EQ(lowest_free_fd(), want);
		ca = (struct tc_clone_args){ .flags = CLONE_PIDFD, .pidfd = (uintptr_t)bad[i],
					     .exit_signal = SIGCHLD };
		CHECK_EQ(tc_clone3_probe(&ca, TC_ARGS_VER0), -EFAULT);
		CHECK_ERR(wait4(-1, &st, WNOHANG | __WALL, NULL), ECHILD);
		CHECK_EQ(lowest_free_fd(), want);
	}
	munmap(ro, 4096);
	munmap(stk, 64 * 1024);
	return t_done();
}
