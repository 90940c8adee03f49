/*
 * tlbdemo - why fork must flush the TLB of every CPU (TLB shootdown).
 *
 * A writer thread, pinned to CPU 1, adds one to a counter in a private
 * page in a tight loop; the main thread, on CPU 0, forks.  fork shares
 * the page with the child and write-protects it in the parent, so the
 * writer's next write faults and takes a copy: from then on the child's
 * page is the parent's memory as it was at fork, and nothing may change
 * it.  But CPU 1 caches the translation "this page, writable" in its
 * TLB, and the page-table change alone does not reach it: unless fork
 * sends CPU 1 an IPI to flush it (mm/tlb.c), the writer goes on writing
 * the old frame - which is now the child's - and the child sees its
 * "snapshot" move.  The debug kernel's tlb_shootdown=off skips the IPI
 * so that this can be watched.
 *
 * Each round (up to ROUNDS, until the first one that catches the bug):
 * fork; the child reads the counter once (its snapshot) and
 * then watches it for a while - it must never change - and reports both
 * through a pipe.  The parent checks the snapshot lies between what it
 * read just before fork and just after (it is the parent's memory at the
 * moment of fork), and that the writer went on counting in its own copy.
 * Runs on Linux too, where every check holds.
 */
#include "demo.h"
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>

#define ROUNDS 12
#define WATCH_NS (30 * 1000000L)        /* how long each child watches its copy */

static volatile uint64_t *counter;      /* word 0 of a private anonymous page */
static volatile int stop;
static volatile int writer_cpu = -1;
static pid_t parent_pid;

static long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000L + t.tv_nsec;
}

/* Pins the calling thread to cpu; false (and errno) if the kernel refuses. */
static int pin_to(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof set, &set) == 0;
}

static void *writer(void *arg)
{
	(void)arg;
	pin_to(1);
	writer_cpu = sched_getcpu();
	while (!stop)
		(*counter)++;
	return NULL;
}

struct report {
	uint64_t snapshot;              /* the child's first read */
	uint64_t later;                 /* a different value it saw afterwards, if any */
	int changed;
};

/* The child: its copy of the page must stay what it was at fork. */
static void child_watch(int fd)
{
	if (getpid() == parent_pid) {
		/* fork returned 0 in the parent: it read a stale stack page
		 * (a thread moved to a CPU whose TLB still maps the old frame,
		 * now the child's) - the same bug, caught another way. */
		say("the PARENT is running the child's code: it read the child's stack through a "
		    "stale TLB entry");
		_exit(3);
	}
	struct report r = { *counter, 0, 0 };
	long end = now_ns() + WATCH_NS;
	while (!r.changed && now_ns() < end) {
		uint64_t v = *counter;
		if (v != r.snapshot) {
			r.later = v;
			r.changed = 1;
		}
	}
	write(fd, &r, sizeof r);
	_exit(0);
}

/* One fork; returns 1 if the child's copy changed after fork. */
static int one_round(int round)
{
	int p[2];
	if (pipe(p) < 0) {
		check(0, "pipe: %s", strerror(errno));
		return 0;
	}
	uint64_t before = *counter;
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		child_watch(p[1]);
	}
	uint64_t after = *counter;
	close(p[1]);
	check(pid > 0, "fork: %s", strerror(errno));
	if (pid < 0)
		return 0;
	struct report r = { 0, 0, 0 };
	ssize_t n = read(p[0], &r, sizeof r);
	close(p[0]);
	int status;
	waitpid(pid, &status, 0);
	check(n == sizeof r && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "round %d: the child did not report", round);
	check(before <= r.snapshot && r.snapshot <= after,
	      "round %d: the child's snapshot %llu is not the parent's memory at fork (%llu..%llu)",
	      round, (unsigned long long)r.snapshot, (unsigned long long)before,
	      (unsigned long long)after);
	if (r.changed)
		say("round %d: the child's copy CHANGED after fork: %llu, then %llu - a CPU wrote "
		    "through a stale TLB entry", round, (unsigned long long)r.snapshot,
		    (unsigned long long)r.later);
	return r.changed;
}

int main(int argc, char **argv)
{
	(void)argc;
	demo_start(argv[0], "TLB shootdown: fork while another CPU writes");
	say("A thread on CPU 1 counts in a private page without pause; the main thread on");
	say("CPU 0 forks %d times. Each child must see the page exactly as it was at fork,", ROUNDS);
	say("and never changing: fork write-protects the page, and every other CPU must");
	say("flush its cached writable translation before fork returns.");
	counter = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (counter == MAP_FAILED) {
		say("mmap: %s", strerror(errno));
		return 1;
	}
	*counter = 0;
	parent_pid = getpid();
	if (!pin_to(0))
		say("note: cannot pin the main thread to CPU 0 (%s)", strerror(errno));
	pthread_t t;
	if (pthread_create(&t, NULL, writer, NULL) != 0) {
		say("pthread_create failed");
		return 1;
	}
	while (*counter < 100000)
		;                       /* the writer runs, its translation cached */
	int main_cpu = sched_getcpu();
	if (writer_cpu < 0 || main_cpu < 0)
		say("note: the kernel does not say which CPU runs what (sched_getcpu)");
	else if (writer_cpu == main_cpu)
		say("note: sched_getcpu says both threads run on CPU %d: one CPU cannot show the bug",
		    main_cpu);
	else
		say("The writer runs on CPU %d, the main thread on CPU %d.", writer_cpu, main_cpu);
	/* The first catch ends the rounds: the stale translations may point
	 * at frames already freed and reused, so the process may not last. */
	int changed = 0, rounds = 0;
	while (!changed && rounds < ROUNDS)
		changed += one_round(++rounds);
	if (changed) {
		/* No join: the writer may never see stop (its stale entry for
		 * the page of `stop` points at the old frame too); exit ends it. */
		check(0, "in round %d the child's copy changed after fork: another CPU kept "
		      "writing the old frame (was the TLB shootdown skipped? tlb_shootdown=off)", rounds);
		return demo_done();
	}
	uint64_t c0 = *counter;
	long end = now_ns() + WATCH_NS;
	while (*counter == c0 && now_ns() < end)
		;
	check(*counter != c0, "the writer stopped counting in its own copy after the forks");
	stop = 1;
	pthread_join(t, NULL);
	say("In all %d rounds the child's copy stayed the parent's memory at fork.", ROUNDS);
	return demo_done();
}
