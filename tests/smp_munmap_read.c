/*
 * smp_munmap_read: munmap on one CPU while a thread on another CPU reads
 * the mapping.  Each round, thread B (first CPU) maps a region between
 * guard pages and fills it with a magic pattern; thread A (second CPU)
 * reads every word of it over and over, with a SIGSEGV handler that
 * siglongjmps out and records the fault.  Once A has read the region
 * whole at least once (so its CPU holds translations for it), B unmaps
 * it, says so, then maps and fills more fresh memory than the region with
 * another pattern: the frames just freed are handed out again at once,
 * so a translation left stale on A's CPU would show that pattern.
 *
 * What must hold: every word A reads is the magic pattern of that word,
 * or the read faults; a pass that A began after B's munmap returned
 * (A saw B's flag first) must fault, since munmap returns only when no
 * CPU can reach the pages any more; and every round ends in a fault.
 */
#include "t.h"
#include "smp.h"
#include <pthread.h>
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>

#define PG 4096L
#define RPAGES 16               /* the region */
#define FPAGES 64               /* the fresh memory filled after the munmap */
#define NW (RPAGES * PG / 8)
#define ROUNDS 150              /* at most... */
#define MIN_ROUNDS 20           /* ...and at least, within TIME_CAP */
#define TIME_CAP 3.0
#define ROUND_SECS 10.0         /* a round's waits give up after this: a failure */

static uint64_t magic(long w) { return 0x4d41474943000000ULL | (uint64_t)w; }
static uint64_t other(long w) { return 0x0bad0bad00000000ULL | (uint64_t)w; }

/* One round's hand-over between B and A (B writes `region` before `go`). */
static volatile uint64_t *region;
static int go, unmapped, round_over, stop;      /* B -> A, each counts rounds */
static int passes, a_done;                      /* A -> B, idem for a_done */

/* A's tallies; B and main read them after a_done / join. */
static volatile long bad_words, late_reads, faults;
static volatile uint64_t first_bad;
static int a_pin_err;

static sigjmp_buf a_env;
static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(a_env, 1);
}

/* One round of A: reads until a fault, or until B ends the round. */
static void a_round(int round)
{
	static volatile int late;       /* survives the siglongjmp */
	late = 0;
	if (sigsetjmp(a_env, 1)) {
		faults++;
		return;
	}
	while (__atomic_load_n(&round_over, __ATOMIC_ACQUIRE) < round) {
		late = __atomic_load_n(&unmapped, __ATOMIC_ACQUIRE) >= round;
		for (long w = 0; w < NW; w++) {
			uint64_t v = region[w];
			if (late)
				late_reads++;
			if (v != magic(w)) {
				if (!bad_words++)
					first_bad = v;
			}
		}
		__atomic_add_fetch(&passes, 1, __ATOMIC_RELEASE);
	}
}

static void *reader(void *arg)
{
	(void)arg;
	a_pin_err = smp_pin(smp_cpu[1]);
	signal(SIGSEGV, on_segv);
	for (int round = 1;; round++) {
		while (__atomic_load_n(&go, __ATOMIC_ACQUIRE) < round) {
			if (__atomic_load_n(&stop, __ATOMIC_ACQUIRE))
				return NULL;
			smp_relax();
		}
		a_round(round);
		__atomic_store_n(&a_done, round, __ATOMIC_RELEASE);
	}
}

/* Spins until *p reaches want; 0 if ROUND_SECS went by first. */
static int wait_for(int *p, int want)
{
	double give_up = smp_now() + ROUND_SECS;
	for (unsigned spins = 1; __atomic_load_n(p, __ATOMIC_ACQUIRE) < want; spins++) {
		smp_relax();
		if (spins % 1024 == 0 && smp_now() > give_up)
			return 0;
	}
	return 1;
}

/* One round of B; returns 0 if it had to give up (A stuck or mmap failed). */
static int b_round(int round, char *guarded)
{
	char *r = mmap(guarded + PG, RPAGES * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (r != guarded + PG)
		return 0;
	for (long w = 0; w < NW; w++)
		((uint64_t *)r)[w] = magic(w);
	region = (volatile uint64_t *)r;
	int seen = __atomic_load_n(&passes, __ATOMIC_ACQUIRE);
	__atomic_store_n(&go, round, __ATOMIC_RELEASE);
	if (!wait_for(&passes, seen + 1))
		return 0;
	munmap(r, RPAGES * PG);
	__atomic_store_n(&unmapped, round, __ATOMIC_RELEASE);
	uint64_t *f = mmap(NULL, FPAGES * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (f == MAP_FAILED)
		return 0;
	for (long w = 0; w < FPAGES * PG / 8; w++)
		f[w] = other(w);
	int ok = wait_for(&a_done, round);
	__atomic_store_n(&round_over, round, __ATOMIC_RELEASE);
	ok = ok && wait_for(&a_done, round);
	munmap(f, FPAGES * PG);
	return ok;
}

int main(int argc, char **argv)
{
	(void)argc;
	int rc = smp_test_start(argv[0], 60);
	if (rc >= 0)
		return rc;
	CHECK_EQ(smp_pin(smp_cpu[0]), 0);

	/* The region lives between guard pages: no other mapping lands there. */
	char *guarded = mmap(NULL, (RPAGES + 2) * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(guarded != MAP_FAILED, "mmap: %s", strerror(errno));
	pthread_t th;
	CHECK_EQ(pthread_create(&th, NULL, reader, NULL), 0);
	double cap = smp_now() + TIME_CAP;
	int rounds = 0, stuck = 0;
	for (int round = 1; round <= ROUNDS && (round <= MIN_ROUNDS || smp_now() < cap); round++) {
		rounds++;
		if (!b_round(round, guarded)) {
			stuck = round;
			break;
		}
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	if (!stuck)
		CHECK_EQ(pthread_join(th, NULL), 0);
	CHECK(a_pin_err == 0, "pin the reader to CPU %d: %s", smp_cpu[1], strerror(-a_pin_err));
	CHECK(stuck == 0, "round %d: gave up waiting (the reader did not read, or did not fault)", stuck);
	CHECK(bad_words == 0, "%ld words read were neither the pattern nor a fault; the first: %#llx",
	      bad_words, (unsigned long long)first_bad);
	CHECK(late_reads == 0, "%ld reads succeeded in passes begun after munmap returned", late_reads);
	CHECK_EQ(faults, rounds);
	CHECK(rounds >= MIN_ROUNDS, "only %d rounds", rounds);
	t_log("every read gave the pattern or a SIGSEGV, every round ended in a fault");
	return t_done();
}
