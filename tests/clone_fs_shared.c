/*
 * clone_fs_shared: with CLONE_FS parent and child share cwd and umask: the
 * child's chdir("/tmp") and umask(077) change the parent's working
 * directory (and so how it resolves relative paths) and umask.  Without
 * CLONE_FS the child changes only its own copy.
 */
#include "t.h"
#include "t_clone.h"
#include <sys/stat.h>

struct report { volatile int ok; };

static int child_fn(void *arg)
{
	struct report *rep = arg;
	if (chdir("/tmp") != 0)
		return 1;
	umask(077);
	struct stat a, b;
	rep->ok = stat(".", &a) == 0 && stat("/tmp", &b) == 0 &&
		  a.st_dev == b.st_dev && a.st_ino == b.st_ino && umask(077) == 077;
	return 0;
}

static int same_file(const char *x, const char *y)
{
	struct stat a, b;
	return stat(x, &a) == 0 && stat(y, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static void run(int share)
{
	const char *what = share ? "CLONE_FS" : "no CLONE_FS";
	struct report *rep = tc_shared_page();
	void *top;
	void *stack = tc_stack(64 * 1024, &top);
	CHECK(rep && stack, "setup failed");
	if (!rep || !stack)
		return;
	CHECK_OK(chdir("/"));
	umask(022);
	long pid = clone(child_fn, top, (share ? CLONE_FS : 0) | SIGCHLD, rep);
	CHECK(pid > 0, "%s: clone failed: %s", what, strerror(errno));
	if (pid <= 0)
		return;
	int st = tc_reap(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: child status 0x%x", what, st);
	CHECK(rep->ok, "%s: the child's own chdir/umask did not take effect", what);
	mode_t m = umask(022);
	if (share) {
		t_log("CLONE_FS: the child's chdir and umask are the parent's");
		CHECK(same_file(".", "/tmp"), "CLONE_FS: the parent's cwd is not /tmp");
		CHECK_EQ(m, 077);
	} else {
		t_log("no CLONE_FS: the child's chdir and umask stay its own");
		CHECK(same_file(".", "/"), "no CLONE_FS: the parent's cwd moved");
		CHECK_EQ(m, 022);
	}
	munmap(stack, 64 * 1024);
	munmap(rep, 4096);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	mode_t old = umask(022);
	run(1);
	run(0);
	umask(old);
	return t_done();
}
