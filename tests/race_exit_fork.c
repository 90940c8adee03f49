/*
 * race_exit_fork: a process ends while its threads are forking.  We make
 * ourselves a child subreaper, so that every process forked below us ends
 * up our child whatever happens to its parent.  Each round, a child
 * process P starts three threads that fork in a loop (one fork in three
 * with CLONE_PARENT, whose children are ours at once, one in three a
 * vfork, whose child runs on P's memory while its parent thread waits or
 * dies).  Every grandchild counts itself in shared memory, may sleep a
 * little (so that some outlive P and are handed over while P dies), and
 * exits with what its parent is: 7 us (a CLONE_PARENT child), 10 P (P
 * still lives), 11 us (P's child, handed to us as P died), 8 anything
 * else.  P ends in one of four ways while the forks go on:
 *
 *   0  its main thread calls exit_group(5)
 *   1  one of the forking threads calls exit_group(6)
 *   2  we SIGKILL it
 *   3  every thread, the main one first, ends with SYS_exit(9): each
 *      thread's children move to a live sibling, the last thread's to us
 *
 * What holds in every interleaving: P's status is the one its way of
 * ending gives; we reap exactly as many grandchildren as were born, each
 * with a right parent; after that, waitpid says ECHILD: nothing is lost
 * to init and no zombie is left behind.  And the race did happen: some of
 * P's children saw P alive and some saw it gone (more rounds run until
 * both were seen, up to MAX_ROUNDS).
 */
#include "t.h"
#include "t_thread.h"
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#define ROUNDS 24                       /* at least; more until both kinds were seen */
#define MAX_ROUNDS 96
#define FORKERS 3
#define FORKS_EACH 8

struct shared {
	int born;               /* grandchildren that ran */
	int forked;             /* forks that returned a pid to P */
};

static struct shared *sh;
static int way;
static pid_t p_pid, top_pid;
static volatile int forkers_done;

/*
 * A grandchild: counts itself, maybe outlives P, checks who its parent is.
 * Not inlined: a vfork child must keep off its parent's stack frame.
 */
static __attribute__((noinline, noreturn)) void grandchild(int n, int clone_parent)
{
	t_atomic_inc(&sh->born);
	if (n % 3 == 1) {
		struct timespec ts = { 0, (n % 4 + 1) * 500 * 1000 };
		t_sys2(SYS_nanosleep, &ts, NULL);
	}
	long ppid = t_sys0(SYS_getppid);
	if (clone_parent)
		t_exit_group(ppid == top_pid ? 7 : 8);
	t_exit_group(ppid == p_pid ? 10 : ppid == top_pid ? 11 : 8);
}

static int forker(void *arg)
{
	long idx = (long)arg;
	for (int n = 0; n < FORKS_EACH; n++) {
		static const unsigned long how[3] = { CLONE_PARENT, CLONE_VFORK | CLONE_VM, 0 };
		/* No new stack: the child runs on ours (a vfork child below our frame). */
		unsigned long flags = how[(idx + n) % 3];
		long pid = t_sys6(SYS_clone, SIGCHLD | flags, 0, 0, 0, 0, 0);
		if (pid == 0)
			grandchild(n, flags == CLONE_PARENT);
		if (pid > 0)
			t_atomic_inc(&sh->forked);
		if (way == 1 && idx == 1 && n == FORKS_EACH / 2)
			t_exit_group(6);
		t_sys0(SYS_sched_yield);
	}
	if (way == 3)
		t_exit_thread(9);
	t_atomic_inc(&forkers_done);
	for (;;)
		t_sys0(SYS_pause);      /* until the process ends */
}

/* P: the process that ends while its threads fork. */
static __attribute__((noreturn)) void run_p(int round)
{
	static struct t_thread t[FORKERS];
	for (long i = 0; i < FORKERS; i++)
		if (t_thread_start(&t[i], forker, (void *)i) < 0)
			t_exit_group(100);
	if (way == 3)
		t_exit_thread(9);
	/* Let a few forks happen first (how many depends on the round). */
	int want = round % (FORKERS * FORKS_EACH);
	while (t_atomic_load(&sh->born) < want && t_atomic_load(&forkers_done) < FORKERS)
		t_sys0(SYS_sched_yield);
	if (way == 0)
		t_exit_group(5);
	for (;;)
		t_sys0(SYS_pause);      /* ways 1 and 2: someone else ends us */
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK_OK(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
	int is = -1;
	CHECK_OK(prctl(PR_GET_CHILD_SUBREAPER, &is, 0, 0, 0));
	CHECK_EQ(is, 1);
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED, "mmap shared");
	top_pid = getpid();
	static const int want_status[4] = { 5 << 8, 6 << 8, SIGKILL, 9 << 8 };
	int saw_p = 0, saw_us = 0, i;
	for (i = 0; i < ROUNDS || ((!saw_p || !saw_us) && i < MAX_ROUNDS); i++) {
		way = i % 4;
		sh->born = sh->forked = 0;
		pid_t pid = fork();
		if (pid == 0) {
			p_pid = getpid();
			run_p(i);
		}
		CHECK(pid > 0, "fork");
		if (way == 2) {
			t_wait_for(&sh->born, i % (FORKERS * FORKS_EACH));
			kill(pid, SIGKILL);
		}
		/* Reap until nothing is left: P and every grandchild. */
		int p_status = -1, reaped = 0, bad = 0, st;
		pid_t r;
		while ((r = waitpid(-1, &st, 0)) > 0) {
			if (r == pid) {
				p_status = st;
				continue;
			}
			reaped++;
			int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
			saw_p += code == 10;
			saw_us += code == 11;
			bad += code != 7 && code != 10 && code != 11;
		}
		CHECK(r == -1 && errno == ECHILD, "round %d: waitpid ended with %d (%s)", i, r,
		      strerror(errno));
		CHECK(p_status == want_status[way], "round %d (way %d): P's status %#x, expected %#x",
		      i, way, p_status, want_status[way]);
		CHECK(reaped == sh->born, "round %d (way %d): %d grandchildren born, %d reaped", i, way,
		      sh->born, reaped);
		CHECK(bad == 0, "round %d: %d grandchildren had a wrong parent or status", i, bad);
		CHECK(sh->forked <= sh->born, "round %d: %d forks returned, %d children ran", i,
		      sh->forked, sh->born);
	}
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	CHECK(saw_p > 0 && saw_us > 0, "in %d rounds, %d of P's children saw P alive and %d saw it "
	      "gone: the race never went both ways", i, saw_p, saw_us);
	t_log("%d rounds or more: every grandchild reaped; some saw P alive, some saw it gone",
	      ROUNDS);
	munmap(sh, sizeof *sh);
	return t_done();
}
