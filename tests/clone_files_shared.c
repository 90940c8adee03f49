/*
 * clone_files_shared: with CLONE_FILES parent and child share one fd
 * table: an fd the child opens, dup2()s or marks close-on-exec is the
 * parent's too, and an fd it closes is gone (EBADF) in the parent.
 * Without CLONE_FILES the child has its own copy of the table and none of
 * that reaches the parent; but the inherited fds still refer to the same
 * open files, so the file offset the child moves (lseek, read) is the
 * parent's offset in both cases.
 */
#include "t.h"
#include "t_clone.h"
#include <fcntl.h>

#define TMP "/tmp/clone_files_shared.tmp"
#define HIGH_FD 57

struct report { volatile int opened, done; };

static int file_fd, close_fd, flag_fd;

static int child_fn(void *arg)
{
	struct report *rep = arg;
	rep->opened = open(TMP, O_RDONLY);
	if (close(close_fd) != 0)
		return 1;
	if (dup2(file_fd, HIGH_FD) != HIGH_FD)
		return 2;
	if (fcntl(flag_fd, F_SETFD, FD_CLOEXEC) != 0)
		return 3;
	char buf[3];
	if (lseek(file_fd, 7, SEEK_SET) != 7 || read(file_fd, buf, 3) != 3 || buf[0] != 'h')
		return 4;
	rep->done = 1;
	return 0;
}

static void run(int share)
{
	const char *what = share ? "CLONE_FILES" : "no CLONE_FILES";
	struct report *rep = tc_shared_page();
	void *top;
	void *stack = tc_stack(64 * 1024, &top);
	CHECK(rep && stack, "setup failed");
	if (!rep || !stack)
		return;
	file_fd = open(TMP, O_RDWR);
	close_fd = dup(file_fd);
	flag_fd = dup(file_fd);
	CHECK(file_fd >= 0 && close_fd >= 0 && flag_fd >= 0, "open/dup failed");
	CHECK_ERR(fcntl(HIGH_FD, F_GETFD), EBADF);
	long pid = clone(child_fn, top, (share ? CLONE_FILES : 0) | SIGCHLD, rep);
	CHECK(pid > 0, "%s: clone failed: %s", what, strerror(errno));
	if (pid <= 0)
		return;
	int st = tc_reap(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: child status 0x%x", what, st);
	CHECK(rep->done && rep->opened >= 0, "%s: the child's calls failed", what);
	t_log("%s: open, close, dup2 and FD_CLOEXEC in the child, %s in the parent", what,
	      share ? "visible" : "invisible");
	if (share) {
		CHECK(fcntl(rep->opened, F_GETFD) >= 0, "CLONE_FILES: the child's open fd is missing");
		CHECK_ERR(fcntl(close_fd, F_GETFD), EBADF);
		CHECK(fcntl(HIGH_FD, F_GETFD) >= 0, "CLONE_FILES: the child's dup2 target is missing");
		CHECK(fcntl(flag_fd, F_GETFD) == FD_CLOEXEC, "CLONE_FILES: FD_CLOEXEC not seen");
		close(rep->opened);
		close(HIGH_FD);
	} else {
		CHECK_ERR(fcntl(rep->opened, F_GETFD), EBADF);
		CHECK(fcntl(close_fd, F_GETFD) == 0, "no CLONE_FILES: the child's close reached the parent");
		CHECK_ERR(fcntl(HIGH_FD, F_GETFD), EBADF);
		CHECK(fcntl(flag_fd, F_GETFD) == 0, "no CLONE_FILES: the child's FD_CLOEXEC reached the parent");
		close(close_fd);
	}
	t_log("%s: the child's lseek and read moved the shared file offset", what);
	CHECK_EQ(lseek(file_fd, 0, SEEK_CUR), 10);
	char c = 0;
	CHECK_EQ(read(flag_fd, &c, 1), 1);       /* a dup shares the offset too */
	CHECK_EQ(c, 'k');
	close(file_fd);
	close(flag_fd);
	munmap(stack, 64 * 1024);
	munmap(rep, 4096);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int fd = open(TMP, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "create %s: %s", TMP, strerror(errno));
	CHECK_EQ(write(fd, "abcdefghijklmnop", 16), 16);
	close(fd);
	run(1);
	run(0);
	CHECK_OK(unlink(TMP));
	return t_done();
}
