/*
 * clone3_set_tid: choosing the new process's pid with clone3's set_tid
 * (innermost namespace first).  Tried where the pids are ours alone: in
 * fresh pid namespaces.  Inside a namespace, set_tid {50} gives a child
 * whose getpid() is 50; a pid in use (1, or 50 again while its zombie
 * exists) is EEXIST; more entries than namespace levels is EINVAL.  For
 * a CLONE_NEWPID child the first entry must be 1 (the new namespace has
 * no init yet: anything else is EINVAL), and a second entry picks its pid
 * one level up.  0, a negative pid or one at or above pid_max (32768) is
 * EINVAL; an unreadable array EFAULT; a caller that is not root gets
 * EPERM.  A rejected clone3 creates no child.
 */
#include "t.h"
#include "t_signal.h"
#include "t_clone.h"
#include <sys/wait.h>

static long with_tids(unsigned long flags, const int *tids, int n)
{
	struct tc_clone_args ca = { .flags = flags, .exit_signal = SIGCHLD,
				    .set_tid = (uintptr_t)tids, .set_tid_size = (uint64_t)n };
	return tc_clone3_probe(&ca, TC_ARGS_VER2);
}

static int report_getpid(void *arg)
{
	(void)arg;
	return (int)getpid() & 0xff;
}

/* pid 1 of a namespace (level 1 as far as we are concerned). */
static int ns_init(void *arg)
{
	(void)arg;
	int bad = 0, st;
	int fifty[] = { 50 };
	struct tc_clone_args ca = { .exit_signal = SIGCHLD, .set_tid = (uintptr_t)fifty,
				    .set_tid_size = 1 };
	long c = tc_clone3_run(&ca, TC_ARGS_VER2, report_getpid, NULL);
	if (c != 50)
		bad |= 1;
	siginfo_t si;
	waitid(P_PID, 50, &si, WEXITED | WNOWAIT);
	if (with_tids(0, fifty, 1) != -EEXIST)          /* its zombie holds 50 */
		bad |= 2;
	if (waitpid(50, &st, 0) != 50 || !WIFEXITED(st) || WEXITSTATUS(st) != 50)
		bad |= 1;
	int one[] = { 1 };
	if (with_tids(0, one, 1) != -EEXIST)
		bad |= 2;
	int three[] = { 51, 52, 53 };
	if (with_tids(0, three, 3) != -EINVAL)
		bad |= 4;
	/* a nested namespace: {1, 70} is pid 1 there and 70 here */
	int two[] = { 1, 70 };
	ca = (struct tc_clone_args){ .flags = CLONE_NEWPID, .exit_signal = SIGCHLD,
				     .set_tid = (uintptr_t)two, .set_tid_size = 2 };
	c = tc_clone3_run(&ca, TC_ARGS_VER2, report_getpid, NULL);
	if (c != 70 || waitpid(70, &st, 0) != 70 || !WIFEXITED(st) || WEXITSTATUS(st) != 1)
		bad |= 8;
	int no_init[] = { 2, 71 };
	if (with_tids(CLONE_NEWPID, no_init, 2) != -EINVAL)
		bad |= 16;
	if (wait4(-1, &st, WNOHANG | __WALL, NULL) != -1)
		bad |= 32;
	return bad;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int st;

	t_log("inside a namespace: a chosen pid, EEXIST, too many levels, nesting");
	int one[] = { 1 };
	struct tc_clone_args ca = { .flags = CLONE_NEWPID, .exit_signal = SIGCHLD,
				    .set_tid = (uintptr_t)one, .set_tid_size = 1 };
	long pid = tc_clone3_run(&ca, TC_ARGS_VER2, ns_init, NULL);
	CHECK(pid > 1, "clone3(CLONE_NEWPID, set_tid {1}) = %ld", pid);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st), "status %#x", st);
	int bad = WEXITSTATUS(st);
	CHECK(!(bad & 1), "set_tid {50} did not give pid 50");
	CHECK(!(bad & 2), "a pid in use is not EEXIST");
	CHECK(!(bad & 4), "more set_tid entries than levels is not EINVAL");
	CHECK(!(bad & 8), "set_tid {1, 70} with CLONE_NEWPID");
	CHECK(!(bad & 16), "CLONE_NEWPID with set_tid {2, ..} is not EINVAL");
	CHECK(!(bad & 32), "a rejected clone3 left a child");

	t_log("EINVAL: a new namespace's first pid other than 1, bad numbers, too many levels");
	int two[] = { 2 };
	CHECK_EQ(with_tids(CLONE_NEWPID, two, 1), -EINVAL);
	int zero[] = { 0 }, neg[] = { -1 }, big[] = { 32768 };
	CHECK_EQ(with_tids(CLONE_NEWPID, zero, 1), -EINVAL);
	CHECK_EQ(with_tids(CLONE_NEWPID, neg, 1), -EINVAL);
	CHECK_EQ(with_tids(CLONE_NEWPID, big, 1), -EINVAL);
	CHECK_EQ(with_tids(0, zero, 1), -EINVAL);
	CHECK_EQ(with_tids(0, big, 1), -EINVAL);
	int deep[] = { 1, 1, 1 };
	CHECK_EQ(with_tids(CLONE_NEWPID, deep, 3), -EINVAL);
	CHECK_ERR(wait4(-1, &st, WNOHANG | __WALL, NULL), ECHILD);

	t_log("EFAULT: an unreadable set_tid array");
	CHECK_EQ(with_tids(0, (int *)8, 1), -EFAULT);

	t_log("EPERM: not root");
	pid = fork();
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(100);
		_exit(with_tids(0, one, 1) == -EPERM ? 0 : 1);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(st, 0);
	return t_done();
}
