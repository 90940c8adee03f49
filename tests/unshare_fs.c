/*
 * unshare_fs: a child made with clone(CLONE_FS) shares our cwd and umask:
 * its chdir and umask change ours.  After unshare(CLONE_FS) it has its own
 * copy: its chdir and umask no longer reach us (and it keeps the values it
 * had).  unshare(CLONE_FS) with nothing shared keeps cwd and umask.
 */
#include "t.h"
#include "t_thread.h"
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>

static int cwd_is(const char *want)
{
	char buf[256];
	return getcwd(buf, sizeof buf) && strcmp(buf, want) == 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char saved[256];
	CHECK(getcwd(saved, sizeof saved) != NULL, "getcwd");
	mode_t saved_mask = umask(022);
	CHECK_OK(chdir("/"));
	CHECK_EQ(unshare(CLONE_FS), 0);
	CHECK(cwd_is("/"), "a no-op unshare(CLONE_FS) keeps the cwd");
	CHECK_EQ(umask(022), 022);

	int to_child[2], to_parent[2];
	CHECK_OK(pipe(to_child));
	CHECK_OK(pipe(to_parent));
	long pid = t_sys6(SYS_clone, CLONE_FS | SIGCHLD, 0, 0, 0, 0, 0);
	if (pid == 0) {
		char c;
		int bad = 0;
		chdir("/tmp");
		umask(077);
		write(to_parent[1], "1", 1);
		read(to_child[0], &c, 1);
		if (unshare(CLONE_FS) != 0)
			_exit(90);
		if (!cwd_is("/tmp") || umask(007) != 077)
			bad |= 1;                       /* the copy starts from the shared values */
		chdir("/");
		write(to_parent[1], "2", 1);
		read(to_child[0], &c, 1);
		if (!cwd_is("/") || umask(007) != 007)
			bad |= 2;                       /* the parent's later chdir reached us */
		_exit(bad ? 100 + bad : 42);
	}
	CHECK(pid > 0, "clone(CLONE_FS) returned %ld", pid);
	char c;
	CHECK_EQ(read(to_parent[0], &c, 1), 1);
	CHECK(cwd_is("/tmp"), "the child's chdir changed our cwd");
	mode_t m = umask(077);
	CHECK(m == 077, "the child's umask changed ours (0%o)", (unsigned)m);
	CHECK_EQ(write(to_child[1], "g", 1), 1);
	CHECK_EQ(read(to_parent[0], &c, 1), 1);
	CHECK(cwd_is("/tmp"), "after unshare the child's chdir did not reach us");
	m = umask(077);
	CHECK(m == 077, "after unshare the child's umask did not reach us (0%o)", (unsigned)m);
	CHECK_OK(chdir("/tmp"));                   /* must not reach the child, now at "/" */
	umask(070);
	CHECK_EQ(write(to_child[1], "g", 1), 1);
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "child status 0x%x (42 = good; 101 its copy "
	      "did not start from the shared values, 102 our changes reached it; 90 unshare failed)", st);
	umask(saved_mask);
	CHECK_OK(chdir(saved));
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
	return t_done();
}
