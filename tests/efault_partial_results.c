/*
 * efault_partial_results: buffers that are only partly usable, and absurd
 * counts and offsets, get Linux's answers.
 *
 * A buffer of which only the first 100 bytes are mapped (a hole after
 * them): read and write of a regular file and read of /dev/zero move those
 * 100 bytes and return 100; a pipe write returns EFAULT and queues
 * nothing; a pipe read returns EFAULT and leaves the data in the pipe;
 * getdents64 returns the whole entries that fit; getcwd and readlink
 * (which copy their result in one piece) return EFAULT.  readv/writev
 * whose second segment is unmapped move the first segment; whose second
 * segment is a kernel address fail with EFAULT before moving anything;
 * segments adding up to more than 2 GiB are cut, not refused.
 * /dev/null neither reads nor writes user memory, but still refuses
 * kernel addresses.
 *
 * Counts near 2^63 (and any count that reaches past user space) are EFAULT
 * before anything else; a position plus count that overflows is EINVAL;
 * negative offsets for pread, lseek, ftruncate are EINVAL.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#define F "/tmp/efault_partial_results.dat"
#define L "/tmp/efault_partial_results.lnk"
#define PG 4096

static long raw(long r)
{
	return r < 0 ? -errno : r;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char *two = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(two != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK_EQ(munmap(two + PG, PG), 0);
	char *hole = two + PG, *s = hole - 100;
	static char big[8192], got[8192];
	memset(big, 'b', sizeof big);

	int fd = open(F, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "create: %s", strerror(errno));
	CHECK_EQ(write(fd, big, sizeof big), sizeof big);

	t_log("100 good bytes, then a hole");
	memset(s, 'a', 100);
	CHECK_EQ(raw(pread(fd, s, PG, 0)), 100);
	CHECK(s[0] == 'b' && s[99] == 'b', "pread did not fill the 100 bytes");
	memset(s, 'c', 100);
	CHECK_EQ(raw(pwrite(fd, s, PG, 0)), 100);
	CHECK_EQ(pread(fd, got, 101, 0), 101);
	CHECK(got[0] == 'c' && got[99] == 'c' && got[100] == 'b', "pwrite wrote other than 100 bytes");
	int z = open("/dev/zero", O_RDONLY);
	CHECK_EQ(raw(read(z, s, PG)), 100);
	CHECK(s[0] == 0 && s[99] == 0, "read of /dev/zero did not clear the 100 bytes");
	close(z);

	int p[2];
	CHECK_EQ(pipe2(p, O_NONBLOCK), 0);
	CHECK_EQ(raw(write(p[1], s, PG)), -EFAULT);
	CHECK_EQ(raw(read(p[0], got, sizeof got)), -EAGAIN);      /* nothing was queued */
	CHECK_EQ(write(p[1], big, PG), PG);
	CHECK_EQ(raw(read(p[0], s, PG)), -EFAULT);
	CHECK_EQ(raw(read(p[0], got, sizeof got)), PG);            /* still all there */
	close(p[0]);
	close(p[1]);

	int d = open("/", O_RDONLY | O_DIRECTORY);
	long n = raw(syscall(SYS_getdents64, d, s, PG));
	CHECK(n > 0 && n <= 100, "getdents64 into 100 bytes returned %ld", n);
	close(d);
	CHECK_EQ(chdir("/tmp"), 0);             /* "/tmp" does not fit in 2 bytes */
	CHECK_EQ(raw(syscall(SYS_getcwd, hole - 2, 100)), -EFAULT);
	unlink(L);
	CHECK_EQ(symlink("abcdefgh", L), 0);
	CHECK_EQ(raw(readlink(L, hole - 3, 64)), -EFAULT);
	CHECK_EQ(unlink(L), 0);

	t_log("readv/writev with a bad second segment");
	struct iovec iov[2] = { { got, 10 }, { hole, 10 } };
	CHECK_EQ(raw(preadv(fd, iov, 2, 0)), 10);
	CHECK_EQ(raw(pwritev(fd, iov, 2, 0)), 10);
	iov[1].iov_base = (void *)0xffff888000000000UL;
	CHECK_EQ(raw(preadv(fd, iov, 2, 0)), -EFAULT);
	CHECK_EQ(raw(pwritev(fd, iov, 2, 0)), -EFAULT);
	iov[0].iov_len = 100;
	iov[1].iov_base = got;
	iov[1].iov_len = 0x7fffffff;                            /* more than 2 GiB in all */
	CHECK_EQ(raw(preadv(fd, iov, 2, 0)), sizeof big);

	t_log("/dev/null");
	int nul = open("/dev/null", O_RDWR);
	CHECK_EQ(raw(write(nul, hole, 16)), 16);
	CHECK_EQ(raw(read(nul, hole, 16)), 0);
	CHECK_EQ(raw(write(nul, (void *)0xffff888000000000UL, 16)), -EFAULT);
	close(nul);

	t_log("absurd counts and offsets");
	long counts[] = { 1L << 62, 1L << 63, -1L, -4096L, 1L << 47 };
	for (unsigned i = 0; i < sizeof counts / sizeof *counts; i++) {
		CHECK_EQ(raw(syscall(SYS_pread64, fd, got, counts[i], 0)), -EFAULT);
		CHECK_EQ(raw(syscall(SYS_pwrite64, fd, got, counts[i], 0)), -EFAULT);
		CHECK_EQ(raw(syscall(SYS_read, fd, got, counts[i])), -EFAULT);
		CHECK_EQ(raw(syscall(SYS_write, fd, got, counts[i])), -EFAULT);
	}
	CHECK_EQ(raw(pread(fd, got, 100, 0x7fffffffffffffffL - 10)), -EINVAL);
	CHECK_EQ(raw(pwrite(fd, got, 100, 0x7fffffffffffffffL - 10)), -EINVAL);
	CHECK_EQ(raw(pread(fd, got, 10, -1)), -EINVAL);
	CHECK_EQ(raw(pwrite(fd, got, 10, -4096)), -EINVAL);
	CHECK_EQ(raw(lseek(fd, -1, SEEK_SET)), -EINVAL);
	CHECK_EQ(raw(lseek(fd, -100000, SEEK_END)), -EINVAL);
	CHECK_EQ(raw(ftruncate(fd, -1)), -EINVAL);
	struct stat st;
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_size, sizeof big);                      /* none of that changed the file */

	close(fd);
	CHECK_EQ(unlink(F), 0);
	munmap(two, PG);
	return t_done();
}
