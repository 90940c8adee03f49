/*
 * fork_cow_kernel_writes: the kernel writing into memory still shared
 * copy-on-write after fork writes into the writer's own copy only, as a
 * write from user mode would.  A 6 MiB private region (three page
 * tables' worth) is written, then forked; in the child:
 *   - read(2) from a pipe lands 3 pages of bytes across the boundary
 *     between the two tables: the child sees them, the parent does not;
 *   - FUTEX_WAKE_OP sets a word of the region (the kernel's atomic write
 *     on the second address): the child sees the new value, the parent
 *     the old one;
 *   - FUTEX_WAIT reads through the shared page (a wrong expected value is
 *     EAGAIN, the right one sleeps until its timeout);
 *   - a thread sleeps in FUTEX_WAIT on a word of a page (and a page
 *     table) still shared with the parent; the main thread writes the word
 *     (the page is copied) and FUTEX_WAKE wakes exactly that sleeper.
 * Then the same read(2) by the parent, the child keeping its bytes.
 */
#include "t.h"
#include "t_fork.h"
#include "t_signal.h"
#include <pthread.h>
#include <sys/syscall.h>

/* musl-gcc has no kernel headers: futex(2)'s constants. */
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129
#define FUTEX_WAKE_OP_PRIVATE 133
#define FUTEX_OP_SET 0
#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP(op, oparg, cmp, cmparg) \
	(((op & 0xf) << 28) | ((cmp & 0xf) << 24) | ((oparg & 0xfff) << 12) | (cmparg & 0xfff))

#define NPAGES 1536
#define BOUNDARY 512                    /* the first page of the second table */
#define READ_LEN (3 * TF_PAGE)

static volatile uint64_t *region;
static char *across;                    /* 1.5 pages before the boundary */
static volatile uint32_t *wake_word, *wait_word, *sleep_word;
static volatile int sleeper_tid;

static uint64_t data(unsigned long p) { return 0xf0000000ull + p; }

static long futex(volatile uint32_t *uaddr, int op, uint32_t val, void *ts_or_val2,
		  volatile uint32_t *uaddr2, uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, ts_or_val2, uaddr2, val3);
}

/* The region as written before fork: 0 if so, else a count of pages off. */
static int as_before(void)
{
	int bad = 0;
	for (unsigned long p = 0; p < NPAGES; p++)
		bad += region[p * (TF_PAGE / 8)] != data(p);
	return bad;
}

/* Does across[0..READ_LEN) hold the bytes the writer of c sent? */
static int holds_bytes(char c)
{
	for (unsigned long i = 0; i < READ_LEN; i++)      /* word 0 of a page is its data() */
		if (across[i] != c && (((uintptr_t)(across + i) % TF_PAGE) >= 8))
			return 0;
	return 1;
}

/* Fills a pipe with READ_LEN bytes of c, keeping each page's first word. */
static int read_into_region(char c)
{
	static char buf[READ_LEN];
	int fds[2];
	memcpy(buf, across, READ_LEN);
	for (unsigned long i = 0; i < READ_LEN; i++)
		if (((uintptr_t)(across + i) % TF_PAGE) >= 8)
			buf[i] = c;
	if (pipe(fds))
		return 0;
	int ok = write(fds[1], buf, READ_LEN) == READ_LEN && read(fds[0], across, READ_LEN) == READ_LEN;
	close(fds[0]);
	close(fds[1]);
	return ok;
}

static void *sleeper(void *arg)
{
	(void)arg;
	sleeper_tid = (int)syscall(SYS_gettid);
	long r = futex(sleep_word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	return (void *)(r == 0 && *sleep_word == 1 ? 1L : 0L);
}

/* The child's checks: a bit for each that failed. */
static int child(void)
{
	int r = 0;
	if (!read_into_region('c') || !holds_bytes('c'))
		r |= 1;
	long woke = futex(wake_word, FUTEX_WAKE_OP_PRIVATE, 1, 0, wake_word,
			  FUTEX_OP(FUTEX_OP_SET, 0x77, FUTEX_OP_CMP_EQ, 0));
	if (woke != 0 || *wake_word != 0x77)
		r |= 2;
	struct timespec short_wait = { 0, 1000 * 1000 };
	errno = 0;
	if (futex(wait_word, FUTEX_WAIT_PRIVATE, 1, &short_wait, NULL, 0) != -1 || errno != EAGAIN)
		r |= 4;
	errno = 0;
	if (futex(wait_word, FUTEX_WAIT_PRIVATE, (uint32_t)data(BOUNDARY + 2), &short_wait,
		  NULL, 0) != -1 || errno != ETIMEDOUT)
		r |= 4;
	pthread_t t;
	void *woken = NULL;
	if (pthread_create(&t, NULL, sleeper, NULL))
		return r | 8;
	while (!sleeper_tid)
		sched_yield();
	if (!ts_wait_state(getpid(), sleeper_tid, 'S'))
		r |= 8;
	*sleep_word = 1;                        /* a COW fault under the sleeper */
	if (futex(sleep_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0) != 1)
		r |= 16;
	if (pthread_join(t, &woken) || woken != (void *)1L)
		r |= 16;
	return r;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	region = tf_map_filled(NPAGES, data(0));
	CHECK(region != NULL, "mmap: %s", strerror(errno));
	if (!region)
		return t_done();
	across = (char *)region + BOUNDARY * TF_PAGE - TF_PAGE - TF_PAGE / 2;
	wake_word = (volatile uint32_t *)(region + (BOUNDARY + 3) * (TF_PAGE / 8) + 4);
	wait_word = (volatile uint32_t *)(region + (BOUNDARY + 2) * (TF_PAGE / 8));
	sleep_word = (volatile uint32_t *)(region + (2 * BOUNDARY + 5) * (TF_PAGE / 8) + 8);
	int done[2], go[2];
	CHECK_OK(pipe(done));
	CHECK_OK(pipe(go));
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		int r = child();
		if (write(done[1], "d", 1) != 1 || read(go[0], &c, 1) != 1)
			r |= 0x40;
		if (!holds_bytes('c'))          /* the parent's read did not reach us */
			r |= 0x20;
		_exit(r);
	}
	CHECK(pid > 0, "fork: %s", strerror(errno));
	char c;
	CHECK_EQ(read(done[0], &c, 1), 1);
	CHECK_EQ(as_before(), 0);
	CHECK_EQ(*wake_word, 0);
	CHECK_EQ(*sleep_word, 0);
	CHECK(holds_bytes(0), "the child's read(2) reached the parent's region");
	t_log("the child's read(2), FUTEX_WAKE_OP and COW under a futex sleeper left the parent alone");
	CHECK(read_into_region('p') && holds_bytes('p'), "the parent's read(2) into its region");
	CHECK_EQ(write(go[1], "g", 1), 1);
	int st = pid > 0 ? tf_wait_ok(pid) : -1;
	CHECK(st == 0, "the child's checks: status %d (1 read(2), 2 FUTEX_WAKE_OP, 4 FUTEX_WAIT's "
	      "read, 8 the sleeper, 16 the wake, 32 the parent's read reached it, 64 broke)", st);
	CHECK_OK(munmap((void *)region, NPAGES * TF_PAGE));
	return t_done();
}
