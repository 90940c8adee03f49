/*
 * proc_mounts: /proc/mounts (a link to self/mounts) and
 * /proc/self/mountinfo, in Linux's formats.  A tmpfs mounted nosuid (in
 * a private mount namespace) is listed in mounts as "tmpfs DIR tmpfs
 * rw,nosuid,relatime... 0 0", and in mountinfo with its mount id (the
 * one fdinfo gives for a file on it), its parent's id, root "/", its
 * options and "- tmpfs".  /proc is listed as proc.  /proc/thread-self
 * links to PID/task/TID.
 */
#include "t.h"
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define DIR_NAME "/tmp/proc_mounts.d"

static long read_all(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	long n, total = 0;
	while ((n = read(fd, buf + total, size - 1 - total)) > 0)
		total += n;
	close(fd);
	buf[total] = 0;
	return total;
}

/* The mount id fdinfo gives for a file opened at path. */
static int mnt_id_of(const char *path)
{
	char fdinfo[64], buf[512];
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return -1;
	snprintf(fdinfo, sizeof fdinfo, "/proc/self/fdinfo/%d", fd);
	long n = read_all(fdinfo, buf, sizeof buf);
	close(fd);
	char *p = n > 0 ? strstr(buf, "mnt_id:\t") : NULL;
	return p ? atoi(p + 8) : -1;
}

static char text[65536];

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char buf[256], want[256];
	long n = readlink("/proc/mounts", buf, sizeof buf - 1);
	CHECK_EQ(n, 11);
	buf[n > 0 ? n : 0] = 0;
	CHECK(!strcmp(buf, "self/mounts"), "/proc/mounts -> %s", buf);
	n = readlink("/proc/thread-self", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	snprintf(want, sizeof want, "%d/task/%ld", getpid(), (long)syscall(SYS_gettid));
	CHECK(!strcmp(buf, want), "/proc/thread-self -> %s", buf);

	rmdir(DIR_NAME);
	CHECK_OK(mkdir(DIR_NAME, 0700));
	CHECK_OK(unshare(CLONE_NEWNS));
	CHECK_OK(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
	int parent = mnt_id_of(DIR_NAME);       /* the copy's id, in the new namespace */
	CHECK_OK(mount("tmpfs", DIR_NAME, "tmpfs", MS_NOSUID, NULL));
	int id = mnt_id_of(DIR_NAME);
	CHECK(id > 0 && id != parent, "mount ids %d %d", id, parent);

	CHECK(read_all("/proc/mounts", text, sizeof text) > 0, "read /proc/mounts");
	CHECK(strstr(text, " /proc proc rw") != NULL, "/proc in mounts:\n%s", text);
	char *l = strstr(text, "tmpfs " DIR_NAME " tmpfs rw,nosuid,relatime");
	CHECK(l != NULL, "the tmpfs in mounts:\n%s", text);
	char *eol = l ? strchr(l, '\n') : NULL;
	CHECK(eol && eol - l > 4 && !strncmp(eol - 4, " 0 0", 4), "mounts line ends with 0 0");

	CHECK(read_all("/proc/self/mountinfo", text, sizeof text) > 0, "read mountinfo");
	snprintf(want, sizeof want, "%d %d ", id, parent);
	l = strstr(text, want);
	CHECK(l && (l == text || l[-1] == '\n'), "no mountinfo line %s:\n%s", want, text);
	if (l) {
		int a, b;
		unsigned ma, mi;
		char root[64], mp[64], opts[128], rest[128];
		int got = sscanf(l, "%d %d %u:%u %63s %63s %127s %127[^\n]", &a, &b, &ma, &mi,
				 root, mp, opts, rest);
		CHECK_EQ(got, 8);
		CHECK(!strcmp(root, "/") && !strcmp(mp, DIR_NAME), "root %s mount point %s", root, mp);
		CHECK(!strncmp(opts, "rw,nosuid,relatime", 18), "options %s", opts);
		CHECK(strstr(rest, "- tmpfs ") != NULL, "after the options: %s", rest);
	}
	CHECK_OK(umount(DIR_NAME));
	CHECK_OK(rmdir(DIR_NAME));
	return t_done();
}
