/*
 * clone3_into_cgroup: the checks of CLONE_INTO_CGROUP that every kernel
 * makes before it looks at cgroups at all: a cgroup fd above INT_MAX is
 * EINVAL, and so is the flag in a struct shorter than 88 bytes (the
 * version that has the cgroup field).  Neither creates a child.  (What a
 * valid fd then does depends on whether the kernel has cgroups.)
 */
#include "t.h"
#include "t_clone.h"

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int st;
	struct tc_clone_args ca = { .flags = CLONE_INTO_CGROUP, .exit_signal = SIGCHLD,
				    .cgroup = 0x80000000ULL };
	t_log("cgroup above INT_MAX: EINVAL");
	CHECK_EQ(tc_clone3_probe(&ca, TC_ARGS_VER2), -EINVAL);
	ca.cgroup = ~0ULL;
	CHECK_EQ(tc_clone3_probe(&ca, TC_ARGS_VER2), -EINVAL);
	t_log("a struct without the cgroup field: EINVAL");
	ca.cgroup = 0;
	CHECK_EQ(tc_clone3_probe(&ca, TC_ARGS_VER1), -EINVAL);
	CHECK_EQ(tc_clone3_probe(&ca, TC_ARGS_VER0), -EINVAL);
	CHECK_ERR(wait4(-1, &st, WNOHANG | __WALL, NULL), ECHILD);
	return t_done();
}
