/*
 * rlimit_cpu_signals: RLIMIT_CPU, as Linux.  A process that spins with a
 * soft limit of 1 s and a hard one of 3 s gets SIGXCPU at 1 s (and its
 * soft limit reads 2 from then on), SIGXCPU again at 2 s, and SIGKILL at
 * 3 s.  The counts go through a shared page; an alarm ends a process the
 * limit never stops.
 */
#include "t.h"
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

struct shared { volatile int xcpu; volatile long soft_after_first; };
static struct shared *sh;

static void on_xcpu(int sig)
{
	(void)sig;
	if (sh->xcpu++ == 0) {
		struct rlimit r;
		getrlimit(RLIMIT_CPU, &r);
		sh->soft_after_first = (long)r.rlim_cur;
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED, "mmap");
	if (sh == MAP_FAILED)
		return t_done();
	pid_t c = fork();
	if (c == 0) {
		signal(SIGXCPU, on_xcpu);
		struct rlimit r = { 1, 3 };
		if (setrlimit(RLIMIT_CPU, &r))
			_exit(1);
		alarm(60);
		for (;;)
			;
	}
	int st = -1;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "status %#x, not killed by SIGKILL", st);
	CHECK_EQ(sh->xcpu, 2);
	CHECK_EQ(sh->soft_after_first, 2);
	return t_done();
}
