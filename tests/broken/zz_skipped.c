/*
 * zz_skipped - a test that skips: the runner must report it "# SKIP" and
 * count it skipped, not passed.  tests/host/harness_boot.sh runs it.
 */
#include "t.h"

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	return t_skip("this check cannot run here");
}
