/*
 * malloc_small: many small allocations of many sizes (musl mallocng: brk
 * for the meta area, small mmaps for the slot groups).  Every block keeps
 * its own contents while the others are written, free and realloc work,
 * calloc gives zeros, and a block is aligned to 16 bytes.
 */
#include "t.h"
#include <stdint.h>

#define N 600

static unsigned char pat(size_t i, size_t j) { return (unsigned char)(i * 31 + j * 7 + 1); }

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	static unsigned char *blk[N];
	static size_t len[N];

	/* Sizes 1..~4000, a spread over the size classes. */
	int misaligned = 0;
	for (size_t i = 0; i < N; i++) {
		len[i] = 1 + (i * 37) % 4000;
		blk[i] = malloc(len[i]);
		if (!blk[i]) {
			CHECK(0, "malloc(%zu) failed", len[i]);
			return t_done();
		}
		misaligned += ((uintptr_t)blk[i] & 15) != 0;
		for (size_t j = 0; j < len[i]; j++)
			blk[i][j] = pat(i, j);
	}
	CHECK_EQ(misaligned, 0);
	int bad = 0;
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < len[i]; j++)
			if (blk[i][j] != pat(i, j)) { bad++; break; }
	CHECK_EQ(bad, 0);

	/* Free every other block, allocate again, the rest is intact. */
	for (size_t i = 0; i < N; i += 2) {
		free(blk[i]);
		blk[i] = NULL;
	}
	for (size_t i = 0; i < N; i += 2) {
		len[i] = 1 + (i * 53) % 3000;
		blk[i] = malloc(len[i]);
		if (!blk[i]) {
			CHECK(0, "malloc(%zu) failed", len[i]);
			return t_done();
		}
		memset(blk[i], 0xa5, len[i]);
	}
	bad = 0;
	for (size_t i = 1; i < N; i += 2)
		for (size_t j = 0; j < len[i]; j++)
			if (blk[i][j] != pat(i, j)) { bad++; break; }
	CHECK_EQ(bad, 0);
	bad = 0;
	for (size_t i = 0; i < N; i += 2)
		for (size_t j = 0; j < len[i]; j++)
			if (blk[i][j] != 0xa5) { bad++; break; }
	CHECK_EQ(bad, 0);

	/* realloc grows and shrinks, keeping the prefix. */
	unsigned char *r = malloc(10);
	CHECK(r != NULL, "malloc(10)");
	for (int j = 0; j < 10; j++)
		r[j] = (unsigned char)j;
	size_t sizes[] = { 100, 1000, 20, 5000, 50000, 8 };
	size_t keep = 10;
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes && r; k++) {
		unsigned char *q = realloc(r, sizes[k]);
		CHECK(q != NULL, "realloc to %zu failed", sizes[k]);
		if (!q)
			break;
		r = q;
		size_t m = keep < sizes[k] ? keep : sizes[k];
		int ok = 1;
		for (size_t j = 0; j < m; j++)
			if (r[j] != (unsigned char)j) ok = 0;
		CHECK(ok, "realloc to %zu lost the contents", sizes[k]);
		for (size_t j = 0; j < sizes[k]; j++)
			r[j] = (unsigned char)j;
		keep = sizes[k];
	}
	free(r);

	/* calloc zeroes, even for memory that was used before. */
	for (int k = 0; k < 50; k++) {
		size_t n = 16 + k * 40;
		unsigned char *c = calloc(n, 1);
		CHECK(c != NULL, "calloc(%zu)", n);
		if (!c)
			break;
		size_t nz = 0;
		for (size_t j = 0; j < n; j++)
			nz += c[j] != 0;
		CHECK_EQ(nz, 0);
		memset(c, 0xff, n);
		free(c);
	}

	/* malloc(0) returns a unique pointer that can be freed; free(NULL) is fine. */
	void *z1 = malloc(0), *z2 = malloc(0);
	CHECK(z1 != NULL && z2 != NULL && z1 != z2, "malloc(0) pointers");
	free(z1);
	free(z2);
	free(NULL);

	/* Lots of churn: allocate and free the same size many times. */
	for (int k = 0; k < 5000; k++) {
		char *s = malloc(24 + (k & 63));
		if (!s) { CHECK(0, "malloc in churn %d", k); break; }
		s[0] = 1;
		free(s);
	}
	for (size_t i = 0; i < N; i++)
		free(blk[i]);
	return t_done();
}
