/*
 * prctl_timerslack_tsc: PR_SET_TIMERSLACK / PR_GET_TIMERSLACK and
 * PR_SET_TSC / PR_GET_TSC, as Linux.  The timer slack starts at 50000 ns
 * (on ushi; natively it is inherited), any value is kept, a fork inherits
 * it and 0 brings back the value the task had at its fork.  rdtsc works
 * (PR_TSC_ENABLE) until PR_TSC_SIGSEGV, after which it kills the thread
 * with SIGSEGV - while the other processes, switched to and from, still
 * read it; a fork inherits the mode, PR_TSC_ENABLE gives rdtsc back, any
 * other mode is EINVAL and a bad pointer for PR_GET_TSC EFAULT.
 */
#include "t.h"
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/wait.h>

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static int tsc_mode(void)
{
	int m = -1;
	return prctl(PR_GET_TSC, &m, 0, 0, 0) == 0 ? m : -1;
}

static void timerslack(void)
{
	long v0 = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
	CHECK(v0 > 0, "PR_GET_TIMERSLACK %ld", v0);
	if (t_on_ushi())
		CHECK_EQ(v0, 50000);
	CHECK_EQ(prctl(PR_SET_TIMERSLACK, 1, 0, 0, 0), 0);
	CHECK_EQ(prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0), 1);
	CHECK_EQ(prctl(PR_SET_TIMERSLACK, INT_MAX, 0, 0, 0), 0);
	CHECK_EQ(prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0), INT_MAX);
	CHECK_EQ(prctl(PR_SET_TIMERSLACK, 70000, 0, 0, 0), 0);
	pid_t c = fork();
	if (c == 0) {
		if (prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0) != 70000)
			_exit(1);
		prctl(PR_SET_TIMERSLACK, 123, 0, 0, 0);
		prctl(PR_SET_TIMERSLACK, 0, 0, 0, 0);
		_exit(prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0) == 70000 ? 0 : 2);
	}
	int st = -1;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child: status %#x", st);
	CHECK_EQ(prctl(PR_SET_TIMERSLACK, 0, 0, 0, 0), 0);
	CHECK_EQ(prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0), v0);
}

static void tsc(void)
{
	CHECK_EQ(tsc_mode(), PR_TSC_ENABLE);
	uint64_t a = rdtsc(), b = rdtsc();
	CHECK(b > a, "rdtsc %llu then %llu", (unsigned long long)a, (unsigned long long)b);
	CHECK_ERR(prctl(PR_SET_TSC, 3, 0, 0, 0), EINVAL);
	CHECK_ERR(prctl(PR_SET_TSC, 0, 0, 0, 0), EINVAL);
	CHECK_ERR(prctl(PR_GET_TSC, (void *)8, 0, 0, 0), EFAULT);

	/* The child forbids itself rdtsc; we read it between its steps. */
	int go[2], back[2];
	CHECK_OK(pipe(go));
	CHECK_OK(pipe(back));
	pid_t c = fork();
	if (c == 0) {
		char x;
		if (prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0) || tsc_mode() != PR_TSC_SIGSEGV)
			_exit(1);
		pid_t g = fork();               /* inherits the mode */
		if (g == 0) {
			rdtsc();
			_exit(2);
		}
		int st;
		if (waitpid(g, &st, 0) != g || !WIFSIGNALED(st) || WTERMSIG(st) != SIGSEGV)
			_exit(3);
		if (prctl(PR_SET_TSC, PR_TSC_ENABLE, 0, 0, 0) || rdtsc() == 0)
			_exit(4);
		prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0);
		write(back[1], "r", 1);
		read(go[0], &x, 1);
		rdtsc();                        /* dies here */
		_exit(5);
	}
	char x = 0;
	CHECK_EQ(read(back[0], &x, 1), 1);
	a = rdtsc();                            /* the child's mode is not ours */
	CHECK(a > b, "rdtsc after the child's switch: %llu", (unsigned long long)a);
	CHECK_EQ(tsc_mode(), PR_TSC_ENABLE);
	CHECK_EQ(write(go[1], "g", 1), 1);
	int st = -1;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "child: status %#x, not SIGSEGV", st);
	CHECK(rdtsc() > a, "rdtsc after the child died");
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	timerslack();
	tsc();
	return t_done();
}
