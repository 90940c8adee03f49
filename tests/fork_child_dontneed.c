/*
 * fork_child_dontneed: madvise(MADV_DONTNEED) after fork drops pages from
 * the caller's view only.  A 4 MiB private region (two page tables'
 * worth, 2 MiB-aligned) is written, then forked.
 *   - The child drops [1 MiB, 3 MiB), across the boundary between the two
 *     tables: it reads zeros there, its other pages keep their data, and
 *     a write into the dropped range gives a fresh page holding only that
 *     write.  The parent still sees all its data.
 *   - Then the parent drops [0, 1 MiB): it reads zeros there, and the
 *     child still sees its data in that range.
 */
#include "t.h"
#include "t_fork.h"

#define NPAGES 1024
#define QUARTER (NPAGES / 4)

static volatile uint64_t *region;

static uint64_t data(unsigned long p) { return 0xd0000000ull + p; }

/* Pages in [lo, hi) that do not hold data (or zero, if zero is set). */
static int wrong(unsigned long lo, unsigned long hi, int zero)
{
	int bad = 0;
	for (unsigned long p = lo; p < hi; p++)
		bad += tf_word(region, p)[0] != (zero ? 0 : data(p)) || tf_word(region, p)[TF_PAGE / 8 - 1] != 0;
	return bad;
}


/* The child: a bit per wrong view, 0x80 if the pipes broke. */
static int child(int go, int done)
{
	int r = 0;
	if (madvise((void *)tf_word(region, QUARTER), 2 * QUARTER * TF_PAGE, MADV_DONTNEED))
		return 0x80;
	r |= wrong(QUARTER, 3 * QUARTER, 1) ? 1 : 0;
	r |= wrong(0, QUARTER, 0) || wrong(3 * QUARTER, NPAGES, 0) ? 2 : 0;
	*tf_word(region, 2 * QUARTER) = 7;         /* a fresh page in the dropped range */
	r |= *tf_word(region, 2 * QUARTER) != 7 || wrong(2 * QUARTER + 1, 3 * QUARTER, 1) ? 4 : 0;
	if (!tf_send(done) || !tf_expect(go))
		return 0x80;
	r |= wrong(0, QUARTER, 0) ? 8 : 0;      /* the parent dropped these */
	return r;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	region = tf_map_filled(NPAGES, data(0));
	CHECK(region != NULL, "mmap: %s", strerror(errno));
	if (!region)
		return t_done();
	int to_child[2], to_parent[2];
	CHECK_OK(pipe(to_child));
	CHECK_OK(pipe(to_parent));
	pid_t pid = fork();
	if (pid == 0)
		_exit(child(to_child[0], to_parent[1]));
	CHECK(pid > 0, "fork: %s", strerror(errno));
	CHECK(tf_expect(to_parent[0]), "the child died before dropping its pages");
	t_log("the child dropped 2 MiB across two page tables");
	CHECK_EQ(wrong(0, NPAGES, 0), 0);
	CHECK_OK(madvise((void *)region, QUARTER * TF_PAGE, MADV_DONTNEED));
	t_log("the parent dropped its first 1 MiB");
	CHECK_EQ(wrong(0, QUARTER, 1), 0);
	CHECK_EQ(wrong(QUARTER, NPAGES, 0), 0);
	CHECK(tf_send(to_child[1]), "the child is gone");
	int st = pid > 0 ? tf_wait_ok(pid) : -1;
	CHECK(st == 0, "the child's view was wrong: status %d (1 dropped pages not zero, 2 kept "
	      "pages changed, 4 a write after the drop, 8 the parent's drop reached it, 0x80 broke)", st);
	CHECK_OK(munmap((void *)region, NPAGES * TF_PAGE));
	return t_done();
}
