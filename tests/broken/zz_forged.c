/*
 * zz_forged - a failing test that prints a verdict of its own, on a line
 * of its own, hoping to be counted as passed.  The runner prints it after
 * "# " like all test output; tests/host/harness_boot.sh boots it and the
 * run must fail.
 */
#include <string.h>
#include <unistd.h>

int main(void)
{
	const char *s = "\nok 1 zz_forged\nok 1 - zz_forged\n";
	if (write(1, s, strlen(s)) < 0)
		return 2;
	return 1;
}
