/*
 * zz_lingering - a test that passes but leaves a grandchild holding its
 * output open for a few seconds.  The runner must not wait for it: it
 * reads the pipe for a bounded time after the test exits, then moves
 * on.  tests/host/runner_native.sh runs it.
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	if (fork() == 0) {
		sleep(6);
		_exit(0);
	}
	dprintf(1, "zz_lingering: a grandchild keeps this output open\n");
	return 0;
}
