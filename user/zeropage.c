/*
 * zeropage - reading fresh memory costs no memory.
 *
 * mmap only describes an area; no frame is used until a page is touched.
 * A read of a never-written anonymous page maps the kernel's one shared
 * zero page, read-only: every such page, in every process, shows the same
 * frame.  The first write to a page faults again and gets a private,
 * zeroed frame of its own.  /proc/self/pagemap shows each step.
 */
#include "demo.h"
#include <sys/mman.h>

#define NPAGES 4

static void show(int i, struct frame f, const char *note)
{
	if (!f.present)
		say("  page %d: not present (no frame at all)%s", i, note);
	else
		say("  page %d: frame 0x%llx, count %llu%s", i, (unsigned long long)f.pfn,
		    (unsigned long long)f.count, note);
}

static char *map_pages(int n)
{
	char *p = mmap(NULL, n * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		say("mmap failed: %s", strerror(errno));
		exit(2);
	}
	return p;
}

int main(int argc, char **argv)
{
	(void)argc;
	demo_start(argv[0], "the zero page");
	need_frames();
	char *buf = map_pages(NPAGES);

	say("Step 1: mmap gives %d pages of private memory. Nothing is touched yet,", NPAGES);
	say("so the page table has no entries: the kernel has not spent a single frame.");
	for (int i = 0; i < NPAGES; i++) {
		struct frame f = frame_of(buf + i * PAGE_SIZE);
		show(i, f, "");
		check(!f.present, "page %d is present before anyone touched it", i);
	}

	say("Step 2: read one byte of every page. Each read faults; the kernel maps the");
	say("shared zero page read-only (a page of zeros it keeps for this), no new frame.");
	int sum = 0;
	for (int i = 0; i < NPAGES; i++)
		sum += ((volatile char *)buf)[i * PAGE_SIZE];
	check(sum == 0, "fresh memory did not read as zeros");
	struct frame zero = frame_of(buf);
	for (int i = 0; i < NPAGES; i++) {
		struct frame f = frame_of(buf + i * PAGE_SIZE);
		show(i, f, f.present && f.pfn == zero.pfn ? "  <- the zero page" : "");
		check(f.present && f.pfn == zero.pfn, "page %d is not the same frame as page 0", i);
	}
	say("  All %d pages show one frame. Its count is 0: nobody owns the zero page, so", NPAGES);
	say("  the kernel does not count its mappings (Linux does the same).");
	check(zero.count == 0, "the zero page's count is %llu", (unsigned long long)zero.count);

	say("Step 3: a second, separate mapping, read the same way, gets the same frame:");
	say("there is one zero page for the whole machine.");
	char *other = map_pages(1);
	sum = ((volatile char *)other)[0];
	struct frame f2 = frame_of(other);
	say("  other mapping, page 0: frame 0x%llx%s", (unsigned long long)f2.pfn,
	    f2.pfn == zero.pfn ? "  <- the zero page again" : "");
	check(f2.present && f2.pfn == zero.pfn, "another mapping's read got a different frame");

	say("Step 4: write to page 1. The page is mapped read-only, so the write faults;");
	say("the kernel gives page 1 a private zeroed frame (count 1) and maps it writable.");
	buf[PAGE_SIZE] = 42;
	for (int i = 0; i < NPAGES; i++) {
		struct frame f = frame_of(buf + i * PAGE_SIZE);
		if (i == 1) {
			show(i, f, "  <- a private frame of its own");
			check(f.present && f.pfn != zero.pfn && f.count == 1,
			      "page 1 after the write: frame 0x%llx count %llu, expected a new frame, count 1",
			      (unsigned long long)f.pfn, (unsigned long long)f.count);
		} else {
			show(i, f, "  <- still the zero page");
			check(f.present && f.pfn == zero.pfn, "page %d left the zero page without a write", i);
		}
	}
	check(buf[PAGE_SIZE] == 42 && buf[PAGE_SIZE + 1] == 0 && buf[0] == 0,
	      "the written page does not hold 42 followed by zeros");

	say("Step 5: write to a fresh page that was never read (a third mapping):");
	say("one fault, straight to a private zeroed frame, without the zero page.");
	char *third = map_pages(1);
	third[0] = 7;
	struct frame f3 = frame_of(third);
	say("  third mapping, page 0: frame 0x%llx, count %llu", (unsigned long long)f3.pfn,
	    (unsigned long long)f3.count);
	check(f3.present && f3.pfn != zero.pfn && f3.count == 1,
	      "a written page should have a frame of its own");

	say("Summary: reading %d fresh pages used no memory; only the pages written got frames.",
	    NPAGES + 1);
	munmap(third, PAGE_SIZE);
	munmap(other, PAGE_SIZE);
	munmap(buf, NPAGES * PAGE_SIZE);
	return demo_done();
}
