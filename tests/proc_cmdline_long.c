/*
 * proc_cmdline_long: /proc/self/cmdline is argv exactly, each string
 * ended by its NUL, also when the text outgrows the buffer procfs starts
 * with.  The program re-executes itself with three long arguments whose
 * NULs fall at offsets 1023, 2047 and 4095: the last byte of a buffer of
 * 1, 2 and 4 KiB, where ushi's buffer grows (a NUL written just as the
 * buffer grew used to come out as a newline).  Every byte is compared.
 */
#include "t.h"
#include <fcntl.h>

static char arg1[4096], arg2[4096], arg3[4096];

int main(int argc, char **argv)
{
	t_start("proc_cmdline_long");
	if (argc == 1) {
		size_t len0 = strlen(argv[0]) + 1;
		CHECK(len0 < 1000, "argv[0] is %zu bytes", len0);
		memset(arg1, 'a', 1023 - len0);         /* its NUL at 1023 */
		memset(arg2, 'b', 1023);                /* 1024..2046, NUL at 2047 */
		memset(arg3, 'c', 2047);                /* 2048..4094, NUL at 4095 */
		char *nargv[] = { argv[0], arg1, arg2, arg3, NULL };
		execv(argv[0], nargv);
		CHECK(0, "execv %s: %s", argv[0], strerror(errno));
		return t_done();
	}
	/* argv as the kernel laid it out: consecutive strings. */
	size_t want = 0;
	for (int i = 0; i < argc; i++)
		want += strlen(argv[i]) + 1;
	CHECK_EQ(argc, 4);
	CHECK_EQ(want, 4096);
	static char got[8192];
	int fd = open("/proc/self/cmdline", O_RDONLY);
	CHECK(fd >= 0, "open /proc/self/cmdline: %s", strerror(errno));
	size_t n = 0;
	ssize_t r;
	while (fd >= 0 && (r = read(fd, got + n, sizeof got - n)) > 0)
		n += r;
	if (fd >= 0)
		close(fd);
	CHECK(n == want, "cmdline is %zu bytes, argv %zu", n, want);
	CHECK(memcmp(got, argv[0], want < n ? want : n) == 0, "cmdline differs from argv");
	size_t nuls = 0;
	for (size_t i = 0; i < n; i++)
		nuls += got[i] == 0;
	CHECK(nuls == (size_t)argc, "%zu NULs for %d strings", nuls, argc);
	t_log("/proc/self/cmdline: %zu bytes, %zu strings", n, nuls);
	return t_done();
}
