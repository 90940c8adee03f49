/*
 * proc_pid_ns: /proc/PID/ns.  Each namespace is a link whose text is
 * "KIND:[N]" (pid_for_children reads "pid:[N]"), and opening or stat()ing
 * through it gives a file whose st_ino is that N, the same from every
 * open and every process in that namespace, on one st_dev for all kinds;
 * a new namespace gets a new number, which an open fd keeps after its
 * last process has gone.  uts, mnt, pid and pid_for_children are always
 * there; ipc, net, user and time exactly when the kernel has that kind
 * (when unshare of it is not EINVAL).  After unshare(CLONE_NEWPID)
 * pid_for_children is ENOENT until the first child is born.  A zombie
 * keeps its pid link but has no uts (ENOENT).
 */
#include "t.h"
#include "t_ns.h"
#include <dirent.h>

/* N of "KIND:[N]", or 0 when the text is not of that form. */
static unsigned long link_number(const char *text, const char *kind)
{
	size_t k = strlen(kind);
	if (strncmp(text, kind, k) || strncmp(text + k, ":[", 2))
		return 0;
	char *end;
	unsigned long n = strtoul(text + k + 2, &end, 10);
	return strcmp(end, "]") == 0 ? n : 0;
}

static int listed(const char *name)
{
	DIR *d = opendir("/proc/self/ns");
	struct dirent *e;
	int found = 0, type_ok = 0;
	while (d && (e = readdir(d))) {
		if (strcmp(e->d_name, name) == 0) {
			found = 1;
			type_ok = e->d_type == DT_LNK;
		}
	}
	if (d)
		closedir(d);
	return found && type_ok;
}

static void check_kind(const char *name, const char *kind)
{
	char path[64], text[64];
	struct stat st, fst, lst;
	snprintf(path, sizeof path, "/proc/self/ns/%s", name);
	unsigned long n = link_number(tns_link(text, sizeof text, 0, name), kind);
	CHECK(n != 0, "readlink %s gave \"%s\"", name, text);
	CHECK(listed(name), "%s not listed as a link in /proc/self/ns", name);
	CHECK_OK(lstat(path, &lst));
	CHECK(S_ISLNK(lst.st_mode), "%s is not a symlink", name);
	CHECK_OK(stat(path, &st));
	CHECK_EQ(st.st_ino, n);
	int fd = open(path, O_RDONLY);
	CHECK(fd >= 0, "open %s: %s", name, strerror(errno));
	CHECK_OK(fstat(fd, &fst));
	CHECK_EQ(fst.st_ino, n);
	CHECK_EQ(fst.st_dev, st.st_dev);
	close(fd);
}

/* Does the kernel have the namespaces of flag?  (unshare in a child) */
static int has_kind(int flag)
{
	pid_t c = fork();
	if (c == 0)
		_exit(unshare(flag) == 0 ? 0 : errno == EINVAL ? 1 : 2);
	int st = -1;
	waitpid(c, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 1 : WIFEXITED(st) && WEXITSTATUS(st) == 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	check_kind("uts", "uts");
	check_kind("mnt", "mnt");
	check_kind("pid", "pid");
	check_kind("pid_for_children", "pid");
	char a[64], b[64];
	CHECK(strcmp(tns_link(a, sizeof a, 0, "pid"), tns_link(b, sizeof b, 0, "pid_for_children")) == 0,
	      "pid_for_children differs from pid");
	struct stat su, sm;
	CHECK_OK(stat("/proc/self/ns/uts", &su));
	CHECK_OK(stat("/proc/self/ns/mnt", &sm));
	CHECK_EQ(su.st_dev, sm.st_dev);
	CHECK(su.st_ino != sm.st_ino, "uts and mnt have one number");

	static const struct { const char *name; int flag; } opt[] = {
		{ "ipc", CLONE_NEWIPC }, { "net", CLONE_NEWNET }, { "user", CLONE_NEWUSER },
		{ "time", 0x80 /* CLONE_NEWTIME */ },
	};
	for (unsigned i = 0; i < sizeof opt / sizeof opt[0]; i++) {
		char path[64];
		struct stat st;
		int has = has_kind(opt[i].flag);
		CHECK(has >= 0, "unshare of %s: neither done nor EINVAL", opt[i].name);
		snprintf(path, sizeof path, "/proc/self/ns/%s", opt[i].name);
		if (has == 1) {
			CHECK_OK(lstat(path, &st));
		} else if (has == 0) {
			CHECK_ERR(lstat(path, &st), ENOENT);
			CHECK(!listed(opt[i].name), "%s listed", opt[i].name);
		}
	}

	/* a new UTS namespace: a new number, kept by an open fd after its process exits */
	int p[2], ready[2];
	CHECK_OK(pipe(p));
	CHECK_OK(pipe(ready));
	pid_t c = fork();
	if (c == 0) {
		char c1;
		close(p[1]);
		if (unshare(CLONE_NEWUTS) || write(ready[1], "u", 1) != 1)
			_exit(1);
		while (read(p[0], &c1, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(p[0]);
	close(ready[1]);
	char own[64], theirs[64], u = 0;
	tns_link(own, sizeof own, 0, "uts");
	CHECK_EQ(read(ready[0], &u, 1), 1);
	close(ready[0]);
	tns_link(theirs, sizeof theirs, c, "uts");
	int fd = -1;
	CHECK(link_number(theirs, "uts") != 0 && strcmp(theirs, own) != 0, "the child's uts is ours");
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/ns/uts", (int)c);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0, "open the child's uts: %s", strerror(errno));
	close(p[1]);
	siginfo_t si;
	CHECK_OK(waitid(P_PID, c, &si, WEXITED | WNOWAIT));
	/* a zombie: its pid namespace is still named, its uts is gone */
	CHECK(strcmp(tns_link(a, sizeof a, c, "pid"), tns_link(b, sizeof b, 0, "pid")) == 0,
	      "the zombie's pid link");
	CHECK_ERR(readlink(path, a, sizeof a), ENOENT);
	int st = -1;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK_EQ(st, 0);
	struct stat fst;
	CHECK_OK(fstat(fd, &fst));
	CHECK_EQ(fst.st_ino, link_number(theirs, "uts"));
	close(fd);

	/* pid_for_children appears with the first child of a new pid namespace */
	c = fork();
	if (c == 0) {
		char x[64], y[64];
		if (unshare(CLONE_NEWPID))
			_exit(1);
		errno = 0;
		if (readlink("/proc/self/ns/pid_for_children", x, sizeof x) != -1 || errno != ENOENT)
			_exit(2);
		if (open("/proc/self/ns/pid_for_children", O_RDONLY) != -1 || errno != ENOENT)
			_exit(3);
		pid_t g = fork();
		if (g == 0)
			_exit(0);
		if (g < 0 || waitpid(g, NULL, 0) != g)
			_exit(4);
		if (!link_number(tns_link(x, sizeof x, 0, "pid_for_children"), "pid"))
			_exit(5);
		if (strcmp(x, tns_link(y, sizeof y, 0, "pid")) == 0)
			_exit(6);
		_exit(0);
	}
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "unshare(CLONE_NEWPID) child: status %#x", st);
	return t_done();
}
