/*
 * zz_nochecks - a test that asserts nothing and exits through t_done():
 * with zero checks it must fail.  tests/host/harness_boot.sh runs it.
 */
#include "t.h"

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	t_log("checking nothing at all");
	return t_done();
}
