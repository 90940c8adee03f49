/*
 * fsconfig_proc: fsopen("proc") gives a file system context; fsconfig
 * takes procfs's parameters as strings ("hidepid" as a number or a
 * name), refuses what procfs does not know and binary values with
 * EINVAL, and a context that has made its super block (FSCONFIG_CMD_CREATE)
 * takes no more (EBUSY).  The bad arguments get Linux's errnos in its
 * order.  Linux's selftest proc-fsconfig-hidepid checks the first part.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/syscall.h>

#define FSOPEN_CLOEXEC 1
#define SET_FLAG 0
#define SET_STRING 1
#define SET_BINARY 2
#define CMD_CREATE 6

static long fsopen_(const char *name, unsigned flags)
{
	return syscall(430, name, flags);
}

static long fsconfig_(int fd, unsigned cmd, const char *key, const void *val, int aux)
{
	return syscall(431, fd, cmd, key, val, aux);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK_ERR(fsopen_("no-such-fs", 0), ENODEV);
	CHECK_ERR(fsopen_("proc", 2), EINVAL);
	CHECK_ERR(fsopen_(NULL, 0), EFAULT);
	int fd = fsopen_("proc", FSOPEN_CLOEXEC);
	CHECK(fd >= 0, "fsopen(proc): errno %d", errno);
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);

	int two = 2;
	CHECK_ERR(fsconfig_(fd, SET_BINARY, "hidepid", &two, 0), EINVAL);
	CHECK_ERR(fsconfig_(fd, SET_BINARY, "hidepid", &two, sizeof two), EINVAL);
	CHECK_OK(fsconfig_(fd, SET_STRING, "hidepid", "2", 0));
	CHECK_OK(fsconfig_(fd, SET_STRING, "hidepid", "invisible", 0));
	CHECK_OK(fsconfig_(fd, SET_STRING, "hidepid", "noaccess", 0));
	CHECK_OK(fsconfig_(fd, SET_STRING, "subset", "pid", 0));
	CHECK_OK(fsconfig_(fd, SET_STRING, "gid", "5", 0));
	CHECK_ERR(fsconfig_(fd, SET_STRING, "hidepid", "3", 0), EINVAL);
	CHECK_ERR(fsconfig_(fd, SET_STRING, "hidepid", "bogus", 0), EINVAL);
	CHECK_ERR(fsconfig_(fd, SET_STRING, "subset", "net", 0), EINVAL);
	CHECK_ERR(fsconfig_(fd, SET_STRING, "no-such-key", "1", 0), EINVAL);
	CHECK_ERR(fsconfig_(fd, SET_FLAG, "hidepid", NULL, 0), EINVAL);

	/* argument checks, before the fd is looked at */
	CHECK_ERR(fsconfig_(-1, SET_STRING, "hidepid", "2", 0), EINVAL);
	CHECK_ERR(fsconfig_(fd, 100, NULL, NULL, 0), EOPNOTSUPP);
	CHECK_ERR(fsconfig_(fd, SET_STRING, NULL, "2", 0), EINVAL);
	CHECK_ERR(fsconfig_(fd, SET_STRING, "hidepid", NULL, 0), EINVAL);
	CHECK_ERR(fsconfig_(fd, SET_FLAG, "hidepid", "2", 0), EINVAL);
	CHECK_ERR(fsconfig_(fd, CMD_CREATE, "hidepid", NULL, 0), EINVAL);
	CHECK_ERR(fsconfig_(fd, SET_STRING, (char *)1, "2", 0), EFAULT);
	CHECK_ERR(fsconfig_(999, SET_STRING, "hidepid", "2", 0), EBADF);
	int null = open("/dev/null", O_RDONLY);
	CHECK_ERR(fsconfig_(null, SET_STRING, "hidepid", "2", 0), EINVAL);
	close(null);

	/* created: no more parameters, no second create */
	CHECK_OK(fsconfig_(fd, CMD_CREATE, NULL, NULL, 0));
	CHECK_ERR(fsconfig_(fd, CMD_CREATE, NULL, NULL, 0), EBUSY);
	CHECK_ERR(fsconfig_(fd, SET_STRING, "hidepid", "2", 0), EBUSY);
	CHECK_OK(close(fd));
	return t_done();
}
