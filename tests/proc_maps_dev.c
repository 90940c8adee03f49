/*
 * proc_maps_dev: the device in a /proc/self/maps line is the file's
 * st_dev split into major:minor, as Linux's show_map_vma prints it, also
 * for a file system mounted after hundreds of others (its number past
 * 255, where a minor alone no longer holds it on ushi).  The tmpfs
 * mounts are made in a private mount namespace of this process.
 */
#include "t.h"
#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#define DIR_NAME "/tmp/proc_maps_dev.d"
#define FILE_NAME DIR_NAME "/f"
#define MOUNTS 300

/* The "MAJ:MIN INO" of the maps line ending in name, in out. */
static int maps_dev(const char *name, char *out, size_t size)
{
	static char buf[16384];
	int fd = open("/proc/self/maps", O_RDONLY);
	if (fd < 0)
		return -1;
	long n, total = 0;
	while ((n = read(fd, buf + total, sizeof buf - 1 - total)) > 0)
		total += n;
	close(fd);
	buf[total] = 0;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		size_t len = strlen(line), nl = strlen(name);
		unsigned long ino;
		char dev[32];
		if (len < nl || strcmp(line + len - nl, name) != 0)
			continue;
		if (sscanf(line, "%*s %*s %*s %31s %lu", dev, &ino) != 2)
			return -1;
		snprintf(out, size, "%s %lu", dev, ino);
		return 0;
	}
	return -1;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK_OK(unshare(CLONE_NEWNS));
	CHECK_OK(mount(NULL, "/", NULL, MS_PRIVATE | MS_REC, NULL));
	mkdir(DIR_NAME, 0700);
	/* new file systems, each with a device number of its own */
	int mounted = 0;
	for (int i = 0; i < MOUNTS; i++)
		if (mount("tmpfs", DIR_NAME, "tmpfs", 0, NULL) == 0 && umount(DIR_NAME) == 0)
			mounted++;
	CHECK_EQ(mounted, MOUNTS);
	CHECK_OK(mount("tmpfs", DIR_NAME, "tmpfs", 0, NULL));
	int fd = open(FILE_NAME, O_RDWR | O_CREAT, 0600);
	CHECK(fd >= 0, "create %s", FILE_NAME);
	CHECK_OK(ftruncate(fd, 4096));
	char *p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap");
	struct stat st;
	CHECK_OK(fstat(fd, &st));
	char want[64], got[64] = "";
	snprintf(want, sizeof want, "%02x:%02x %lu", major(st.st_dev), minor(st.st_dev),
		 (unsigned long)st.st_ino);
	CHECK_OK(maps_dev(FILE_NAME, got, sizeof got));
	CHECK(strcmp(got, want) == 0, "maps says \"%s\", stat \"%s\"", got, want);
	munmap(p, 4096);
	close(fd);
	unlink(FILE_NAME);
	CHECK_OK(umount(DIR_NAME));
	rmdir(DIR_NAME);
	t_log("the maps line's device and inode are stat's, after %d mounts", MOUNTS);
	return t_done();
}
