/*
 * statfs_basic: statfs(2) and fstatfs(2), as Linux.  /proc is procfs
 * (PROC_SUPER_MAGIC, page-sized blocks, NAME_MAX names, no blocks); a
 * pipe is on pipefs; a tmpfs mounted here says TMPFS_MAGIC, has blocks,
 * loses one free block per page written and reports the mount's
 * nosuid/nodev/relatime in f_flags; statfs of a path and fstatfs of a
 * file there agree (an O_PATH fd too).  Errors: EFAULT (path, buffer),
 * ENOENT, ENOTDIR, ENAMETOOLONG, ELOOP, EBADF (fstatfs).
 */
#include "t.h"
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>

#define DIR_NAME "/tmp/statfs_basic.d"
#define PROC_SUPER_MAGIC 0x9fa0
#define PIPEFS_MAGIC 0x50495045
#define TMPFS_MAGIC 0x01021994
#define ST_VALID 0x20

static int same(const struct statfs *a, const struct statfs *b)
{
	return a->f_type == b->f_type && a->f_bsize == b->f_bsize &&
	       a->f_namelen == b->f_namelen && a->f_frsize == b->f_frsize &&
	       a->f_flags == b->f_flags && a->f_blocks == b->f_blocks &&
	       !memcmp(&a->f_fsid, &b->f_fsid, sizeof a->f_fsid);
}

static void check_proc(void)
{
	struct statfs s, f;
	CHECK_OK(statfs("/proc", &s));
	CHECK_EQ(s.f_type, PROC_SUPER_MAGIC);
	CHECK_EQ(s.f_bsize, 4096);
	CHECK_EQ(s.f_frsize, 4096);
	CHECK_EQ(s.f_namelen, 255);
	CHECK_EQ(s.f_blocks, 0);
	CHECK(s.f_flags & ST_VALID, "f_flags %#lx lacks ST_VALID", (unsigned long)s.f_flags);
	int fd = open("/proc/self/status", O_RDONLY);
	CHECK_OK(fd);
	CHECK_OK(fstatfs(fd, &f));
	CHECK(same(&s, &f), "statfs(/proc) and fstatfs(/proc/self/status) differ");
	close(fd);
}

static void check_pipe(void)
{
	int p[2];
	struct statfs s;
	CHECK_OK(pipe(p));
	CHECK_OK(fstatfs(p[0], &s));
	CHECK_EQ(s.f_type, PIPEFS_MAGIC);
	CHECK_EQ(s.f_bsize, 4096);
	close(p[0]);
	close(p[1]);
}

/* A tmpfs of our own, in a private mount namespace (nothing propagates). */
static void check_tmpfs(void)
{
	struct statfs s, f, o;
	CHECK_OK(mount("none", DIR_NAME, "tmpfs", MS_NOSUID | MS_NODEV, NULL));
	CHECK_OK(statfs(DIR_NAME, &s));
	CHECK_EQ(s.f_type, TMPFS_MAGIC);
	CHECK_EQ(s.f_bsize, 4096);
	CHECK_EQ(s.f_namelen, 255);
	CHECK(s.f_blocks > 0 && s.f_bfree <= s.f_blocks && s.f_bavail == s.f_bfree,
	      "blocks %llu free %llu avail %llu", (unsigned long long)s.f_blocks,
	      (unsigned long long)s.f_bfree, (unsigned long long)s.f_bavail);
	CHECK_EQ(s.f_flags, ST_VALID | ST_NOSUID | ST_NODEV | ST_RELATIME);

	int fd = open(DIR_NAME "/f", O_CREAT | O_RDWR, 0600);
	CHECK_OK(fd);
	static char page[4096];
	memset(page, 'x', sizeof page);
	CHECK_EQ(write(fd, page, sizeof page), (long)sizeof page);
	CHECK_OK(fstatfs(fd, &f));
	CHECK_EQ(f.f_type, TMPFS_MAGIC);
	CHECK_EQ(f.f_bfree, s.f_bfree - 1);
	CHECK_EQ(f.f_ffree, s.f_ffree - 1);
	int po = open(DIR_NAME "/f", O_PATH);
	CHECK_OK(po);
	CHECK_OK(fstatfs(po, &o));
	CHECK(same(&f, &o), "fstatfs of an O_PATH fd differs");
	close(po);
	close(fd);
	CHECK_OK(unlink(DIR_NAME "/f"));
	CHECK_OK(statfs(DIR_NAME, &f));
	CHECK_EQ(f.f_bfree, s.f_bfree);
	CHECK_OK(umount(DIR_NAME));
}

static void check_errors(const char *self)
{
	struct statfs s;
	char path[600];
	CHECK_ERR(syscall(SYS_statfs, (char *)1, &s), EFAULT);
	CHECK_ERR(syscall(SYS_statfs, "/proc", (void *)1), EFAULT);
	CHECK_ERR(syscall(SYS_fstatfs, 0, (void *)1), EFAULT);
	CHECK_ERR(statfs(DIR_NAME "/missing", &s), ENOENT);
	CHECK_ERR(statfs("", &s), ENOENT);
	snprintf(path, sizeof path, "%s/x", self);
	CHECK_ERR(statfs(path, &s), ENOTDIR);
	static char longname[5000];
	memset(longname, 'a', sizeof longname - 1);
	CHECK_ERR(statfs(longname, &s), ENAMETOOLONG);
	CHECK_OK(symlink(DIR_NAME "/loop", DIR_NAME "/loop"));
	CHECK_ERR(statfs(DIR_NAME "/loop", &s), ELOOP);
	CHECK_OK(unlink(DIR_NAME "/loop"));
	CHECK_ERR(fstatfs(-1, &s), EBADF);
	int fd = open("/proc/self/status", O_RDONLY);
	close(fd);
	CHECK_ERR(fstatfs(fd, &s), EBADF);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	rmdir(DIR_NAME);
	CHECK_OK(mkdir(DIR_NAME, 0700));
	/* The directory's own file system: statfs and fstatfs agree. */
	struct statfs s, f;
	CHECK_OK(statfs(DIR_NAME, &s));
	int dfd = open(DIR_NAME, O_RDONLY | O_DIRECTORY);
	CHECK_OK(dfd);
	CHECK_OK(fstatfs(dfd, &f));
	CHECK(same(&s, &f), "statfs and fstatfs of the directory differ");
	CHECK(s.f_flags & ST_VALID, "f_flags %#lx lacks ST_VALID", (unsigned long)s.f_flags);
	close(dfd);

	check_proc();
	check_pipe();
	check_errors(argv[0]);
	if (unshare(CLONE_NEWNS) == 0 && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0)
		check_tmpfs();
	else
		CHECK(0, "a private mount namespace: %s", strerror(errno));
	CHECK_OK(rmdir(DIR_NAME));
	return t_done();
}
