/*
 * mmap_anon_basic: anonymous private mappings.  The address is page
 * aligned, the pages read as zero and are writable (a length that is not
 * a page multiple still gives the whole last page); a big mapping is
 * demand-paged (touch a few pages of 64 MiB); a free hint address is
 * honoured; a hint on an occupied range is moved elsewhere without
 * touching the existing mapping; MAP_FIXED replaces what was there with
 * fresh zero pages; after munmap the range faults (child SIGSEGV).
 */
#include "t.h"
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define PG 4096UL

static int child_touch(volatile char *p)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };
		setrlimit(RLIMIT_CORE, &no_core);
		(void)*p;
		_exit(0);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	return status;
}

static size_t nonzero(const char *p, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += p[i] != 0;
	return c;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	const int RW = PROT_READ | PROT_WRITE, PA = MAP_PRIVATE | MAP_ANONYMOUS;

	/* Basic: 8 pages. */
	char *a = mmap(NULL, 8 * PG, RW, PA, -1, 0);
	CHECK(a != MAP_FAILED, "mmap: %s", strerror(errno));
	if (a == MAP_FAILED)
		return t_done();
	CHECK_EQ((uintptr_t)a % PG, 0);
	CHECK_EQ(nonzero(a, 8 * PG), 0);
	for (size_t i = 0; i < 8 * PG; i++)
		a[i] = (char)(i % 253);
	int bad = 0;
	for (size_t i = 0; i < 8 * PG; i++)
		bad += a[i] != (char)(i % 253);
	CHECK_EQ(bad, 0);

	/* A length of 100 bytes maps a whole page. */
	char *s = mmap(NULL, 100, RW, PA, -1, 0);
	CHECK(s != MAP_FAILED, "mmap 100: %s", strerror(errno));
	CHECK_EQ(nonzero(s, PG), 0);
	s[PG - 1] = 1;
	CHECK_EQ(munmap(s, 100), 0);                /* the whole page goes */
	int st = child_touch(s + PG - 1);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "after munmap(100): status %#x", st);

	/* 64 MiB, only a few pages touched. */
	size_t big = 64UL << 20;
	char *b = mmap(NULL, big, RW, PA, -1, 0);
	CHECK(b != MAP_FAILED, "mmap 64 MiB: %s", strerror(errno));
	if (b != MAP_FAILED) {
		size_t offs[] = { 0, PG, 13 * PG + 5, big / 2, big - PG, big - 1 };
		for (size_t i = 0; i < sizeof offs / sizeof *offs; i++) {
			CHECK_EQ(b[offs[i]], 0);
			b[offs[i]] = (char)(i + 1);
		}
		for (size_t i = 0; i < sizeof offs / sizeof *offs; i++)
			CHECK_EQ(b[offs[i]], (char)(i + 1));
		CHECK_EQ(munmap(b, big), 0);
	}

	/* A hint on a free range is honoured (a range just unmapped is free). */
	char *probe = mmap(NULL, 4 * PG, RW, PA, -1, 0);
	CHECK(probe != MAP_FAILED, "probe: %s", strerror(errno));
	CHECK_EQ(munmap(probe, 4 * PG), 0);
	char *h = mmap(probe + PG, 2 * PG, RW, PA, -1, 0);
	CHECK(h == probe + PG, "free hint not honoured");
	CHECK_EQ(nonzero(h, 2 * PG), 0);
	h[0] = 'h';

	/* A hint on an occupied range: placed elsewhere, a untouched. */
	char *o = mmap(a + 2 * PG, PG, RW, PA, -1, 0);
	CHECK(o != MAP_FAILED && o != a + 2 * PG, "occupied hint: mapping placed on top");
	CHECK_EQ(a[2 * PG], (char)((2 * PG) % 253));
	if (o != MAP_FAILED && o != a + 2 * PG)
		munmap(o, PG);

	/* MAP_FIXED replaces pages 2..3 of a with fresh zero pages. */
	char *f = mmap(a + 2 * PG, 2 * PG, RW, PA | MAP_FIXED, -1, 0);
	CHECK(f == a + 2 * PG, "MAP_FIXED did not return the address");
	CHECK_EQ(nonzero(a + 2 * PG, 2 * PG), 0);
	CHECK_EQ(a[2 * PG - 1], (char)((2 * PG - 1) % 253));   /* neighbours intact */
	CHECK_EQ(a[4 * PG], (char)((4 * PG) % 253));
	/* MAP_FIXED with PROT_READ over page 5: readable zero, not writable. */
	f = mmap(a + 5 * PG, PG, PROT_READ, PA | MAP_FIXED, -1, 0);
	CHECK(f == a + 5 * PG, "MAP_FIXED PROT_READ");
	CHECK_EQ(a[5 * PG + 7], 0);
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };
		setrlimit(RLIMIT_CORE, &no_core);
		a[5 * PG] = 1;
		_exit(0);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "write to PROT_READ page: status %#x", status);

	/* munmap: the whole range faults afterwards. */
	CHECK_EQ(munmap(a, 8 * PG), 0);
	for (int i = 0; i < 8; i += 3) {
		st = child_touch(a + i * PG);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "page %d after munmap: status %#x", i, st);
	}
	CHECK_EQ(h[0], 'h');
	CHECK_EQ(munmap(h, 2 * PG), 0);
	return t_done();
}
