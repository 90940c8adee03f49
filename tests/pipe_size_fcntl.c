/*
 * pipe_size_fcntl: F_GETPIPE_SZ and F_SETPIPE_SZ, as Linux.
 *
 * A new pipe holds 65536 bytes, seen from either end.  F_SETPIPE_SZ rounds
 * up to a power-of-two number of pages (0 gives one page) and returns the
 * new size; past 2 GiB it is EINVAL; below what the pipe holds it is EBUSY
 * and the size stays.  A one-page pipe takes exactly 4096 bytes, then a
 * non-blocking write is EAGAIN and poll says not writable.  Bytes queued
 * across the ring's wrap survive growing and shrinking it, in order.
 * Without CAP_SYS_RESOURCE a size above /proc/sys/fs/pipe-max-size
 * (1048576) is EPERM (shrinking is always allowed); with it, allowed.
 * On a file that is not a pipe both commands are EBADF.  pipe-max-size
 * refuses -1 and sizes past 2 GiB; only on ushi (it is machine-wide) a
 * write of 5000 reads back as 8192, and an unprivileged process's new
 * pipe then has that size.  fs.pipe-user-pages-soft is 16384 and -hard 0;
 * only on ushi, with them lowered, an unprivileged user's pipes past the
 * soft limit get 2 pages and may not grow, past the hard one there is
 * none (ENFILE), and a closed pipe gives its pages back.
 */
#include "t.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define MAX_SIZE "/proc/sys/fs/pipe-max-size"

static unsigned char pattern(size_t i) { return (unsigned char)(i * 7 + i / 251); }

/* Writes n pattern bytes numbered from *seq; 0 when all went in. */
static int put(int fd, size_t n, size_t *seq)
{
	unsigned char buf[8192];
	for (size_t i = 0; i < n; i++)
		buf[i] = pattern(*seq + i);
	*seq += n;
	return write(fd, buf, n) == (ssize_t)n ? 0 : -1;
}

/* Reads n bytes and compares them with the pattern from *seq: 0 if equal. */
static int get(int fd, size_t n, size_t *seq)
{
	unsigned char buf[8192];
	if (read(fd, buf, n) != (ssize_t)n)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (buf[i] != pattern(*seq + i))
			return -1;
	*seq += n;
	return 0;
}

static long read_long(const char *path)
{
	char buf[32] = { 0 };
	int fd = open(path, O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	if (fd >= 0)
		close(fd);
	return n > 0 ? strtol(buf, NULL, 10) : -1;
}

/* 0, or -errno of the write. */
static long write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	long r = write(fd, s, strlen(s));
	long e = errno;
	close(fd);
	return r < 0 ? -e : 0;
}

/* CAP_SYS_RESOURCE (24) in the effective set: root's usually, not in
 * every container. */
static int has_sys_resource(void)
{
	struct { unsigned version; int pid; } h = { 0x20080522, 0 };
	struct { unsigned eff, prm, inh; } d[2];
	return syscall(SYS_capget, &h, d) == 0 && (d[0].eff >> 24 & 1);
}

static void sizes(void)
{
	int p[2];
	CHECK_OK(pipe(p));
	CHECK_EQ(fcntl(p[0], F_GETPIPE_SZ), 65536);
	CHECK_EQ(fcntl(p[1], F_GETPIPE_SZ), 65536);
	CHECK_EQ(fcntl(p[0], F_SETPIPE_SZ, 0), 4096);
	CHECK_EQ(fcntl(p[1], F_GETPIPE_SZ), 4096);
	CHECK_EQ(fcntl(p[1], F_SETPIPE_SZ, 4097), 8192);
	CHECK_EQ(fcntl(p[1], F_SETPIPE_SZ, 3 * 65536), 262144);
	CHECK_EQ(fcntl(p[0], F_GETPIPE_SZ), 262144);
	CHECK_ERR(fcntl(p[1], F_SETPIPE_SZ, (1UL << 31) + 1), EINVAL);
	CHECK_EQ(fcntl(p[0], F_GETPIPE_SZ), 262144);
	if (has_sys_resource())
		CHECK_EQ(fcntl(p[1], F_SETPIPE_SZ, 2 << 20), 2 << 20);
	else
		CHECK_ERR(fcntl(p[1], F_SETPIPE_SZ, 2 << 20), EPERM);
	CHECK_EQ(fcntl(p[1], F_SETPIPE_SZ, 65536), 65536);
	close(p[0]);
	close(p[1]);
}

/* A one-page pipe is full at 4096 bytes. */
static void one_page(void)
{
	int p[2];
	char buf[4096] = { 0 };
	CHECK_OK(pipe2(p, O_NONBLOCK));
	CHECK_EQ(fcntl(p[1], F_SETPIPE_SZ, 1), 4096);
	CHECK_EQ(write(p[1], buf, sizeof buf), 4096);
	int n = -1;
	CHECK_OK(ioctl(p[0], FIONREAD, &n));
	CHECK_EQ(n, 4096);
	CHECK_ERR(write(p[1], "x", 1), EAGAIN);
	struct pollfd pf = { p[1], POLLOUT, 0 };
	CHECK_EQ(poll(&pf, 1, 0), 0);
	CHECK_EQ(read(p[0], buf, sizeof buf), 4096);
	CHECK_EQ(poll(&pf, 1, 0), 1);
	close(p[0]);
	close(p[1]);
}

/* Queued bytes across the ring's wrap survive a resize; too small is EBUSY. */
static void resize_keeps_data(void)
{
	int p[2];
	size_t wseq = 0, rseq = 0;
	CHECK_OK(pipe2(p, O_NONBLOCK));
	CHECK_EQ(fcntl(p[1], F_SETPIPE_SZ, 8192), 8192);
	CHECK_EQ(put(p[1], 6000, &wseq), 0);
	CHECK_EQ(get(p[0], 5000, &rseq), 0);
	CHECK_EQ(put(p[1], 6000, &wseq), 0);            /* 7000 queued, wrapped */
	CHECK_ERR(fcntl(p[1], F_SETPIPE_SZ, 4096), EBUSY);
	CHECK_EQ(fcntl(p[1], F_GETPIPE_SZ), 8192);
	CHECK_EQ(fcntl(p[1], F_SETPIPE_SZ, 65536), 65536);
	CHECK_EQ(put(p[1], 8000, &wseq), 0);
	CHECK_EQ(get(p[0], 7000, &rseq), 0);
	CHECK_EQ(get(p[0], 3000, &rseq), 0);            /* 5000 left */
	CHECK_EQ(fcntl(p[1], F_SETPIPE_SZ, 8192), 8192);
	CHECK_EQ(get(p[0], 5000, &rseq), 0);
	CHECK_EQ(rseq, wseq);
	CHECK_EQ(put(p[1], 8192, &wseq), 0);            /* empty to full */
	CHECK_ERR(write(p[1], "x", 1), EAGAIN);
	CHECK_EQ(get(p[0], 8192, &rseq), 0);
	close(p[0]);
	close(p[1]);
}

/* Not a pipe: EBADF. */
static void not_a_pipe(void)
{
	int fd = open("/dev/null", O_RDWR);
	CHECK_OK(fd);
	CHECK_ERR(fcntl(fd, F_GETPIPE_SZ), EBADF);
	CHECK_ERR(fcntl(fd, F_SETPIPE_SZ, 4096), EBADF);
	close(fd);
}

/* In a child without root's capabilities: 1 on success. */
static int unprivileged_checks(long expect_new)
{
	if (setuid(65534))
		return 0;
	int p[2];
	if (pipe(p))
		return 0;
	int ok = fcntl(p[1], F_GETPIPE_SZ) == expect_new;
	ok &= fcntl(p[1], F_SETPIPE_SZ, 4096) == 4096;
	errno = 0;
	ok &= fcntl(p[1], F_SETPIPE_SZ, 2 << 20) == -1 && errno == EPERM;
	ok &= fcntl(p[1], F_SETPIPE_SZ, expect_new) == expect_new;
	ok &= fcntl(p[1], F_SETPIPE_SZ, 1) == 4096;
	return ok;
}

static int in_child(long expect_new)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(unprivileged_checks(expect_new) ? 0 : 1);
	int st = 0;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

#define SOFT "/proc/sys/fs/pipe-user-pages-soft"
#define HARD "/proc/sys/fs/pipe-user-pages-hard"

/*
 * As an unprivileged user with soft 32 and hard 40 pages: two full pipes
 * (32 pages), then 2-page ones (34, 36, 38, 40), then none (ENFILE);
 * growing one is EPERM, shrinking is allowed; a closed pipe gives its
 * pages back.  A bit per failed step, 0 when all held.
 */
static int user_limits_checks(void)
{
	int p[7][2], bad = 0;
	if (setuid(65534))
		return 1;
	bad |= (pipe(p[0]) || pipe(p[1])) << 1;
	bad |= (fcntl(p[1][1], F_GETPIPE_SZ) != 65536) << 2;
	bad |= (pipe(p[2]) || fcntl(p[2][1], F_GETPIPE_SZ) != 8192) << 3;
	bad |= (fcntl(p[2][1], F_SETPIPE_SZ, 65536) != -1 || errno != EPERM) << 4;
	bad |= (fcntl(p[2][1], F_SETPIPE_SZ, 4096) != 4096) << 5;  /* 33 */
	bad |= (pipe(p[3]) || pipe(p[4]) || pipe(p[5])) << 6;      /* 39 */
	bad |= (fcntl(p[5][1], F_GETPIPE_SZ) != 8192) << 7;
	bad |= (pipe(p[6]) != -1 || errno != ENFILE) << 8;
	close(p[0][0]);
	close(p[0][1]);                                         /* 23 */
	bad |= (pipe(p[6]) || fcntl(p[6][1], F_GETPIPE_SZ) != 8192) << 9;
	return bad;
}

/* Only on ushi: the limits are machine-wide. */
static void user_limits(void)
{
	CHECK_EQ(read_long(SOFT), 16384);
	CHECK_EQ(read_long(HARD), 0);
	if (!t_on_ushi())
		return;
	CHECK_EQ(write_str(SOFT, "32"), 0);
	CHECK_EQ(write_str(HARD, "40"), 0);
	pid_t pid = fork();
	if (pid == 0)
		_exit(user_limits_checks());
	int st = 0;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "an unprivileged user's limits: status %#x", st);
	int p[2];
	CHECK_OK(pipe(p));                      /* root: not limited */
	CHECK_EQ(fcntl(p[1], F_GETPIPE_SZ), 65536);
	close(p[0]);
	close(p[1]);
	CHECK_EQ(write_str(SOFT, "16384"), 0);
	CHECK_EQ(write_str(HARD, "0"), 0);
}

static void max_size(void)
{
	CHECK_EQ(read_long(MAX_SIZE), 1048576);
	CHECK_EQ(write_str(MAX_SIZE, "-1"), -EINVAL);
	CHECK_EQ(write_str(MAX_SIZE, "2147483649"), -EINVAL);
	CHECK_EQ(read_long(MAX_SIZE), 1048576);
	CHECK(in_child(65536), "unprivileged sizes with pipe-max-size 1048576");
	if (!t_on_ushi())
		return;
	CHECK_EQ(write_str(MAX_SIZE, "5000"), 0);
	CHECK_EQ(read_long(MAX_SIZE), 8192);
	CHECK(in_child(8192), "unprivileged sizes with pipe-max-size 8192");
	CHECK_EQ(write_str(MAX_SIZE, "1048576"), 0);
	CHECK_EQ(read_long(MAX_SIZE), 1048576);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	sizes();
	one_page();
	resize_keeps_data();
	not_a_pipe();
	if (geteuid() != 0)
		return t_skip("needs root");
	max_size();
	user_limits();
	return t_done();
}
