/*
 * vmsplice_basic: vmsplice(2) between user memory and a pipe, as Linux.
 *
 * On a write end it queues the bytes of the segments, in order, and
 * returns how many.  After a fork, the page's bytes in the pipe stay what
 * they were at the call, whatever the child writes to its copy, and the
 * parent's write and munmap after it (mm/cow's vmsplice cases check that;
 * Linux holds the page and copies it on the write fault, ushi copied the
 * bytes at the call: the same bytes arrive).  Into a pipe with less room it takes
 * what fits; full, SPLICE_F_NONBLOCK is EAGAIN (O_NONBLOCK alone is not
 * looked at: a child blocks until the pipe is read).  On a read end it
 * fills the segments from the pipe; empty with SPLICE_F_NONBLOCK is
 * EAGAIN, empty with no writer is 0.  Errnos: a bad flag EINVAL, a closed
 * fd or a file that is not a pipe EBADF, more than 1024 segments EINVAL,
 * a segment outside user memory EFAULT, no reader EPIPE (with SIGPIPE
 * ignored).  If vmsplice is missing (ENOSYS) the test fails at once
 * rather than wait.
 */
#include "t.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>

static void basic(void)
{
	int p[2];
	char a[] = "hello, ", b[] = "vmsplice", out[32] = { 0 };
	struct iovec iov[2] = { { a, 7 }, { b, 8 } };
	CHECK_OK(pipe(p));
	long n = vmsplice(p[1], iov, 2, 0);
	CHECK_EQ(n, 15);
	if (n < 0) {
		close(p[0]);
		close(p[1]);
		return;                 /* ENOSYS: nothing would ever arrive */
	}
	CHECK_EQ(read(p[0], out, sizeof out), 15);
	CHECK(!strcmp(out, "hello, vmsplice"), "read back \"%s\"", out);
	CHECK_EQ(vmsplice(p[1], iov, 0, 0), 0);
	close(p[0]);
	close(p[1]);
}

/* The bytes queued stay when a child writes its copy-on-write copy, and
 * when the parent then writes and unmaps the page. */
static void unmapped_and_forked(void)
{
	int p[2];
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap");
	memset(m, 'a', 4096);
	CHECK_OK(pipe(p));
	struct iovec iov = { m, 4096 };
	if (vmsplice(p[1], &iov, 1, 0) != 4096) {
		CHECK(0, "vmsplice of a page: errno %d", errno);
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		memset(m, 'c', 4096);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	memset(m, 'b', 4096);
	CHECK_OK(munmap(m, 4096));
	char buf[4096];
	CHECK_EQ(read(p[0], buf, sizeof buf), 4096);
	int same = 1;
	for (int i = 0; i < 4096; i++)
		same &= buf[i] == 'a';
	CHECK(same, "the pipe holds what the page held at the call");
	close(p[0]);
	close(p[1]);
}

/* Partial takes, SPLICE_F_NONBLOCK, and a writer blocked until a read. */
static void full_pipe(void)
{
	int p[2];
	static char big[3 * 4096] __attribute__((aligned(4096)));
	memset(big, 'z', sizeof big);
	CHECK_OK(pipe2(p, O_NONBLOCK));
	CHECK_EQ(fcntl(p[1], F_SETPIPE_SZ, 8192), 8192);
	struct iovec iov = { big, sizeof big };
	CHECK_EQ(vmsplice(p[1], &iov, 1, 0), 8192);
	CHECK_ERR(vmsplice(p[1], &iov, 1, SPLICE_F_NONBLOCK), EAGAIN);
	int sync[2];
	CHECK_OK(pipe(sync));
	pid_t pid = fork();
	if (pid == 0) {
		struct iovec one = { big, 100 };
		close(sync[0]);
		write(sync[1], "r", 1);
		/* O_NONBLOCK is set on the file, yet vmsplice waits. */
		_exit(vmsplice(p[1], &one, 1, 0) == 100 ? 0 : 1);
	}
	close(sync[1]);
	char c;
	CHECK_EQ(read(sync[0], &c, 1), 1);
	char buf[8192];
	CHECK_EQ(read(p[0], buf, sizeof buf), 8192);
	int st = 0;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the blocked vmsplice queued its 100 bytes");
	CHECK_EQ(read(p[0], buf, sizeof buf), 100);
	close(sync[0]);
	close(p[0]);
	close(p[1]);
}

/* A read end: vmsplice fills user memory from the pipe. */
static void to_user(void)
{
	int p[2];
	char buf[16] = { 0 }, more[4] = { 0 };
	struct iovec iov[2] = { { buf, 5 }, { more, 3 } };
	CHECK_OK(pipe(p));
	CHECK_ERR(vmsplice(p[0], iov, 2, SPLICE_F_NONBLOCK), EAGAIN);
	CHECK_EQ(write(p[1], "abcdefghij", 10), 10);
	CHECK_EQ(vmsplice(p[0], iov, 2, 0), 8);
	CHECK(!memcmp(buf, "abcde", 5) && !memcmp(more, "fgh", 3), "segments filled in order");
	close(p[1]);
	CHECK_EQ(vmsplice(p[0], iov, 2, 0), 2);
	CHECK_EQ(vmsplice(p[0], iov, 2, 0), 0);         /* empty, no writer */
	close(p[0]);
}

static void errors(void)
{
	int p[2];
	char x = 'x';
	struct iovec iov = { &x, 1 };
	CHECK_OK(pipe(p));
	CHECK_ERR(vmsplice(p[1], &iov, 1, 0x10), EINVAL);
	CHECK_ERR(vmsplice(-1, &iov, 1, 0), EBADF);
	CHECK_ERR(vmsplice(1000, &iov, 1, 0), EBADF);
	int fd = open("/dev/null", O_WRONLY);
	CHECK_ERR(vmsplice(fd, &iov, 1, 0), EBADF);
	close(fd);
	CHECK_ERR(vmsplice(p[1], &iov, 1025, 0), EINVAL);
	CHECK_ERR(vmsplice(p[1], (struct iovec *)1, 1, 0), EFAULT);
	struct iovec bad = { (void *)0xffff800000000000UL, 16 };
	CHECK_ERR(vmsplice(p[1], &bad, 1, 0), EFAULT);
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR(vmsplice(p[1], &iov, 1, 0), EPIPE);
	signal(SIGPIPE, SIG_DFL);
	close(p[1]);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	basic();
	unmapped_and_forked();
	full_pipe();
	to_user();
	errors();
	return t_done();
}
