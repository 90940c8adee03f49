/*
 * proc_task_dir: /proc/PID has a "task" directory, /proc/PID/task/TID
 * has none (as Linux: no directory of /proc contains itself, so a walk
 * such as find /proc ends), but has the rest (status, fd...).
 */
#include "t.h"
#include <dirent.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static int has_entry(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int found = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		found |= !strcmp(e->d_name, name);
	closedir(d);
	return found;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char tdir[64], path[96];
	struct stat st;
	snprintf(tdir, sizeof tdir, "/proc/self/task/%ld", (long)syscall(SYS_gettid));
	CHECK_EQ(has_entry("/proc/self", "task"), 1);
	CHECK_EQ(has_entry("/proc/self", "fd"), 1);
	CHECK_EQ(has_entry(tdir, "task"), 0);
	CHECK_EQ(has_entry(tdir, "status"), 1);
	CHECK_EQ(has_entry(tdir, "fd"), 1);
	snprintf(path, sizeof path, "%s/task", tdir);
	CHECK_ERR(stat(path, &st), ENOENT);
	snprintf(path, sizeof path, "%s/status", tdir);
	CHECK_OK(stat(path, &st));
	return t_done();
}
