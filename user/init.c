/*
 * init - the default first program (/sbin/init): a guided tour.
 *
 * It runs the demo programs of /bin one after another, with a few words
 * before each, then exits; init's exit powers the machine off, with the
 * number of demos that failed as the exit status (QEMU reports it).
 * Words after "--" on the kernel command line choose the demos:
 * "init=/sbin/init -- cowdemo zeropage".  No pauses: the tour is meant to
 * be read as it scrolls by, or afterwards.
 *
 * As pid 1 it also reaps every orphan that the kernel hands to it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct stop {
	const char *name;
	const char *intro[3];
};

static const struct stop tour[] = {
	{ "cowdemo", { "First, copy-on-write: after fork, parent and child share every frame",
		       "until one of them writes. Watch the frame numbers and their counts." } },
	{ "odfdemo", { "The same fork with fork=odf (make run FORK=odf): fork shares whole page",
		       "tables, and a table is copied only when a write reaches it." } },
	{ "zeropage", { "Next, memory that is only read: it all maps one shared page of zeros,",
			"and a frame is spent only on the first write." } },
	{ "vforkdemo", { "Then vfork: no copy at all, the child borrows the parent's memory",
			 "while the parent sleeps." } },
	{ "clonedemo", { "clone's flags one at a time: memory, directory, open files and",
			 "signal handlers, shared or copied." } },
	{ "threaddemo", { "Finally threads: clone with every sharing flag plus CLONE_THREAD, and",
			  "how a thread's exit wakes whoever joins it." } },
};
#define NSTOPS (int)(sizeof tour / sizeof tour[0])

/* One line of narration, in one write. */
__attribute__((format(printf, 1, 2)))
static void say(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof line - 2)
		n = sizeof line - 2;
	line[n++] = '\n';
	write(1, line, n);
}

/* Runs /bin/NAME and waits for it, reaping any orphan on the way. */
static int run(const char *name, char **envp)
{
	char path[64];
	snprintf(path, sizeof path, "/bin/%s", name);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		char *args[] = { path, NULL };
		execve(path, args, envp);
		say("tour: cannot run %s: %s", path, strerror(errno));
		_exit(127);
	}
	for (;;) {
		int status;
		pid_t w = wait(&status);
		if (w == pid)
			return status;
		if (w < 0 && errno != EINTR)
			return -1;
	}
}

static const struct stop *find(const char *name)
{
	for (int i = 0; i < NSTOPS; i++)
		if (strcmp(tour[i].name, name) == 0)
			return &tour[i];
	return NULL;
}

/* The kernel's fault counters since boot, from /proc/ushi/stat (ushi only). */
static void show_counters(void)
{
	char buf[1024];
	int fd = open("/proc/ushi/stat", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return;
	buf[n] = 0;
	say("tour: The kernel counted every fault since boot (/proc/ushi/stat):");
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		if (!strncmp(line, "zero_", 5) || !strncmp(line, "cow_", 4) || !strncmp(line, "fork_", 5))
			say("tour:   %s", line);
}

int main(int argc, char **argv, char **envp)
{
	const struct stop *chosen[NSTOPS + 8];
	int n = 0, failed = 0;
	for (int i = 1; i < argc && n < NSTOPS + 8; i++) {
		const struct stop *s = find(argv[i]);
		if (s)
			chosen[n++] = s;
		else
			{ say("tour: there is no demo called \"%s\"", argv[i]); failed++; }
	}
	if (argc < 2)
		for (n = 0; n < NSTOPS; n++)
			chosen[n] = &tour[n];

	say("tour: Welcome to ushi, a small kernel for studying copy-on-write and");
	say("tour: process creation. The next %d programs are ordinary Linux programs;", n);
	say("tour: each explains what it shows and checks what the kernel did, reading");
	say("tour: the kernel's own numbers from /proc. (\"make run TRACE=cow\" adds the");
	say("tour: kernel's trace of every copy-on-write fault; \"make run DEMO=cowdemo\"");
	say("tour: runs a single demo.)");
	for (int i = 0; i < n; i++) {
		say("tour:");
		say("tour: ---- %d/%d: %s ----", i + 1, n, chosen[i]->name);
		for (int k = 0; k < 3 && chosen[i]->intro[k]; k++)
			say("tour: %s", chosen[i]->intro[k]);
		int status = run(chosen[i]->name, envp);
		if (status == 0) {
			say("tour: %s: passed", chosen[i]->name);
		} else {
			failed++;
			say("tour: %s: FAILED (status 0x%x)", chosen[i]->name, status);
		}
	}
	say("tour:");
	show_counters();
	if (failed)
		say("tour: %d of %d demos FAILED.", failed, n);
	else
		say("tour: all %d demos passed. The machine powers off when init exits.", n);
	return failed;
}
