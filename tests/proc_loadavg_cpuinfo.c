/*
 * proc_loadavg_cpuinfo: /proc/loadavg is "L1 L5 L15 RUNNING/THREADS
 * LASTPID" with the last pid handed out in the reader's pid namespace
 * (1 for a new namespace's init, then 2 after its first fork), and at
 * least the reader running.  /proc/cpuinfo has one block per CPU,
 * "processor : N" numbered from 0, each with Linux's x86 fields
 * ("vendor_id", "cpu family", "model name", "cpu MHz", "flags" holding
 * at least fpu, tsc, sse2 and lm on any x86-64, "address sizes"), every
 * line "key<tabs>: value", and an empty line after each block.
 */
#include "t.h"
#include "../user/proc_field.h"
#include <fcntl.h>
#include <sched.h>
#include <sys/wait.h>

static char buf[65536];

static int read_file(const char *path)
{
	return proc_read_file(path, buf, sizeof buf);
}

/* The last pid /proc/loadavg reports, or -1 if the line is malformed. */
static int loadavg_last_pid(int *running, int *threads)
{
	unsigned a, b, c, d, e, f;
	int last;
	char end;
	if (read_file("/proc/loadavg") <= 0)
		return -1;
	if (sscanf(buf, "%u.%2u %u.%2u %u.%2u %d/%d %d%c", &a, &b, &c, &d, &e, &f, running, threads,
		   &last, &end) != 10 || end != '\n')
		return -1;
	return last;
}

static void check_loadavg(void)
{
	int running = 0, threads = 0;
	CHECK(loadavg_last_pid(&running, &threads) > 0, "/proc/loadavg: %s", buf);
	CHECK(running >= 1 && running <= threads, "running %d of %d", running, threads);
	pid_t c = fork();
	if (c == 0) {
		if (unshare(CLONE_NEWPID))
			_exit(1);
		pid_t init = fork();
		if (init == 0) {
			int r, t;
			if (loadavg_last_pid(&r, &t) != 1)
				_exit(2);
			pid_t g = fork();
			if (g == 0)
				_exit(0);
			if (g != 2 || waitpid(g, NULL, 0) != g)
				_exit(3);
			_exit(loadavg_last_pid(&r, &t) == 2 ? 0 : 4);
		}
		int st = -1;
		waitpid(init, &st, 0);
		_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 5);
	}
	int st = -1;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "in a new pid namespace: status %#x", st);
}

static int has_word(const char *line, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = strstr(line, word); p; p = strstr(p + 1, word))
		if (p[-1] == ' ' && (p[n] == ' ' || p[n] == '\n' || p[n] == 0))
			return 1;
	return 0;
}

static void check_cpuinfo(void)
{
	CHECK(read_file("/proc/cpuinfo") > 0, "read /proc/cpuinfo");
	int blocks = 0, fields = 0, bad_lines = 0, flags_ok = 0;
	char *save, *line;
	int expect_new = 1;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':');
		if (!colon || (colon[1] != ' ' && colon[1] != 0)) {
			bad_lines++;
			continue;
		}
		int n;
		if (sscanf(line, "processor\t: %d", &n) == 1) {
			CHECK_EQ(n, blocks);
			blocks++;
			expect_new = 0;
			continue;
		}
		if (expect_new)
			bad_lines++;
		static const char *const keys[] = { "vendor_id\t:", "cpu family\t:", "model name\t:",
						    "cpu MHz\t\t:", "address sizes\t:" };
		for (unsigned i = 0; i < sizeof keys / sizeof keys[0]; i++)
			fields += blocks == 1 && strncmp(line, keys[i], strlen(keys[i])) == 0;
		if (blocks == 1 && strncmp(line, "flags\t\t:", 8) == 0)
			flags_ok = has_word(line, "fpu") && has_word(line, "tsc") && has_word(line, "sse2") &&
				   has_word(line, "lm");
	}
	CHECK(blocks >= 1, "no processor line");
	CHECK_EQ(bad_lines, 0);
	CHECK_EQ(fields, 5);
	CHECK(flags_ok, "the flags of processor 0 lack fpu, tsc, sse2 or lm");
	read_file("/proc/cpuinfo");
	size_t len = strlen(buf);
	CHECK(len >= 2 && strcmp(buf + len - 2, "\n\n") == 0, "cpuinfo does not end with an empty line");
	int empties = 0;
	for (char *p = strstr(buf, "\n\n"); p; p = strstr(p + 2, "\n\n"))
		empties++;
	CHECK_EQ(empties, blocks);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	check_loadavg();
	check_cpuinfo();
	return t_done();
}
