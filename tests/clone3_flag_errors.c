/*
 * clone3_flag_errors: what clone3 rejects with EINVAL in its arguments:
 * exit_signal above 64 or with bits above the low byte; CLONE_DETACHED;
 * any CSIGNAL bit in flags (0x01-0x40; 0x80 is CLONE_NEWTIME and not
 * tested here); CLONE_SIGHAND with CLONE_CLEAR_SIGHAND; CLONE_THREAD or
 * CLONE_PARENT with a non-zero exit_signal; a stack without a size or a
 * size without a stack, or one that does not lie below TASK_SIZE_MAX;
 * unknown flag bits (1<<40, 1<<48, 1<<62, 1<<63); set_tid
 * without set_tid_size or the reverse, or more than 32 levels;
 * CLONE_INTO_CGROUP in a 64-byte struct; and the rules it shares with the
 * legacy clone.  Rejections create no child and come before EPERM (bad
 * tls).
 */
#include "t.h"
#include "t_clone.h"

static struct tc_clone_args ca;

static void reset(void)
{
	memset(&ca, 0, sizeof ca);
	ca.exit_signal = SIGCHLD;
}

static void expect_einval(unsigned long size, const char *what)
{
	long r = tc_clone3_probe(&ca, size);
	if (r > 0)
		tc_reap(r);
	CHECK(r == -EINVAL, "%s: clone3 returned %ld, expected -EINVAL", what, r);
	reset();
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char stack[256] __attribute__((aligned(16)));
	int tids[33] = { 0 };
	char name[64];

	t_log("exit_signal above 64 or with high bits");
	reset(); ca.exit_signal = 65;                      expect_einval(64, "exit_signal 65");
	reset(); ca.exit_signal = 255;                     expect_einval(64, "exit_signal 255");
	reset(); ca.exit_signal = 256;                     expect_einval(64, "exit_signal 256");
	reset(); ca.exit_signal = (1ull << 32) | SIGCHLD;  expect_einval(64, "exit_signal 1<<32|SIGCHLD");
	reset(); ca.exit_signal = 1ull << 63;              expect_einval(64, "exit_signal 1<<63");

	t_log("flags clone3 does not take");
	reset(); ca.flags = CLONE_DETACHED;                expect_einval(64, "CLONE_DETACHED");
	for (int bit = 0; bit < 7; bit++) {
		reset();
		ca.flags = 1ull << bit;
		snprintf(name, sizeof name, "CSIGNAL bit 0x%x in flags", 1 << bit);
		expect_einval(64, name);
	}
	reset(); ca.flags = SIGCHLD | CLONE_VM;            expect_einval(64, "SIGCHLD|CLONE_VM in flags");
	static const int high[] = { 40, 48, 62, 63 };
	for (unsigned i = 0; i < sizeof high / sizeof high[0]; i++) {
		reset();
		ca.flags = 1ull << high[i];
		snprintf(name, sizeof name, "unknown flag 1<<%d", high[i]);
		expect_einval(88, name);
	}

	t_log("combinations");
	reset(); ca.flags = CLONE_SIGHAND | CLONE_VM | CLONE_CLEAR_SIGHAND;
	expect_einval(64, "CLONE_SIGHAND|CLONE_VM|CLONE_CLEAR_SIGHAND");
	reset(); ca.flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
	expect_einval(64, "CLONE_THREAD with exit_signal SIGCHLD");
	reset(); ca.flags = CLONE_PARENT;
	expect_einval(64, "CLONE_PARENT with exit_signal SIGCHLD");
	reset(); ca.flags = CLONE_PARENT; ca.exit_signal = SIGUSR1;
	expect_einval(64, "CLONE_PARENT with exit_signal SIGUSR1");
	reset(); ca.flags = CLONE_SIGHAND;
	expect_einval(64, "CLONE_SIGHAND without CLONE_VM");
	reset(); ca.flags = CLONE_THREAD | CLONE_VM; ca.exit_signal = 0;
	expect_einval(64, "CLONE_THREAD without CLONE_SIGHAND");
	reset(); ca.flags = CLONE_FS | CLONE_NEWNS;
	expect_einval(64, "CLONE_FS|CLONE_NEWNS");
	reset(); ca.flags = CLONE_FS | CLONE_NEWUSER;
	expect_einval(64, "CLONE_FS|CLONE_NEWUSER");
	reset(); ca.flags = CLONE_PIDFD | CLONE_DETACHED; ca.pidfd = (uintptr_t)tids;
	expect_einval(64, "CLONE_PIDFD|CLONE_DETACHED");
	reset(); ca.flags = CLONE_INTO_CGROUP; ca.cgroup = 0;
	expect_einval(64, "CLONE_INTO_CGROUP in a 64-byte struct");

	t_log("stack and stack_size go together");
	reset(); ca.stack = (uintptr_t)stack; ca.stack_size = 0;
	expect_einval(64, "stack without stack_size");
	reset(); ca.stack = 0; ca.stack_size = sizeof stack;
	expect_einval(64, "stack_size without stack");
	reset(); ca.stack = 0xffff800000000000ull; ca.stack_size = 4096;
	expect_einval(64, "a stack in the kernel half");
	unsigned long tsm = tc_task_size_max();
	reset(); ca.stack = tsm; ca.stack_size = 4096;
	expect_einval(64, "a stack starting at TASK_SIZE_MAX");
	reset(); ca.stack = tsm - 0x1000; ca.stack_size = 0x2000;
	expect_einval(64, "a stack crossing TASK_SIZE_MAX");
	reset(); ca.stack = 4096; ca.stack_size = ~0ull;
	expect_einval(64, "a stack whose end overflows");

	t_log("set_tid and set_tid_size go together, at most 32");
	reset(); ca.set_tid = (uintptr_t)tids; ca.set_tid_size = 0;
	expect_einval(88, "set_tid without set_tid_size");
	reset(); ca.set_tid = 0; ca.set_tid_size = 1;
	expect_einval(88, "set_tid_size without set_tid");
	reset(); ca.set_tid = (uintptr_t)tids; ca.set_tid_size = 33;
	expect_einval(88, "set_tid_size 33");

	t_log("EINVAL comes before EPERM for a bad tls");
	reset(); ca.flags = CLONE_SETTLS; ca.tls = 0xffff800000000000ull; ca.exit_signal = 65;
	expect_einval(64, "exit_signal 65 with a bad tls");
	reset(); ca.flags = CLONE_SETTLS | CLONE_DETACHED; ca.tls = 0xffff800000000000ull;
	expect_einval(64, "CLONE_DETACHED with a bad tls");
	reset(); ca.flags = CLONE_SETTLS | (1ull << 40); ca.tls = 0xffff800000000000ull;
	expect_einval(64, "an unknown flag with a bad tls");

	CHECK_ERR(waitpid(-1, NULL, WNOHANG | __WALL), ECHILD);
	return t_done();
}
