/*
 * malloc_large: blocks of 1 MiB and more (musl gives each its own mmap and
 * munmaps it at free).  Every page is writable and keeps its contents,
 * freshly allocated large memory reads as zero (it comes straight from
 * mmap), realloc of a large block keeps its contents (mremap), and the
 * memory can be given back and taken again many times.
 */
#include "t.h"
#include <stdint.h>

#define MiB (1024 * 1024)
#define PAGE 4096

static int fill_check(unsigned char *p, size_t n, unsigned seed)
{
	if (n == 0)
		return 0;
	for (size_t off = 0; off < n - 1; off += PAGE / 4)
		p[off] = (unsigned char)(seed + off / PAGE * 13 + off % 251);
	p[n - 1] = (unsigned char)seed;
	for (size_t off = 0; off < n - 1; off += PAGE / 4)
		if (p[off] != (unsigned char)(seed + off / PAGE * 13 + off % 251))
			return 0;
	return p[n - 1] == (unsigned char)seed;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);

	size_t sizes[] = { 1 * MiB, 1 * MiB + 1, 3 * MiB + 123, 8 * MiB };
	unsigned char *blk[4];
	for (int i = 0; i < 4; i++) {
		blk[i] = malloc(sizes[i]);
		CHECK(blk[i] != NULL, "malloc(%zu) failed", sizes[i]);
		if (!blk[i])
			return t_done();
		CHECK(((uintptr_t)blk[i] & 15) == 0, "block %d misaligned", i);
		/* Fresh mmap memory: every page reads as zero. */
		size_t nz = 0;
		for (size_t off = 0; off < sizes[i]; off += PAGE)
			nz += blk[i][off] != 0;
		CHECK_EQ(nz, 0);
		CHECK(fill_check(blk[i], sizes[i], 17 * i + 3), "block %d lost contents", i);
	}
	/* Writing the later blocks did not disturb the earlier ones. */
	for (int i = 0; i < 4; i++) {
		int ok = 1;
		for (size_t off = 0; off < sizes[i] - 1; off += PAGE / 4)
			if (blk[i][off] != (unsigned char)(17 * i + 3 + off / PAGE * 13 + off % 251))
				ok = 0;
		CHECK(ok, "block %d changed", i);
	}
	for (int i = 0; i < 4; i++)
		free(blk[i]);

	/* calloc of a large block is zero. */
	unsigned char *c = calloc(2 * MiB, 1);
	CHECK(c != NULL, "calloc 2 MiB");
	if (c) {
		size_t nz = 0;
		for (size_t off = 0; off < 2 * MiB; off += 64)
			nz += c[off] != 0;
		CHECK_EQ(nz, 0);
		free(c);
	}

	/* realloc a large block bigger and smaller: the prefix stays. */
	unsigned char *r = malloc(2 * MiB);
	CHECK(r != NULL, "malloc 2 MiB");
	if (r) {
		for (size_t off = 0; off < 2 * MiB; off += PAGE)
			r[off] = (unsigned char)(off / PAGE);
		unsigned char *q = realloc(r, 6 * MiB);
		CHECK(q != NULL, "realloc to 6 MiB");
		if (q) {
			r = q;
			int ok = 1;
			for (size_t off = 0; off < 2 * MiB; off += PAGE)
				if (r[off] != (unsigned char)(off / PAGE)) ok = 0;
			CHECK(ok, "realloc up lost contents");
			memset(r + 2 * MiB, 0x5a, 4 * MiB);
			q = realloc(r, MiB + 5);
			CHECK(q != NULL, "realloc down");
			if (q) {
				r = q;
				ok = 1;
				for (size_t off = 0; off < MiB; off += PAGE)
					if (r[off] != (unsigned char)(off / PAGE)) ok = 0;
				CHECK(ok, "realloc down lost contents");
			}
		}
		free(r);
	}

	/* Allocate and free 4 MiB many times: memory is given back each time. */
	int fails = 0;
	for (int k = 0; k < 40; k++) {
		unsigned char *p = malloc(4 * MiB);
		if (!p) { fails++; continue; }
		p[0] = 1;
		p[4 * MiB - 1] = 2;
		if (p[0] != 1 || p[4 * MiB - 1] != 2)
			fails++;
		free(p);
	}
	CHECK_EQ(fails, 0);
	return t_done();
}
