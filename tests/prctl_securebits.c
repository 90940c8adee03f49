/*
 * prctl_securebits - PR_GET_SECUREBITS and PR_SET_SECUREBITS, as Linux's
 * cap_task_prctl: root starts with none; unknown bits, undoing a lock and
 * a caller without CAP_SETPCAP are EPERM; a set value is read back and
 * inherited by a forked child.  Runs in a child, so the runner keeps its
 * own bits and capabilities.
 */
#include "t.h"
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

/* Linux's capability ABI (musl has no <linux/capability.h>). */
#define _LINUX_CAPABILITY_VERSION_3 0x20080522
#define CAP_SETPCAP 8
struct __user_cap_header_struct { unsigned version; int pid; };
struct __user_cap_data_struct { unsigned effective, permitted, inheritable; };

#define SECBIT_KEEP_CAPS 0x10
#define SECBIT_KEEP_CAPS_LOCKED 0x20

static int child(void)
{
	CHECK_EQ(prctl(PR_GET_SECUREBITS, 0, 0, 0, 0), 0);
	CHECK_ERR(prctl(PR_SET_SECUREBITS, 1UL << 20, 0, 0, 0), EPERM);
	CHECK_OK(prctl(PR_SET_SECUREBITS, SECBIT_KEEP_CAPS | SECBIT_KEEP_CAPS_LOCKED, 0, 0, 0));
	CHECK_EQ(prctl(PR_GET_SECUREBITS, 0, 0, 0, 0), SECBIT_KEEP_CAPS | SECBIT_KEEP_CAPS_LOCKED);
	/* KEEP_CAPS is locked now: clearing it, or the lock, is refused. */
	CHECK_ERR(prctl(PR_SET_SECUREBITS, SECBIT_KEEP_CAPS_LOCKED, 0, 0, 0), EPERM);
	CHECK_ERR(prctl(PR_SET_SECUREBITS, SECBIT_KEEP_CAPS, 0, 0, 0), EPERM);
	pid_t pid = fork();
	if (pid == 0)
		_exit(prctl(PR_GET_SECUREBITS, 0, 0, 0, 0) == (SECBIT_KEEP_CAPS | SECBIT_KEEP_CAPS_LOCKED) ? 0 : 1);
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the forked child has other securebits (status %#x)", st);
	/* Without CAP_SETPCAP in the effective set, even an unchanged value is EPERM. */
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	CHECK_OK(syscall(SYS_capget, &h, d));
	d[0].effective &= ~(1u << CAP_SETPCAP);
	CHECK_OK(syscall(SYS_capset, &h, d));
	CHECK_ERR(prctl(PR_SET_SECUREBITS, SECBIT_KEEP_CAPS | SECBIT_KEEP_CAPS_LOCKED, 0, 0, 0), EPERM);
	return t_done();
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	if (geteuid() != 0)
		return t_skip("needs root (CAP_SETPCAP)");
	pid_t pid = fork();
	if (pid == 0)
		_exit(child());
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the checks in the child failed (status %#x)", st);
	return t_done();
}
