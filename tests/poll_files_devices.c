/*
 * poll_files_devices: files that never block are always ready.  A regular
 * file (even at its end), /dev/null and /dev/zero report POLLIN|POLLOUT
 * (and the RDNORM/WRNORM twins) to poll, and select marks them readable
 * and writable at once, even with no timeout; a file opened read-only
 * still says POLLOUT, as Linux's default for files without a poll method.
 */
#include "t.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/select.h>

#define FILE_NAME "/tmp/poll_files_devices.f"

static void check_ready(const char *what, int fd)
{
	struct pollfd p = { fd, POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM, 0 };
	CHECK(poll(&p, 1, -1) == 1, "%s: poll", what);
	CHECK(p.revents == (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM), "%s: revents %#x", what,
	      p.revents);
	fd_set r, w;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(fd, &r);
	FD_SET(fd, &w);
	CHECK(select(fd + 1, &r, &w, NULL, NULL) == 2, "%s: select", what);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int f = open(FILE_NAME, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(f >= 0, "open");
	t_log("a regular file, empty and at its end");
	check_ready("empty file", f);
	CHECK_EQ(write(f, "abc", 3), 3);
	check_ready("file at its end", f);
	int ro = open(FILE_NAME, O_RDONLY);
	check_ready("read-only file", ro);
	t_log("/dev/null and /dev/zero");
	int null = open("/dev/null", O_RDWR), zero = open("/dev/zero", O_RDONLY);
	CHECK(null >= 0 && zero >= 0, "open /dev/null, /dev/zero");
	check_ready("/dev/null", null);
	check_ready("/dev/zero", zero);
	close(f);
	close(ro);
	close(null);
	close(zero);
	CHECK_OK(unlink(FILE_NAME));
	return t_done();
}
