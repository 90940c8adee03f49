/*
 * proc_mount_options: every mount of procfs is a file system of its own
 * (its own st_dev), and takes Linux's options: hidepid (a number up to 2
 * or a name), gid, and subset=pid, which shows only the process
 * directories, self and thread-self; with hidepid=invisible another
 * user's processes are not there at all.  Unknown options: EINVAL.  Linux's
 * selftests proc-multiple-procfs and proc-subset-pid check the same.
 * Mounts are made in a mount namespace of the test's own.
 */
#include "t.h"
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <grp.h>

static int is_number(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Checks a subset=pid mount's listing: only ., .., self, thread-self, pids. */
static void check_subset_listing(const char *dir)
{
	DIR *d = opendir(dir);
	CHECK(d != NULL, "opendir %s: errno %d", dir, errno);
	if (!d)
		return;
	int self = 0, thread_self = 0, pids = 0, others = 0, mine = 0;
	char me[16];
	snprintf(me, sizeof me, "%d", (int)getpid());
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) {
			CHECK_EQ(de->d_type, DT_DIR);
		} else if (!strcmp(de->d_name, "self")) {
			self++;
			CHECK_EQ(de->d_type, DT_LNK);
		} else if (!strcmp(de->d_name, "thread-self")) {
			thread_self++;
			CHECK_EQ(de->d_type, DT_LNK);
		} else if (is_number(de->d_name)) {
			pids++;
			mine += !strcmp(de->d_name, me);
			CHECK_EQ(de->d_type, DT_DIR);
		} else {
			others++;
			t_log("unexpected entry %s", de->d_name);
		}
	}
	closedir(d);
	CHECK_EQ(self, 1);
	CHECK_EQ(thread_self, 1);
	CHECK_EQ(mine, 1);
	CHECK(pids >= 1, "no process listed");
	CHECK_EQ(others, 0);
}

/* hidepid=invisible on dir: root sees a root process (a child of its
 * own, asleep); another user sees itself but not that one, by name or
 * in the listing. */
static void check_hidepid(const char *dir)
{
	char path[80], name[16];
	struct stat st;
	int p[2];
	CHECK_OK(pipe(p));
	pid_t root_child = fork();
	if (root_child == 0) {
		close(p[1]);
		read(p[0], name, 1);
		_exit(0);
	}
	close(p[0]);
	snprintf(name, sizeof name, "%d", (int)root_child);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	CHECK_OK(stat(path, &st));
	pid_t pid = fork();
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(2);       /* out of group 0 too: gid= exempts it */
		int bad = stat(path, &st) == 0 || errno != ENOENT;
		snprintf(path, sizeof path, "%s/%d", dir, (int)getpid());
		bad |= (stat(path, &st) != 0) << 1;
		DIR *d = opendir(dir);
		struct dirent *de;
		while (d && (de = readdir(d)))
			bad |= !strcmp(de->d_name, name) << 2;
		if (d)
			closedir(d);
		_exit(bad ? 10 + bad : 0);
	}
	int status;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "hidepid=2 as another user: status %#x", status);
	close(p[1]);
	CHECK_EQ(waitpid(root_child, &status, 0), root_child);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	if (unshare(CLONE_NEWNS) != 0)
		return t_skip("unshare(CLONE_NEWNS) needs root");
	CHECK_OK(mount(NULL, "/", NULL, MS_PRIVATE | MS_REC, NULL));
	char d1[] = "/tmp/proc_mount_options.XXXXXX", d2[] = "/tmp/proc_mount_options.XXXXXX";
	CHECK(mkdtemp(d1) && mkdtemp(d2), "mkdtemp: errno %d", errno);

	/* options Linux refuses */
	CHECK_ERR(mount("proc", d1, "proc", 0, "no_such_option"), EINVAL);
	CHECK_ERR(mount("proc", d1, "proc", 0, "hidepid=3"), EINVAL);
	CHECK_ERR(mount("proc", d1, "proc", 0, "hidepid=bogus"), EINVAL);
	CHECK_ERR(mount("proc", d1, "proc", 0, "subset=net"), EINVAL);
	CHECK_ERR(mount("proc", d1, "proc", 0, (void *)1), EFAULT);

	/* two mounts, two devices */
	struct stat s0, s1, s2;
	CHECK_OK(mount("proc", d1, "proc", 0, "hidepid=1"));
	CHECK_OK(mount("proc", d2, "proc", 0, "hidepid=invisible,gid=5"));
	char path[80];
	snprintf(path, sizeof path, "%s/meminfo", d1);
	CHECK_OK(stat(path, &s1));
	snprintf(path, sizeof path, "%s/meminfo", d2);
	CHECK_OK(stat(path, &s2));
	CHECK_OK(stat("/proc/meminfo", &s0));
	CHECK(s1.st_dev != s2.st_dev && s1.st_dev != s0.st_dev && s2.st_dev != s0.st_dev,
	      "the three procfs mounts share a st_dev");
	check_hidepid(d2);
	CHECK_OK(umount(d1));
	CHECK_OK(umount(d2));

	/* subset=pid */
	CHECK_OK(mount("proc", d1, "proc", 0, "subset=pid"));
	check_subset_listing(d1);
	snprintf(path, sizeof path, "%s/meminfo", d1);
	CHECK_ERR(open(path, O_RDONLY), ENOENT);
	snprintf(path, sizeof path, "%s/self/status", d1);
	int fd = open(path, O_RDONLY);
	CHECK(fd >= 0, "open %s: errno %d", path, errno);
	close(fd);
	char link[32] = "", me[16];
	snprintf(path, sizeof path, "%s/self", d1);
	ssize_t n = readlink(path, link, sizeof link - 1);
	snprintf(me, sizeof me, "%d", (int)getpid());
	CHECK(n > 0 && !strncmp(link, me, n) && (size_t)n == strlen(me), "self -> %.*s", (int)n, link);
	CHECK_OK(umount(d1));

	CHECK_OK(rmdir(d1));
	CHECK_OK(rmdir(d2));
	return t_done();
}
