/*
 * smp_fault_same_pages: two threads, pinned to two CPUs and released
 * together, write-fault the same fresh anonymous pages: one walks them
 * ascending, the other descending (or, every other round, both
 * ascending, so they race on every page), each writing a word of its own
 * at its own offset.  Afterwards every page holds both words and zero
 * elsewhere (both threads got the same frame, none was lost or mapped
 * twice), the area's Rss in /proc/self/smaps (a page-table walk, exact)
 * is exactly its size, and, where pagemap gives frame numbers (root),
 * every page has a frame of its own that /proc/kpagecount counts once.
 * Rounds repeat with munmap between.  The race is asserted to have
 * happened: in some round each thread found pages the other had already
 * written (the two ran at once, not one after the other).
 */
#include "t.h"
#include "smp.h"
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>

#define PG 4096L
#define NPAGES 2048
#define ROUNDS 4                /* rounds, once the threads overlapped in one... */
#define MAX_ROUNDS 16           /* ...else more, until they did */
#define TIME_CAP 3.0            /* seconds: after 2 rounds with an overlap, no new round */
#define GIVE_UP 12.0            /* seconds past TIME_CAP: no overlap yet, stop (a failure) */
#define PM_PRESENT (1ULL << 63)
#define PM_PFN ((1ULL << 55) - 1)

static char *area;
static int round_no;
static struct smp_barrier start = SMP_BARRIER_INIT(2);

struct worker {
	int cpu, id;            /* id 0 writes at offset 0, id 1 at offset 2048 */
	int pin_err, barrier_err;
	int saw_other;          /* pages where the other's word was there right after ours */
};

static uint64_t tag(int id, int round, long page)
{
	return 0x5a00000000000000ULL | (uint64_t)(id + 1) << 48 | (uint64_t)round << 32 | (uint64_t)page;
}

static void *writer(void *arg)
{
	struct worker *w = arg;
	w->pin_err = smp_pin(w->cpu);
	if (smp_barrier_wait(&start) < 0)
		w->barrier_err = 1;
	int down = w->id == 1 && round_no % 2 == 0;
	for (long i = 0; i < NPAGES; i++) {
		long page = down ? NPAGES - 1 - i : i;
		volatile uint64_t *mine = (volatile uint64_t *)(area + page * PG + w->id * 2048);
		volatile uint64_t *other = (volatile uint64_t *)(area + page * PG + (1 - w->id) * 2048);
		*mine = tag(w->id, round_no, page);
		w->saw_other += *other != 0;
	}
	return NULL;
}

/* The Rss (kB) of the smaps entry that starts at va, or -1. */
static long smaps_rss(void *va)
{
	static char text[1 << 18];
	int fd = open("/proc/self/smaps", O_RDONLY);
	if (fd < 0)
		return -1;
	long len = 0, n;
	while ((n = read(fd, text + len, sizeof text - 1 - len)) > 0)
		len += n;
	close(fd);
	text[len] = 0;
	char head[32];
	snprintf(head, sizeof head, "%lx-", (unsigned long)va);
	for (char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		if (strncmp(l, head, strlen(head)))
			continue;
		char *rss = strstr(l, "\nRss:");
		return rss ? strtol(rss + 5, NULL, 10) : -1;
	}
	return -1;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Frame checks through pagemap and kpagecount (root only on Linux). */
static void check_frames(int round)
{
	static uint64_t pm[NPAGES];
	int fd = open("/proc/self/pagemap", O_RDONLY);
	CHECK(fd >= 0, "open pagemap: %s", strerror(errno));
	if (fd < 0)
		return;
	long got = pread(fd, pm, sizeof pm, (off_t)((uintptr_t)area / PG * 8));
	close(fd);
	CHECK_EQ(got, (long)sizeof pm);
	int absent = 0, nopfn = 0, counted_wrong = 0, dups = 0;
	for (int i = 0; i < NPAGES; i++) {
		absent += !(pm[i] & PM_PRESENT);
		nopfn += !(pm[i] & PM_PFN);
	}
	CHECK(absent == 0, "round %d: %d pages not present in pagemap", round, absent);
	if (nopfn) {
		if (round == 0)
			t_log("pagemap hides frame numbers here: kpagecount not checked");
		return;
	}
	int kfd = open("/proc/kpagecount", O_RDONLY);
	CHECK(kfd >= 0, "open kpagecount: %s", strerror(errno));
	for (int i = 0; kfd >= 0 && i < NPAGES; i++) {
		uint64_t count = 0;
		if (pread(kfd, &count, 8, (off_t)((pm[i] & PM_PFN) * 8)) != 8 || count != 1)
			counted_wrong++;
	}
	if (kfd >= 0)
		close(kfd);
	for (int i = 0; i < NPAGES; i++)
		pm[i] &= PM_PFN;
	qsort(pm, NPAGES, sizeof pm[0], cmp_u64);
	for (int i = 1; i < NPAGES; i++)
		dups += pm[i] == pm[i - 1];
	CHECK(counted_wrong == 0, "round %d: %d frames whose kpagecount is not 1", round, counted_wrong);
	CHECK(dups == 0, "round %d: %d pages share a frame with another page", round, dups);
}

/* Returns whether the threads overlapped: each found pages the other had written. */
static int run_round(int round)
{
	/* Guard pages on both sides keep the area from merging with others. */
	char *g = mmap(NULL, (NPAGES + 2) * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(g != MAP_FAILED, "mmap reservation: %s", strerror(errno));
	if (g == MAP_FAILED)
		return 0;
	area = mmap(g + PG, NPAGES * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		    -1, 0);
	CHECK(area == g + PG, "mmap area: %s", strerror(errno));
	madvise(area, NPAGES * PG, MADV_NOHUGEPAGE);    /* 4 KiB frames on Linux too */
	round_no = round;

	struct worker w[2] = { { smp_cpu[0], 0, 0, 0, 0 }, { smp_cpu[1], 1, 0, 0, 0 } };
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		CHECK_EQ(pthread_create(&th[i], NULL, writer, &w[i]), 0);
	for (int i = 0; i < 2; i++) {
		CHECK_EQ(pthread_join(th[i], NULL), 0);
		CHECK(w[i].pin_err == 0, "pin to CPU %d: %s", w[i].cpu, strerror(-w[i].pin_err));
		CHECK(w[i].barrier_err == 0, "round %d: thread %d waited in vain for the other", round, i);
	}

	int missing[2] = { 0, 0 }, dirty = 0;
	for (long p = 0; p < NPAGES; p++) {
		const uint64_t *page = (const uint64_t *)(area + p * PG);
		for (int id = 0; id < 2; id++)
			missing[id] += page[id * 2048 / 8] != tag(id, round, p);
		for (int k = 0; k < (int)(PG / 8); k++)
			dirty += k != 0 && k != 2048 / 8 && page[k] != 0;
	}
	CHECK(missing[0] == 0 && missing[1] == 0, "round %d: pages lacking a write: %d of thread 0, "
	      "%d of thread 1", round, missing[0], missing[1]);
	CHECK(dirty == 0, "round %d: %d words not zero outside the two written", round, dirty);
	CHECK_EQ(smaps_rss(area), NPAGES * PG / 1024);
	check_frames(round);
	CHECK_OK(munmap(g, (NPAGES + 2) * PG));
	return w[0].saw_other > 0 && w[1].saw_other > 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	int rc = smp_test_start(argv[0], 60);
	if (rc >= 0)
		return rc;
	double cap = smp_now() + TIME_CAP;
	int overlapped = 0;
	for (int r = 0; r < MAX_ROUNDS; r++) {
		if (overlapped && (r >= ROUNDS || (r >= 2 && smp_now() > cap)))
			break;
		if (smp_now() > cap + GIVE_UP)
			break;          /* never overlapped: fails below */
		overlapped += run_round(r);
	}
	CHECK(overlapped, "the two threads never faulted the area at the same time");
	t_log("%d pages faulted by two CPUs at once, ascending against descending and side by "
	      "side, every round", NPAGES);
	return t_done();
}
