/*
 * mmap_min_addr - vm.mmap_min_addr, as Linux: mapping below it (at
 * address 0, say) with MAP_FIXED or mremap's MREMAP_FIXED is EPERM for a process without CAP_SYS_RAWIO, and
 * allowed with it (root); a mere hint below it is moved up, at or above
 * the limit; a fixed mapping at the limit itself is anyone's.
 */
#include "t.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PG 4096UL

static unsigned long min_addr(void)
{
	char buf[32] = { 0 };
	int fd = open("/proc/sys/vm/mmap_min_addr", O_RDONLY);
	if (fd < 0 || read(fd, buf, sizeof buf - 1) <= 0)
		return 0;
	close(fd);
	return strtoul(buf, NULL, 10);
}

static void *map_at(unsigned long addr, int flags)
{
	return mmap((void *)addr, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
}

/* As nobody, without capabilities: 0 if every step behaved. */
static int unprivileged(unsigned long min)
{
	if (setuid(65534))
		return 1;
	if (!(map_at(0, MAP_FIXED) == MAP_FAILED && errno == EPERM))
		return 2;
	char *p = map_at(0, 0);                 /* a hint of 0: anywhere */
	if (p == MAP_FAILED || (uintptr_t)p < min)
		return 4;
	if (!(mremap(p, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)0) == MAP_FAILED &&
	      errno == EPERM))
		return 5;
	if (p[0] != 0)                          /* still there */
		return 6;
	if (map_at(min, MAP_FIXED_NOREPLACE) != (void *)min)
		return 7;
	if (min >= 2 * PG) {
		char *h = map_at(min - PG, 0);  /* a hint below: moved up */
		if (h == MAP_FAILED || (uintptr_t)h < min)
			return 8;
	}
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	unsigned long min = min_addr();
	if (!min)
		return t_skip("vm.mmap_min_addr is 0 here");
	CHECK(min % PG == 0, "mmap_min_addr %lu", min);
	/* root has CAP_SYS_RAWIO: page 0 can be mapped, and unmapped again */
	void *z = map_at(0, MAP_FIXED);
	CHECK(z == NULL, "root maps page 0: %s", z == MAP_FAILED ? strerror(errno) : "elsewhere");
	if (z != MAP_FAILED)
		CHECK_OK(munmap(z, PG));
	pid_t pid = fork();
	if (pid == 0)
		_exit(unprivileged(min));
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "as nobody: status %#x", st);
	return t_done();
}
