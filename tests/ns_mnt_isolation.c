/*
 * ns_mnt_isolation: mount namespaces.  Everything runs in a child that
 * first takes a namespace of its own (unshare(CLONE_NEWNS), then makes
 * every mount private, as unshare(1) does), so the host's mounts are never
 * touched.  There: a tmpfs mounted on a directory hides what is below it
 * and is listed in /proc/self/mounts.
 * A CLONE_NEWNS child starts with a copy of the mounts - even its cwd, a
 * directory on the tmpfs, is in the copy (umount2 there is EBUSY until it
 * leaves) - and what it mounts or unmounts is not seen by its parent; the
 * same for unshare(CLONE_NEWNS), which also gives the caller a cwd of its
 * own when it shared one (CLONE_FS).  A plain child shares the namespace.
 * Errors: umount2 of a directory that is not a mount point or with
 * unknown flags is EINVAL, a mount on a missing path ENOENT, an unknown
 * file system type ENODEV, and mount, umount2, CLONE_NEWNS and
 * unshare(CLONE_NEWNS) by a non-root process EPERM.
 */
#include "t.h"
#include "t_signal.h"
#include "t_clone.h"
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define DIR_NAME "/tmp/ns_mnt_isolation.d"
#define A DIR_NAME "/a"
#define B DIR_NAME "/b"

static int exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Does /proc/self/mounts list a tmpfs on path (fields 2 and 3)? */
static int mounted(const char *path)
{
	static char buf[16384];
	int fd = open("/proc/self/mounts", O_RDONLY), n = 0, r;
	if (fd < 0)
		return -1;
	while (n < (int)sizeof buf - 1 && (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = 0;
	char want[256];
	snprintf(want, sizeof want, " %s tmpfs ", path);
	return strstr(buf, want) != NULL;
}

/* In a copy of the namespace whose cwd is A; a bitmask of failures. */
static int new_ns_child(void *arg)
{
	(void)arg;
	int bad = 0;
	if (!exists("f1") || !exists(A "/f1"))
		bad |= 1;               /* the copy has the tmpfs, and our cwd on it */
	errno = 0;
	if (umount2(A, 0) != -1 || errno != EBUSY)
		bad |= 2;
	if (chdir("/") || umount2(A, 0) || exists(A "/f1"))
		bad |= 4;
	if (mount("none", B, "tmpfs", 0, NULL) || close(open(B "/f2", O_CREAT | O_WRONLY, 0600)))
		bad |= 8;
	if (!exists(B "/f2"))
		bad |= 8;
	if (mounted(A) != 0 || mounted(B) != 1)
		bad |= 8;
	return bad;
}

static int fs_sharing_child(void *arg)
{
	(void)arg;
	if (unshare(CLONE_NEWNS))
		return 1;
	return chdir("/") ? 2 : 0;
}

/* The test proper, in a mount namespace of its own. */
static int outer(void)
{
	int bad = 0, st;
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return 1;
	if (mount("none", A, "tmpfs", 0, NULL) || close(open(A "/f1", O_CREAT | O_WRONLY, 0600)))
		return 2;
	if (chdir(A) || mounted(A) != 1)
		return 3;
	/* a CLONE_NEWNS child */
	void *top = NULL, *stk = tc_stack(256 * 1024, &top);
	long c = tc_clone_run(CLONE_NEWNS | SIGCHLD, top, NULL, NULL, 0, new_ns_child, NULL);
	st = tc_reap(c);
	if (c <= 0 || !WIFEXITED(st))
		return 4;
	bad |= WEXITSTATUS(st) << 4;            /* bits 4..7 */
	if (!exists(A "/f1") || exists(B "/f2") || mounted(A) != 1 || mounted(B) != 0)
		bad |= 1 << 8;
	/* unshare in a forked child */
	pid_t pid = fork();
	if (pid == 0) {
		if (unshare(CLONE_NEWNS) || chdir("/") || umount2(A, 0) || exists(A "/f1"))
			_exit(1);
		_exit(0);
	}
	if (waitpid(pid, &st, 0) != pid || st != 0 || !exists(A "/f1"))
		bad |= 1 << 9;
	/* a plain child shares it */
	pid = fork();
	if (pid == 0)
		_exit(mount("none", B, "tmpfs", 0, NULL) ? 1 : 0);
	if (waitpid(pid, &st, 0) != pid || st != 0)
		bad |= 1 << 10;
	if (umount2(B, 0))
		bad |= 1 << 10;
	/* unshare(CLONE_NEWNS) in a CLONE_FS child unshares the cwd too */
	c = tc_clone_run(CLONE_FS | SIGCHLD, top, NULL, NULL, 0, fs_sharing_child, NULL);
	st = tc_reap(c);
	char cwd[256];
	if (c <= 0 || st != 0 || !getcwd(cwd, sizeof cwd) || strcmp(cwd, A))
		bad |= 1 << 11;
	munmap(stk, 256 * 1024);
	/* errors */
	if (chdir("/"))
		return 5;
	errno = 0;
	if (umount2(B, 0) != -1 || errno != EINVAL)
		bad |= 1 << 12;
	errno = 0;
	if (umount2(A, 0x100) != -1 || errno != EINVAL)
		bad |= 1 << 12;
	errno = 0;
	if (mount("none", DIR_NAME "/missing", "tmpfs", 0, NULL) != -1 || errno != ENOENT)
		bad |= 1 << 13;
	errno = 0;
	if (mount("none", B, "no-such-fs", 0, NULL) != -1 || errno != ENODEV)
		bad |= 1 << 13;
	pid = fork();
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(1);
		if (mount("none", B, "tmpfs", 0, NULL) != -1 || errno != EPERM)
			_exit(2);
		if (umount2(A, 0) != -1 || errno != EPERM)
			_exit(3);
		if (unshare(CLONE_NEWNS) != -1 || errno != EPERM)
			_exit(4);
		if (tc_clone_probe(CLONE_NEWNS | SIGCHLD, NULL, NULL, 0) != -EPERM)
			_exit(5);
		_exit(0);
	}
	if (waitpid(pid, &st, 0) != pid || st != 0)
		bad |= 1 << 14;
	if (umount2(A, 0))
		bad |= 1 << 15;
	return bad;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK_OK(mkdir(DIR_NAME, 0755));
	CHECK_OK(mkdir(A, 0755));
	CHECK_OK(mkdir(B, 0755));
	int pipefd[2];
	CHECK_OK(pipe(pipefd));
	pid_t pid = fork();
	if (pid == 0) {
		int r = outer();
		write(pipefd[1], &r, sizeof r);
		_exit(0);
	}
	int st, bad = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(read(pipefd[0], &bad, sizeof bad), (ssize_t)sizeof bad);
	CHECK(bad < 1 || bad > 5, "setting up the namespace failed at step %d", bad);
	if (bad > 5) {
		CHECK(!(bad & 1 << 4), "a CLONE_NEWNS child did not see the tmpfs, or its cwd on it");
		CHECK(!(bad & 2 << 4), "umount2 of the child's cwd mount is not EBUSY");
		CHECK(!(bad & 4 << 4), "umount2 in the child did not work");
		CHECK(!(bad & 8 << 4), "a mount in the child did not work (or /proc/self/mounts disagrees)");
		CHECK(!(bad & 1 << 8), "the child's umount2 or mount showed in its parent (files or mounts)");
		CHECK(!(bad & 1 << 9), "unshare(CLONE_NEWNS): the umount2 showed in the parent");
		CHECK(!(bad & 1 << 10), "a plain child's mount is not shared");
		CHECK(!(bad & 1 << 11), "unshare(CLONE_NEWNS) with CLONE_FS changed the parent's cwd");
		CHECK(!(bad & 1 << 12), "umount2 EINVAL cases");
		CHECK(!(bad & 1 << 13), "mount ENOENT / ENODEV");
		CHECK(!(bad & 1 << 14), "EPERM for a non-root process");
		CHECK(!(bad & 1 << 15), "the final umount2 failed");
	}
	CHECK(!exists(A "/f1"), "the tmpfs is visible outside the namespace");
	CHECK_OK(rmdir(A));
	CHECK_OK(rmdir(B));
	CHECK_OK(rmdir(DIR_NAME));
	return t_done();
}
