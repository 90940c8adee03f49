/*
 * zz_glued - a failing test whose last words have no newline.  Were its
 * output passed straight to the console, the runner's "not ok" would
 * land at the end of "partial output" and no judge would see a verdict.
 * tests/host/harness_boot.sh boots it and the run must fail.
 */
#include <string.h>
#include <unistd.h>

int main(void)
{
	const char *s = "partial output";
	if (write(1, s, strlen(s)) < 0)
		return 2;
	return 1;
}
