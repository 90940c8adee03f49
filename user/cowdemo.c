/*
 * cowdemo - copy-on-write after fork, shown with the kernel's own numbers.
 *
 * The parent fills a few pages, forks, and both processes print which
 * physical frame backs each page (/proc/self/pagemap) and how many page
 * tables map that frame (/proc/kpagecount).  Right after fork the two
 * processes share every frame (count 2).  Then the child writes to some
 * pages: those, and only those, split into a private copy for the child,
 * and the parent's frame drops back to count 1.  When the child is gone,
 * the parent's own writes need no copy at all.
 *
 * The two processes take turns through two pipes, so the story prints in
 * order.  tools/cow-picture.py reads the "parent/child page N: frame F,
 * count C" lines (and the kernel's trace) to draw docs/img/cow.svg, so
 * keep their format.  Frame numbers differ from run to run; the checks
 * compare them with each other, never with fixed values.
 */
#include "demo.h"
#include <sys/mman.h>
#include <sys/wait.h>

#define NPAGES 4

static char *buf;                       /* NPAGES private anonymous pages */
static uint64_t before[NPAGES];         /* the parent's frames before fork */
static int to_child[2], to_parent[2];   /* pipes: whose turn it is */

/* The child writes to the even pages and leaves the odd ones alone. */
static int child_writes(int i) { return i % 2 == 0; }

static char parent_byte(int i) { return 'A' + i; }
static char child_byte(int i) { return 'a' + i; }

/* Does every byte of page i hold c? */
static int page_holds(int i, char c)
{
	for (unsigned long k = 0; k < PAGE_SIZE; k++)
		if (buf[i * PAGE_SIZE + k] != c)
			return 0;
	return 1;
}

/* Turn-taking: hand the turn over, or wait for it (0 if the other side died). */
static void pass_turn(int fd) { char c = 1; write(fd, &c, 1); }
static int take_turn(int fd) { char c; return read(fd, &c, 1) == 1; }

static void show(const char *who, int i, struct frame f, const char *note)
{
	say("  %-6s page %d: frame 0x%llx, count %llu%s", who, i, (unsigned long long)f.pfn,
	    (unsigned long long)f.count, note);
}

static int child(void)
{
	say("  (the child speaks)");
	for (int i = 0; i < NPAGES; i++) {
		struct frame f = frame_of(buf + i * PAGE_SIZE);
		show("child", i, f, f.pfn == before[i] ? "  <- the parent's frame" : "");
		check(f.present && f.pfn == before[i],
		      "child page %d should be the parent's frame 0x%llx, is 0x%llx", i,
		      (unsigned long long)before[i], (unsigned long long)f.pfn);
		check(f.count == 2, "child page %d: count %llu, expected 2 (parent + child)", i,
		      (unsigned long long)f.count);
	}
	pass_turn(to_parent[1]);

	take_turn(to_child[0]);                 /* step 3: write */
	for (int i = 0; i < NPAGES; i++)
		if (child_writes(i))
			memset(buf + i * PAGE_SIZE, child_byte(i), PAGE_SIZE);
	say("  (the child speaks, after writing)");
	for (int i = 0; i < NPAGES; i++) {
		struct frame f = frame_of(buf + i * PAGE_SIZE);
		if (child_writes(i)) {
			show("child", i, f, "  <- a new frame: the child's own copy");
			check(f.present && f.pfn != before[i],
			      "child page %d was written: it should have left frame 0x%llx", i,
			      (unsigned long long)before[i]);
			check(f.count == 1, "child page %d: count %llu, expected 1 (a private copy)", i,
			      (unsigned long long)f.count);
			check(page_holds(i, child_byte(i)), "child page %d lost the child's write", i);
		} else {
			show("child", i, f, "  <- not written: still shared");
			check(f.pfn == before[i] && f.count == 2,
			      "child page %d was not written: should still be frame 0x%llx count 2", i,
			      (unsigned long long)before[i]);
			check(page_holds(i, parent_byte(i)), "child page %d changed without a write", i);
		}
	}
	pass_turn(to_parent[1]);

	take_turn(to_child[0]);                 /* step 4: report and go */
	int tally[2] = { demo_checks, demo_failed };
	write(to_parent[1], tally, sizeof tally);
	return demo_failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	demo_start(argv[0], "copy-on-write after fork");
	need_frames();
	buf = mmap(NULL, NPAGES * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED || pipe(to_child) || pipe(to_parent)) {
		say("cannot set up: %s", strerror(errno));
		return 2;
	}
	say("The parent maps %d pages of private memory and fills each one,", NPAGES);
	say("so the kernel gives every page a physical frame of its own.");
	say("A frame's count (from /proc/kpagecount) is how many page tables map it.");
	for (int i = 0; i < NPAGES; i++)
		memset(buf + i * PAGE_SIZE, parent_byte(i), PAGE_SIZE);

	say("Step 1: before fork, the parent alone.");
	for (int i = 0; i < NPAGES; i++) {
		struct frame f = frame_of(buf + i * PAGE_SIZE);
		before[i] = f.pfn;
		show("parent", i, f, "");
		check(f.present && f.count == 1, "parent page %d: count %llu, expected 1", i,
		      (unsigned long long)f.count);
		for (int j = 0; j < i; j++)
			check(before[j] != before[i], "pages %d and %d share frame 0x%llx", j, i,
			      (unsigned long long)before[i]);
	}

	say("Step 2: fork(). The kernel copies the parent's page tables, not its pages:");
	say("both tables now point at the same frames, and both are write-protected.");
	pid_t pid = fork();
	if (pid < 0) {
		say("fork failed: %s", strerror(errno));
		return 2;
	}
	if (pid == 0)
		_exit(child());

	take_turn(to_parent[0]);
	say("  (the parent speaks)");
	for (int i = 0; i < NPAGES; i++) {
		struct frame f = frame_of(buf + i * PAGE_SIZE);
		show("parent", i, f, "");
		check(f.pfn == before[i] && f.count == 2,
		      "parent page %d should be frame 0x%llx count 2, is 0x%llx count %llu", i,
		      (unsigned long long)before[i], (unsigned long long)f.pfn,
		      (unsigned long long)f.count);
	}

	say("Step 3: the child writes to pages 0 and 2. Each write faults: the frame is");
	say("shared, so the kernel copies it into a new frame for the child, points the");
	say("child's page table there (writable), and drops one count from the old frame.");
	pass_turn(to_child[1]);
	take_turn(to_parent[0]);
	say("  (the parent speaks)");
	for (int i = 0; i < NPAGES; i++) {
		struct frame f = frame_of(buf + i * PAGE_SIZE);
		int split = child_writes(i);
		show("parent", i, f, split ? "  <- same frame, now the parent's alone" :
				     "  <- still shared with the child");
		check(f.pfn == before[i], "parent page %d moved from frame 0x%llx to 0x%llx", i,
		      (unsigned long long)before[i], (unsigned long long)f.pfn);
		check(f.count == (split ? 1u : 2u), "parent page %d: count %llu, expected %d", i,
		      (unsigned long long)f.count, split ? 1 : 2);
		check(page_holds(i, parent_byte(i)), "the child's write showed up in parent page %d", i);
	}

	say("Step 4: the child exits. Its page tables are torn down, so every frame it");
	say("still shared loses one count.");
	pass_turn(to_child[1]);
	int tally[2] = { 0, 1 }, status = -1;
	if (read(to_parent[0], tally, sizeof tally) != sizeof tally)
		tally[1] = 1;
	waitpid(pid, &status, 0);
	demo_checks += tally[0];
	demo_failed += tally[1];
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child ended with status 0x%x", status);
	for (int i = 0; i < NPAGES; i++) {
		struct frame f = frame_of(buf + i * PAGE_SIZE);
		show("parent", i, f, "");
		check(f.pfn == before[i] && f.count == 1, "parent page %d: frame 0x%llx count %llu, "
		      "expected frame 0x%llx count 1", i, (unsigned long long)f.pfn,
		      (unsigned long long)f.count, (unsigned long long)before[i]);
	}

	say("Step 5: the parent writes to every page. Each write still faults (the pages");
	say("are write-protected since fork), but nobody else maps the frames any more,");
	say("so the kernel makes them writable in place: no copy.");
	for (int i = 0; i < NPAGES; i++)
		buf[i * PAGE_SIZE] = parent_byte(i);
	for (int i = 0; i < NPAGES; i++) {
		struct frame f = frame_of(buf + i * PAGE_SIZE);
		show("parent", i, f, f.pfn == before[i] ? "  <- reused" : "");
		check(f.pfn == before[i] && f.count == 1, "parent page %d: frame 0x%llx count %llu, "
		      "expected to reuse frame 0x%llx", i, (unsigned long long)f.pfn,
		      (unsigned long long)f.count, (unsigned long long)before[i]);
	}

	int copies = 0;
	for (int i = 0; i < NPAGES; i++)
		copies += child_writes(i);
	say("Summary: fork shared all %d frames and copied none. The child's writes cost",
	    NPAGES);
	say("%d copies, one per page written; the %d pages nobody wrote were never copied,",
	    copies, NPAGES - copies);
	say("and the parent's writes after the child left reused its frames.");
	munmap(buf, NPAGES * PAGE_SIZE);
	return demo_done();
}
