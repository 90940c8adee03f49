/*
 * rlimit_fsize_write: RLIMIT_FSIZE on writes to a regular file, as Linux.
 * With a limit of 1000 bytes: a write across it is cut short at the limit;
 * one at or past it fails with EFBIG and sends SIGXFSZ (counted by a
 * handler), pwrite as well; a write of nothing there is 0, no signal.
 * With SIGXFSZ's default action the writer dies of it.
 */
#include "t.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

static volatile int xfsz;
static void on_xfsz(int sig) { (void)sig; xfsz++; }

static const char *path = "/tmp/rlimit_fsize_write.dat";

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	static char buf[600];
	memset(buf, 'f', sizeof buf);
	pid_t c = fork();
	if (c == 0) {
		signal(SIGXFSZ, on_xfsz);
		struct rlimit r = { 1000, 1000 };
		CHECK_OK(setrlimit(RLIMIT_FSIZE, &r));
		int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0600);
		CHECK(fd >= 0, "open");
		CHECK_EQ(write(fd, buf, 600), 600);
		CHECK_EQ(write(fd, buf, 600), 400);
		CHECK_EQ(xfsz, 0);
		CHECK_ERR(write(fd, buf, 1), EFBIG);
		CHECK_EQ(xfsz, 1);
		CHECK_EQ(write(fd, buf, 0), 0);
		CHECK_EQ(xfsz, 1);
		CHECK_ERR(pwrite(fd, buf, 10, 5000), EFBIG);
		CHECK_EQ(xfsz, 2);
		CHECK_EQ(pwrite(fd, buf, 10, 995), 5);
		struct stat st;
		CHECK_OK(fstat(fd, &st));
		CHECK_EQ(st.st_size, 1000);
		close(fd);
		_exit(t_failed);
	}
	int st = -1;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the writing child: status %#x", st);

	c = fork();
	if (c == 0) {
		struct rlimit r = { 10, 10 };
		setrlimit(RLIMIT_FSIZE, &r);
		int fd = open(path, O_WRONLY | O_APPEND);
		write(fd, buf, 1);
		_exit(0);
	}
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGXFSZ, "status %#x, not killed by SIGXFSZ", st);
	CHECK_OK(unlink(path));
	return t_done();
}
