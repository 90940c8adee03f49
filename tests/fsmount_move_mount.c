/*
 * fsmount_move_mount: the second half of the new mount API.  fsmount
 * turns a created context into a mount attached nowhere - an fd of its
 * root, usable as a directory fd - and move_mount with
 * MOVE_MOUNT_F_EMPTY_PATH attaches it to a directory, where umount takes
 * it off again.  A context with no super block yet is EINVAL, one
 * already mounted EBUSY; bad flags and atime modes EINVAL.  Mounts are
 * made in a mount namespace of the test's own.
 */
#include "t.h"
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>

#define FSCONFIG_SET_STRING 1
#define FSCONFIG_CMD_CREATE 6
#define FSMOUNT_CLOEXEC_ 1
#define MOUNT_ATTR_NOSUID_ 2
#define MOVE_MOUNT_F_EMPTY_PATH_ 4
#define PROC_MAGIC 0x9fa0

static long fsopen_(const char *name) { return syscall(430, name, 0); }
static long fsconfig_(int fd, unsigned cmd, const char *k, const void *v) { return syscall(431, fd, cmd, k, v, 0); }
static long fsmount_(int fd, unsigned flags, unsigned attr) { return syscall(432, fd, flags, attr); }
static long move_mount_(int ffd, const char *from, int tfd, const char *to, unsigned flags)
{
	return syscall(429, ffd, from, tfd, to, flags);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	if (unshare(CLONE_NEWNS) != 0)
		return t_skip("unshare(CLONE_NEWNS) needs root");
	CHECK_OK(mount(NULL, "/", NULL, MS_PRIVATE | MS_REC, NULL));
	char dir[] = "/tmp/fsmount_move_mount.XXXXXX";
	CHECK(mkdtemp(dir) != NULL, "mkdtemp: errno %d", errno);

	int fd = fsopen_("proc");
	CHECK(fd >= 0, "fsopen: errno %d", errno);
	CHECK_OK(fsconfig_(fd, FSCONFIG_SET_STRING, "hidepid", "invisible"));
	CHECK_ERR(fsmount_(fd, 0, 0), EINVAL);          /* nothing created yet */
	CHECK_OK(fsconfig_(fd, FSCONFIG_CMD_CREATE, NULL, NULL));
	CHECK_ERR(fsmount_(fd, 2, 0), EINVAL);
	CHECK_ERR(fsmount_(fd, 0, 0x30), EINVAL);        /* no such atime mode */
	CHECK_ERR(fsmount_(fd, 0, 0x400), EINVAL);
	CHECK_ERR(fsmount_(999, 0, 0), EBADF);
	int null = open("/dev/null", O_RDONLY);
	CHECK_ERR(fsmount_(null, 0, 0), EINVAL);
	close(null);

	int mfd = fsmount_(fd, FSMOUNT_CLOEXEC_, MOUNT_ATTR_NOSUID_);
	CHECK(mfd >= 0, "fsmount: errno %d", errno);
	CHECK_ERR(fsmount_(fd, 0, 0), EBUSY);
	CHECK_EQ(fcntl(mfd, F_GETFD), FD_CLOEXEC);
	struct statfs sf;
	CHECK_OK(fstatfs(mfd, &sf));
	CHECK_EQ(sf.f_type, PROC_MAGIC);
	int m = openat(mfd, "meminfo", O_RDONLY);
	CHECK(m >= 0, "openat(mount fd, meminfo): errno %d", errno);
	close(m);

	CHECK_ERR(move_mount_(mfd, "", AT_FDCWD, dir, 0), ENOENT);
	CHECK_ERR(move_mount_(mfd, "", AT_FDCWD, dir, 0x1000), EINVAL);
	CHECK_OK(move_mount_(mfd, "", AT_FDCWD, dir, MOVE_MOUNT_F_EMPTY_PATH_));
	struct stat s0, s1;
	char path[64];
	snprintf(path, sizeof path, "%s/meminfo", dir);
	CHECK_OK(stat(path, &s1));
	CHECK_OK(stat("/proc/meminfo", &s0));
	CHECK(s0.st_dev != s1.st_dev, "the new mount is /proc's file system");
	CHECK_OK(close(mfd));
	CHECK_OK(close(fd));
	CHECK_OK(stat(path, &s1));                      /* still mounted */
	CHECK_OK(umount(dir));
	CHECK_ERR(stat(path, &s1), ENOENT);

	/* a detached mount closed unattached goes away with its fd */
	fd = fsopen_("proc");
	CHECK_OK(fsconfig_(fd, FSCONFIG_CMD_CREATE, NULL, NULL));
	mfd = fsmount_(fd, 0, 0);
	CHECK(mfd >= 0, "fsmount: errno %d", errno);
	CHECK_OK(close(fd));
	CHECK_OK(close(mfd));
	CHECK_OK(rmdir(dir));
	return t_done();
}
