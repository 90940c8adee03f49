/*
 * clone_errors: the pure flag-combination rules of the legacy clone (56),
 * each EINVAL: CLONE_SIGHAND without CLONE_VM, CLONE_THREAD without
 * CLONE_SIGHAND, CLONE_FS with CLONE_NEWNS or CLONE_NEWUSER, CLONE_PIDFD
 * with CLONE_DETACHED or with CLONE_PARENT_SETTID (same pointer in the
 * legacy call).  These rules come before every EPERM and EFAULT: combined
 * with a bad tls (EPERM otherwise) or a bad pointer they still give
 * EINVAL, and for CLONE_FS|CLONE_NEWNS also for an unprivileged caller.
 * A rejected call creates no child and writes nothing.
 */
#include "t.h"
#include "t_clone.h"

#define BAD_TLS 0xffff800000000000ul

static int word;

static void expect_einval(unsigned long flags, void *ptid, unsigned long tls, const char *what)
{
	word = 0x1234;
	long r = tc_clone_probe(flags, ptid, NULL, tls);
	if (r > 0)
		tc_reap(r);
	CHECK(r == -EINVAL, "%s: returned %ld, expected -EINVAL", what, r);
	CHECK(word == 0x1234, "%s: the parent_tid word was written", what);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	void *unmapped = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(unmapped, 4096);

	t_log("CLONE_SIGHAND needs CLONE_VM, CLONE_THREAD needs CLONE_SIGHAND");
	expect_einval(CLONE_SIGHAND | SIGCHLD, NULL, 0, "CLONE_SIGHAND");
	expect_einval(CLONE_SIGHAND | CLONE_FS | CLONE_FILES | SIGCHLD, NULL, 0,
		      "CLONE_SIGHAND|CLONE_FS|CLONE_FILES");
	expect_einval(CLONE_THREAD, NULL, 0, "CLONE_THREAD");
	expect_einval(CLONE_THREAD | CLONE_VM, NULL, 0, "CLONE_THREAD|CLONE_VM");
	expect_einval(CLONE_THREAD | CLONE_SIGHAND, NULL, 0, "CLONE_THREAD|CLONE_SIGHAND (no VM)");

	t_log("CLONE_FS with CLONE_NEWNS or CLONE_NEWUSER");
	expect_einval(CLONE_FS | CLONE_NEWNS | SIGCHLD, NULL, 0, "CLONE_FS|CLONE_NEWNS");
	expect_einval(CLONE_FS | CLONE_NEWUSER | SIGCHLD, NULL, 0, "CLONE_FS|CLONE_NEWUSER");

	t_log("CLONE_PIDFD with CLONE_DETACHED or CLONE_PARENT_SETTID");
	expect_einval(CLONE_PIDFD | CLONE_DETACHED | SIGCHLD, &word, 0, "CLONE_PIDFD|CLONE_DETACHED");
	expect_einval(CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, &word, 0,
		      "CLONE_PIDFD|CLONE_PARENT_SETTID");

	t_log("these rules come before EPERM (bad tls) and EFAULT (bad pointer)");
	expect_einval(CLONE_SIGHAND | CLONE_SETTLS | SIGCHLD, NULL, BAD_TLS,
		      "CLONE_SIGHAND with a bad tls");
	expect_einval(CLONE_THREAD | CLONE_VM | CLONE_SETTLS, NULL, BAD_TLS,
		      "CLONE_THREAD|CLONE_VM with a bad tls");
	expect_einval(CLONE_FS | CLONE_NEWNS | CLONE_SETTLS | SIGCHLD, NULL, BAD_TLS,
		      "CLONE_FS|CLONE_NEWNS with a bad tls");
	expect_einval(CLONE_PIDFD | CLONE_PARENT_SETTID | CLONE_SETTLS | SIGCHLD, &word, BAD_TLS,
		      "CLONE_PIDFD|CLONE_PARENT_SETTID with a bad tls");
	expect_einval(CLONE_PIDFD | CLONE_DETACHED | SIGCHLD, unmapped, 0,
		      "CLONE_PIDFD|CLONE_DETACHED with an unmapped pidfd pointer");
	expect_einval(CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, unmapped, 0,
		      "CLONE_PIDFD|CLONE_PARENT_SETTID with an unmapped pointer");
	CHECK_ERR(waitpid(-1, NULL, WNOHANG | __WALL), ECHILD);

	/* The same for an unprivileged caller, when the system has users. */
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(100);
		int bad = 0;
		long r = tc_clone_probe(CLONE_FS | CLONE_NEWNS | SIGCHLD, NULL, NULL, 0);
		bad |= r != -EINVAL;
		r = tc_clone_probe(CLONE_FS | CLONE_NEWUSER | SIGCHLD, NULL, NULL, 0);
		bad |= (r != -EINVAL) << 1;
		_exit(bad);
	}
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 100) {
		t_log("setuid unavailable: the unprivileged order is not checked");
	} else {
		t_log("unprivileged: CLONE_FS|CLONE_NEWNS is EINVAL, not EPERM");
		CHECK(WIFEXITED(st), "unprivileged child died: 0x%x", st);
		CHECK(!(WEXITSTATUS(st) & 1), "unprivileged CLONE_FS|CLONE_NEWNS: not -EINVAL");
		CHECK(!(WEXITSTATUS(st) & 2), "unprivileged CLONE_FS|CLONE_NEWUSER: not -EINVAL");
	}
	return t_done();
}
