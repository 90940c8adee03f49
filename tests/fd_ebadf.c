/*
 * fd_ebadf: every fd-taking call on a descriptor that is not open (closed,
 * never opened, negative, huge) fails with EBADF, and the process goes on.
 * close twice gives EBADF the second time; a closed fd number is reused by
 * the next open.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

static void all_ebadf(int fd)
{
	char buf[16];
	struct stat st;
	struct iovec iov = { buf, sizeof buf };
	CHECK_ERR(read(fd, buf, sizeof buf), EBADF);
	CHECK_ERR(write(fd, "x", 1), EBADF);
	CHECK_ERR(readv(fd, &iov, 1), EBADF);
	CHECK_ERR(writev(fd, &iov, 1), EBADF);
	CHECK_ERR(pread(fd, buf, 1, 0), EBADF);
	CHECK_ERR(pwrite(fd, buf, 1, 0), EBADF);
	CHECK_ERR(lseek(fd, 0, SEEK_SET), EBADF);
	CHECK_ERR(syscall(SYS_fstat, fd, &st), EBADF);
	CHECK_ERR(syscall(SYS_close, fd), EBADF);
	CHECK_ERR(syscall(SYS_dup, fd), EBADF);
	CHECK_ERR(syscall(SYS_dup2, fd, 50), EBADF);
	CHECK_ERR(syscall(SYS_dup3, fd, 50, 0), EBADF);
	CHECK_ERR(syscall(SYS_fcntl, fd, F_GETFD, 0), EBADF);
	CHECK_ERR(syscall(SYS_fcntl, fd, F_SETFL, 0), EBADF);
	CHECK_ERR(syscall(SYS_fcntl, fd, F_DUPFD, 0), EBADF);
	CHECK_ERR(syscall(SYS_fchdir, fd), EBADF);
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, sizeof buf), EBADF);
	CHECK_ERR(syscall(SYS_ioctl, fd, TIOCGWINSZ, buf), EBADF);
	CHECK_ERR(syscall(SYS_openat, fd, "x", O_RDONLY, 0), EBADF);
	CHECK_ERR(syscall(SYS_newfstatat, fd, "x", &st, 0), EBADF);
	CHECK_ERR(syscall(SYS_mkdirat, fd, "x", 0755), EBADF);
	CHECK_ERR(syscall(SYS_unlinkat, fd, "x", 0), EBADF);
	/* mmap of a file needs a valid fd. */
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED && errno == EBADF,
	      "mmap(fd %d): errno %d", fd, errno);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK_ERR(fcntl(50, F_GETFD), EBADF);       /* 50 is used as a target above */

	int fd = open(argv[0], O_RDONLY);
	CHECK(fd >= 0, "open: %s", strerror(errno));
	CHECK_EQ(close(fd), 0);
	CHECK_ERR(close(fd), EBADF);                /* close twice */
	all_ebadf(fd);                              /* closed */
	all_ebadf(fd + 40);                         /* never opened */
	all_ebadf(-1);
	all_ebadf(-2);                             /* (-100 would be AT_FDCWD) */
	all_ebadf(1 << 20);
	all_ebadf(0x7fffffff);
	CHECK_ERR(fcntl(50, F_GETFD), EBADF);       /* no failed call created it */

	/* The closed number is the next one handed out. */
	int fd2 = open(argv[0], O_RDONLY);
	CHECK_EQ(fd2, fd);
	CHECK_EQ(close(fd2), 0);

	/* A pipe end closed twice. */
	int p[2];
	CHECK_EQ(pipe(p), 0);
	CHECK_EQ(close(p[0]), 0);
	CHECK_ERR(close(p[0]), EBADF);
	CHECK_EQ(close(p[1]), 0);
	CHECK_ERR(close(p[1]), EBADF);
	return t_done();
}
