/*
 * smp_fork_snapshot: fork while another thread of the process writes the
 * memory being copied, on another CPU.  A writer thread pinned to the
 * second CPU increments a counter in a private anonymous page in a tight
 * loop (*p = ++local) and reads it back at once: it must read its own
 * write, every time (no write lost to a copy-on-write that copied the
 * page before the write landed, no value going backwards).  The main
 * thread, on the first CPU, forks again and again; each child reads the
 * counter at once and re-reads it for a while: it must never change (the
 * child's memory is the snapshot of fork time, not a frame the writer
 * still writes through a stale TLB entry), and the value must be one the
 * writer wrote around the fork: at least what it had published before
 * fork(), at most one past what it had published after (it publishes
 * after each write).  A second page of the area, of known content, must
 * be intact in every child.  The race is asserted: the children saw at
 * least two different counter values (the writer ran during the forks).
 */
#include "t.h"
#include "smp.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PG 4096L
#define FORKS 200               /* at most... */
#define MIN_FORKS 16            /* ...and at least, within TIME_CAP */
#define TIME_CAP 3.0
#define REREADS 20000

static volatile uint64_t *counter;      /* word 0 of the area's first page */
static const uint64_t *known;           /* the area's second page */
static uint64_t published;              /* the writer's value after each write */
static int stop, writer_pin_err;
static uint64_t writer_lost;            /* reads that did not give the value just written */

/* What each child saw, in shared memory: the parent checks it. */
struct seen {
	uint64_t first;
	uint64_t before, after;         /* published, read by the parent around fork() */
};
static struct seen *seen;

static uint64_t known_word(long i)
{
	return 0x6b6e6f776e000000ULL | (uint64_t)i;
}

static void *writer(void *arg)
{
	(void)arg;
	writer_pin_err = smp_pin(smp_cpu[1]);
	uint64_t local = 0;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		*counter = ++local;
		if (*counter != local)
			writer_lost++;
		__atomic_store_n(&published, local, __ATOMIC_RELEASE);
	}
	return NULL;
}

/* The child: 0 if its snapshot held still and intact; a bit per fault. */
static int child(int k)
{
	uint64_t first = *counter;
	seen[k].first = first;
	int bad = 0;
	for (int i = 0; i < REREADS; i++) {
		if (*counter != first)
			bad |= 1;
		if (i % 2000 == 0)
			sched_yield();
	}
	for (long i = 0; i < PG / 8; i++)
		if (known[i] != known_word(i))
			bad |= 2;
	*counter = first + 1;           /* our own copy now: the parent's must not see it */
	if (*counter != first + 1)
		bad |= 4;
	return bad;
}

int main(int argc, char **argv)
{
	(void)argc;
	int rc = smp_test_start(argv[0], 60);
	if (rc >= 0)
		return rc;
	CHECK_EQ(smp_pin(smp_cpu[0]), 0);

	char *area = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	seen = mmap(NULL, FORKS * sizeof *seen, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(area != MAP_FAILED && seen != MAP_FAILED, "mmap: %s", strerror(errno));
	counter = (volatile uint64_t *)area;
	uint64_t *k = (uint64_t *)(area + PG);
	for (long i = 0; i < PG / 8; i++)
		k[i] = known_word(i);
	known = k;

	pthread_t th;
	CHECK_EQ(pthread_create(&th, NULL, writer, NULL), 0);
	double give_up = smp_now() + 20;
	while (!__atomic_load_n(&published, __ATOMIC_ACQUIRE) && smp_now() < give_up)
		sched_yield();
	CHECK(__atomic_load_n(&published, __ATOMIC_ACQUIRE) > 0, "the writer never wrote");

	double cap = smp_now() + TIME_CAP;
	int forks = 0, bad_status = 0, bad_bits = 0, out_of_range = 0, distinct = 0;
	for (int i = 0; i < FORKS && (i < MIN_FORKS || smp_now() < cap); i++) {
		seen[i].before = __atomic_load_n(&published, __ATOMIC_ACQUIRE);
		pid_t pid = fork();
		if (pid == 0)
			_exit(child(i));
		seen[i].after = __atomic_load_n(&published, __ATOMIC_ACQUIRE);
		CHECK(pid > 0, "fork: %s", strerror(errno));
		if (pid < 0)
			break;
		int st = 0;
		CHECK_EQ(waitpid(pid, &st, 0), pid);
		forks++;
		if (!WIFEXITED(st))
			bad_status++;
		else
			bad_bits |= WEXITSTATUS(st);
		if (seen[i].first < seen[i].before || seen[i].first > seen[i].after + 1)
			out_of_range++;
		distinct += i > 0 && seen[i].first != seen[i - 1].first;
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	CHECK_EQ(pthread_join(th, NULL), 0);

	CHECK(writer_pin_err == 0, "pin the writer to CPU %d: %s", smp_cpu[1], strerror(-writer_pin_err));
	CHECK(writer_lost == 0, "the writer read back another value than it wrote %llu times",
	      (unsigned long long)writer_lost);
	CHECK(bad_status == 0, "%d children did not exit normally", bad_status);
	CHECK(!(bad_bits & 1), "a child saw its counter change after fork");
	CHECK(!(bad_bits & 2), "a child's page of known content was not intact");
	CHECK(!(bad_bits & 4), "a child did not read back its own write");
	CHECK(out_of_range == 0, "%d children saw a counter the writer did not write around their fork",
	      out_of_range);
	CHECK(forks >= MIN_FORKS, "only %d forks", forks);
	CHECK(distinct > 0, "every child saw the same counter: the writer did not run during the forks");
	CHECK(*counter == __atomic_load_n(&published, __ATOMIC_ACQUIRE),
	      "the parent's counter is not the writer's last value");
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	t_log("every child's snapshot held still while the writer went on on another CPU");
	munmap(area, 2 * PG);
	munmap(seen, FORKS * sizeof *seen);
	return t_done();
}
