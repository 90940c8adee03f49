/*
 * runner - boots as init in the test ISO (and runs natively for
 * `make test-linux`): runs every test program in a directory, one at a
 * time, and prints one TAP line per program.
 *
 *   runner [-t seconds] [dir [name...]]     (dir defaults to /tests)
 *
 * A program passes when it exits with status 0 within the time limit.
 * On ushi the runner also reads MemFree from /proc/meminfo around every
 * program: a test that leaves fewer free frames behind than it found has
 * leaked, which is a kernel bug, so that program fails.  The summary line
 * and the exit status (the number of failures) close the run.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_TESTS 1024

extern char **environ;

static int on_ushi(void)
{
	struct utsname u;
	return uname(&u) == 0 && strcmp(u.sysname, "ushi") == 0;
}

/* MemFree in kB from /proc/meminfo, or -1 if it cannot be read. */
static long mem_free_kb(void)
{
	char buf[512];
	int fd = open("/proc/meminfo", O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	char *p = strstr(buf, "MemFree:");
	return p ? strtol(p + 8, NULL, 10) : -1;
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
		dprintf(1, "runner: cannot open %s: %s\n", dir, strerror(errno));
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

/*
 * Runs one program and waits for it, reaping any orphan that was handed
 * to us meanwhile (on ushi the runner is init).  Returns its wait status,
 * or -1 if it had to be killed after `limit` seconds.
 */
static int run_one(const char *path, const char *name, int limit)
{
	pid_t pid = fork();
	if (pid < 0) {
		dprintf(1, "runner: fork: %s\n", strerror(errno));
		return 0x7f00;
	}
	if (pid == 0) {
		if (!path)
			_exit(0);       /* the warm-up child */
		char *argv[] = { (char *)path, NULL };
		execve(path, argv, environ);
		dprintf(1, "runner: exec %s: %s\n", name, strerror(errno));
		_exit(127);
	}
	double deadline = now() + limit;
	int timed_out = 0;
	for (;;) {
		int status;
		pid_t r = waitpid(-1, &status, WNOHANG);
		if (r == pid)
			return timed_out ? -1 : status;
		if (r > 0)
			continue;               /* an orphan: reaped, keep waiting */
		if (r < 0 && errno != EINTR)
			return 0x7f00;
		if (!timed_out && now() > deadline) {
			kill(pid, SIGKILL);
			timed_out = 1;
		}
		struct timespec nap = { 0, 2 * 1000 * 1000 };
		nanosleep(&nap, NULL);
	}
}

/* Turns a wait status into a TAP "ok"/"not ok" line with the reason. */
static int report(int i, const char *name, int status, long leaked_kb)
{
	char why[96] = "";
	if (status == -1)
		snprintf(why, sizeof why, " # timed out");
	else if (WIFSIGNALED(status))
		snprintf(why, sizeof why, " # killed by signal %d", WTERMSIG(status));
	else if (WIFEXITED(status) && WEXITSTATUS(status))
		snprintf(why, sizeof why, " # exit status %d", WEXITSTATUS(status));
	else if (leaked_kb)
		snprintf(why, sizeof why, " # leaked %ld kB", leaked_kb);
	int ok = why[0] == 0;
	dprintf(1, "%sok %d - %s%s\n", ok ? "" : "not ", i, name, why);
	return ok;
}

int main(int argc, char **argv)
{
	static char *names[MAX_TESTS];
	const char *dir = "/tests";
	int limit = 120, argi = 1;
	if (argi + 1 < argc && strcmp(argv[argi], "-t") == 0) {
		limit = atoi(argv[argi + 1]);
		argi += 2;
	}
	if (argi < argc)
		dir = argv[argi++];
	int n;
	if (argi < argc) {
		for (n = 0; argi < argc && n < MAX_TESTS; n++)
			names[n] = argv[argi++];
	} else if ((n = list_tests(dir, names)) < 0) {
		return 1;
	}

	int ushi = on_ushi(), passed = 0;
	/* Warm up: the runner's own first fork and wait grow its page tables
	 * and stack once; that must not count against the first test. */
	run_one(NULL, "warm-up", limit);
	mem_free_kb();
	long start_free = ushi ? mem_free_kb() : -1, free_kb = start_free;
	/* On ushi one more check closes the run: the whole suite leaked nothing. */
	dprintf(1, "TAP version 13\n1..%d\n", n + (ushi ? 1 : 0));
	for (int i = 0; i < n; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		dprintf(1, "# %s\n", names[i]);
		int status = run_one(path, names[i], limit);
		long after = ushi ? mem_free_kb() : -1;
		long leaked = (free_kb >= 0 && after >= 0 && after < free_kb) ? free_kb - after : 0;
		passed += report(i + 1, names[i], status, leaked);
		free_kb = after;
	}
	int total = n;
	if (ushi) {
		dprintf(1, "# MemFree before the suite %ld kB, after it %ld kB\n", start_free, free_kb);
		total++;
		if (start_free == free_kb) {
			dprintf(1, "ok %d - suite_frames_returned\n", total);
			passed++;
		} else {
			dprintf(1, "not ok %d - suite_frames_returned # %ld kB fewer free after the suite\n",
				total, start_free - free_kb);
		}
	}
	dprintf(1, "# runner: %d passed, %d failed\n", passed, total - passed);
	return total - passed > 255 ? 255 : total - passed;
}
