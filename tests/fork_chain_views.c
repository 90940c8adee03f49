/*
 * fork_chain_views: a chain of forks (parent, child, grandchild, ... five
 * levels), each level writing into one private region of several MiB that
 * all of them inherited, and each checking its own view of it.
 *
 * The region starts two pages before a 2 MiB boundary and spans 16 MiB
 * more, so it covers parts of ten last-level page tables (eight whole), and it is fully
 * written before the first fork.  The pages checked are the first two,
 * two middle and the last two of every 2 MiB span.  Each page has an
 * owner level (its index modulo 5).
 *   - Before it forks the next level, level k writes "pre k" into the
 *     pages it owns: every later level must see that.
 *   - After every level exists, each writes "post k" into half of the
 *     pages (a different half at odd and even levels), the deepest first.
 *   - Then each level checks, at every checked page: its own post value
 *     where it wrote one; else the pre value of the page's owner if the
 *     owner is itself or an ancestor; else the value from before the first
 *     fork.  Nobody's later writes, and no descendant's, may show.
 * After the chain is gone the first level checks again.
 * A level reports to its parent through its exit status: a bit per level
 * whose view was wrong, 0x80 if the chain broke.
 */
#include "t.h"
#include "t_fork.h"

#define LEVELS 5
#define SPAN (16ul << 20)
#define LEAD 2                          /* pages before the first 2 MiB boundary */
#define NPAGES (SPAN / TF_PAGE + 2 * LEAD)
#define BROKEN 0x80

static volatile uint64_t *region;       /* NPAGES pages */
static unsigned long checked[64];       /* page indexes of the checked pages */
static int nchecked;

static uint64_t value(int kind, int level, unsigned long page)
{
	return (uint64_t)kind << 56 | (uint64_t)level << 48 | page;
}

enum { INIT = 1, PRE = 2, POST = 3 };

static int owner(unsigned long page) { return (int)(page % LEVELS); }
static int writes_post(int level, int i) { return (i + level) % 2 == 0; }

/* Each checked page holds v at its first and its last word. */
static void put(unsigned long page, uint64_t v)
{
	region[page * (TF_PAGE / 8)] = v;
	region[page * (TF_PAGE / 8) + TF_PAGE / 8 - 1] = ~v;
}

static int holds(unsigned long page, uint64_t v)
{
	return region[page * (TF_PAGE / 8)] == v &&
	       region[page * (TF_PAGE / 8) + TF_PAGE / 8 - 1] == ~v;
}

/* What level k must see at checked page i. */
static uint64_t expected(int k, int i)
{
	unsigned long page = checked[i];
	if (writes_post(k, i))
		return value(POST, k, page);
	if (owner(page) <= k)
		return value(PRE, owner(page), page);
	return value(INIT, 0, page);
}

/* The number of checked pages where level k's view is wrong. */
static int wrong_pages(int k)
{
	int bad = 0;
	for (int i = 0; i < nchecked; i++)
		if (!holds(checked[i], expected(k, i)))
			bad++;
	return bad;
}

static void write_pre(int k)
{
	for (int i = 0; i < nchecked; i++)
		if (owner(checked[i]) == k)
			put(checked[i], value(PRE, k, checked[i]));
}

static void write_post(int k)
{
	for (int i = 0; i < nchecked; i++)
		if (writes_post(k, i))
			put(checked[i], value(POST, k, checked[i]));
}

static int send(int fd, char c) { return write(fd, &c, 1) == 1; }
static int expect(int fd, char c) { char got; return read(fd, &got, 1) == 1 && got == c; }

/*
 * Level k (k > 0 in a child): up is the pipe to its parent, down the one
 * from it.  Returns the bits of the levels from k down whose view was
 * wrong, BROKEN if the chain broke.
 */
static int level(int k, int up, int down)
{
	write_pre(k);
	int result = 0, to_child[2], from_child[2];
	pid_t child = -1;
	if (k + 1 < LEVELS) {
		if (pipe(to_child) || pipe(from_child))
			return BROKEN;
		child = fork();
		if (child == 0) {
			close(to_child[1]);
			close(from_child[0]);
			_exit(level(k + 1, from_child[1], to_child[0]));
		}
		close(to_child[0]);
		close(from_child[1]);
		if (child < 0 || !expect(from_child[0], 'w'))
			result |= BROKEN;       /* the levels below have written */
	}
	write_post(k);
	if (k > 0 && (!send(up, 'w') || !expect(down, 'c')))
		result |= BROKEN;               /* every level has written */
	int bad = wrong_pages(k);
	if (k == 0)
		t_log("level 0: %d of %d pages as expected", nchecked - bad, nchecked);
	if (bad)
		result |= 1 << k;
	if (child > 0) {
		send(to_child[1], 'c');
		int st = tf_wait_ok(child);
		result |= st < 0 ? BROKEN : st;
		close(to_child[1]);
		close(from_child[0]);
	}
	return result;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char *base = tf_map_aligned(SPAN + 2 * TF_PMD);
	CHECK(base != NULL, "mmap: %s", strerror(errno));
	if (!base)
		return t_done();
	region = (volatile uint64_t *)(base + TF_PMD - LEAD * TF_PAGE);
	for (unsigned long p = 0; p < NPAGES; p++) {
		unsigned long in_table = ((uintptr_t)region / TF_PAGE + p) % 512;
		if (in_table <= 1 || in_table == 255 || in_table == 256 || in_table >= 510)
			checked[nchecked++] = p;
		put(p, value(INIT, 0, p));
	}
	t_log("%d levels of fork over %lu pages in %lu page tables, %d pages checked",
	      LEVELS, NPAGES, SPAN / TF_PMD + 2, nchecked);
	int result = level(0, -1, -1);
	CHECK(!(result & BROKEN), "the chain broke (a level died or a pipe failed): 0x%x", result);
	for (int k = 0; k < LEVELS; k++)
		CHECK(!(result & (1 << k)), "level %d saw a wrong value", k);
	CHECK_EQ(wrong_pages(0), 0);            /* the chain is gone */
	unsigned long wrong_init = 0;
	for (unsigned long p = 0; p < NPAGES; p++) {
		int is_checked = 0;
		for (int i = 0; i < nchecked; i++)
			is_checked |= checked[i] == p;
		if (!is_checked && !holds(p, value(INIT, 0, p)))
			wrong_init++;
	}
	CHECK(wrong_init == 0, "%lu pages nobody wrote after fork changed", wrong_init);
	CHECK_OK(munmap(base, SPAN + 2 * TF_PMD));
	return t_done();
}
