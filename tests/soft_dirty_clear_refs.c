/*
 * soft_dirty_clear_refs - soft-dirty bits (Linux's CONFIG_MEM_SOFT_DIRTY)
 * through /proc/self/pagemap (bit 55), /proc/self/clear_refs and the
 * "sd" of VmFlags: a new area is soft-dirty all over; writing 4 to
 * clear_refs clears every bit and the area's flag; from then on a page
 * becomes soft-dirty when written (also one written before: its next
 * write faults again), never when only read, in private and shared
 * memory alike, its contents kept; a page moved by mremap counts as
 * changed; a new area is soft-dirty again.  clear_refs takes 1 to 5
 * and nothing else (EINVAL).  Skipped where the kernel lacks soft-dirty.
 */
#include "t.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>

#define PG 4096L
static char text[1 << 18];

/* Is the page at va soft-dirty (bit 55 of its pagemap entry)?  -1 on error. */
static int sd(const void *va)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = pread(fd, &e, 8, (off_t)((uintptr_t)va / PG) * 8);
	close(fd);
	return n == 8 ? (int)(e >> 55 & 1) : -1;
}

static long clear_refs(const char *what)
{
	int fd = open("/proc/self/clear_refs", O_WRONLY);
	if (fd < 0)
		return -1;
	long n = write(fd, what, strlen(what));
	int e = errno;
	close(fd);
	errno = e;
	return n;
}

/* Does the VmFlags line of the area at va hold "sd"?  -1 if not found. */
static int vm_sd(const void *va)
{
	int fd = open("/proc/self/smaps", O_RDONLY);
	long len = 0, n;
	if (fd < 0)
		return -1;
	while ((n = read(fd, text + len, sizeof text - 1 - len)) > 0)
		len += n;
	close(fd);
	text[len] = 0;
	char head[32];
	snprintf(head, sizeof head, "%lx-", (unsigned long)va);
	char *e = strstr(text, head), *f = e ? strstr(e, "\nVmFlags:") : NULL;
	if (!f)
		return -1;
	char *nl = strchr(f + 1, '\n'), *s = strstr(f, " sd");
	return s && (!nl || s < nl);
}

static char *area(int flags)
{
	char *g = mmap(NULL, 6 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (g == MAP_FAILED)
		return NULL;
	char *p = mmap(g + PG, 4 * PG, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char *p = area(MAP_PRIVATE);
	CHECK(p != NULL, "mmap");
	if (!p)
		return t_done();
	if (vm_sd(p) != 1)
		return t_skip("no soft-dirty tracking (no sd in VmFlags)");
	p[2 * PG] = 'x';
	for (int i = 0; i < 4; i++)
		CHECK(sd(p + i * PG) == 1, "page %d of a new area is soft-dirty", i);

	CHECK_EQ(clear_refs("4"), 1);
	CHECK_EQ(vm_sd(p), 0);
	for (int i = 0; i < 4; i++)
		CHECK(sd(p + i * PG) == 0, "page %d clean after clear_refs", i);
	CHECK_EQ(p[0], 0);                      /* a read */
	p[PG] = 'y';                            /* a first write */
	p[2 * PG] += 1;                         /* a write to a page written before */
	CHECK_EQ(sd(p), 0);
	CHECK_EQ(sd(p + PG), 1);
	CHECK_EQ(sd(p + 2 * PG), 1);
	CHECK_EQ(sd(p + 3 * PG), 0);
	CHECK_EQ(p[2 * PG], 'y');

	/* Shared memory: read-only until written, then soft-dirty. */
	char *s = area(MAP_SHARED);
	CHECK(s != NULL, "mmap shared");
	s[0] = 'a';
	CHECK_EQ(clear_refs("4\n"), 2);
	CHECK_EQ(sd(s), 0);
	CHECK_EQ(s[0], 'a');
	CHECK_EQ(s[PG], 0);
	CHECK_EQ(sd(s), 0);
	CHECK_EQ(sd(s + PG), 0);
	s[0] = 'b';
	CHECK_EQ(sd(s), 1);
	CHECK_EQ(sd(s + PG), 0);

	/* A page moved by mremap counts as changed; a new area is dirty. */
	CHECK_EQ(clear_refs("4"), 1);
	char *m = mremap(p + PG, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, p + 3 * PG);
	CHECK(m == p + 3 * PG, "mremap");
	CHECK_EQ(sd(m), 1);
	CHECK_EQ(m[0], 'y');
	char *n = area(MAP_PRIVATE);
	CHECK(n && sd(n) == 1 && vm_sd(n) == 1, "a new area is soft-dirty");

	/* The other numbers; anything else is EINVAL. */
	CHECK_EQ(clear_refs("1"), 1);
	CHECK_EQ(clear_refs("5"), 1);
	CHECK_ERR(clear_refs("0"), EINVAL);
	CHECK_ERR(clear_refs("6"), EINVAL);
	CHECK_ERR(clear_refs("4x"), EINVAL);
	return t_done();
}
