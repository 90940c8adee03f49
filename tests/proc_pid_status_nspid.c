/*
 * proc_pid_status_nspid: the NStgid, NSpid, NSpgid and NSsid lines of
 * /proc/PID/status give a task's number in every pid namespace from the
 * reader's down to the task's own, innermost last.  Here A is pid 1 of a
 * new namespace, and B, made by A with clone3(CLONE_NEWPID, set_tid
 * {1, 42}), is 1 in a third; B calls setsid and starts a thread T.  Read
 * from outside: A is "a 1"; B is "b 42 1" in all four lines; A's process
 * group and session were made out here, so they are 0 in A's namespace;
 * T's NStgid is B's, its NSpid ends in 2 (the second pid of B's fresh
 * namespace).  The selftest clone3_set_tid reads B's NSpid this way.
 */
#include "t.h"
#include "t_clone.h"
#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <sys/wait.h>

#define MAX_IDS 40

static int ready[2], go[2];

/* The numbers of /proc/PID[/task/TID]/status's line KEY into ids; their
 * count, or -1 when the file or the line is missing. */
static int read_ids(pid_t pid, pid_t tid, const char *key, int *ids)
{
	char path[64], line[512];
	if (tid)
		snprintf(path, sizeof path, "/proc/%d/task/%d/status", pid, tid);
	else
		snprintf(path, sizeof path, "/proc/%d/status", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	int n = -1;
	size_t k = strlen(key);
	while (n < 0 && fgets(line, sizeof line, f)) {
		if (strncmp(line, key, k) || line[k] != ':')
			continue;
		char *p = line + k + 1, *end;
		for (n = 0; n < MAX_IDS; n++, p = end) {
			long v = strtol(p, &end, 10);
			if (end == p)
				break;
			ids[n] = (int)v;
		}
	}
	fclose(f);
	return n;
}

/* Checks line key of who's status is want[0..n-1]; on failure says
 * which field differs, printing no pid. */
static void check_ids(const char *who, pid_t pid, pid_t tid, const char *key, const int *want, int n)
{
	int ids[MAX_IDS];
	int got = read_ids(pid, tid, key, ids);
	CHECK(got == n, "%s: %s has %d numbers, want %d", who, key, got, n);
	for (int i = 0; got == n && i < n; i++)
		CHECK(ids[i] == want[i], "%s: %s field %d of %d is wrong", who, key, i + 1, n);
}

/* The thread T waits with B. */
static void *thread_wait(void *arg)
{
	(void)arg;
	char c;
	while (read(go[0], &c, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

/* B: its own session, a thread, then ready; ends when go is closed. */
static int run_b(void)
{
	pthread_t th;
	if (setsid() != 1 || pthread_create(&th, NULL, thread_wait, NULL))
		return 1;
	char c = 'r';
	if (write(ready[1], &c, 1) != 1)
		return 1;
	pthread_join(th, NULL);
	return 0;
}

/* A: pid 1 of its namespace; makes B as 42 here and 1 in B's own. */
static int run_a(void)
{
	close(go[1]);           /* only the test's end of go may end B */
	close(ready[0]);
	int tids[] = { 1, 42 };
	struct tc_clone_args ca = { .flags = CLONE_NEWPID, .exit_signal = SIGCHLD,
				    .set_tid = (uintptr_t)tids, .set_tid_size = 2 };
	long b = syscall(SYS_clone3, &ca, TC_ARGS_VER2);
	if (b == 0)
		_exit(run_b());
	int st;
	if (b != 42 || waitpid(42, &st, 0) != 42)
		return 2;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 3;
}

/* The child of parent in our namespace (scanning /proc's PPid lines), or 0. */
static pid_t child_of(pid_t parent)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t found = 0;
	while (d && !found && (e = readdir(d))) {
		int pp[MAX_IDS];
		pid_t p = (pid_t)atoi(e->d_name);
		if (p > 0 && read_ids(p, 0, "PPid", pp) == 1 && pp[0] == parent)
			found = p;
	}
	if (d)
		closedir(d);
	return found;
}

/* The thread of leader's process other than leader itself, or 0. */
static pid_t other_thread(pid_t leader)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/task", leader);
	DIR *d = opendir(path);
	struct dirent *e;
	pid_t found = 0;
	while (d && !found && (e = readdir(d))) {
		pid_t t = (pid_t)atoi(e->d_name);
		if (t > 0 && t != leader)
			found = t;
	}
	if (d)
		closedir(d);
	return found;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int self[MAX_IDS];
	/* status starts at /proc's namespace: ours, as the runner's */
	CHECK_EQ(read_ids(getpid(), 0, "NSpid", self), 1);
	CHECK_EQ(self[0], getpid());
	CHECK_OK(pipe(ready));
	CHECK_OK(pipe(go));

	struct tc_clone_args ca = { .flags = CLONE_NEWPID, .exit_signal = SIGCHLD };
	long a = syscall(SYS_clone3, &ca, TC_ARGS_VER2);
	if (a == 0)
		_exit(run_a());
	CHECK(a > 0, "clone3(CLONE_NEWPID): %s", strerror(errno));
	if (a < 0)
		return t_done();
	close(ready[1]);        /* B gone before it was ready: read sees EOF */
	char c;
	CHECK_EQ(read(ready[0], &c, 1), 1);
	pid_t b = child_of((pid_t)a);
	CHECK(b > 0, "A's child B not found in /proc");
	pid_t t = b > 0 ? other_thread(b) : 0;
	CHECK(t > 0, "B's thread not found in /proc/B/task");

	t_log("A: \"a 1\"; its pgrp and session, made out here, are 0 in its namespace");
	int a_pid[] = { (int)a, 1 }, a_pgrp[] = { getpgrp(), 0 }, a_sid[] = { getsid(0), 0 };
	check_ids("A", (pid_t)a, 0, "NStgid", a_pid, 2);
	check_ids("A", (pid_t)a, 0, "NSpid", a_pid, 2);
	check_ids("A", (pid_t)a, 0, "NSpgid", a_pgrp, 2);
	check_ids("A", (pid_t)a, 0, "NSsid", a_sid, 2);

	t_log("B: \"b 42 1\" in all four lines (its own session)");
	int b_pid[] = { b, 42, 1 };
	const char *keys[] = { "NStgid", "NSpid", "NSpgid", "NSsid" };
	for (int i = 0; b > 0 && i < 4; i++)
		check_ids("B", b, 0, keys[i], b_pid, 3);

	t_log("T, B's thread: NStgid is B's, NSpid \"t N 2\"");
	if (t > 0) {
		check_ids("T", b, t, "NStgid", b_pid, 3);
		int tid[MAX_IDS];
		int n = read_ids(b, t, "NSpid", tid);
		CHECK_EQ(n, 3);
		CHECK(n == 3 && tid[0] == t, "T's NSpid does not start with its tid here");
		CHECK(n == 3 && tid[2] == 2, "T's NSpid does not end in 2");
	}

	close(go[1]);
	int st = tc_reap(a);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "A: status %#x", st);
	return t_done();
}
