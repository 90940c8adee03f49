/*
 * fork_child_mlock: mlock after fork gives the locking process its own
 * copy of every page it locks (Linux populates a private writable area
 * with write faults, breaking copy-on-write), and nothing else changes.
 * A 4 MiB private region (two page tables' worth, 2 MiB-aligned) is
 * written, then forked; the child locks [1 MiB, 3 MiB), across the
 * boundary between the two tables.  At sampled pages (every 16th, and
 * the pages on either side of the boundary and of the range's ends):
 *   - in the child, every locked page is a frame of its own (count 1),
 *     every other page still the parent's frame (count 2);
 *   - in the parent, every frame is the one it had, counted once in the
 *     locked range and twice outside it;
 *   - both sides read their data intact, and the child's writes into the
 *     locked pages stay its own.
 * Frame numbers need root (Linux shows others 0): without them, a skip.
 */
#include "t.h"
#include "t_fork.h"

#define NPAGES 1024
#define LO 256                          /* the locked range: pages [LO, HI) */
#define HI 768

static volatile uint64_t *region;
static uint64_t pfn[NPAGES];            /* the parent's frames before fork, at sampled pages */

static int sampled(unsigned long p)
{
	return p % 16 == 0 || p == LO - 1 || p == LO || p == 511 || p == 512 ||
	       p == HI - 1 || p == HI || p == NPAGES - 1;
}

static uint64_t frame(unsigned long p) { uint64_t e = tf_pagemap(tf_word(region, p)); return e & PM_PRESENT ? e & PM_PFN : 0; }
static int locked(unsigned long p) { return p >= LO && p < HI; }

/* Sampled pages whose frame is not as it must be on this side. */
static int frames_wrong(int in_child)
{
	int bad = 0;
	for (unsigned long p = 0; p < NPAGES; p++) {
		if (!sampled(p))
			continue;
		uint64_t f = frame(p);
		int own = in_child && locked(p);
		bad += (own ? f == pfn[p] || f == 0 : f != pfn[p]) ||
		       tf_kpagecount(f) != (locked(p) ? 1u : 2u);
	}
	return bad;
}

/* Pages not holding their data (the child's mark in the locked ones, if mine). */
static int data_wrong(int mine)
{
	int bad = 0;
	for (unsigned long p = 0; p < NPAGES; p++)
		bad += *tf_word(region, p) != p + 1 || tf_word(region, p)[1] != (uint64_t)(mine && locked(p) ? 0xc : 0);
	return bad;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	region = tf_map_filled(NPAGES, 1);
	CHECK(region != NULL, "mmap: %s", strerror(errno));
	if (!region)
		return t_done();
	for (unsigned long p = 0; p < NPAGES; p++)
		pfn[p] = sampled(p) ? frame(p) : 0;
	if (pfn[0] == 0)
		return t_skip("pagemap shows no frame numbers here (not root)");
	int to_child[2], to_parent[2];
	CHECK_OK(pipe(to_child));
	CHECK_OK(pipe(to_parent));
	pid_t pid = fork();
	if (pid == 0) {
		int r = 0;
		char c;
		if (mlock((void *)tf_word(region, LO), (HI - LO) * TF_PAGE))
			_exit(0x80);
		r |= frames_wrong(1) ? 1 : 0;
		r |= data_wrong(0) ? 2 : 0;
		for (unsigned long p = LO; p < HI; p++)
			tf_word(region, p)[1] = 0xc;
		r |= data_wrong(1) || frames_wrong(1) ? 4 : 0;  /* no new copies: the pages are its own */
		if (write(to_parent[1], "l", 1) != 1 || read(to_child[0], &c, 1) != 1)
			r |= 0x40;
		r |= munlock((void *)tf_word(region, LO), (HI - LO) * TF_PAGE) ? 8 : 0;
		_exit(r);
	}
	CHECK(pid > 0, "fork: %s", strerror(errno));
	char c;
	CHECK_EQ(read(to_parent[0], &c, 1), 1);
	t_log("the child locked 2 MiB across two page tables");
	CHECK_EQ(frames_wrong(0), 0);
	CHECK_EQ(data_wrong(0), 0);
	CHECK_EQ(write(to_child[1], "g", 1), 1);
	int st = pid > 0 ? tf_wait_ok(pid) : -1;
	CHECK(st == 0, "the child: status %d (1 frames after mlock, 2 data after mlock, 4 after "
	      "its writes, 8 munlock, 0x40 broke, 0x80 mlock failed)", st);
	CHECK_OK(munmap((void *)region, NPAGES * TF_PAGE));
	return t_done();
}
