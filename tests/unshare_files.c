/*
 * unshare_files: a child made with clone(CLONE_FILES) shares our fd table:
 * what it closes or dups is closed or opened for us too.  After it calls
 * unshare(CLONE_FILES) it has a private copy (the same open files): its
 * close and dup no longer reach us, and ours no longer reach it.
 */
#include "t.h"
#include "t_thread.h"
#include <fcntl.h>
#include <sched.h>
#include <signal.h>

static int is_open(int fd) { return fcntl(fd, F_GETFD) != -1; }

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int a[2], b[2], to_child[2], to_parent[2];
	CHECK_OK(pipe(a));
	CHECK_OK(pipe(b));
	CHECK_OK(pipe(to_child));
	CHECK_OK(pipe(to_parent));
	enum { DUP_SHARED = 70, DUP_PRIVATE = 71, OURS_LATER = 72 };

	/* No new stack and no CLONE_VM: the child runs on a copy of ours, like fork. */
	long pid = t_sys6(SYS_clone, CLONE_FILES | SIGCHLD, 0, 0, 0, 0, 0);
	if (pid == 0) {
		char c;
		int bad = 0;
		close(a[0]);                            /* shared: closes ours too */
		dup2(b[0], DUP_SHARED);                 /* shared: opens ours too */
		write(to_parent[1], "1", 1);
		read(to_child[0], &c, 1);
		if (unshare(CLONE_FILES) != 0)
			_exit(90);
		close(b[0]);                            /* private now */
		dup2(b[1], DUP_PRIVATE);
		write(to_parent[1], "2", 1);
		read(to_child[0], &c, 1);
		if (is_open(OURS_LATER))                /* the parent dup'd it after our unshare */
			bad |= 1;
		if (!is_open(DUP_SHARED) || !is_open(DUP_PRIVATE) || is_open(b[0]))
			bad |= 2;
		_exit(bad ? 100 + bad : 42);
	}
	CHECK(pid > 0, "clone(CLONE_FILES) returned %ld", pid);
	char c = 0;
	CHECK_EQ(read(to_parent[0], &c, 1), 1);
	CHECK(!is_open(a[0]), "the child's close reached our shared table");
	CHECK(is_open(DUP_SHARED), "the child's dup2 reached our shared table");
	CHECK(is_open(a[1]), "other fds are untouched");
	CHECK_EQ(write(to_child[1], "g", 1), 1);
	CHECK_EQ(read(to_parent[0], &c, 1), 1);
	CHECK(is_open(b[0]), "after unshare the child's close did not reach us");
	CHECK(!is_open(DUP_PRIVATE), "after unshare the child's dup2 did not reach us");
	CHECK_EQ(dup2(a[1], OURS_LATER), OURS_LATER);
	CHECK_EQ(write(to_child[1], "g", 1), 1);
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "child status 0x%x (42 = good; 101 saw our dup2, "
	      "102 its own table was wrong; 90 unshare failed)", st);
	/* The open files themselves are shared: the pipe b still works end to end. */
	CHECK_EQ(write(b[1], "z", 1), 1);
	CHECK_EQ(read(DUP_SHARED, &c, 1), 1);
	CHECK_EQ(c, 'z');
	int fds[] = { a[1], b[0], b[1], to_child[0], to_child[1], to_parent[0], to_parent[1], DUP_SHARED, OURS_LATER };
	for (unsigned i = 0; i < sizeof fds / sizeof fds[0]; i++)
		close(fds[i]);
	return t_done();
}
