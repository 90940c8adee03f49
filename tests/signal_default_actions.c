/*
 * signal_default_actions: what SIG_DFL does.  SIGTERM, SIGHUP, SIGPIPE,
 * SIGALRM and real-time signals terminate (WTERMSIG, no core bit); SIGCHLD,
 * SIGURG, SIGWINCH and SIGCONT are ignored (the child lives on and exits
 * normally later).  The core-dumping signals (SIGQUIT, SIGABRT, SIGSEGV,
 * SIGFPE, SIGILL, SIGBUS, SIGSYS, SIGTRAP, SIGXCPU, SIGXFSZ) terminate
 * without the core bit when RLIMIT_CORE is 0, and with it (WCOREDUMP)
 * when RLIMIT_CORE is unlimited - checked only where a dump is certain:
 * on ushi (no /proc/sys/kernel/core_pattern, no file written) or on a
 * Linux whose core_pattern is plain "core", in a scratch directory.
 */
#include "t.h"
#include "t_signal.h"
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define DIR_NAME "/tmp/signal_default_actions.d"

/* A child that sets sig to SIG_DFL, is told "go" and then kills itself. */
static int killed_by(int sig, rlim_t core)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit rl = { core, core };
		setrlimit(RLIMIT_CORE, &rl);
		if (chdir(DIR_NAME) != 0)
			_exit(98);
		signal(sig, SIG_DFL);
		sigset_t all;
		sigfillset(&all);
		sigprocmask(SIG_UNBLOCK, &all, NULL);
		kill(getpid(), sig);
		_exit(99);
	}
	int st = -1;
	waitpid(pid, &st, 0);
	return st;
}

/* May this host's dump be relied on?  ushi: yes; Linux: only "core". */
static int core_is_certain(void)
{
	char buf[64] = "";
	int fd = open("/proc/sys/kernel/core_pattern", O_RDONLY);
	if (fd < 0)
		return 1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	return n == 5 && memcmp(buf, "core\n", 5) == 0;
}

static void empty_dir(void)
{
	DIR *d = opendir(DIR_NAME);
	struct dirent *e;
	char path[300];
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, DIR_NAME "/%s", e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	mkdir(DIR_NAME, 0700);
	int st;

	t_log("terminate: SIGTERM, SIGHUP, SIGPIPE, SIGALRM, SIGUSR2, SIGRTMIN+1, 64");
	const int term[] = { SIGTERM, SIGHUP, SIGPIPE, SIGALRM, SIGUSR2, SIGRTMIN + 1, 64 };
	for (unsigned i = 0; i < sizeof term / sizeof term[0]; i++) {
		st = killed_by(term[i], RLIM_INFINITY);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == term[i] && !WCOREDUMP(st),
		      "signal %d: status %#x", term[i], st);
	}

	t_log("ignore: SIGCHLD, SIGURG, SIGWINCH, SIGCONT");
	const int ign[] = { SIGCHLD, SIGURG, SIGWINCH, SIGCONT };
	for (unsigned i = 0; i < sizeof ign / sizeof ign[0]; i++) {
		st = killed_by(ign[i], 0);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 99, "signal %d: status %#x", ign[i], st);
	}

	const int core[] = { SIGQUIT, SIGABRT, SIGSEGV, SIGFPE, SIGILL, SIGBUS, SIGSYS, SIGTRAP,
			     SIGXCPU, SIGXFSZ };
	t_log("core signals with RLIMIT_CORE 0: terminated, no core bit");
	for (unsigned i = 0; i < sizeof core / sizeof core[0]; i++) {
		st = killed_by(core[i], 0);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == core[i] && !WCOREDUMP(st),
		      "signal %d: status %#x", core[i], st);
	}
	if (core_is_certain()) {
		t_log("core signals with RLIMIT_CORE unlimited: the core bit");
		for (unsigned i = 0; i < sizeof core / sizeof core[0]; i++) {
			st = killed_by(core[i], RLIM_INFINITY);
			CHECK(WIFSIGNALED(st) && WTERMSIG(st) == core[i] && WCOREDUMP(st),
			      "signal %d: status %#x", core[i], st);
			empty_dir();
		}
	} else {
		t_log("this host's core_pattern is not plain \"core\": core bit not checked");
	}
	empty_dir();
	CHECK_OK(rmdir(DIR_NAME));
	return t_done();
}
