/*
 * ltp-runner - init of the LTP and kernel-selftest initramfs, the same
 * binary on ushi and on Linux: runs the tests listed in a runtest file,
 * one at a time, and prints one verdict line per test and the totals.
 *
 *   ltp-runner [-t seconds] [-f runtest] [-p prefix] [-s code] [name...]
 *
 * The runtest file (default /opt/ltp/runtest) has LTP's format: "name
 * command args...".  Names on the command line pick tests out of it.  A
 * command given as an absolute path runs in its program's folder (kernel
 * selftests open their companion files relative to it).  Exit status 0
 * passed; `code` alone (default 32, LTP's TCONF; kselftest's KSFT_SKIP is
 * 4) means the test does not apply: skipped; anything else failed.  A test
 * still running after `seconds` (default 120; LTP's library has its own,
 * shorter timeout) is killed with its whole process group: a hang in the
 * kernel under test cannot stall the run.
 *
 * Result lines start with "prefix: " (default "ltp") so the host can pick
 * them out of the tests' own output on the same console.  As init it
 * mounts what the tests expect and powers the machine off at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 32

static volatile sig_atomic_t timed_out;
static const char *prefix = "ltp";
static int skip_code = 32;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

/* Mounts are best effort: a missing one shows up as the tests that need it. */
static void setup_as_init(void)
{
	mount("proc", "/proc", "proc", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);  /* Linux only */
	mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
	mkdir("/dev/shm", 01777);
	mount("tmpfs", "/dev/shm", "tmpfs", 0, NULL);
	symlink("/proc/self/fd", "/dev/fd");   /* as every distribution's init makes it */
	chmod("/tmp", 01777);
	chmod("/dev/shm", 01777);
}

static void setup_env(void)
{
	setenv("PATH", "/opt/ltp/testcases/bin:/bin:/sbin", 1);
	setenv("LTPROOT", "/opt/ltp", 1);
	setenv("TMPDIR", "/tmp", 1);
	setenv("KCONFIG_SKIP_CHECK", "1", 1);  /* there is no kernel .config to read */
	setenv("LTP_COLORIZE_OUTPUT", "0", 1);
	setenv("LTP_RUNTIME_MUL", "0.1", 0);   /* fuzzy-sync and runtime tests: short */
	setenv("HOME", "/tmp", 0);
}

/* Runs argv in its own process group; returns its wait status, or -1 on timeout. */
static int run(char **argv, int limit)
{
	pid_t pid = fork();
	if (pid < 0)
		return 0x7f00;
	if (pid == 0) {
		setpgid(0, 0);
		char *slash = strrchr(argv[0], '/');
		if (argv[0][0] == '/') {
			*slash = '\0';
			chdir(argv[0][0] ? argv[0] : "/");
			*slash = '/';
		}
		execvp(argv[0], argv);
		printf("ltp-runner: exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	timed_out = 0;
	alarm(limit);
	int status = 0;
	for (;;) {
		pid_t r = waitpid(-1, &status, 0);
		if (r == pid)
			break;
		if (r < 0 && errno == EINTR && timed_out)
			kill(-pid, SIGKILL);     /* then keep waiting for it */
		else if (r < 0 && errno != EINTR)
			break;
		/* r > 0: an orphan handed to init, reaped */
	}
	alarm(0);
	kill(-pid, SIGKILL);                  /* leftovers of the test's group */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return timed_out ? -1 : status;
}

/* One verdict line; returns 0 passed, 1 failed, 2 skipped. */
static int report(const char *name, int status)
{
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	if (status != -1 && code == 0) {
		printf("%s: PASS %s\n", prefix, name);
		return 0;
	}
	if (status != -1 && code == skip_code) {
		printf("%s: SKIP %s\n", prefix, name);
		return 2;
	}
	if (status == -1)
		printf("%s: FAIL %s (timeout)\n", prefix, name);
	else if (WIFSIGNALED(status))
		printf("%s: FAIL %s (signal %d)\n", prefix, name, WTERMSIG(status));
	else
		printf("%s: FAIL %s (exit %d)\n", prefix, name, code);
	return 1;
}

static int wanted(const char *name, char **names, int n)
{
	if (n == 0)
		return 1;
	for (int i = 0; i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *file = "/opt/ltp/runtest";
	int limit = 120, i = 1;
	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (strcmp(argv[i], "-t") == 0)
			limit = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "-f") == 0)
			file = argv[i + 1];
		else if (strcmp(argv[i], "-p") == 0)
			prefix = argv[i + 1];
		else if (strcmp(argv[i], "-s") == 0)
			skip_code = atoi(argv[i + 1]);
	}
	setvbuf(stdout, NULL, _IONBF, 0);     /* our lines and the tests' interleave in order */
	if (getpid() == 1)
		setup_as_init();
	setup_env();
	struct sigaction sa = { .sa_handler = on_alarm };  /* no SA_RESTART: */
	sigaction(SIGALRM, &sa, NULL);                      /* alarm interrupts waitpid */

	FILE *f = fopen(file, "r");
	if (!f) {
		printf("ltp-runner: %s: %s\n", file, strerror(errno));
		return 1;
	}
	int count[3] = { 0, 0, 0 };
	char line[512];
	while (fgets(line, sizeof line, f)) {
		char *args[MAX_ARGS + 1], *save;
		int n = 0;
		for (char *w = strtok_r(line, " \t\n", &save); w && n < MAX_ARGS;
		     w = strtok_r(NULL, " \t\n", &save))
			args[n++] = w;
		if (n < 2 || args[0][0] == '#' || !wanted(args[0], argv + i, argc - i))
			continue;
		args[n] = NULL;
		printf("%s: RUN %s\n", prefix, args[0]);
		count[report(args[0], run(args + 1, limit))]++;
		chdir("/");
	}
	fclose(f);
	printf("%s: %d passed, %d failed, %d skipped\n", prefix, count[0], count[1], count[2]);
	if (getpid() == 1) {
		sync();
		reboot(RB_POWER_OFF);
	}
	return count[1] > 255 ? 255 : count[1];
}
