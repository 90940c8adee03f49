/*
 * fallocate_basic: fallocate(2) on a regular file, as Linux.
 *
 * Mode 0 makes the file at least offset + len long (never shorter), the
 * new bytes reading as zeros; FALLOC_FL_KEEP_SIZE leaves the size.  A
 * private and a shared mapping of the allocated page then work (mm/cow's
 * tmpfile cases start so).  Errnos, in Linux's order: a closed fd EBADF;
 * a negative offset or a length of 0 EINVAL; an unknown mode bit, and
 * PUNCH_HOLE without KEEP_SIZE, EOPNOTSUPP; a read-only fd EBADF; a pipe ESPIPE; a device ENODEV; an end
 * past the largest offset EFBIG; past RLIMIT_FSIZE EFBIG (SIGXFSZ
 * ignored).
 */
#include "t.h"
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>

#define FILE1 "/tmp/fallocate_basic"

static long size_of(int fd)
{
	struct stat st;
	return fstat(fd, &st) ? -1 : (long)st.st_size;
}

static void allocate(int fd)
{
	CHECK_EQ(fallocate(fd, 0, 0, 4096), 0);
	CHECK_EQ(size_of(fd), 4096);
	char buf[4096];
	memset(buf, 1, sizeof buf);
	CHECK_EQ(pread(fd, buf, sizeof buf, 0), 4096);
	int zero = 1;
	for (int i = 0; i < 4096; i++)
		zero &= buf[i] == 0;
	CHECK(zero, "the allocated bytes read as zeros");
	CHECK_EQ(fallocate(fd, FALLOC_FL_KEEP_SIZE, 4096, 8192), 0);
	CHECK_EQ(size_of(fd), 4096);
	CHECK_EQ(fallocate(fd, 0, 100, 50), 0);
	CHECK_EQ(size_of(fd), 4096);
	CHECK_EQ(fallocate(fd, 0, 5000, 100), 0);
	CHECK_EQ(size_of(fd), 5100);
	CHECK_OK(ftruncate(fd, 4096));

	char *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *shared = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(priv != MAP_FAILED && shared != MAP_FAILED, "both mappings");
	if (priv != MAP_FAILED && shared != MAP_FAILED) {
		priv[0] = 'x';
		CHECK_EQ(shared[0], 0);          /* the private copy is its own */
	}
	if (priv != MAP_FAILED)
		munmap(priv, 4096);
	if (shared != MAP_FAILED)
		munmap(shared, 4096);
}

static void errors(int fd)
{
	int ro = open(FILE1, O_RDONLY), dev = open("/dev/null", O_WRONLY), p[2];
	CHECK_OK(pipe(p));
	CHECK_ERR(fallocate(-1, 0, 0, 1), EBADF);
	CHECK_ERR(fallocate(fd, 0, -1, 1), EINVAL);
	CHECK_ERR(fallocate(fd, 0, 0, 0), EINVAL);
	CHECK_ERR(fallocate(fd, 0x80, 0, 1), EOPNOTSUPP);
	CHECK_ERR(fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 1), EOPNOTSUPP);
	CHECK_ERR(fallocate(ro, 0, 0, 1), EBADF);
	CHECK_ERR(fallocate(p[1], 0, 0, 1), ESPIPE);
	CHECK_ERR(fallocate(dev, 0, 0, 1), ENODEV);
	CHECK_ERR(fallocate(fd, 0, INT64_MAX - 10, 100), EFBIG);

	struct rlimit old, small = { 8192, 8192 };
	getrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_IGN);
	CHECK_OK(setrlimit(RLIMIT_FSIZE, &small));
	CHECK_ERR(fallocate(fd, 0, 0, 16384), EFBIG);
	CHECK_EQ(size_of(fd), 4096);
	if (getuid() == 0)
		setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_DFL);
	close(p[0]);
	close(p[1]);
	close(dev);
	close(ro);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int fd = open(FILE1, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK_OK(fd);
	if (fd >= 0) {
		allocate(fd);
		errors(fd);
		close(fd);
	}
	unlink(FILE1);
	return t_done();
}
