/*
 * mmap_max_map_count - a process can have vm.max_map_count areas (65530
 * by default) and no more, as Linux (LTP munmap04's setup): three-page
 * areas mapped one after another with gaps stop with ENOMEM within a few
 * areas of the limit (the program has its own areas); then a hole in the
 * middle of an area (one area more) is ENOMEM, cutting an area's first
 * page is not, and once areas are freed mmap works again.  On ushi this
 * is also a check that finding and inserting areas in address order is
 * not quadratic: the runner's time limit would end it.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PG 4096L
#define SLOT (4 * PG)

static long max_map_count(void)
{
	char buf[32] = { 0 };
	int fd = open("/proc/sys/vm/max_map_count", O_RDONLY);
	if (fd < 0 || read(fd, buf, sizeof buf - 1) <= 0)
		return -1;
	close(fd);
	return strtol(buf, NULL, 10);
}

/* In a child: 0 if every step behaved. */
static int fill(long max)
{
	long slots = max + 100;
	char *base = mmap(NULL, slots * SLOT, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED || munmap(base, slots * SLOT))
		return 1;
	long n = 0;
	int err = 0;
	for (; n < slots; n++) {
		void *p = mmap(base + n * SLOT, 3 * PG, PROT_NONE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (p == MAP_FAILED) {
			err = errno;
			break;
		}
	}
	if (err != ENOMEM)
		return 2;
	if (n > max || n < max - 200)
		return 3;
	if (!(munmap(base + SLOT + PG, PG) == -1 && errno == ENOMEM))
		return 4;
	if (munmap(base + SLOT, PG))
		return 5;
	for (long i = 0; i < n; i += 2)
		if (munmap(base + i * SLOT, 3 * PG))
			return 6;
	if (mmap(base, 3 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != base)
		return 7;
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	long max = max_map_count();
	CHECK(max > 1000, "vm.max_map_count %ld", max);
	pid_t pid = fork();
	if (pid == 0)
		_exit(fill(max));
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child's status %#x", st);
	return t_done();
}
