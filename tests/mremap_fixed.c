/*
 * mremap_fixed - mremap(2) with MREMAP_FIXED and MREMAP_DONTUNMAP, as
 * Linux: MREMAP_FIXED|MREMAP_MAYMOVE moves the pages to new_addr,
 * unmapping what was there (only the new length of it) and the old
 * range; MREMAP_DONTUNMAP moves them and leaves the old range mapped but
 * empty.  EINVAL for FIXED without MAYMOVE, an unaligned new_addr, a new
 * range past user space or overlapping the old one, DONTUNMAP without
 * MAYMOVE or with a new size.
 */
#include "t.h"
#include <stdint.h>
#include <sys/mman.h>

#define PG 4096L
#define TASK_SIZE 0x7ffffffff000UL

static char *map(long pages, char fill)
{
	char *p = mmap(NULL, pages * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED)
		memset(p, fill, pages * PG);
	return p;
}

static int mapped(void *p)
{
	unsigned char v;
	return mincore(p, PG, &v) == 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char *a = map(2, 'a'), *b = map(3, 'b');
	CHECK(a != MAP_FAILED && b != MAP_FAILED, "mmap");

	CHECK_ERR(mremap(a, 2 * PG, 2 * PG, MREMAP_FIXED, b), EINVAL);
	CHECK_ERR(mremap(a, 2 * PG, 2 * PG, MREMAP_FIXED | MREMAP_MAYMOVE, b + 1), EINVAL);
	CHECK_ERR(mremap(a, 2 * PG, 2 * PG, MREMAP_FIXED | MREMAP_MAYMOVE, a + PG), EINVAL);
	CHECK_ERR(mremap(a, 2 * PG, 2 * PG, MREMAP_FIXED | MREMAP_MAYMOVE, (void *)(TASK_SIZE - PG)), EINVAL);
	CHECK_ERR(mremap(a, 2 * PG, 2 * PG, MREMAP_DONTUNMAP, NULL), EINVAL);
	CHECK_ERR(mremap(a, 2 * PG, 3 * PG, MREMAP_DONTUNMAP | MREMAP_MAYMOVE, NULL), EINVAL);
	CHECK_ERR(mremap(a, 2 * PG, 2 * PG, 8, NULL), EINVAL);

	char *r = mremap(a, 2 * PG, 2 * PG, MREMAP_FIXED | MREMAP_MAYMOVE, b);
	CHECK(r == b, "MREMAP_FIXED returned %p, not new_addr", (void *)r);
	CHECK(b[0] == 'a' && b[2 * PG - 1] == 'a', "the pages did not move");
	CHECK(b[2 * PG] == 'b', "the page past the new range was touched");
	CHECK(!mapped(a) && !mapped(a + PG), "the old range is still mapped");

	/* Shrinking while moving to a fixed place. */
	char *c = map(3, 'c');
	r = mremap(c, 3 * PG, PG, MREMAP_FIXED | MREMAP_MAYMOVE, b + 2 * PG);
	CHECK(r == b + 2 * PG && r[0] == 'c', "shrinking move: %p", (void *)r);
	CHECK(!mapped(c) && !mapped(c + 2 * PG), "the old range is still mapped");
	munmap(b, 3 * PG);

	/* MREMAP_DONTUNMAP: the old range stays, empty. */
	char *d = map(2, 'd');
	r = mremap(d, 2 * PG, 2 * PG, MREMAP_DONTUNMAP | MREMAP_MAYMOVE, NULL);
	CHECK(r != MAP_FAILED && r != d, "DONTUNMAP: %s", strerror(errno));
	if (r != MAP_FAILED) {
		CHECK(r[0] == 'd' && r[2 * PG - 1] == 'd', "the pages did not move");
		CHECK(mapped(d), "the old range was unmapped");
		CHECK(d[0] == 0 && d[PG] == 0, "the old range is not empty");
		munmap(r, 2 * PG);
	}
	char *e = map(1, 'e');
	munmap(e, PG);
	d[0] = 'x';
	r = mremap(d, PG, PG, MREMAP_DONTUNMAP | MREMAP_MAYMOVE | MREMAP_FIXED, e);
	CHECK(r == e && r[0] == 'x' && mapped(d), "DONTUNMAP|FIXED: %p", (void *)r);
	munmap(e, PG);
	munmap(d, 2 * PG);
	return t_done();
}
