/*
 * ns_uts_isolation: UTS namespaces.  A child made with CLONE_NEWUTS starts
 * with its parent's names, and what it sets with sethostname and
 * setdomainname is what uname() says in it and in its own children, while
 * the parent's names do not change.  unshare(CLONE_NEWUTS) does the same
 * for the caller.  Without the flag a child shares the namespace (checked
 * in a namespace of our own, never the host's).  sethostname takes up to
 * 64 bytes (EINVAL above, or for a negative length), EFAULT for a bad
 * pointer, and EPERM for a caller that is not root - also for
 * CLONE_NEWUTS and unshare(CLONE_NEWUTS).
 */
#include "t.h"
#include "t_signal.h"
#include "t_clone.h"
#include <sys/utsname.h>
#include <sys/wait.h>

static struct utsname orig;

static int names_are(const char *host, const char *dom)
{
	struct utsname u;
	return uname(&u) == 0 && strcmp(u.nodename, host) == 0 && strcmp(u.domainname, dom) == 0;
}

/* Runs inside a fresh UTS namespace; returns a bitmask of failures. */
static int in_new_ns(void *arg)
{
	const char *tag = arg;
	int bad = 0;
	if (!names_are(orig.nodename, orig.domainname))
		bad |= 1;
	if (sethostname(tag, strlen(tag)) || setdomainname("dom.test", 8))
		bad |= 2;
	if (!names_are(tag, "dom.test"))
		bad |= 4;
	/* a child without the flag shares the namespace: its change is ours */
	pid_t pid = fork();
	if (pid == 0)
		_exit(names_are(tag, "dom.test") && sethostname("shared", 6) == 0 ? 0 : 1);
	int st;
	if (waitpid(pid, &st, 0) != pid || st != 0 || !names_are("shared", "dom.test"))
		bad |= 8;
	/* the limits */
	char big[80];
	memset(big, 'h', sizeof big);
	errno = 0;
	if (sethostname(big, 65) != -1 || errno != EINVAL)
		bad |= 16;
	errno = 0;
	if (syscall(SYS_sethostname, big, -1) != -1 || errno != EINVAL)
		bad |= 16;
	errno = 0;
	if (sethostname((char *)8, 4) != -1 || errno != EFAULT)
		bad |= 32;
	if (sethostname(big, 64) != 0)
		bad |= 64;
	struct utsname u;
	if (uname(&u) || strlen(u.nodename) != 64)
		bad |= 64;
	return bad;
}

static void check_bad(int st, const char *how)
{
	CHECK(WIFEXITED(st), "%s: status %#x", how, st);
	int bad = WEXITSTATUS(st);
	CHECK(!(bad & 1), "%s: the new namespace did not start with our names", how);
	CHECK(!(bad & 2), "%s: sethostname/setdomainname failed", how);
	CHECK(!(bad & 4), "%s: uname does not show the new names", how);
	CHECK(!(bad & 8), "%s: a plain child did not share the namespace", how);
	CHECK(!(bad & 16), "%s: sethostname's length checks", how);
	CHECK(!(bad & 32), "%s: sethostname with a bad pointer", how);
	CHECK(!(bad & 64), "%s: a 64-byte host name", how);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK_OK(uname(&orig));
	int st;

	t_log("clone(CLONE_NEWUTS): the child's names are its own");
	void *top = NULL, *stk = tc_stack(256 * 1024, &top);
	long pid = tc_clone_run(CLONE_NEWUTS | SIGCHLD, top, NULL, NULL, 0, in_new_ns, "uts-clone");
	CHECK(pid > 0, "clone: %ld", pid);
	st = tc_reap(pid);
	check_bad(st, "clone");
	munmap(stk, 256 * 1024);
	CHECK(names_are(orig.nodename, orig.domainname), "our names changed");

	t_log("clone3(CLONE_NEWUTS)");
	struct tc_clone_args ca = { .flags = CLONE_NEWUTS, .exit_signal = SIGCHLD };
	pid = tc_clone3_run(&ca, TC_ARGS_VER0, in_new_ns, "uts-clone3");
	CHECK(pid > 0, "clone3: %ld", pid);
	check_bad(tc_reap(pid), "clone3");
	CHECK(names_are(orig.nodename, orig.domainname), "our names changed");

	t_log("unshare(CLONE_NEWUTS)");
	pid = fork();
	if (pid == 0) {
		if (unshare(CLONE_NEWUTS))
			_exit(100);
		_exit(in_new_ns("uts-unshare"));
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(st != 100 << 8, "unshare(CLONE_NEWUTS) failed");
	check_bad(st, "unshare");
	CHECK(names_are(orig.nodename, orig.domainname), "our names changed");

	t_log("not root: EPERM for sethostname, CLONE_NEWUTS and unshare");
	pid = fork();
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(100);
		int bad = 0;
		errno = 0;
		if (sethostname("x", 1) != -1 || errno != EPERM)
			bad |= 1;
		errno = 0;
		if (setdomainname("x", 1) != -1 || errno != EPERM)
			bad |= 2;
		if (unshare(CLONE_NEWUTS) != -1 || errno != EPERM)
			bad |= 4;
		if (tc_clone_probe(CLONE_NEWUTS | SIGCHLD, NULL, NULL, 0) != -EPERM)
			bad |= 8;
		_exit(bad);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "unprivileged child: status %#x", st);
	CHECK(names_are(orig.nodename, orig.domainname), "our names changed");
	return t_done();
}
