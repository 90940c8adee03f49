/*
 * odfdemo - on-demand fork: page tables shared at fork, and unshared by
 * the first change (docs/odf.md).  Boot with fork=odf (make run FORK=odf
 * DEMO=odfdemo TRACE=cow) to see them shared; under fork=classic (the
 * default) and on Linux it shows the classic copy and says so.
 *
 * The parent fills 4 MiB of private memory that starts on a 2 MiB
 * boundary: two last-level page tables' worth, A (the first 2 MiB) and
 * B.  Then it forks, and the two take turns (two pipes), printing:
 *   - from ushi's /proc/ushi/stat, how many tables fork shared
 *     (pt_shared), how many an unshare copied (pt_unshared_copy) or took
 *     back without a copy (pt_unshared_reuse), how many a leaving sharer
 *     just let go (pt_dropped), each as the change one step made;
 *   - from /proc/self/pagemap and /proc/kpagecount, which frame backs a
 *     page and how many mappings it has: the same in both modes, as the
 *     numbers a program sees must not depend on how the kernel shares.
 * The steps: fork; the child writes a page of A (A is copied for it, then
 * the page is copied: a COW fault); the child writes another page of A (a
 * COW fault only); the parent writes a page of A (it is now the table's
 * only user: it takes the table back, no copy); the child exits (it lets
 * go of B); the parent writes into B (taken back too).
 * With trace=cow the kernel prints its "pt-share" and "pt-unshare" lines
 * between these (tests/host/odfdemo.sh checks them).
 */
#include "demo.h"
#include <sys/mman.h>
#include <sys/wait.h>

#define SPAN (2UL << 20)                /* what one page table maps */
#define NPAGES (2 * SPAN / PAGE_SIZE)
#define A(i) (i)                        /* page i of table A */
#define B(i) (SPAN / PAGE_SIZE + (i))   /* page i of table B */

static char *region;
static uint64_t before[NPAGES];         /* the parent's frames before fork, some pages */
static int to_child[2], to_parent[2];
static int on_ushi;                     /* /proc/ushi/stat exists */
static int odf;                         /* fork shared tables (seen, not assumed) */

/* ---- /proc/ushi/stat ------------------------------------------------------ */

struct odf_stat {
	long shared, copied, reused, dropped, freed;
};

/* The number after "key " at the start of a line of text, or -1. */
static long stat_field(const char *text, const char *key)
{
	size_t n = strlen(key);
	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
		if (strncmp(l, key, n) == 0 && l[n] == ' ')
			return strtol(l + n + 1, NULL, 10);
	return -1;
}

/* The counters now.  Read twice: the first read of a buffer may itself
 * be a write into a shared table (the kernel copies into our stack). */
static struct odf_stat odf_now(void)
{
	struct odf_stat s = { 0, 0, 0, 0, 0 };
	char text[4096];
	for (int i = 0; i < 2; i++) {
		int fd = open("/proc/ushi/stat", O_RDONLY);
		ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
		if (fd >= 0)
			close(fd);
		if (n <= 0)
			return s;
		text[n] = 0;
	}
	s.shared = stat_field(text, "pt_shared");
	s.copied = stat_field(text, "pt_unshared_copy");
	s.reused = stat_field(text, "pt_unshared_reuse");
	s.dropped = stat_field(text, "pt_dropped");
	s.freed = stat_field(text, "pt_freed");
	return s;
}

static struct odf_stat odf_delta(struct odf_stat a, struct odf_stat b)
{
	struct odf_stat d = { b.shared - a.shared, b.copied - a.copied, b.reused - a.reused,
			      b.dropped - a.dropped, b.freed - a.freed };
	return d;
}

static void show_delta(const char *who, const char *what, struct odf_stat d)
{
	if (on_ushi)
		say("  %-6s %s: pt_shared +%ld, pt_unshared_copy +%ld, pt_unshared_reuse +%ld, "
		    "pt_dropped +%ld", who, what, d.shared, d.copied, d.reused, d.dropped);
}

/* ---- frames --------------------------------------------------------------- */

static void show(const char *who, const char *name, unsigned long page, const char *note)
{
	struct frame f = frame_of(region + page * PAGE_SIZE);
	say("  %-6s page %s: frame 0x%llx, count %llu%s", who, name, (unsigned long long)f.pfn,
	    (unsigned long long)f.count, note);
}

/* Is page still the parent's frame from before fork, mapped count times? */
static int frame_is(unsigned long page, int same, uint64_t count)
{
	struct frame f = frame_of(region + page * PAGE_SIZE);
	return f.present && (f.pfn == before[page]) == same && f.count == count;
}

static void pass_turn(int fd) { char c = 1; write(fd, &c, 1); }
static int take_turn(int fd) { char c; return read(fd, &c, 1) == 1; }

/* ---- the child -------------------------------------------------------------- */

static int child(void)
{
	take_turn(to_child[0]);
	say("  (the child speaks)");
	show("child", "A0", A(0), "  <- the parent's frame");
	show("child", "B0", B(0), "  <- the parent's frame");
	check(frame_is(A(0), 1, 2) && frame_is(B(0), 1, 2),
	      "the child should map the parent's frames, each counted twice");

	say("Step 3: the child writes page A1.");
	struct odf_stat s0 = odf_now();
	region[A(1) * PAGE_SIZE] = 'c';
	struct odf_stat d = odf_delta(s0, odf_now());
	show_delta("child", "its write to A1", d);
	if (odf) {
		say("  Table A was shared: the kernel first gave the child its own copy of");
		say("  it (512 entries copied, each frame counted once more), then copied");
		say("  the page itself, as for any copy-on-write fault.");
		check(d.copied == 1 && d.reused == 0, "one table copy expected, saw %ld (reuse %ld)",
		      d.copied, d.reused);
	} else {
		say("  Only the page is copied: the child's tables were its own since fork.");
		check(d.copied == 0 && d.reused == 0 && d.shared == 0,
		      "no table should be shared or unshared under fork=classic");
	}
	show("child", "A1", A(1), "  <- a new frame, the child's own");
	show("child", "A0", A(0), "  <- still the parent's frame");
	show("child", "B0", B(0), "  <- still the parent's frame");
	check(frame_is(A(1), 0, 1), "A1 should be a frame of the child's own, counted once");
	check(frame_is(A(0), 1, 2) && frame_is(B(0), 1, 2),
	      "A0 and B0 should still be the parent's frames, counted twice");

	say("Step 4: the child writes page A2, in the same 2 MiB.");
	s0 = odf_now();
	region[A(2) * PAGE_SIZE] = 'c';
	d = odf_delta(s0, odf_now());
	show_delta("child", "its write to A2", d);
	say(odf ? "  A is the child's own table now: this is only a copy-on-write fault." :
		  "  Another copy-on-write fault, like the first.");
	check(d.copied == 0 && d.reused == 0, "no unshare expected, saw copy %ld reuse %ld",
	      d.copied, d.reused);
	check(frame_is(A(2), 0, 1), "A2 should be a frame of the child's own");
	pass_turn(to_parent[1]);

	take_turn(to_child[0]);                 /* step 6: go */
	int tally[2] = { demo_checks, demo_failed };
	write(to_parent[1], tally, sizeof tally);
	return demo_failed ? 1 : 0;
}

/* ---- the parent ------------------------------------------------------------ */

static void fill(void)
{
	for (unsigned long p = 0; p < NPAGES; p++)
		memset(region + p * PAGE_SIZE, 'P', 64);
	unsigned long shown[] = { A(0), A(1), A(2), A(3), B(0) };
	for (int i = 0; i < 5; i++)
		before[shown[i]] = frame_of(region + shown[i] * PAGE_SIZE).pfn;
}

static void mode_after_fork(struct odf_stat d)
{
	if (!on_ushi) {
		say("  No /proc/ushi/stat: this is not ushi. Linux copies the page tables");
		say("  entry by entry at fork, like ushi's fork=classic.");
		return;
	}
	show_delta("parent", "fork", d);
	odf = d.shared > 0;
	if (odf) {
		say("  fork=odf: fork shared %ld page tables with the child instead of", d.shared);
		say("  copying their entries: both PMD entries point at the same table,");
		say("  write-protected, and no frame's count was touched.");
		check(d.shared >= 2, "the region's two tables should be shared, saw %ld", d.shared);
	} else {
		say("  fork=classic: fork copied every entry of every table (and raised every");
		say("  frame's count). Boot with fork=odf (make run FORK=odf) to share them.");
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	demo_start(argv[0], "on-demand fork: page tables shared at fork");
	need_frames();
	on_ushi = access("/proc/ushi/stat", R_OK) == 0;
	char *raw = mmap(NULL, 3 * SPAN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED || pipe(to_child) || pipe(to_parent)) {
		say("cannot set up: %s", strerror(errno));
		return 2;
	}
	region = (char *)(((uintptr_t)raw + SPAN - 1) & ~(SPAN - 1));
	say("The parent fills 4 MiB of private memory: two page tables' worth,");
	say("table A (the first 2 MiB) and table B. One page table maps 2 MiB.");
	fill();
	say("Step 1: before fork.");
	show("parent", "A0", A(0), "");
	show("parent", "B0", B(0), "");
	check(frame_is(A(0), 1, 1) && frame_is(B(0), 1, 1), "each frame should be counted once");

	say("Step 2: fork().");
	struct odf_stat s0 = odf_now();
	pid_t pid = fork();
	if (pid < 0) {
		say("fork failed: %s", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		odf = on_ushi && odf_delta(s0, odf_now()).shared > 0;
		_exit(child());
	}
	mode_after_fork(odf_delta(s0, odf_now()));
	show("parent", "A0", A(0), "  <- mapped by both: count 2, however it is shared");
	check(frame_is(A(0), 1, 2) && frame_is(B(0), 1, 2),
	      "A0 and B0 should be counted twice after fork (kpagecount stays truthful)");
	pass_turn(to_child[1]);
	take_turn(to_parent[0]);

	say("Step 5: the parent writes page A3.");
	s0 = odf_now();
	region[A(3) * PAGE_SIZE] = 'p';
	struct odf_stat d = odf_delta(s0, odf_now());
	show_delta("parent", "its write to A3", d);
	if (odf) {
		say("  The child has its own copy of A: the parent is the last user of the");
		say("  old table, so the kernel just makes its PMD entry writable again.");
		check(d.reused == 1 && d.copied == 0, "one reuse expected, saw reuse %ld copy %ld",
		      d.reused, d.copied);
	}
	show("parent", "A3", A(3), "  <- still shared with the child: a COW copy");
	show("parent", "A1", A(1), "  <- the parent's alone since the child copied it");
	check(frame_is(A(3), 0, 1), "A3 should be a new frame of the parent's own");
	check(frame_is(A(1), 1, 1), "A1 should be the parent's frame, counted once");

	say("Step 6: the child exits.");
	s0 = odf_now();
	pass_turn(to_child[1]);
	int tally[2] = { 0, 1 }, status = -1;
	if (read(to_parent[0], tally, sizeof tally) != sizeof tally)
		tally[1] = 1;
	waitpid(pid, &status, 0);
	demo_checks += tally[0];
	demo_failed += tally[1];
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child ended with status 0x%x", status);
	d = odf_delta(s0, odf_now());
	show_delta("parent", "the child's exit", d);
	if (odf) {
		say("  The child let go of the tables it still shared (B among them):");
		say("  one reference each, no entry visited.");
		check(d.dropped >= 1, "the child's exit should drop shared tables, saw %ld", d.dropped);
	}
	show("parent", "B0", B(0), "  <- counted once again");
	check(frame_is(B(0), 1, 1), "B0 should be counted once after the child's exit");

	say("Step 7: the parent writes page B0.");
	s0 = odf_now();
	region[B(0) * PAGE_SIZE] = 'p';
	d = odf_delta(s0, odf_now());
	show_delta("parent", "its write to B0", d);
	if (odf) {
		say("  B is no one else's any more: taken back without a copy.");
		check(d.reused == 1 && d.copied == 0, "one reuse expected, saw reuse %ld copy %ld",
		      d.reused, d.copied);
	}
	check(frame_is(B(0), 1, 1), "B0 should be written in place, in the same frame");
	if (on_ushi)
		say("Summary: fork=%s. %s", odf ? "odf" : "classic", odf ?
		    "fork shared the tables; only the 2 MiB the child wrote got a table copy." :
		    "fork copied every table entry; the writes copied pages only.");
	munmap(raw, 3 * SPAN);
	return demo_done();
}
