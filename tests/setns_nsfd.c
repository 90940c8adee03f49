/*
 * setns_nsfd: setns(2) with the files of /proc/PID/ns.  A holder in new
 * UTS, mount and pid namespaces (t_ns.h) is joined, one kind at a time,
 * by children of the test through fds opened on /proc/INIT/ns/X: after
 * setns(fd, CLONE_NEWUTS) (or nstype 0) a child has the holder's hostname
 * and the holder's uts link; after CLONE_NEWNS it sees the holder's tmpfs
 * and stands at its root; after CLONE_NEWPID its own pid namespace is
 * unchanged but its children are born in the holder's, with a pid there
 * and no parent.  The test itself stays where it was.  An nsfd keeps its
 * namespace: once the holder has gone, joining its UTS and mount
 * namespaces still works, and a fork into its pid namespace (init dead)
 * fails with ENOMEM.  Errors: EBADF for a bad fd, EINVAL for an fd that
 * is not a namespace or an nstype of another kind, EPERM without
 * CAP_SYS_ADMIN, EINVAL for the mount namespace of a process whose
 * cwd is shared (CLONE_FS), and for a pid namespace that is not below
 * the caller's.
 */
#include "t.h"
#include "t_clone.h"
#include "t_ns.h"

#define DIR_NAME "/tmp/setns_nsfd.d"

enum { UTS, MNT, PID, PIDC, NFD };
static const char *names[NFD] = { "uts", "mnt", "pid", "pid_for_children" };
static int fds[NFD];
static struct tns h;

static int join_uts(void *arg)
{
	char host[65] = "", a[64], b[64];
	CHECK_OK(setns(fds[UTS], (int)(long)arg));
	CHECK_OK(gethostname(host, sizeof host));
	CHECK(strcmp(host, TNS_HOST) == 0, "hostname %s after setns", host);
	CHECK(strcmp(tns_link(a, sizeof a, 0, "uts"), tns_link(b, sizeof b, h.init, "uts")) == 0,
	      "not in the holder's uts namespace");
	return t_failed != 0;
}

static int join_mnt(void *arg)
{
	(void)arg;
	char cwd[256] = "";
	struct stat st;
	CHECK_OK(chdir("/tmp"));
	CHECK_OK(setns(fds[MNT], CLONE_NEWNS));
	CHECK_OK(stat(DIR_NAME "/" TNS_HERE, &st));
	CHECK(getcwd(cwd, sizeof cwd) && strcmp(cwd, "/") == 0, "cwd %s after setns", cwd);
	return t_failed != 0;
}

/* The child born after setns(CLONE_NEWPID): a pid in the holder's
 * namespace, whose init is 1, and no parent there. */
static int join_pid(void *arg)
{
	(void)arg;
	char own[64], a[64], b[64];
	tns_link(own, sizeof own, 0, "pid");
	CHECK_OK(setns(fds[PIDC], CLONE_NEWPID));
	CHECK(strcmp(tns_link(a, sizeof a, 0, "pid"), own) == 0, "the caller's own pid namespace changed");
	CHECK(strcmp(tns_link(a, sizeof a, 0, "pid_for_children"), tns_link(b, sizeof b, h.init, "pid")) == 0,
	      "pid_for_children is not the holder's pid namespace");
	int p[2];
	CHECK_OK(pipe(p));
	pid_t c = fork();
	if (c == 0) {
		int r[2] = { getpid(), getppid() };
		_exit(write(p[1], r, sizeof r) == sizeof r ? 0 : 1);
	}
	int r[2] = { 0, -1 }, st = -1;
	CHECK(c > 0, "fork into the holder's pid namespace failed");
	CHECK_EQ(read(p[0], r, sizeof r), sizeof r);
	CHECK(r[0] > 1, "the child's pid in the new namespace is %d", r[0]);
	CHECK_EQ(r[1], 0);
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK_EQ(st, 0);
	return t_failed != 0;
}

static int errors(void *arg)
{
	(void)arg;
	int reg = open("/proc/self/status", O_RDONLY);
	CHECK_ERR(setns(-1, 0), EBADF);
	CHECK_ERR(setns(1000, CLONE_NEWUTS), EBADF);
	CHECK_ERR(setns(reg, 0), EINVAL);
	CHECK_ERR(setns(reg, CLONE_NEWUTS), EINVAL);
	CHECK_ERR(setns(fds[UTS], CLONE_NEWPID), EINVAL);
	CHECK_ERR(setns(fds[UTS], -1), EINVAL);
	CHECK_ERR(setns(fds[MNT], CLONE_NEWUTS), EINVAL);
	CHECK_ERR(setns(fds[PID], CLONE_NEWNS), EINVAL);
	close(reg);
	CHECK_OK(seteuid(65534));
	for (int i = 0; i < NFD; i++)
		CHECK_ERR(setns(fds[i], 0), EPERM);
	CHECK_OK(seteuid(0));
	return t_failed != 0;
}

/* A child sharing our fs_struct (CLONE_FS) may not change mount namespace. */
static int shared_fs_child(void *arg)
{
	(void)arg;
	return setns(fds[MNT], CLONE_NEWNS) == -1 && errno == EINVAL ? 0 : 1;
}

static int shared_fs(void *arg)
{
	(void)arg;
	void *top = NULL, *stk = tc_stack(64 * 1024, &top);
	long c = tc_clone_run(CLONE_FS | SIGCHLD, top, NULL, NULL, 0, shared_fs_child, NULL);
	CHECK(c > 0, "clone(CLONE_FS) failed");
	CHECK_EQ(tc_reap(c), 0);
	munmap(stk, 64 * 1024);
	return t_failed != 0;
}

/* Inside the holder's pid namespace, our own is an ancestor: EINVAL. */
static int pid_upwards(void *arg)
{
	int own = *(int *)arg;
	CHECK_OK(setns(fds[PIDC], CLONE_NEWPID));
	pid_t c = fork();
	if (c == 0)
		_exit(setns(own, CLONE_NEWPID) == -1 && errno == EINVAL ? 0 : 1);
	int st = -1;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK_EQ(st, 0);
	return t_failed != 0;
}

static int after_holder(void *arg)
{
	(void)arg;
	char host[65] = "";
	struct stat st;
	CHECK_OK(setns(fds[UTS], CLONE_NEWUTS));
	CHECK_OK(gethostname(host, sizeof host));
	CHECK(strcmp(host, TNS_HOST) == 0, "hostname %s after setns", host);
	CHECK_OK(setns(fds[MNT], CLONE_NEWNS));
	CHECK_OK(stat(DIR_NAME "/" TNS_HERE, &st));
	CHECK_OK(setns(fds[PIDC], CLONE_NEWPID));
	pid_t c = fork();
	if (c == 0)
		_exit(0);
	CHECK(c == -1 && errno == ENOMEM, "fork into a dead pid namespace: %d errno %d", (int)c, errno);
	return t_failed != 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char host[65] = "", after[65] = "", own_uts[64], a[64];
	CHECK_OK(gethostname(host, sizeof host));
	tns_link(own_uts, sizeof own_uts, 0, "uts");
	CHECK_EQ(tns_start(&h, DIR_NAME), 0);
	for (int i = 0; i < NFD; i++) {
		char path[64];
		snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)h.init, names[i]);
		fds[i] = open(path, O_RDONLY | O_CLOEXEC);
		CHECK(fds[i] >= 0, "open %s: %s", names[i], strerror(errno));
	}
	int own_pid = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	CHECK(own_pid >= 0, "open /proc/self/ns/pid: %s", strerror(errno));

	CHECK_EQ(tns_in_child(join_uts, (void *)(long)CLONE_NEWUTS), 0);
	CHECK_EQ(tns_in_child(join_uts, (void *)0L), 0);
	CHECK_EQ(tns_in_child(join_mnt, NULL), 0);
	CHECK_EQ(tns_in_child(join_pid, NULL), 0);
	CHECK_EQ(tns_in_child(errors, NULL), 0);
	CHECK_EQ(tns_in_child(shared_fs, NULL), 0);
	CHECK_EQ(tns_in_child(pid_upwards, &own_pid), 0);
	/* the test itself never moved */
	CHECK_OK(gethostname(after, sizeof after));
	CHECK(strcmp(host, after) == 0, "the test's hostname changed to %s", after);
	CHECK(strcmp(tns_link(a, sizeof a, 0, "uts"), own_uts) == 0, "the test's uts namespace changed");

	CHECK_EQ(tns_stop(&h), 0);
	CHECK_EQ(tns_in_child(after_holder, NULL), 0);
	for (int i = 0; i < NFD; i++)
		close(fds[i]);
	close(own_pid);
	CHECK_OK(rmdir(DIR_NAME));
	return t_done();
}
