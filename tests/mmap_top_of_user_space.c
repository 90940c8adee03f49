/*
 * mmap_top_of_user_space - the last pages of user space are a program's
 * to map, as on Linux (whose stack ends a random distance below them):
 * MAP_FIXED_NOREPLACE and mremap's MREMAP_FIXED can place a page that
 * ends exactly at 0x7ffffffff000 (TASK_SIZE), code there runs, and one
 * page further is refused (ENOMEM from mmap, EINVAL from mremap) - the
 * selftest x86/sysret_rip's moves.
 */
#include "t.h"
#include <sys/mman.h>

#define PG 4096UL
#define TOP 0x7ffffffff000UL

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char *p = mmap((void *)(TOP - 3 * PG), PG, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	CHECK(p == (char *)(TOP - 3 * PG), "the third page from the top is free");
	if (p == MAP_FAILED)
		return t_done();
	p[0] = (char)0xc3;                      /* ret */
	char *q = mremap(p, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)(TOP - 2 * PG));
	CHECK(q == (char *)(TOP - 2 * PG), "mremap to the second page from the top");
	q = mremap(q, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)(TOP - PG));
	CHECK(q == (char *)(TOP - PG), "mremap to the last page");
	if (q != MAP_FAILED) {
		CHECK_EQ(q[0], (char)0xc3);
		((void (*)(void))q)();          /* runs */
		CHECK_ERR(mremap(q, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)TOP), EINVAL);
		CHECK_ERR(mremap(q, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)(TOP - PG)), EINVAL);
		CHECK_OK(munmap(q, PG));
	}
	CHECK(mmap((void *)TOP, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
	      MAP_FAILED && errno == ENOMEM, "a page past the top: ENOMEM");
	p = mmap((void *)(TOP - PG), PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(p == (char *)(TOP - PG), "MAP_FIXED at the last page");
	if (p != MAP_FAILED)
		CHECK_OK(munmap(p, PG));
	return t_done();
}
