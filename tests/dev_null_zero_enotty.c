/*
 * dev_null_zero_enotty: the character devices every program may touch.
 * /dev/null reads EOF and swallows writes (returning the full count);
 * /dev/zero reads zeros (any size, over old contents) and also swallows
 * writes; both are S_ISCHR.  ioctl(TIOCGWINSZ) - what musl's stdio and
 * isatty() ask - gives ENOTTY on a regular file, a pipe, /dev/null and a
 * directory, and isatty() says 0 for them.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	static char buf[3 * 4096 + 17];
	struct stat st;

	int n = open("/dev/null", O_RDWR);
	CHECK(n >= 0, "open /dev/null: %s", strerror(errno));
	CHECK_EQ(fstat(n, &st), 0);
	CHECK(S_ISCHR(st.st_mode), "/dev/null mode %o", st.st_mode);
	CHECK_EQ(read(n, buf, sizeof buf), 0);
	CHECK_EQ(read(n, buf, 1), 0);
	CHECK_EQ(write(n, buf, sizeof buf), sizeof buf);
	CHECK_EQ(write(n, "x", 1), 1);
	CHECK_EQ(write(n, buf, 0), 0);
	CHECK_EQ(pwrite(n, buf, 100, 12345), 100);
	CHECK_EQ(pread(n, buf, 100, 0), 0);
	CHECK_EQ(close(n), 0);
	n = open("/dev/null", O_WRONLY);
	CHECK(n >= 0, "open /dev/null O_WRONLY: %s", strerror(errno));
	CHECK_EQ(write(n, buf, 1000), 1000);
	CHECK_ERR(read(n, buf, 1), EBADF);
	CHECK_EQ(close(n), 0);

	int z = open("/dev/zero", O_RDWR);
	CHECK(z >= 0, "open /dev/zero: %s", strerror(errno));
	CHECK_EQ(fstat(z, &st), 0);
	CHECK(S_ISCHR(st.st_mode), "/dev/zero mode %o", st.st_mode);
	memset(buf, 0x77, sizeof buf);
	CHECK_EQ(read(z, buf, sizeof buf), sizeof buf);
	size_t nz = 0;
	for (size_t i = 0; i < sizeof buf; i++)
		nz += buf[i] != 0;
	CHECK_EQ(nz, 0);
	memset(buf, 0x77, 10);
	CHECK_EQ(read(z, buf + 1, 5), 5);             /* only the bytes asked for */
	CHECK(buf[0] == 0x77 && buf[1] == 0 && buf[5] == 0 && buf[6] == 0x77, "partial zero read");
	CHECK_EQ(write(z, "abc", 3), 3);
	CHECK_EQ(read(z, buf, 1), 1);
	CHECK_EQ(buf[0], 0);
	CHECK_EQ(close(z), 0);

	/* ENOTTY everywhere that is not a terminal. */
	struct winsize ws;
	int f = open(argv[0], O_RDONLY);
	CHECK(f >= 0, "open self: %s", strerror(errno));
	CHECK_ERR(ioctl(f, TIOCGWINSZ, &ws), ENOTTY);
	CHECK_ERR(syscall(SYS_ioctl, f, TIOCGWINSZ, &ws), ENOTTY);
	CHECK_EQ(isatty(f), 0);
	CHECK_EQ(errno, ENOTTY);
	close(f);
	int p[2];
	CHECK_EQ(pipe(p), 0);
	CHECK_ERR(ioctl(p[0], TIOCGWINSZ, &ws), ENOTTY);
	CHECK_ERR(ioctl(p[1], TIOCGWINSZ, &ws), ENOTTY);
	CHECK_EQ(isatty(p[1]), 0);
	close(p[0]);
	close(p[1]);
	n = open("/dev/null", O_RDONLY);
	CHECK_ERR(ioctl(n, TIOCGWINSZ, &ws), ENOTTY);
	CHECK_EQ(isatty(n), 0);
	close(n);
	int d = open("/", O_RDONLY | O_DIRECTORY);
	CHECK_ERR(ioctl(d, TIOCGWINSZ, &ws), ENOTTY);
	close(d);
	/* ... and EBADF on a closed fd. */
	CHECK_ERR(ioctl(d, TIOCGWINSZ, &ws), EBADF);
	return t_done();
}
