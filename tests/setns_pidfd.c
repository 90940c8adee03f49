/*
 * setns_pidfd: setns(2) with a pidfd (Linux 5.8): nstype lists the kinds
 * of namespace to take from the process the pidfd names, all at once.
 * A child given CLONE_NEWUTS|CLONE_NEWNS|CLONE_NEWPID with a pidfd for
 * the holder's init (t_ns.h) has its hostname, sees its tmpfs and bears
 * children in its pid namespace.  All or nothing: from inside that pid
 * namespace, taking our uts and pid namespaces fails with EINVAL (ours is
 * an ancestor) and leaves the hostname as it was.  Errors: EINVAL for an
 * nstype of 0, of a non-namespace bit or of -1; EINVAL for each kind the
 * kernel lacks (no /proc/self/ns entry); ESRCH once the process has exited,
 * zombie or reaped; EPERM without CAP_SYS_ADMIN.
 */
#include "t.h"
#include "t_ns.h"
#include <sys/syscall.h>

#define DIR_NAME "/tmp/setns_pidfd.d"
#define CLONE_NEWTIME_ 0x80

static struct tns h;
static int init_fd, self_fd;

static int pidfd_open(pid_t pid)
{
	return (int)syscall(434, pid, 0);
}

static int gethost_is(const char *want)
{
	char host[65] = "";
	return gethostname(host, sizeof host) == 0 && strcmp(host, want) == 0;
}

static int join_all(void *arg)
{
	(void)arg;
	char a[64], b[64];
	struct stat st;
	CHECK_OK(setns(init_fd, CLONE_NEWUTS | CLONE_NEWNS | CLONE_NEWPID));
	CHECK(gethost_is(TNS_HOST), "not the holder's hostname");
	CHECK_OK(stat(DIR_NAME "/" TNS_HERE, &st));
	CHECK(strcmp(tns_link(a, sizeof a, 0, "uts"), tns_link(b, sizeof b, h.init, "uts")) == 0, "uts");
	CHECK(strcmp(tns_link(a, sizeof a, 0, "mnt"), tns_link(b, sizeof b, h.init, "mnt")) == 0, "mnt");
	CHECK(strcmp(tns_link(a, sizeof a, 0, "pid_for_children"), tns_link(b, sizeof b, h.init, "pid")) == 0,
	      "pid_for_children");
	pid_t c = fork();
	if (c == 0)
		_exit(getppid() == 0 && getpid() > 1 ? 0 : 1);
	int st2 = -1;
	CHECK_EQ(waitpid(c, &st2, 0), c);
	CHECK_EQ(st2, 0);
	return t_failed != 0;
}

/* In the holder's uts and pid namespaces, try to take ours back. */
static int all_or_nothing(void *arg)
{
	(void)arg;
	CHECK_OK(setns(init_fd, CLONE_NEWUTS | CLONE_NEWPID));
	pid_t c = fork();
	if (c == 0) {
		if (setns(self_fd, CLONE_NEWUTS | CLONE_NEWPID) != -1 || errno != EINVAL)
			_exit(1);
		if (!gethost_is(TNS_HOST))
			_exit(2);
		if (setns(self_fd, CLONE_NEWUTS) != 0 || gethost_is(TNS_HOST))
			_exit(3);
		_exit(0);
	}
	int st = -1;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK_EQ(st, 0);
	return t_failed != 0;
}

static int errors(void *arg)
{
	(void)arg;
	CHECK_ERR(setns(init_fd, 0), EINVAL);
	CHECK_ERR(setns(init_fd, -1), EINVAL);
	CHECK_ERR(setns(init_fd, CLONE_VM), EINVAL);
	CHECK_ERR(setns(init_fd, CLONE_NEWUTS | CLONE_VM), EINVAL);
	CHECK_ERR(setns(init_fd, CLONE_NEWUTS | CLONE_FILES), EINVAL);
	static const struct { const char *name; int flag; } opt[] = {
		{ "ipc", CLONE_NEWIPC }, { "net", CLONE_NEWNET }, { "user", CLONE_NEWUSER },
		{ "time", CLONE_NEWTIME_ }, { "cgroup", CLONE_NEWCGROUP },
	};
	for (unsigned i = 0; i < sizeof opt / sizeof opt[0]; i++) {
		char path[64];
		struct stat st;
		snprintf(path, sizeof path, "/proc/self/ns/%s", opt[i].name);
		if (lstat(path, &st) == 0)
			continue;       /* the kernel has it: joining is another test's matter */
		CHECK_ERR(setns(init_fd, opt[i].flag), EINVAL);
		CHECK_ERR(setns(init_fd, CLONE_NEWUTS | opt[i].flag), EINVAL);
	}
	CHECK(gethost_is(TNS_HOST) == 0, "a failed setns changed the hostname");
	CHECK_OK(seteuid(65534));
	CHECK_ERR(setns(init_fd, CLONE_NEWUTS), EPERM);
	CHECK_ERR(setns(self_fd, CLONE_NEWUTS), EPERM);
	CHECK_OK(seteuid(0));
	return t_failed != 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char host[65] = "", after[65] = "";
	CHECK_OK(gethostname(host, sizeof host));
	self_fd = pidfd_open(getpid());
	CHECK(self_fd >= 0, "pidfd_open(self): %s", strerror(errno));
	CHECK_EQ(tns_start(&h, DIR_NAME), 0);
	init_fd = pidfd_open(h.init);
	CHECK(init_fd >= 0, "pidfd_open(init): %s", strerror(errno));

	CHECK_EQ(tns_in_child(join_all, NULL), 0);
	CHECK_EQ(tns_in_child(all_or_nothing, NULL), 0);
	CHECK_EQ(tns_in_child(errors, NULL), 0);
	CHECK_OK(gethostname(after, sizeof after));
	CHECK(strcmp(host, after) == 0, "the test's hostname changed to %s", after);

	/* an exited process has no namespaces to give: a zombie, then reaped */
	pid_t c = fork();
	if (c == 0)
		_exit(0);
	int fd = pidfd_open(c);
	CHECK(fd >= 0, "pidfd_open(child): %s", strerror(errno));
	siginfo_t si;
	CHECK_OK(waitid(P_PID, c, &si, WEXITED | WNOWAIT));
	CHECK_ERR(setns(fd, CLONE_NEWUTS), ESRCH);
	CHECK_OK(waitid(P_PID, c, &si, WEXITED));
	CHECK_ERR(setns(fd, CLONE_NEWUTS | CLONE_NEWNS), ESRCH);
	close(fd);

	CHECK_EQ(tns_stop(&h), 0);
	close(init_fd);
	close(self_fd);
	CHECK_OK(rmdir(DIR_NAME));
	return t_done();
}
