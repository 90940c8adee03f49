/*
 * proc_pid_fd: /proc/self/fd and /proc/self/fdinfo, as Linux.  The fd
 * directory lists exactly the open fds; each entry is a symlink whose
 * mode follows the file's access (read 0500, write 0300, both 0700) and
 * whose readlink is the file's path, "pipe:[ino]" or "anon_inode:[pidfd]".
 * stat follows it to the open file, and open() reopens that file as a new
 * open file description (even after unlink).  fdinfo/N shows pos, the
 * flags with O_CLOEXEC, ino, and for a pidfd its Pid.  A closed fd is
 * ENOENT.
 */
#include "t.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define FILE_NAME "/tmp/proc_pid_fd.f"

static int listed(int fd)
{
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return -1;
	int found = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && atoi(e->d_name) == fd && e->d_type == DT_LNK)
			found = 1;
	closedir(d);
	return found;
}

static void link_of(int fd, char *buf, size_t size)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	long n = readlink(path, buf, size - 1);
	buf[n > 0 ? n : 0] = 0;
}

static mode_t link_mode(int fd)
{
	char path[64];
	struct stat st;
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	return lstat(path, &st) ? 0 : st.st_mode;
}

/* fdinfo/fd's line starting with key, or "". */
static void fdinfo_line(int fd, const char *key, char *out, size_t size)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	out[0] = 0;
	int f = open(path, O_RDONLY);
	long n = f < 0 ? -1 : read(f, buf, sizeof buf - 1);
	if (f >= 0)
		close(f);
	if (n <= 0)
		return;
	buf[n] = 0;
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n"))
		if (!strncmp(l, key, strlen(key)))
			snprintf(out, size, "%s", l);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char buf[256], want[256];
	int fd = open(FILE_NAME, O_CREAT | O_RDWR | O_TRUNC | O_CLOEXEC, 0600);
	CHECK_OK(fd);
	CHECK_EQ(write(fd, "hello", 5), 5);
	int p[2];
	CHECK_OK(pipe(p));
	int pidfd = syscall(SYS_pidfd_open, getpid(), 0);
	CHECK_OK(pidfd);

	CHECK_EQ(listed(fd), 1);
	CHECK_EQ(listed(p[0]), 1);
	CHECK_EQ(listed(pidfd), 1);
	link_of(fd, buf, sizeof buf);
	CHECK(!strcmp(buf, FILE_NAME), "fd link %s", buf);
	struct stat st, st2;
	CHECK_OK(fstat(p[0], &st));
	snprintf(want, sizeof want, "pipe:[%lu]", (unsigned long)st.st_ino);
	link_of(p[1], buf, sizeof buf);
	CHECK(!strcmp(buf, want), "pipe link %s, want %s", buf, want);
	link_of(pidfd, buf, sizeof buf);
	CHECK(!strcmp(buf, "anon_inode:[pidfd]"), "pidfd link %s", buf);
	CHECK_EQ(link_mode(fd), S_IFLNK | 0700);
	CHECK_EQ(link_mode(p[0]), S_IFLNK | 0500);
	CHECK_EQ(link_mode(p[1]), S_IFLNK | 0300);

	/* stat and open go through the link to the open file */
	snprintf(buf, sizeof buf, "/proc/self/fd/%d", fd);
	CHECK_OK(stat(buf, &st));
	CHECK_OK(fstat(fd, &st2));
	CHECK(st.st_ino == st2.st_ino && st.st_dev == st2.st_dev, "stat through the link");
	CHECK_OK(unlink(FILE_NAME));
	link_of(fd, want, sizeof want);
	CHECK(!strcmp(want, FILE_NAME " (deleted)"), "unlinked fd link %s", want);
	int again = open(buf, O_RDONLY);
	CHECK_OK(again);
	char data[8] = "";
	CHECK_EQ(read(again, data, sizeof data), 5);
	CHECK(!memcmp(data, "hello", 5), "reopened file reads %.5s", data);

	fdinfo_line(fd, "pos:", buf, sizeof buf);
	CHECK(!strcmp(buf, "pos:\t5"), "fdinfo %s", buf);
	fdinfo_line(fd, "flags:", buf, sizeof buf);
	snprintf(want, sizeof want, "flags:\t0%o", O_RDWR | O_CLOEXEC | O_LARGEFILE);
	CHECK(!strcmp(buf, want), "fdinfo %s, want %s", buf, want);
	fdinfo_line(again, "flags:", buf, sizeof buf);
	snprintf(want, sizeof want, "flags:\t0%o", O_RDONLY | O_LARGEFILE);
	CHECK(!strcmp(buf, want), "fdinfo %s, want %s", buf, want);
	fdinfo_line(p[1], "ino:", buf, sizeof buf);
	snprintf(want, sizeof want, "ino:\t%lu", (unsigned long)st2.st_ino);
	CHECK(strcmp(buf, want) != 0 && !strncmp(buf, "ino:\t", 5), "pipe fdinfo %s", buf);
	fdinfo_line(pidfd, "Pid:", buf, sizeof buf);
	snprintf(want, sizeof want, "Pid:\t%d", getpid());
	CHECK(!strcmp(buf, want), "pidfd fdinfo %s, want %s", buf, want);

	fdinfo_line(p[1], "flags:", buf, sizeof buf);
	CHECK(!strcmp(buf, "flags:\t01"), "pipe fdinfo %s", buf);

	close(again);
	close(fd);
	/* a high fd, so that the listing's own fd cannot take its number */
	CHECK_EQ(dup2(p[0], 100), 100);
	CHECK_EQ(listed(100), 1);
	CHECK_OK(close(100));
	CHECK_EQ(listed(100), 0);
	snprintf(buf, sizeof buf, "/proc/self/fd/%d", 100);
	CHECK_ERR(readlink(buf, want, sizeof want), ENOENT);
	snprintf(buf, sizeof buf, "/proc/self/fdinfo/%d", 100);
	CHECK_ERR(open(buf, O_RDONLY), ENOENT);
	CHECK_ERR(open("/proc/self/fd/x", O_RDONLY), ENOENT);
	close(p[0]);
	close(p[1]);
	close(pidfd);
	return t_done();
}
