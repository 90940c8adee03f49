/*
 * mremap_file_merge - a page of a shared file mapping moved away with
 * MREMAP_FIXED and moved back joins its neighbours into one area again
 * (consecutive file offsets), and every page still shows its own part of
 * the file, with or without a neighbour made unlike by mprotect (LTP
 * mremap06's cases, the bug Linux fixed in 7e7757876f25).
 */
#include "t.h"
#include <fcntl.h>
#include <sys/mman.h>

#define PG 4096L
#define F "/tmp/mremap_file_merge.dat"
static char text[1 << 16];

/* How many lines of /proc/self/maps lie in [lo, hi), or -1. */
static int areas(char *lo, char *hi)
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
	for (char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		unsigned long s = strtoul(l, NULL, 16), e = strtoul(strchr(l, '-') + 1, NULL, 16);
		count += s >= (unsigned long)lo && e <= (unsigned long)hi;
	}
	return count;
}

/* incompatible: 0, or which page (1-based) to make read-only meanwhile. */
static void one_case(int fd, int incompatible)
{
	char *buf = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(buf != MAP_FAILED, "mmap");
	if (buf == MAP_FAILED)
		return;
	CHECK(mremap(buf + PG, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, buf + 3 * PG) == buf + 3 * PG,
	      "mremap away");
	if (incompatible)
		CHECK_OK(mprotect(buf + (incompatible - 1) * PG, PG, PROT_READ));
	CHECK(mremap(buf + 3 * PG, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, buf + PG) == buf + PG,
	      "mremap back");
	for (int i = 0; i < 3; i++)
		CHECK(buf[i * PG] == '0' + i, "case %d: page %d holds %c", incompatible, i, buf[i * PG]);
	CHECK_EQ(areas(buf, buf + 3 * PG), incompatible ? 2 : 1);
	CHECK_OK(munmap(buf, 4 * PG));
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int fd = open(F, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "open");
	CHECK_OK(ftruncate(fd, 4 * PG));
	for (int i = 0; i < 4; i++)
		CHECK_EQ(pwrite(fd, (char[]){ '0' + i }, 1, i * PG), 1);
	one_case(fd, 0);
	one_case(fd, 3);
	one_case(fd, 1);
	close(fd);
	unlink(F);
	return t_done();
}
