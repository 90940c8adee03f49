/*
 * dup_dup2_dup3: duplicating descriptors.  dup returns the lowest free fd
 * and shares the open file (offset, status flags) but not FD_CLOEXEC;
 * dup2 onto an open fd closes it first, dup2(fd, fd) returns fd, and
 * the new fd never has FD_CLOEXEC; raw dup3 (292) gives EINVAL when
 * old == new or for unknown flags, and sets FD_CLOEXEC with O_CLOEXEC;
 * EBADF for a bad old fd or a new fd out of range.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>

static int lowest_free(void)
{
	for (int fd = 0;; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF)
			return fd;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int low = lowest_free();
	int fd = open(argv[0], O_RDONLY);
	CHECK_EQ(fd, low);
	int high = fd + 10;                         /* a free slot well above */

	/* dup: lowest free fd, shared offset. */
	int d = dup(fd);
	CHECK_EQ(d, low + 1);
	CHECK_EQ(lseek(fd, 100, SEEK_SET), 100);
	CHECK_EQ(lseek(d, 0, SEEK_CUR), 100);
	char m[4];
	CHECK_EQ(read(d, m, 4), 4);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 104);
	/* Closing one leaves the other working. */
	CHECK_EQ(close(fd), 0);
	CHECK_EQ(pread(d, m, 4, 0), 4);
	CHECK(memcmp(m, "\177ELF", 4) == 0, "read through the dup");
	/* The freed lowest slot is reused. */
	CHECK_EQ(dup(d), low);
	fd = low;

	/* FD_CLOEXEC belongs to the fd, not the file. */
	CHECK_EQ(fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
	int d2 = dup(fd);
	CHECK(d2 >= 0, "dup: %s", strerror(errno));
	CHECK_EQ(fcntl(d2, F_GETFD), 0);
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	close(d2);

	/* dup2 onto a free slot and onto an open fd. */
	CHECK_EQ(dup2(fd, high), high);
	CHECK_EQ(fcntl(high, F_GETFD), 0);          /* CLOEXEC not copied */
	CHECK_EQ(lseek(high, 0, SEEK_CUR), lseek(fd, 0, SEEK_CUR));
	int p[2];
	CHECK_EQ(pipe(p), 0);
	CHECK_EQ(dup2(p[0], high), high);           /* silently closes the file at high */
	CHECK_ERR(lseek(high, 0, SEEK_CUR), ESPIPE);  /* now it is the pipe */
	CHECK_EQ(write(p[1], "z", 1), 1);
	CHECK_EQ(read(high, m, 1), 1);
	CHECK_EQ(m[0], 'z');
	/* dup2(fd, fd): returns fd, no change, FD_CLOEXEC stays. */
	CHECK_EQ(dup2(fd, fd), fd);
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(syscall(SYS_dup2, fd, fd), fd);
	/* ... but EBADF when that fd is not open. */
	CHECK_ERR(dup2(high + 1, high + 1), EBADF);
	CHECK_ERR(syscall(SYS_dup2, high + 1, high + 1), EBADF);
	CHECK_ERR(dup2(high + 1, high), EBADF);
	CHECK_EQ(read(high, m, 0), 0);               /* high untouched by the failed dup2 */
	CHECK_ERR(dup2(-1, high), EBADF);
	CHECK_ERR(dup2(fd, -1), EBADF);
	struct rlimit rl;
	CHECK_EQ(getrlimit(RLIMIT_NOFILE, &rl), 0);
	CHECK_ERR(dup2(fd, (int)rl.rlim_cur), EBADF);
	CHECK_ERR(dup2(fd, 1 << 30), EBADF);

	/* Raw dup3. */
	CHECK_ERR(syscall(SYS_dup3, fd, fd, 0), EINVAL);
	CHECK_ERR(syscall(SYS_dup3, fd, fd, O_CLOEXEC), EINVAL);
	CHECK_ERR(syscall(SYS_dup3, fd, high + 2, O_NONBLOCK), EINVAL);
	CHECK_ERR(syscall(SYS_dup3, fd, high + 2, 1), EINVAL);
	CHECK_ERR(fcntl(high + 2, F_GETFD), EBADF);
	CHECK_EQ(syscall(SYS_dup3, fd, high + 2, O_CLOEXEC), high + 2);
	CHECK_EQ(fcntl(high + 2, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(syscall(SYS_dup3, p[0], high + 2, 0), high + 2);   /* replaces, no CLOEXEC */
	CHECK_EQ(fcntl(high + 2, F_GETFD), 0);
	CHECK_ERR(lseek(high + 2, 0, SEEK_CUR), ESPIPE);
	CHECK_ERR(syscall(SYS_dup3, high + 3, high + 4, 0), EBADF);
	CHECK_ERR(syscall(SYS_dup3, fd, -1, 0), EBADF);
	CHECK_ERR(dup3(fd, fd, O_CLOEXEC), EINVAL);

	/* Closing the dups of the pipe's read end leaves p[0] working. */
	close(high);
	close(high + 2);
	CHECK_EQ(write(p[1], "y", 1), 1);            /* p[0] still open */
	CHECK_EQ(read(p[0], m, 1), 1);

	close(p[0]);
	close(p[1]);
	close(fd);
	close(d);
	CHECK_EQ(lowest_free(), low);
	return t_done();
}
