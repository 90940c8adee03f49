/*
 * fcntl_dupfd_flags: fcntl on descriptors.  F_DUPFD and F_DUPFD_CLOEXEC
 * return the lowest free fd >= arg (EINVAL for a negative arg or one at
 * RLIMIT_NOFILE); F_GETFD/F_SETFD read and set FD_CLOEXEC (only that bit
 * is kept); F_GETFL reports the access mode and O_APPEND/O_NONBLOCK;
 * F_SETFL toggles O_APPEND and O_NONBLOCK but never changes the access
 * mode; the status flags are shared by dups; unknown commands EINVAL.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#define F "/tmp/fcntl_dupfd_flags.dat"

static int lowest_free(int from)
{
	for (int fd = from;; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF)
			return fd;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	unlink(F);
	int fd = open(F, O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK(fd >= 0, "create: %s", strerror(errno));
	if (fd < 0)
		return t_done();

	/* F_DUPFD: the lowest free fd >= arg. */
	int base = lowest_free(fd + 20);
	int a = fcntl(fd, F_DUPFD, base);
	CHECK_EQ(a, base);
	int b = fcntl(fd, F_DUPFD, base);
	CHECK_EQ(b, base + 1);
	CHECK_EQ(fcntl(a, F_GETFD), 0);
	CHECK_EQ(close(a), 0);
	int c = fcntl(fd, F_DUPFD, base);
	CHECK_EQ(c, base);                          /* the hole is reused */
	int low = lowest_free(0);
	CHECK_EQ(fcntl(fd, F_DUPFD, 0), low);       /* arg 0: plain dup */
	close(low);
	/* F_DUPFD_CLOEXEC. */
	int e = fcntl(fd, F_DUPFD_CLOEXEC, base);
	CHECK_EQ(e, base + 2);
	CHECK_EQ(fcntl(e, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(fd, F_GETFD), 0);
	/* Bad arguments. */
	CHECK_ERR(fcntl(fd, F_DUPFD, -1), EINVAL);
	struct rlimit rl;
	CHECK_EQ(getrlimit(RLIMIT_NOFILE, &rl), 0);
	CHECK_ERR(fcntl(fd, F_DUPFD, (int)rl.rlim_cur), EINVAL);
	CHECK_ERR(fcntl(fd, F_DUPFD_CLOEXEC, (int)rl.rlim_cur), EINVAL);
	CHECK_ERR(fcntl(base + 50, F_DUPFD, 0), EBADF);

	/* F_GETFD/F_SETFD. */
	CHECK_EQ(fcntl(b, F_SETFD, FD_CLOEXEC), 0);
	CHECK_EQ(fcntl(b, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(c, F_GETFD), 0);             /* per fd, not per file */
	CHECK_EQ(fcntl(b, F_SETFD, 0), 0);
	CHECK_EQ(fcntl(b, F_GETFD), 0);
	CHECK_EQ(fcntl(b, F_SETFD, 0xff), 0);       /* only FD_CLOEXEC is kept */
	CHECK_EQ(fcntl(b, F_GETFD), FD_CLOEXEC);
	/* open(O_CLOEXEC) sets it. */
	int ce = open(F, O_RDONLY | O_CLOEXEC);
	CHECK(ce >= 0, "open O_CLOEXEC: %s", strerror(errno));
	CHECK_EQ(syscall(SYS_fcntl, ce, F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(fcntl(ce, F_GETFL) & O_ACCMODE, O_RDONLY);
	close(ce);

	/* F_GETFL: the access mode of each open. */
	CHECK_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	CHECK_EQ(fcntl(fd, F_GETFL) & (O_APPEND | O_NONBLOCK), 0);
	int wo = open(F, O_WRONLY | O_APPEND);
	CHECK(wo >= 0, "open O_WRONLY|O_APPEND: %s", strerror(errno));
	CHECK_EQ(fcntl(wo, F_GETFL) & O_ACCMODE, O_WRONLY);
	CHECK_EQ(fcntl(wo, F_GETFL) & O_APPEND, O_APPEND);
	/* O_CREAT/O_EXCL/O_TRUNC are not reported. */
	CHECK_EQ(fcntl(fd, F_GETFL) & (O_CREAT | O_EXCL | O_TRUNC), 0);

	/* F_SETFL: O_APPEND toggled, access mode kept. */
	CHECK_EQ(fcntl(wo, F_SETFL, 0), 0);
	CHECK_EQ(fcntl(wo, F_GETFL) & O_APPEND, 0);
	CHECK_EQ(fcntl(wo, F_GETFL) & O_ACCMODE, O_WRONLY);
	CHECK_EQ(fcntl(fd, F_SETFL, O_APPEND | O_RDONLY), 0);
	CHECK_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	CHECK_EQ(fcntl(fd, F_GETFL) & O_APPEND, O_APPEND);
	CHECK_EQ(fcntl(fd, F_SETFL, O_WRONLY), 0);
	CHECK_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	CHECK_EQ(fcntl(fd, F_GETFL) & O_APPEND, 0);
	/* The status flags belong to the open file: dups share them. */
	CHECK_EQ(fcntl(b, F_SETFL, O_APPEND), 0);
	CHECK_EQ(fcntl(fd, F_GETFL) & O_APPEND, O_APPEND);
	CHECK_EQ(fcntl(c, F_GETFL) & O_APPEND, O_APPEND);
	CHECK_EQ(fcntl(wo, F_GETFL) & O_APPEND, 0);  /* a separate open is not affected */
	/* ... and the behaviour follows the flag. */
	CHECK_EQ(write(fd, "abc", 3), 3);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(write(c, "d", 1), 1);              /* appended, not at 0 */
	char buf[8] = { 0 };
	CHECK_EQ(pread(fd, buf, sizeof buf, 0), 4);
	CHECK(memcmp(buf, "abcd", 4) == 0, "contents [%.4s]", buf);
	CHECK_EQ(fcntl(fd, F_SETFL, 0), 0);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(write(b, "X", 1), 1);
	CHECK_EQ(pread(fd, buf, sizeof buf, 0), 4);
	CHECK(memcmp(buf, "Xbcd", 4) == 0, "contents [%.4s]", buf);
	/* O_NONBLOCK can be set and cleared. */
	CHECK_EQ(fcntl(fd, F_SETFL, O_NONBLOCK), 0);
	CHECK_EQ(fcntl(b, F_GETFL) & O_NONBLOCK, O_NONBLOCK);
	CHECK_EQ(fcntl(fd, F_SETFL, 0), 0);
	CHECK_EQ(fcntl(b, F_GETFL) & O_NONBLOCK, 0);

	/* Unknown commands; closed fds. */
	CHECK_ERR(fcntl(fd, 12345), EINVAL);
	CHECK_ERR(syscall(SYS_fcntl, fd, -7, 0), EINVAL);
	CHECK_ERR(fcntl(base + 50, F_GETFD), EBADF);
	CHECK_ERR(fcntl(base + 50, F_SETFD, FD_CLOEXEC), EBADF);
	CHECK_ERR(fcntl(base + 50, F_GETFL), EBADF);
	CHECK_ERR(fcntl(-1, F_GETFL), EBADF);

	close(wo);
	close(b);
	close(c);
	close(e);
	close(fd);
	CHECK_EQ(unlink(F), 0);
	return t_done();
}
