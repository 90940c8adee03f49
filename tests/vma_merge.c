/*
 * vma_merge - areas that become alike join again, as Linux's vma_merge:
 * after mprotect, mlock/munlock or madvise(MADV_DONTFORK/DOFORK) split an
 * area and then undo the change, /proc/self/maps shows one area again;
 * an mremap that grows an area up to its neighbour joins the two (the
 * selftest vm/mremap_test's "mremap expand merge"); two areas whose
 * flags differ stay apart.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/mman.h>

#define PG 4096L
static char text[1 << 16];

/* How many lines of /proc/self/maps lie in [lo, hi); -1 if unreadable.
 * *one is set when exactly [a, b) is one of them. */
static int areas(char *lo, char *hi, char *a, char *b, int *one)
{
	int fd = open("/proc/self/maps", O_RDONLY);
	if (fd < 0)
		return -1;
	long len = 0, n;
	while ((n = read(fd, text + len, sizeof text - 1 - len)) > 0)
		len += n;
	close(fd);
	text[len] = 0;
	int count = 0;
	*one = 0;
	for (char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		unsigned long s = strtoul(l, NULL, 16), e = strtoul(strchr(l, '-') + 1, NULL, 16);
		if (s >= (unsigned long)lo && e <= (unsigned long)hi) {
			count++;
			if (s == (unsigned long)a && e == (unsigned long)b)
				*one = 1;
		}
	}
	return count;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	/* Five pages between PROT_NONE guards: [g+PG, g+6PG). */
	char *g = mmap(NULL, 7 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p = mmap(g + PG, 5 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(g != MAP_FAILED && p == g + PG, "mmap");
	char *lo = p, *hi = p + 5 * PG;
	int one;
	memset(p, 1, 5 * PG);
	CHECK_EQ(areas(lo, hi, p, hi, &one), 1);

	CHECK_OK(mprotect(p + PG, PG, PROT_READ));
	CHECK_EQ(areas(lo, hi, p, hi, &one), 3);
	CHECK_OK(mprotect(p + PG, PG, PROT_READ | PROT_WRITE));
	CHECK_EQ(areas(lo, hi, p, hi, &one), 1);
	CHECK(one, "mprotect back: one area again");

	CHECK_OK(mlock(p + 2 * PG, PG));
	CHECK_EQ(areas(lo, hi, p, hi, &one), 3);
	CHECK_OK(munlock(p + 2 * PG, PG));
	CHECK_EQ(areas(lo, hi, p, hi, &one), 1);
	CHECK(one, "munlock: one area again");

	CHECK_OK(madvise(p + 3 * PG, 2 * PG, MADV_DONTFORK));
	CHECK_EQ(areas(lo, hi, p, hi, &one), 2);
	CHECK_OK(madvise(p + 3 * PG, 2 * PG, MADV_DOFORK));
	CHECK_EQ(areas(lo, hi, p, hi, &one), 1);
	CHECK(one, "MADV_DOFORK: one area again");

	/* Flags that differ keep areas apart. */
	CHECK_OK(mprotect(p, PG, PROT_READ));
	CHECK_OK(mprotect(p + 4 * PG, PG, PROT_READ | PROT_EXEC));
	CHECK_EQ(areas(lo, hi, p, hi, &one), 3);
	CHECK_OK(mprotect(p, 5 * PG, PROT_READ | PROT_WRITE));
	CHECK_EQ(areas(lo, hi, p, hi, &one), 1);

	/* Growing an area into a hole up to its neighbour joins them. */
	CHECK_OK(munmap(p + PG, 2 * PG));
	CHECK_EQ(areas(lo, hi, p, hi, &one), 2);
	CHECK(mremap(p, PG, 3 * PG, 0) == p, "mremap grows in place");
	CHECK_EQ(areas(lo, hi, p, hi, &one), 1);
	CHECK(one, "mremap: one area again");
	CHECK_EQ(p[0], 1);
	CHECK_EQ(p[PG], 0);             /* the grown part is fresh */
	CHECK_EQ(p[4 * PG], 1);
	munmap(g, 7 * PG);
	return t_done();
}
