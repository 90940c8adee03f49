/*
 * truncate_no_size: truncating files that have no size of their own must
 * not bring the kernel down (the fuzzer found ftruncate of a pidfd
 * panicking ushi).  ftruncate of a pidfd fails with EOPNOTSUPP (EINVAL for
 * a negative length); a procfs file opened with O_TRUNC opens (the
 * truncation is ignored) and ftruncate/truncate on it succeed doing
 * nothing; a pipe gives EINVAL; the process lives on.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int pidfd = syscall(SYS_pidfd_open, getpid(), 0);
	CHECK(pidfd >= 0, "pidfd_open: %s", strerror(errno));
	CHECK_ERR(ftruncate(pidfd, 0), EOPNOTSUPP);
	CHECK_ERR(ftruncate(pidfd, 4096), EOPNOTSUPP);
	CHECK_ERR(ftruncate(pidfd, -1), EINVAL);
	close(pidfd);

	int fd = open("/proc/self/comm", O_WRONLY | O_TRUNC);
	CHECK(fd >= 0, "open /proc/self/comm O_TRUNC: %s", strerror(errno));
	CHECK_EQ(ftruncate(fd, 0), 0);
	CHECK_EQ(truncate("/proc/self/comm", 0), 0);
	close(fd);
	char comm[32] = "";
	fd = open("/proc/self/comm", O_RDONLY);
	CHECK(fd >= 0, "open /proc/self/comm: %s", strerror(errno));
	CHECK(read(fd, comm, sizeof comm - 1) > 0, "read comm: %s", strerror(errno));
	CHECK(strncmp(comm, "truncate_no_siz", 15) == 0, "comm is now '%s'", comm);
	close(fd);

	int p[2];
	CHECK_EQ(pipe(p), 0);
	CHECK_ERR(ftruncate(p[1], 0), EINVAL);
	CHECK_ERR(ftruncate(p[0], 0), EINVAL);
	close(p[0]);
	close(p[1]);
	return t_done();
}
