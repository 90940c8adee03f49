/*
 * proc_map_files: /proc/self/map_files holds one link per area that maps
 * a file, named "start-end" in hex: readlink gives the file's path (with
 * " (deleted)" once unlinked), open follows it to the mapped file itself,
 * and the link's mode is the file's access (r for O_RDONLY).  A private
 * /dev/zero area names /dev/zero; an anonymous area, a name with a space,
 * a leading zero or too many digits has no link (ENOENT).  Without
 * CAP_SYS_ADMIN the link reads but cannot be followed: EPERM.  Linux's selftests proc-self-map-files-001/-002
 * check the names.
 */
#include "t.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

static char name[64];

static const char *link_of(const char *fmt, void *a, size_t len)
{
	snprintf(name, sizeof name, fmt, (unsigned long)a, (unsigned long)a + len);
	return name;
}

/* readlink of the area's link must be want. */
static void check_link(void *a, size_t len, const char *want)
{
	char buf[128];
	const char *path = link_of("/proc/self/map_files/%lx-%lx", a, len);
	ssize_t n = readlink(path, buf, sizeof buf - 1);
	CHECK(n >= 0, "readlink %s: errno %d", path, errno);
	buf[n < 0 ? 0 : n] = 0;
	CHECK(!strcmp(buf, want), "%s -> '%s', expected '%s'", path, buf, want);
}

static int listed(void *a, size_t len)
{
	DIR *d = opendir("/proc/self/map_files");
	int found = 0;
	struct dirent *de;
	link_of("%lx-%lx", a, len);
	while (d && (de = readdir(d)))
		if (!strcmp(de->d_name, name))
			found = de->d_type == DT_LNK ? 1 : -1;
	if (d)
		closedir(d);
	return found;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	long pg = sysconf(_SC_PAGESIZE);
	char path[] = "/tmp/proc_map_files.XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp: errno %d", errno);
	CHECK_EQ(write(fd, "map_files", 9), 9);
	int ro = open(path, O_RDONLY);
	char *p = mmap(NULL, pg, PROT_READ, MAP_SHARED, ro, 0);
	CHECK(p != MAP_FAILED, "mmap: errno %d", errno);
	close(ro);
	close(fd);

	check_link(p, pg, path);
	CHECK_EQ(listed(p, pg), 1);
	struct stat st, lst;
	CHECK_OK(lstat(link_of("/proc/self/map_files/%lx-%lx", p, pg), &lst));
	CHECK_EQ(lst.st_mode, S_IFLNK | 0400);
	CHECK_OK(stat(path, &st));

	/* unlinked: the name says so, and open still reaches the file */
	CHECK_OK(unlink(path));
	char deleted[64];
	snprintf(deleted, sizeof deleted, "%s (deleted)", path);
	check_link(p, pg, deleted);
	fd = open(link_of("/proc/self/map_files/%lx-%lx", p, pg), O_RDONLY);
	CHECK(fd >= 0, "open through the link: errno %d", errno);
	char buf[128] = "";
	struct stat fst;
	CHECK_OK(fstat(fd, &fst));
	CHECK(fst.st_ino == st.st_ino && fst.st_dev == st.st_dev, "open reached another file");
	CHECK_EQ(read(fd, buf, sizeof buf), 9);
	CHECK(!memcmp(buf, "map_files", 9), "read '%s'", buf);
	close(fd);

	/* names that are not exactly an area's */
	CHECK_ERR(readlink(link_of("/proc/self/map_files/ %lx-%lx", p, pg), buf, sizeof buf), ENOENT);
	CHECK_ERR(readlink(link_of("/proc/self/map_files/0%lx-%lx", p, pg), buf, sizeof buf), ENOENT);
	CHECK_ERR(readlink(link_of("/proc/self/map_files/%lx-0%lx", p, pg), buf, sizeof buf), ENOENT);
	CHECK_ERR(readlink(link_of("/proc/self/map_files/%lx-%lx ", p, pg), buf, sizeof buf), ENOENT);
	CHECK_ERR(readlink(link_of("/proc/self/map_files/10000000000000000%lx-%lx", p, pg), buf, sizeof buf), ENOENT);
	CHECK_ERR(readlink(link_of("/proc/self/map_files/%lx-%lx", p, pg / 2), buf, sizeof buf), ENOENT);

	/* /dev/zero, private: anonymous memory named /dev/zero; plain anonymous: no link */
	int z = open("/dev/zero", O_RDONLY);
	char *zp = mmap(NULL, pg, PROT_NONE, MAP_PRIVATE, z, 0);
	CHECK(zp != MAP_FAILED, "mmap /dev/zero: errno %d", errno);
	close(z);
	check_link(zp, pg, "/dev/zero");
	char *anon = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_ERR(readlink(link_of("/proc/self/map_files/%lx-%lx", anon, pg), buf, sizeof buf), ENOENT);
	CHECK_EQ(listed(anon, pg), 0);

	/* without CAP_SYS_ADMIN */
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(65534))
			_exit(2);
		ssize_t r = readlink(link_of("/proc/self/map_files/%lx-%lx", p, pg), buf, sizeof buf);
		errno = 0;
		int o = open(name, O_RDONLY);
		int e = errno;
		if (r != (ssize_t)strlen(deleted) || o != -1 || e != EPERM)
			t_log("unprivileged: readlink %zd, open %d errno %d", r, o, e);
		_exit(r == (ssize_t)strlen(deleted) && o == -1 && e == EPERM ? 0 : 1);
	}
	int status;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "unprivileged readlink: status %#x", status);

	munmap(p, pg);
	munmap(zp, pg);
	munmap(anon, pg);
	return t_done();
}
