/*
 * pipe_basic: pipes.  pipe() gives a read end and a write end (S_ISFIFO,
 * O_RDONLY/O_WRONLY, no FD_CLOEXEC); pipe2(O_CLOEXEC) sets FD_CLOEXEC on
 * both, pipe2(O_NONBLOCK) sets O_NONBLOCK, other flags are EINVAL; bytes
 * come out in order; a read returns what is there (short read) without
 * waiting for more; read returns 0 (EOF) once every write end is closed
 * (dups included); the wrong end gives EBADF; a transfer bigger than the
 * pipe's capacity to a forked reader arrives intact.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int p[2] = { -1, -1 };
	CHECK_EQ(pipe(p), 0);
	CHECK(p[0] >= 0 && p[1] >= 0 && p[0] != p[1], "pipe fds");
	struct stat st;
	CHECK_EQ(fstat(p[0], &st), 0);
	CHECK(S_ISFIFO(st.st_mode), "read end mode %o", st.st_mode);
	CHECK_EQ(fstat(p[1], &st), 0);
	CHECK(S_ISFIFO(st.st_mode), "write end mode %o", st.st_mode);
	CHECK_EQ(fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY);
	CHECK_EQ(fcntl(p[1], F_GETFL) & O_ACCMODE, O_WRONLY);
	CHECK_EQ(fcntl(p[0], F_GETFD), 0);
	CHECK_EQ(fcntl(p[1], F_GETFD), 0);

	/* In order, short reads. */
	char buf[8192];
	CHECK_EQ(write(p[1], "hello", 5), 5);
	CHECK_EQ(write(p[1], " world", 6), 6);
	CHECK_EQ(read(p[0], buf, 3), 3);
	CHECK(memcmp(buf, "hel", 3) == 0, "first 3");
	CHECK_EQ(read(p[0], buf, sizeof buf), 8);   /* all that is left, no wait */
	CHECK(memcmp(buf, "lo world", 8) == 0, "rest [%.8s]", buf);
	CHECK_EQ(write(p[1], "", 0), 0);
	/* A page's worth in one write. */
	for (int i = 0; i < 4096; i++)
		buf[i] = (char)i;
	CHECK_EQ(write(p[1], buf, 4096), 4096);
	char back[4096];
	size_t got = 0;
	while (got < 4096) {
		ssize_t r = read(p[0], back + got, 1000);
		if (r <= 0) { CHECK(0, "read returned %zd", r); break; }
		got += r;
	}
	CHECK(memcmp(buf, back, 4096) == 0, "4096 bytes intact");

	/* Wrong ends. */
	CHECK_ERR(read(p[1], buf, 1), EBADF);
	CHECK_ERR(write(p[0], "x", 1), EBADF);

	/* EOF only when every write end is gone. */
	int w2 = dup(p[1]);
	CHECK_EQ(write(p[1], "ab", 2), 2);
	CHECK_EQ(close(p[1]), 0);
	CHECK_EQ(read(p[0], buf, sizeof buf), 2);   /* data first */
	CHECK_EQ(write(w2, "c", 1), 1);              /* the dup still writes */
	CHECK_EQ(close(w2), 0);
	CHECK_EQ(read(p[0], buf, sizeof buf), 1);
	CHECK_EQ(read(p[0], buf, sizeof buf), 0);    /* EOF */
	CHECK_EQ(read(p[0], buf, sizeof buf), 0);    /* and again */
	CHECK_EQ(close(p[0]), 0);

	/* pipe2 flags. */
	CHECK_EQ(pipe2(p, O_CLOEXEC), 0);
	CHECK_EQ(fcntl(p[0], F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(p[1], F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(p[0], F_GETFL) & O_NONBLOCK, 0);
	close(p[0]);
	close(p[1]);
	CHECK_EQ(syscall(SYS_pipe2, p, O_NONBLOCK), 0);
	CHECK_EQ(fcntl(p[0], F_GETFD), 0);
	CHECK_EQ(fcntl(p[0], F_GETFL) & O_NONBLOCK, O_NONBLOCK);
	CHECK_EQ(fcntl(p[1], F_GETFL) & O_NONBLOCK, O_NONBLOCK);
	close(p[0]);
	close(p[1]);
	CHECK_EQ(syscall(SYS_pipe2, p, 0), 0);
	CHECK_EQ(fcntl(p[0], F_GETFD), 0);
	close(p[0]);
	close(p[1]);
	CHECK_ERR(syscall(SYS_pipe2, p, O_APPEND), EINVAL);
	CHECK_ERR(syscall(SYS_pipe2, p, 0x40000000), EINVAL);

	/* 256 KiB through a pipe to a forked reader, which checks it. */
	enum { TOTAL = 256 * 1024 };
	CHECK_EQ(pipe(p), 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[1]);
		static unsigned char in[5000];
		size_t n = 0;
		int bad = 0;
		ssize_t r;
		while ((r = read(p[0], in, sizeof in)) > 0) {
			for (ssize_t i = 0; i < r; i++)
				if (in[i] != (unsigned char)((n + i) * 13 + (n + i) / 7)) bad = 1;
			n += r;
		}
		_exit(r == 0 && n == TOTAL && !bad ? 0 : 1);
	}
	close(p[0]);
	static unsigned char out[TOTAL];
	for (size_t i = 0; i < TOTAL; i++)
		out[i] = (unsigned char)(i * 13 + i / 7);
	size_t sent = 0;
	while (sent < TOTAL) {
		size_t n = TOTAL - sent < 30000 ? TOTAL - sent : 30000;
		ssize_t w = write(p[1], out + sent, n);
		if (w <= 0) { CHECK(0, "write returned %zd: %s", w, strerror(errno)); break; }
		sent += w;
	}
	CHECK_EQ(sent, TOTAL);
	close(p[1]);
	int status = 0;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "reader status %#x", status);
	return t_done();
}
