/*
 * fork_then_change_half: after fork, one side changes half of a 2 MiB
 * region (the span of one page table, 2 MiB-aligned, fully written before
 * fork) and each side sees exactly its own changes.
 *
 * Six cases: munmap, mprotect(PROT_READ) and mremap (moved elsewhere) of
 * one half, done by the parent (the upper half) or by the child (the
 * lower half).  In each:
 *   1. the changer checks its view: the changed half faults where it must
 *      (SIGSEGV on any access when unmapped or moved away, on a write when
 *      read-only) and keeps its data where it may be read (read-only, or
 *      at the new address); the other half reads intact and takes writes;
 *   2. the other side then checks that all 512 pages are still there,
 *      readable and writable, with the data from before fork (none of the
 *      changer's writes), and writes every page;
 *   3. the changer checks again: none of the other side's writes show.
 */
#include "t.h"
#include "t_fork.h"

#define NPAGES 512
#define HALF (NPAGES / 2)

enum op { UNMAP, PROTECT, MOVE };
static const char *op_name[] = { "munmap", "mprotect", "mremap" };

static volatile uint64_t *region, *moved;       /* 2 MiB each */

static uint64_t before(unsigned long p) { return 0x5a00000000ull + p; }
static uint64_t by_changer(unsigned long p) { return 0xc400000000ull + p; }
static uint64_t by_other(unsigned long p) { return 0x0b00000000ull + p; }


/*
 * The changer's view, after op on pages [lo, lo + HALF): the number of
 * pages that behave wrongly.  mine is the value the changer's own pages
 * must hold (before() at first, by_changer() once it has written).
 */
static int changer_view(enum op op, unsigned long lo, uint64_t (*mine)(unsigned long))
{
	int bad = 0;
	for (unsigned long p = 0; p < NPAGES; p++) {
		volatile uint64_t *w = tf_word(region, p);
		int changed = p >= lo && p < lo + HALF;
		if (!changed) {
			bad += !tf_can_read(w) || *w != mine(p);
			continue;
		}
		switch (op) {
		case UNMAP:
			bad += tf_can_read(w);
			break;
		case PROTECT:
			bad += !tf_can_read(w) || *w != before(p) || tf_can_write(w, 1);
			break;
		case MOVE:
			bad += tf_can_read(w);
			volatile uint64_t *n = tf_word(moved, p - lo);
			bad += !tf_can_read(n) || *n != mine(p);
			break;
		}
	}
	return bad;
}

/* The changer writes by_changer() into every page it may still write. */
static void changer_writes(enum op op, unsigned long lo)
{
	for (unsigned long p = 0; p < NPAGES; p++) {
		int changed = p >= lo && p < lo + HALF;
		if (!changed)
			*tf_word(region, p) = by_changer(p);
		else if (op == MOVE)
			*tf_word(moved, p - lo) = by_changer(p);
	}
}

/* The changer's side of one case: returns the bad-page count, or -1. */
static int changer(enum op op, unsigned long lo, int go, int done)
{
	volatile uint64_t *half = tf_word(region, lo);
	int r = 0;
	if (op == UNMAP)
		r = munmap((void *)half, HALF * TF_PAGE);
	else if (op == PROTECT)
		r = mprotect((void *)half, HALF * TF_PAGE, PROT_READ);
	else
		r = mremap((void *)half, HALF * TF_PAGE, HALF * TF_PAGE,
			   MREMAP_MAYMOVE | MREMAP_FIXED, (void *)moved) == (void *)moved ? 0 : -1;
	if (r)
		return -1;
	int bad = changer_view(op, lo, before);
	changer_writes(op, lo);
	bad += changer_view(op, lo, by_changer);
	if (!tf_send(done) || !tf_expect(go))       /* the other side checks and writes */
		return -1;
	return bad + changer_view(op, lo, by_changer);
}

/* The other side: every page there, as before fork; then it writes all. */
static int other(int go, int done)
{
	if (!tf_expect(go))
		return -1;
	int bad = 0;
	for (unsigned long p = 0; p < NPAGES; p++) {
		volatile uint64_t *w = tf_word(region, p);
		bad += !tf_can_read(w) || *w != before(p) || !tf_can_write(w, by_other(p));
	}
	for (unsigned long p = 0; p < NPAGES; p++)
		bad += *tf_word(region, p) != by_other(p);
	return tf_send(done) ? bad : -1;
}

static void one_case(enum op op, int child_changes)
{
	region = tf_map_aligned(NPAGES * TF_PAGE);
	moved = tf_map_aligned(NPAGES * TF_PAGE);
	CHECK(region && moved, "mmap: %s", strerror(errno));
	if (!region || !moved)
		return;
	for (unsigned long p = 0; p < NPAGES; p++)
		*tf_word(region, p) = before(p);
	int to_child[2], to_parent[2];
	CHECK_OK(pipe(to_child));
	CHECK_OK(pipe(to_parent));
	unsigned long lo = child_changes ? 0 : HALF;
	pid_t pid = fork();
	if (pid == 0) {
		int bad = child_changes ? changer(op, lo, to_child[0], to_parent[1])
					: other(to_child[0], to_parent[1]);
		_exit(bad < 0 ? 255 : bad > 254 ? 254 : bad);
	}
	CHECK(pid > 0, "fork: %s", strerror(errno));
	int bad = child_changes ? other(to_parent[0], to_child[1])
				: changer(op, lo, to_parent[0], to_child[1]);
	int st = pid > 0 ? tf_wait_ok(pid) : -1;
	const char *who = child_changes ? "child" : "parent";
	CHECK(bad == 0, "%s of half by the %s: the parent saw %d wrong pages%s", op_name[op], who,
	      bad, bad < 0 ? " (a call or the pipe failed)" : "");
	CHECK(st == 0, "%s of half by the %s: the child saw %d wrong pages%s", op_name[op], who,
	      st, st == 255 ? " (a call or the pipe failed)" : st < 0 ? " (killed)" : "");
	t_log("%s of half by the %s: %s", op_name[op], who, bad || st ? "wrong" : "each side sees its own");
	close(to_child[0]); close(to_child[1]);
	close(to_parent[0]); close(to_parent[1]);
	CHECK_OK(munmap((void *)region, NPAGES * TF_PAGE));
	CHECK_OK(munmap((void *)moved, NPAGES * TF_PAGE));
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	tf_catch_segv();
	for (int child_changes = 0; child_changes < 2; child_changes++)
		for (enum op op = UNMAP; op <= MOVE; op++)
			one_case(op, child_changes);
	return t_done();
}
