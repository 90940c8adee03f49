/*
 * threaddemo - threads are tasks that share everything, in one group.
 *
 * A thread is made by clone with the sharing flags (VM, FS, FILES,
 * SIGHAND) plus CLONE_THREAD, which puts the new task into the caller's
 * thread group: it gets its own task id (gettid) but the group's id
 * (getpid returns the tgid, the main thread's tid).  CLONE_PARENT_SETTID
 * makes the kernel store the new tid in memory before clone returns, and
 * CLONE_CHILD_CLEARTID makes it zero that word when the thread exits and
 * wake a futex on it: that is how pthread_join knows a thread is gone.
 *
 * The threads here are raw clones that share the main thread's TLS (no
 * CLONE_SETTLS), so they only use raw system calls (no errno, no stdio);
 * the main thread does all the talking.
 */
#include "demo.h"
#include "proc_field.h"
#include <dirent.h>
#include <limits.h>
#include <sys/wait.h>
#include <time.h>

#define NTHREADS 3
#define STACK_SIZE (64 * 1024)
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
		      CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

struct worker {
	volatile int tid_word;          /* PARENT_SETTID fills it, CHILD_CLEARTID zeroes it */
	long tid, tgid;                 /* what the thread itself saw */
	char stack[STACK_SIZE] __attribute__((aligned(16)));
};

static struct worker workers[NTHREADS];
static volatile int started;            /* threads that have reported */
static volatile int go;                 /* the main thread says: exit now */

static long futex(volatile int *uaddr, int op, int val)
{
	return raw_syscall6(SYS_futex, (long)uaddr, op, val, 0, 0, 0);
}

static int thread_main(void *arg)
{
	struct worker *w = arg;
	w->tid = raw_syscall3(SYS_gettid, 0, 0, 0);
	w->tgid = raw_syscall3(SYS_getpid, 0, 0, 0);
	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	futex(&started, FUTEX_WAKE, INT_MAX);
	while (!__atomic_load_n(&go, __ATOMIC_SEQ_CST))
		futex(&go, FUTEX_WAIT, 0);
	return 0;                       /* demo_clone ends this thread with SYS_exit */
}

/* "Threads:" from /proc/self/status, or -1. */
static int status_threads(void)
{
	return (int)proc_field("/proc/self/status", "Threads");
}

/* Counts the entries of /proc/self/task, and whether tid is among them. */
static int task_entries(long tid, int *found)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;
	*found = 0;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		n++;
		if (atol(e->d_name) == tid)
			*found = 1;
	}
	closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	(void)argc;
	demo_start(argv[0], "threads: tids, the tgid, and the exit futex");
	long main_tid = syscall(SYS_gettid), pid = getpid();
	say("Step 1: a process starts with one thread. Its thread id (gettid) and its");
	say("process id (getpid) are the same number: the main thread's tid is the");
	say("thread group's id, the tgid.");
	check(main_tid == pid, "the main thread's tid is not the pid");

	say("Step 2: start %d threads with clone(CLONE_VM | CLONE_FS | CLONE_FILES |", NTHREADS);
	say("CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_PARENT_SETTID |");
	say("CLONE_CHILD_CLEARTID), the flags pthread_create uses.");
	for (int i = 0; i < NTHREADS; i++) {
		struct worker *w = &workers[i];
		w->tid_word = -1;
		long tid = demo_clone(THREAD_FLAGS, w->stack + STACK_SIZE, (int *)&w->tid_word,
				      (int *)&w->tid_word, thread_main, w);
		if (tid < 0) {
			say("clone failed: %s", strerror((int)-tid));
			return 2;
		}
		check(w->tid_word == tid, "CLONE_PARENT_SETTID did not store thread %d's tid", i + 1);
	}
	say("  clone returned each new tid, and the kernel had already stored it in the");
	say("  word we passed (CLONE_PARENT_SETTID), before clone returned.");
	int n;
	while ((n = __atomic_load_n(&started, __ATOMIC_SEQ_CST)) < NTHREADS)
		futex(&started, FUTEX_WAIT, n);

	say("Step 3: what each thread saw (the threads only store numbers; main prints):");
	for (int i = 0; i < NTHREADS; i++) {
		struct worker *w = &workers[i];
		int unique = w->tid != main_tid;
		for (int j = 0; j < i; j++)
			unique &= w->tid != workers[j].tid;
		say("  thread %d: gettid() is %s, getpid() is %s", i + 1,
		    unique ? "its own, new number" : "NOT a new number",
		    w->tgid == pid ? "the main thread's pid (the tgid)" : "a different pid");
		check(unique && w->tid == w->tid_word, "thread %d has no tid of its own", i + 1);
		check(w->tgid == pid, "thread %d's getpid() is not the group's tgid", i + 1);
	}

	int threads = status_threads(), found_all = 1, found;
	int entries = task_entries(main_tid, &found);
	found_all &= found;
	for (int i = 0; i < NTHREADS; i++) {
		task_entries(workers[i].tid, &found);
		found_all &= found;
	}
	say("Step 4: the kernel's view: /proc/self/status says \"Threads: %d\", and", threads);
	say("  /proc/self/task has %d entries, one per thread, named by tid.", entries);
	check(threads == NTHREADS + 1, "Threads: %d, expected %d", threads, NTHREADS + 1);
	check(entries == NTHREADS + 1 && found_all, "/proc/self/task lists %d entries%s", entries,
	      found_all ? "" : ", not every tid");
	int status;
	errno = 0;
	long w = waitpid((pid_t)workers[0].tid, &status, WNOHANG);
	say("  A thread is not a child process: waitpid() on a thread's tid fails with %s.",
	    w < 0 && errno == ECHILD ? "ECHILD" : "something else");
	check(w < 0 && errno == ECHILD, "waitpid on a thread returned %ld errno %d", w, errno);

	say("Step 5: the main thread tells the threads to exit, and joins them the way");
	say("pthread_join does: it sleeps in futex(FUTEX_WAIT) on each tid word until the");
	say("kernel, as the thread exits, writes 0 there and wakes it (CLONE_CHILD_CLEARTID).");
	__atomic_store_n(&go, 1, __ATOMIC_SEQ_CST);
	futex(&go, FUTEX_WAKE, INT_MAX);
	for (int i = 0; i < NTHREADS; i++) {
		int v;
		while ((v = workers[i].tid_word) != 0)
			futex(&workers[i].tid_word, FUTEX_WAIT, v);
		say("  thread %d: tid word is 0, the thread is gone.", i + 1);
	}
	/* The kernel wakes the joiner just before it finishes removing the
	 * thread, so give the last steps a moment (at most 2 s). */
	for (int i = 0; i < 2000 && status_threads() != 1; i++) {
		struct timespec ms = { 0, 1000000 };
		nanosleep(&ms, NULL);
	}
	threads = status_threads();
	say("  /proc/self/status now says \"Threads: %d\".", threads);
	check(threads == 1, "Threads: %d after the joins, expected 1", threads);

	say("Summary: threads are tasks with their own tids in one thread group (one");
	say("pid), sharing memory, files and handlers; the exit futex makes join possible.");
	return demo_done();
}
