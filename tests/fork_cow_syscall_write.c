/*
 * fork_cow_syscall_write: the kernel writing into user memory must break
 * copy-on-write like a user write does.  After fork, while a buffer is
 * still shared, one side lets the kernel fill it: read() from a pipe and
 * from a file (across a page boundary), read() into a never-touched page,
 * wait4() storing the status word, pipe2() storing the fds array.  That
 * side sees the data; the other side's copy is unchanged.  Both
 * directions: the child as the writer, then the parent.
 */
#include "t.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/wait.h>

#define PAGE 4096
#define TMP "/tmp/fork_cow_syscall_write.tmp"

static struct { char b[3 * PAGE]; } cw __attribute__((aligned(PAGE)));
/* status and fds on two different pages, so each call meets a shared page */
static struct { int status; char pad[PAGE - 4]; int fds[2]; } ws __attribute__((aligned(PAGE)));
static char untouched[PAGE] __attribute__((aligned(PAGE)));  /* never written before fork */

static int all(const char *p, int n, char c)
{
	for (int i = 0; i < n; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

static int read_full(int fd, char *p, int n)
{
	int got = 0;
	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r <= 0)
			return -1;
		got += r;
	}
	return 0;
}

/* The bitmask a writer side computes over its own memory. */
static int writer_checks(void)
{
	int m = 0;
	if (!all(cw.b + PAGE - 50, 100, 'd') || !all(cw.b, PAGE - 50, 'P') ||
	    !all(cw.b + PAGE + 50, PAGE - 60, 'P'))
		m |= 1;
	if (!all(cw.b + 2 * PAGE - 10, 20, 'f') || !all(cw.b + 2 * PAGE + 10, PAGE - 10, 'P'))
		m |= 2;
	if (!all(untouched + 100, 10, 'z') || !all(untouched, 100, 0))
		m |= 4;
	if (ws.fds[0] < 0 || ws.fds[1] < 0 || ws.fds[0] == ws.fds[1])
		m |= 8;
	return m;
}

/* The writer's system calls: data arrives on `in`, the file is at offset 0. */
static void kernel_writes(int in, int file)
{
	read_full(in, cw.b + PAGE - 50, 100);
	lseek(file, 0, SEEK_SET);
	read_full(file, cw.b + 2 * PAGE - 10, 20);
	read_full(in, untouched + 100, 10);
	pipe2(ws.fds, O_CLOEXEC);
}

/* What the other side must still see. */
static int untouched_checks(void)
{
	int m = 0;
	if (!all(cw.b, sizeof cw.b, 'P'))
		m |= 1;
	if (!all(untouched, PAGE, 0))
		m |= 4;
	if (ws.fds[0] != -7 || ws.fds[1] != -7)
		m |= 8;
	if (ws.status != 0x5a5a)
		m |= 16;
	return m;
}

static void report(const char *who, int m)
{
	CHECK(!(m & 1), "%s: pipe read() into the shared buffer: wrong contents", who);
	CHECK(!(m & 2), "%s: file read() across the next page boundary: wrong contents", who);
	CHECK(!(m & 4), "%s: read() into a never-touched page: wrong contents", who);
	CHECK(!(m & 8), "%s: pipe2() fds array in the shared page is wrong", who);
	CHECK(!(m & 16), "%s: wait4() status word in the shared page is wrong", who);
	CHECK(!(m & 32), "%s: the pipe to the child broke", who);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	memset(cw.b, 'P', sizeof cw.b);
	ws.status = 0x5a5a;
	ws.fds[0] = ws.fds[1] = -7;
	int file = open(TMP, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(file >= 0, "open %s: %s", TMP, strerror(errno));
	char fbuf[20];
	memset(fbuf, 'f', sizeof fbuf);
	CHECK_EQ(write(file, fbuf, sizeof fbuf), sizeof fbuf);
	char dbuf[110];
	memset(dbuf, 'd', 100);
	memset(dbuf + 100, 'z', 10);

	t_log("the child lets the kernel write into shared pages");
	int data[2];
	CHECK_OK(pipe(data));
	pid_t a = fork();
	if (a == 0) {
		close(data[1]);
		kernel_writes(data[0], file);
		_exit(writer_checks());
	}
	CHECK(a > 0, "fork failed");
	close(data[0]);
	CHECK_EQ(write(data[1], dbuf, sizeof dbuf), sizeof dbuf);
	close(data[1]);
	int st = -1;
	CHECK_EQ(waitpid(a, &st, 0), a);
	CHECK(WIFEXITED(st), "child died: status 0x%x", st);
	report("child (writer)", WIFEXITED(st) ? WEXITSTATUS(st) : 63);
	report("parent (other side)", untouched_checks());

	t_log("the parent lets the kernel write into shared pages");
	int go[2];
	CHECK_OK(pipe(go));
	pid_t b = fork();
	if (b == 0) {
		char c;
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(32);
		_exit(untouched_checks());
	}
	CHECK(b > 0, "fork failed");
	close(go[0]);
	pid_t d = fork();             /* exits at once, for wait4 to report */
	if (d == 0)
		_exit(5);
	CHECK(d > 0, "fork failed");
	CHECK_OK(pipe(data));
	CHECK_EQ(write(data[1], dbuf, sizeof dbuf), sizeof dbuf);
	kernel_writes(data[0], file);
	close(data[0]);
	close(data[1]);
	int m = writer_checks();
	CHECK_EQ(wait4(d, &ws.status, 0, NULL), d);
	if (!WIFEXITED(ws.status) || WEXITSTATUS(ws.status) != 5)
		m |= 16;
	report("parent (writer)", m);
	CHECK_EQ(write(go[1], "g", 1), 1);
	close(go[1]);
	CHECK_EQ(waitpid(b, &st, 0), b);
	CHECK(WIFEXITED(st), "child died: status 0x%x", st);
	report("child (other side)", WIFEXITED(st) ? WEXITSTATUS(st) : 63);
	close(ws.fds[0]);
	close(ws.fds[1]);
	close(file);
	CHECK_OK(unlink(TMP));
	return t_done();
}
