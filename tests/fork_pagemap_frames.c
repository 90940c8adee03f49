/*
 * fork_pagemap_frames: what /proc says about memory shared by fork, in a
 * region of two page tables' worth (4 MiB, 2 MiB-aligned, every page
 * written before fork), at the first, second and last page of each table.
 *   - Before any write, the child's /proc/self/pagemap shows the parent's
 *     frame at every one of those pages, and /proc/kpagecount counts each
 *     frame twice (mapped by both processes, however the kernel shares
 *     the mapping).
 *   - Both processes' VmRSS (/proc/self/status) count the whole region.
 *   - After the child writes the second page of the first table, that page
 *     has a frame of its own in the child (count 1), the parent keeps its
 *     frame (count 1), and every other page, in the same table and in the
 *     other, is still the same frame counted twice.  Reading never copies.
 * Frame numbers need root (Linux shows others 0): without them, a skip.
 */
#include "t.h"
#include "t_fork.h"
#include "../user/proc_field.h"

#define NPAGES 1024
#define NSAMPLE 6
#define WRITTEN 1                       /* the sample the child writes */

static const unsigned long sample[NSAMPLE] = { 0, 1, 511, 512, 513, 1023 };
static volatile uint64_t *region;
static uint64_t pfn[NSAMPLE];           /* the parent's frames before fork */

static volatile uint64_t *page(int i) { return region + sample[i] * (TF_PAGE / 8); }
static uint64_t frame(int i) { uint64_t e = tf_pagemap(page(i)); return e & PM_PRESENT ? e & PM_PFN : 0; }

/* Bit i set: sample i is not frame pfn[i] with count 2 (or, for the written
 * one once split, not a frame of its own / not the parent's with count 1). */
static int frames_wrong(int split, int in_child)
{
	int bad = 0;
	for (int i = 0; i < NSAMPLE; i++) {
		uint64_t f = frame(i), want_count = 2;
		int same = f == pfn[i];
		if (split && i == WRITTEN) {
			want_count = 1;
			same = in_child ? f != 0 && f != pfn[i] : same;
		}
		if (!same || tf_kpagecount(f) != want_count)
			bad |= 1 << i;
	}
	return bad;
}

static int rss_covers_region(void)
{
	return proc_field("/proc/self/status", "VmRSS") >= (long)(NPAGES * TF_PAGE / 1024);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	region = tf_map_filled(NPAGES, 1);
	CHECK(region != NULL, "mmap: %s", strerror(errno));
	if (!region)
		return t_done();
	for (int i = 0; i < NSAMPLE; i++)
		pfn[i] = frame(i);
	if (pfn[0] == 0)
		return t_skip("pagemap shows no frame numbers here (not root)");
	CHECK(rss_covers_region(), "the parent's VmRSS does not count its region");

	int to_child[2], to_parent[2];
	CHECK_OK(pipe(to_child));
	CHECK_OK(pipe(to_parent));
	pid_t pid = fork();
	if (pid == 0) {
		int r = 0;
		char c;
		if (frames_wrong(0, 1) || frames_wrong(0, 1))   /* twice: reads change nothing */
			r |= 1;
		if (!rss_covers_region())
			r |= 2;
		*page(WRITTEN) = 0xc0;
		if (frames_wrong(1, 1) || *page(WRITTEN) != 0xc0)
			r |= 4;
		if (write(to_parent[1], "w", 1) != 1 || read(to_child[0], &c, 1) != 1)
			r |= 8;
		_exit(r);
	}
	CHECK(pid > 0, "fork: %s", strerror(errno));
	char c;
	CHECK_EQ(read(to_parent[0], &c, 1), 1);
	CHECK_EQ(frames_wrong(1, 0), 0);
	CHECK_EQ(*page(WRITTEN), sample[WRITTEN] + 1);
	CHECK(rss_covers_region(), "the parent's VmRSS does not count its region after fork");
	CHECK_EQ(write(to_child[1], "g", 1), 1);
	int st = pid > 0 ? tf_wait_ok(pid) : -1;
	CHECK(st == 0, "the child's view: status %d (1 frames before its write, 2 VmRSS, "
	      "4 frames after its write, 8 broke)", st);
	t_log("frames shared before the child's write, one page split after it");
	CHECK_OK(munmap((void *)region, NPAGES * TF_PAGE));
	return t_done();
}
