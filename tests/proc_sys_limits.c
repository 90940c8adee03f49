/*
 * proc_sys_limits: /proc/sys/fs/nr_open and /proc/sys/vm/max_map_count,
 * as Linux.  nr_open is a number of at least 64, and RLIMIT_NOFILE's hard
 * limit cannot go above it (EPERM, even for root); below 64 is EINVAL.
 * max_map_count is a number (65530 by default) and refuses -1.  Only on
 * ushi (which runs alone: these settings are machine-wide): with nr_open
 * lowered to 64, unshare(CLONE_FILES) of a shared table holding fd 65 is
 * EMFILE;
 * with max_map_count lowered, mmap stops at it with ENOMEM and munmap of
 * a page inside an area (which would add one) is ENOMEM too.
 */
#include "t.h"
#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static long read_long(const char *path)
{
	char buf[64];
	int fd = open(path, O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	char *end;
	long v = strtol(buf, &end, 10);
	return *end == '\n' && end[1] == 0 ? v : -1;
}

static long write_long(const char *path, long v)
{
	char s[32];
	snprintf(s, sizeof s, "%ld", v);
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	long n = write(fd, s, strlen(s));
	long e = n < 0 ? -errno : n == (long)strlen(s) ? 0 : -EIO;
	close(fd);
	return e;
}

#define NR_OPEN "/proc/sys/fs/nr_open"
#define MAX_MAP "/proc/sys/vm/max_map_count"

/* In a child sharing our fd table (fd 65 open), with nr_open 64:
 * unshare(CLONE_FILES) must copy the table and cannot (EMFILE). */
static void check_nr_open_unshare(long nr_open)
{
	CHECK_EQ(dup2(2, 65), 65);
	pid_t c = syscall(SYS_clone, CLONE_FILES | SIGCHLD, 0, 0, 0, 0);
	if (c == 0) {
		int bad = write_long(NR_OPEN, 64) != 0;
		bad |= !(unshare(CLONE_FILES) == -1 && errno == EMFILE) << 1;
		bad |= (write_long(NR_OPEN, nr_open) != 0) << 2;
		_exit(bad);
	}
	int st;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "unshare with nr_open 64: status %#x", st);
	CHECK_EQ(read_long(NR_OPEN), nr_open);
	close(65);
}

/* In a child: maps three-page areas with gaps until ENOMEM at the limit;
 * then a hole inside an area (one area more) is ENOMEM, cutting an area's
 * first page (as many areas) is not. */
static void check_max_map_count(long max)
{
	pid_t c = fork();
	if (c == 0) {
		if (write_long(MAX_MAP, 200))
			_exit(1);
		char *base = mmap(NULL, 1000 * 16384, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (base == MAP_FAILED || munmap(base, 1000 * 16384))
			_exit(2);
		int n = 0, err = 0;
		for (; n < 1000; n++) {
			void *p = mmap(base + n * 16384, 12288, PROT_NONE,
				       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
			if (p == MAP_FAILED) {
				err = errno;
				break;
			}
		}
		/* the limit counts areas: the program's own ones, and ours */
		int bad = (err != ENOMEM || n > 200 || n < 150) << 2;
		bad |= !(munmap(base + 4096, 4096) == -1 && errno == ENOMEM) << 3;
		bad |= (munmap(base, 4096) != 0) << 4;
		write_long(MAX_MAP, max);
		_exit(bad);
	}
	int st;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "max_map_count 200: status %#x", st);
	CHECK_EQ(read_long(MAX_MAP), max);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	long nr_open = read_long(NR_OPEN);
	CHECK(nr_open >= 64, "nr_open %ld", nr_open);
	CHECK_EQ(write_long(NR_OPEN, 63), -EINVAL);
	CHECK_EQ(read_long(NR_OPEN), nr_open);
	struct rlimit rl;
	CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
	struct rlimit big = { rl.rlim_cur, (rlim_t)nr_open + 1 };
	CHECK_ERR(setrlimit(RLIMIT_NOFILE, &big), EPERM);

	long max = read_long(MAX_MAP);
	CHECK(max >= 0, "max_map_count %ld", max);
	if (t_on_ushi())
		CHECK_EQ(max, 65530);
	CHECK_EQ(write_long(MAX_MAP, -1), -EINVAL);
	if (t_on_ushi()) {
		check_nr_open_unshare(nr_open);
		check_max_map_count(max);
	}
	return t_done();
}
