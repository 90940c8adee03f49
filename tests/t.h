/*
 * t.h - the few helpers every ushi test program shares.
 *
 * A test program checks one behaviour, prints what it checks as
 * "name: ..." lines, and exits 0 when every check held.  The same binary
 * runs on ushi and natively on Linux (the oracle), so nothing here may
 * depend on ushi.  Output goes straight to fd 1 with dprintf, never
 * through stdio buffers, so a fork can never print a line twice.
 */
#ifndef USHI_T_H
#define USHI_T_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

static const char *t_name = "test";
static int t_checks, t_failed;

/* Call first: names the test after argv[0]'s last component. */
static inline void t_start(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');
	t_name = slash ? slash + 1 : argv0;
}

#define t_log(...) do { dprintf(1, "%s: ", t_name); dprintf(1, __VA_ARGS__); \
	dprintf(1, "\n"); } while (0)

/* CHECK(cond, fmt, ...): count a check; on failure say where and why. */
#define CHECK(cond, ...) do { t_checks++; if (!(cond)) { t_failed++; \
	dprintf(1, "%s: FAIL %s:%d: %s: ", t_name, __FILE__, __LINE__, #cond); \
	dprintf(1, __VA_ARGS__); dprintf(1, "\n"); } } while (0)

/* CHECK_EQ(a, b): a and b compared as long long, both printed on failure. */
#define CHECK_EQ(a, b) do { long long t_a = (long long)(a), t_b = (long long)(b); \
	CHECK(t_a == t_b, "%s = %lld, expected %lld", #a, t_a, t_b); } while (0)

/* CHECK_ERR(expr, e): expr must return -1 with errno == e. */
#define CHECK_ERR(expr, e) do { errno = 0; long t_r = (long)(expr); int t_e = errno; \
	CHECK(t_r == -1 && t_e == (e), "%s returned %ld errno %d (%s), expected -1 errno %d (%s)", \
	      #expr, t_r, t_e, strerror(t_e), (int)(e), strerror(e)); } while (0)

/* CHECK_OK(expr): expr must not return -1. */
#define CHECK_OK(expr) do { errno = 0; long t_r = (long)(expr); int t_e = errno; \
	CHECK(t_r != -1, "%s failed: errno %d (%s)", #expr, t_e, strerror(t_e)); } while (0)

/* ushi by its uname: the version names ushi (the sysname is "Linux",
 * as every kernel of Linux's ABI says). */
static inline int t_on_ushi(void)
{
	struct utsname u;
	return uname(&u) == 0 && strstr(u.version, "ushi");
}

/*
 * Last call in main: prints the tally and gives the exit status.  A test
 * that checked nothing asserted nothing, so it fails rather than pass.
 */
static inline int t_done(void)
{
	dprintf(1, "%s: %d checks, %d failed\n", t_name, t_checks, t_failed);
	if (t_checks == 0)
		dprintf(1, "%s: FAIL no check was made\n", t_name);
	return t_failed || t_checks == 0 ? 1 : 0;
}

/* The runner's exit status for "skipped" (automake's and TAP's 77). */
#define T_SKIP 77

/*
 * Ends a test that cannot check its behaviour here (say, ushi's own
 * files on Linux): the runner reports it as "# SKIP reason", counted as
 * skipped, never as passed.  Any check failed before it still fails.
 */
static inline int t_skip(const char *reason)
{
	dprintf(1, "%s: skipped: %s\n", t_name, reason);
	return t_failed ? 1 : T_SKIP;
}

#endif
