/*
 * ns_flags_privilege: the namespace flags as Linux checks them, where
 * every kernel answers the same whichever namespaces it was built with.
 * A process that is not root (after setuid(65534)) gets EPERM for each of
 * CLONE_NEWNS, NEWUTS, NEWIPC, NEWPID, NEWNET and NEWCGROUP through clone,
 * clone3 and unshare, and for CLONE_NEWTIME through clone3 and unshare:
 * the capability check comes before any question of support, and before
 * the CLONE_NEWIPC|CLONE_SYSVSEM rule.  (CLONE_NEWUSER is left out: Linux
 * lets anyone make a user namespace.)  For root, CLONE_NEWIPC with
 * CLONE_SYSVSEM is EINVAL, and CLONE_NEWCGROUP is accepted by clone, clone3
 * and unshare.
 */
#include "t.h"
#include "t_signal.h"
#include "t_clone.h"
#include <sys/wait.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x80
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif

static const struct { unsigned long flag; const char *name; } ns[] = {
	{ CLONE_NEWNS, "CLONE_NEWNS" }, { CLONE_NEWUTS, "CLONE_NEWUTS" },
	{ CLONE_NEWIPC, "CLONE_NEWIPC" }, { CLONE_NEWPID, "CLONE_NEWPID" },
	{ CLONE_NEWNET, "CLONE_NEWNET" }, { CLONE_NEWCGROUP, "CLONE_NEWCGROUP" },
	{ CLONE_NEWTIME, "CLONE_NEWTIME" },
};
#define NNS (sizeof ns / sizeof ns[0])

struct result { long clone_r[NNS], clone3_r[NNS], unshare_r[NNS], ipc_sysvsem; };

static void unprivileged(struct result *res)
{
	for (unsigned i = 0; i < NNS; i++) {
		if (ns[i].flag != CLONE_NEWTIME)     /* in legacy clone 0x80 is the exit signal */
			res->clone_r[i] = tc_clone_probe(ns[i].flag | SIGCHLD, NULL, NULL, 0);
		struct tc_clone_args ca = { .flags = ns[i].flag, .exit_signal = SIGCHLD };
		res->clone3_r[i] = tc_clone3_probe(&ca, TC_ARGS_VER0);
		res->unshare_r[i] = tc_sys1(SYS_unshare, ns[i].flag);
	}
	res->ipc_sysvsem = tc_clone_probe(CLONE_NEWIPC | CLONE_SYSVSEM | SIGCHLD, NULL, NULL, 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct result *res = tc_shared_page();
	CHECK(res != NULL, "mmap");
	int st;

	t_log("not root: EPERM for every namespace flag");
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(1);
		unprivileged(res);
		_exit(0);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(st, 0);
	for (unsigned i = 0; i < NNS; i++) {
		if (ns[i].flag != CLONE_NEWTIME)
			CHECK(res->clone_r[i] == -EPERM, "clone(%s) = %ld", ns[i].name, res->clone_r[i]);
		CHECK(res->clone3_r[i] == -EPERM, "clone3(%s) = %ld", ns[i].name, res->clone3_r[i]);
		CHECK(res->unshare_r[i] == -EPERM, "unshare(%s) = %ld", ns[i].name, res->unshare_r[i]);
	}
	CHECK(res->ipc_sysvsem == -EPERM, "clone(CLONE_NEWIPC|CLONE_SYSVSEM) = %ld", res->ipc_sysvsem);
	CHECK_ERR(wait4(-1, &st, WNOHANG | __WALL, NULL), ECHILD);

	t_log("root: CLONE_NEWIPC|CLONE_SYSVSEM is EINVAL");
	CHECK_EQ(tc_clone_probe(CLONE_NEWIPC | CLONE_SYSVSEM | SIGCHLD, NULL, NULL, 0), -EINVAL);
	struct tc_clone_args ca = { .flags = CLONE_NEWIPC | CLONE_SYSVSEM, .exit_signal = SIGCHLD };
	CHECK_EQ(tc_clone3_probe(&ca, TC_ARGS_VER0), -EINVAL);
	CHECK_ERR(wait4(-1, &st, WNOHANG | __WALL, NULL), ECHILD);

	t_log("root: CLONE_NEWCGROUP is accepted");
	long c = tc_clone_probe(CLONE_NEWCGROUP | SIGCHLD, NULL, NULL, 0);
	CHECK(c > 0, "clone(CLONE_NEWCGROUP) = %ld", c);
	CHECK_EQ(tc_reap(c), 0);
	ca = (struct tc_clone_args){ .flags = CLONE_NEWCGROUP, .exit_signal = SIGCHLD };
	c = tc_clone3_probe(&ca, TC_ARGS_VER0);
	CHECK(c > 0, "clone3(CLONE_NEWCGROUP) = %ld", c);
	CHECK_EQ(tc_reap(c), 0);
	pid = fork();
	if (pid == 0)
		_exit(unshare(CLONE_NEWCGROUP) == 0 ? 0 : 1);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(st, 0);
	munmap(res, 4096);
	return t_done();
}
