/*
 * runner - boots as init in the test ISO (and runs natively for
 * `make test-linux`): runs every test program in a directory, one at a
 * time, and prints TAP: a plan "1..N", then one verdict per program,
 * "ok N - name", "not ok N - name # why" or "ok N - name # SKIP why".
 *
 *   runner [-k] [-t seconds] [-m meminfo] [dir [name...]]   (dir: /tests)
 *
 * A program passes when it exits with status 0 within the time limit; it
 * skipped when it exits with T_SKIP (77, see t.h).  Its stdout and
 * stderr come through a pipe and every line of them is printed after
 * "# ", so nothing a test writes can start a line with "ok" or glue
 * itself to a verdict.
 *
 * On ushi (-k, or a uname that says ushi) the runner also reads MemFree
 * from /proc/meminfo (or -m's file) around every program: a test that
 * leaves fewer free frames behind than it found has leaked, which is a
 * kernel bug, so that program fails, and so does one after which MemFree
 * cannot be read.  The summary "# runner: N passed, N failed, N skipped"
 * and the exit status (the number of failures, at most 127 so QEMU's
 * (status << 1) | 1 still fits a byte) close the run.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../user/proc_field.h"

#define MAX_TESTS 1024
#define T_SKIP 77               /* t.h's exit status for "skipped" */
#define DRAIN_SECS 2            /* how long a pipe kept open by a grandchild is read */
#define LINE_CAP 1024           /* longer lines are cut into several "# " lines */

extern char **environ;

static const char *meminfo = "/proc/meminfo";

/* ushi by its uname: the version names ushi (the sysname is "Linux"). */
static int uname_says_ushi(void)
{
	struct utsname u;
	if (uname(&u) != 0)
		return 0;
	return strstr(u.version, "ushi") != NULL;
}

/* MemFree in kB from the meminfo file, or -1 if it cannot be read. */
static long mem_free_kb(void)
{
	return proc_field(meminfo, "MemFree");
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects the executable regular files of dir, sorted by name. */
static int list_tests(const char *dir, char **names)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	if (!d) {
		dprintf(1, "# runner: cannot open %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) && n < MAX_TESTS) {
		char path[512];
		struct stat st;
		if (e->d_name[0] == '.' || strcmp(e->d_name, "runner") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111))
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	return n;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One test's output on its way to the console, a line at a time. */
struct relay {
	const char *name;
	char line[LINE_CAP];
	int len;
	char skip[160];         /* the reason of its "NAME: skipped: ..." line */
};

/*
 * Prints the pending line after "# " with a single write, so a kernel
 * message cannot land inside it, and remembers a skip reason.
 */
static void relay_flush(struct relay *r)
{
	char out[LINE_CAP + 4];
	size_t nl = strlen(r->name);
	r->line[r->len] = 0;
	if (strncmp(r->line, r->name, nl) == 0 && strncmp(r->line + nl, ": skipped: ", 11) == 0)
		snprintf(r->skip, sizeof r->skip, "%s", r->line + nl + 11);
	int n = snprintf(out, sizeof out, "# %s\n", r->line);
	if (write(1, out, n) < 0) { /* the console is all we have */ }
	r->len = 0;
}

static void relay_bytes(struct relay *r, const char *buf, ssize_t n)
{
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			relay_flush(r);
			continue;
		}
		r->line[r->len++] = buf[i];
		if (r->len == LINE_CAP - 1)
			relay_flush(r);
	}
}

/* Reads what the pipe has now; returns 0 at end of file (every writer gone). */
static int relay_read(struct relay *r, int fd)
{
	char buf[4096];
	ssize_t n = read(fd, buf, sizeof buf);
	if (n > 0)
		relay_bytes(r, buf, n);
	return n != 0 && !(n < 0 && errno != EAGAIN && errno != EINTR);
}

/*
 * Fills the empty pipe until it takes no more and reads it empty again:
 * a kernel that gives a pipe its buffers on first use (ushi) has then
 * given them all, so a test that compares free memory itself (the fuzz
 * run) never sees its own output take frames.
 */
static void pipe_prefill(int rd, int wr)
{
	static char block[4096];
	while (write(wr, block, sizeof block) > 0)
		;
	while (read(rd, block, sizeof block) > 0)
		;
}

/* The test program itself: its output into the pipe, then exec. */
static void __attribute__((noreturn)) child(const char *path, const char *name, int out)
{
	if (!path) {            /* the warm-up child: one line through the relay */
		dprintf(out, "warm-up: the runner's fork, pipe and wait before its baseline\n");
		_exit(0);
	}
	dup2(out, 1);
	dup2(out, 2);
	char *argv[] = { (char *)path, NULL };
	execve(path, argv, environ);
	dprintf(2, "runner: exec %s: %s\n", name, strerror(errno));
	_exit(127);
}

/*
 * Runs one program, relaying its output, and waits for it, reaping any
 * orphan that was handed to us meanwhile (on ushi the runner is init).
 * After the program exits its pipe is read until every writer is gone,
 * or for DRAIN_SECS if a grandchild keeps it open.  Returns its wait
 * status, or -1 if it had to be killed after `limit` seconds.
 */
static int run_one(const char *path, struct relay *r, int limit)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0) {
		dprintf(1, "# runner: pipe: %s\n", strerror(errno));
		return 0x7f00;
	}
	pipe_prefill(p[0], p[1]);
	pid_t pid = fork();
	if (pid < 0) {
		dprintf(1, "# runner: fork: %s\n", strerror(errno));
		close(p[0]);
		close(p[1]);
		return 0x7f00;
	}
	if (pid == 0) {
		fcntl(p[1], F_SETFL, 0);        /* the test writes as to a console: blocking */
		child(path, r->name, p[1]);
	}
	close(p[1]);
	double deadline = now() + limit, exited_at = 0;
	int timed_out = 0, open = 1, status = 0x7f00, done = 0;
	while (!done || open) {
		if (done && now() > exited_at + DRAIN_SECS) {
			dprintf(1, "# runner: %s exited but its output stays open; not read further\n", r->name);
			break;
		}
		if (open) {
			struct pollfd pfd = { .fd = p[0], .events = POLLIN };
			if (poll(&pfd, 1, 2) > 0)
				open = relay_read(r, p[0]);
		} else {
			struct timespec nap = { 0, 2 * 1000 * 1000 };
			nanosleep(&nap, NULL);
		}
		int st;
		pid_t w;
		while ((w = waitpid(-1, &st, WNOHANG)) > 0) {
			if (w == pid) {         /* others are orphans: reaped, keep waiting */
				status = timed_out ? -1 : st;
				done = 1;
				exited_at = now();
			}
		}
		if (!done && w < 0 && errno != EINTR) {
			dprintf(1, "# runner: wait: %s\n", strerror(errno));
			break;
		}
		if (!done && !timed_out && now() > deadline) {
			kill(pid, SIGKILL);
			timed_out = 1;
		}
	}
	close(p[0]);
	if (r->len)
		relay_flush(r);         /* a last line without its newline */
	return status;
}

/* Turns a wait status into a TAP verdict; returns 'p', 'f' or 's'. */
static int report(int i, const struct relay *r, int status, const char *mem_why)
{
	char why[224] = "";
	int kind = 'f';
	if (status == -1)
		snprintf(why, sizeof why, " # timed out");
	else if (WIFSIGNALED(status))
		snprintf(why, sizeof why, " # killed by signal %d", WTERMSIG(status));
	else if (WEXITSTATUS(status) && WEXITSTATUS(status) != T_SKIP)
		snprintf(why, sizeof why, " # exit status %d", WEXITSTATUS(status));
	else if (mem_why[0])
		snprintf(why, sizeof why, " # %s", mem_why);
	else if (WEXITSTATUS(status) == T_SKIP) {
		snprintf(why, sizeof why, " # SKIP %s", r->skip[0] ? r->skip : "no reason given");
		kind = 's';
	} else
		kind = 'p';
	dprintf(1, "%sok %d - %s%s\n", kind == 'f' ? "not " : "", i, r->name, why);
	return kind;
}

/*
 * MemFree once it is back at `want`, or what it is after half a second.
 * With several CPUs a task's last frames (its stack) go back when its CPU
 * switches away from it, which may be a moment after its parent reaped
 * it; a frame still missing after 0.5 s is a leak.
 */
static long settled_mem_free_kb(long want)
{
	long kb = mem_free_kb();
	for (int i = 0; i < 50 && kb >= 0 && kb < want; i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		kb = mem_free_kb();
	}
	return kb;
}

/* What the leak check says about one test: "" when it held. */
static void leak_check(long before, long after, char *why, size_t len)
{
	why[0] = 0;
	if (before < 0 || after < 0)
		snprintf(why, len, "cannot read MemFree from %s", meminfo);
	else if (after < before)
		snprintf(why, len, "leaked %ld kB", before - after);
}

int main(int argc, char **argv)
{
	static char *names[MAX_TESTS];
	const char *dir = "/tests";
	int limit = 120, argi = 1, ushi = uname_says_ushi();
	for (; argi < argc && argv[argi][0] == '-'; argi++) {
		if (strcmp(argv[argi], "-k") == 0)
			ushi = 1;
		else if (strcmp(argv[argi], "-t") == 0 && argi + 1 < argc)
			limit = atoi(argv[++argi]);
		else if (strcmp(argv[argi], "-m") == 0 && argi + 1 < argc)
			meminfo = argv[++argi];
		else {
			dprintf(1, "usage: runner [-k] [-t seconds] [-m meminfo] [dir [name...]]\n");
			return 127;
		}
	}
	if (argi < argc)
		dir = argv[argi++];
	int n;
	if (argi < argc) {
		for (n = 0; argi < argc && n < MAX_TESTS; n++)
			names[n] = argv[argi++];
	} else if ((n = list_tests(dir, names)) < 0) {
		return 127;
	}

	static struct relay r;
	int count[128] = { 0 };
	/* Warm up: the runner's own first fork, pipe and wait grow its page
	 * tables and stack once; that must not count against the first test. */
	r.name = "warm-up";
	run_one(NULL, &r, limit);
	mem_free_kb();
	long start_free = ushi ? mem_free_kb() : 0, free_kb = start_free;
	/* On ushi one more check closes the run: the whole suite leaked nothing. */
	dprintf(1, "TAP version 13\n1..%d\n", n + ushi);
	for (int i = 0; i < n; i++) {
		char path[512], why[128] = "";
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		dprintf(1, "# -- %s\n", names[i]);
		r.name = names[i];
		r.skip[0] = 0;
		int status = run_one(path, &r, limit);
		long after = ushi ? settled_mem_free_kb(free_kb) : 0;
		leak_check(free_kb, after, why, sizeof why);
		count[report(i + 1, &r, status, why)]++;
		free_kb = after;
	}
	if (ushi) {
		char why[128];
		dprintf(1, "# MemFree before the suite %ld kB, after it %ld kB\n", start_free, free_kb);
		leak_check(start_free, free_kb, why, sizeof why);
		if (why[0] == 0 && start_free != free_kb)
			snprintf(why, sizeof why, "%ld kB more free after the suite", free_kb - start_free);
		dprintf(1, "%sok %d - suite_frames_returned%s%s\n", why[0] ? "not " : "",
			n + 1, why[0] ? " # " : "", why);
		count[why[0] ? 'f' : 'p']++;
	}
	int failed = count['f'];
	dprintf(1, "# runner: %d passed, %d failed, %d skipped\n", count['p'], failed, count['s']);
	return failed > 127 ? 127 : failed;
}
