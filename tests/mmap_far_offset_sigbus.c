/*
 * mmap_far_offset_sigbus: a file mapped at the largest offset mmap allows
 * (a page below 2^63 bytes) and then grown by mremap reaches page indexes
 * of 2^51 and more; touching any of them is past the end of the file:
 * SIGBUS, as Linux - never an attempt to make the file that large (which
 * ended in an out-of-memory SIGKILL on ushi).
 */
#include "t.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define FAR 0x7fffffffffffe000L          /* the last page offset mmap takes for 4096 bytes */

static int touch_status(volatile char *p)
{
	pid_t c = fork();
	if (c == 0) {
		volatile char v = *p;
		(void)v;
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	return st;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int fd = open(argv[0], O_RDONLY);
	CHECK(fd >= 0, "open ourselves");
	char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, FAR);
	CHECK(p != MAP_FAILED, "mmap at the largest offset: %s", strerror(errno));
	if (p == MAP_FAILED)
		return t_done();
	int st = touch_status(p);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS, "touching it: status %#x", st);
	char *q = mremap(p, 4096, 3 * 4096, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED, "mremap to three pages: %s", strerror(errno));
	if (q != MAP_FAILED) {
		st = touch_status(q + 4096);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS, "page index 2^51: status %#x", st);
		st = touch_status(q + 2 * 4096);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS, "page index 2^51 + 1: status %#x", st);
	}
	t_log("pages at offsets near 2^63 are past the end of the file: SIGBUS");
	close(fd);
	return t_done();
}
