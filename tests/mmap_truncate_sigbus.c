/*
 * mmap_truncate_sigbus: a file that shrinks takes its cut-off pages out of
 * every mapping, as Linux.  A two-page file is mapped MAP_SHARED (both
 * pages read) and MAP_PRIVATE (second page written: a private copy), and a
 * child forked before the cut holds the same mappings.  After
 * ftruncate(fd, 100):
 *   - touching the second page - through either mapping, in us or in the
 *     child - is SIGBUS (BUS_ADRERR), the private copy included;
 *   - the first page keeps its data; the bytes past the new end in it
 *     read zero through the shared mapping.
 * After ftruncate back to two pages the second page reads zero through
 * both mappings.
 */
#include "t.h"
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PG 4096

static sigjmp_buf jb;
static volatile int bus_code;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
	(void)sig; (void)uc;
	bus_code = si->si_code;
	siglongjmp(jb, 1);
}

/* Reads *p; returns the byte, or -1 on SIGBUS. */
static int touch(volatile char *p)
{
	if (sigsetjmp(jb, 1))
		return -1;
	return *p;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char path[64];
	snprintf(path, sizeof path, "/tmp/mmap_truncate.%d", getpid());
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "open %s: %s", path, strerror(errno));
	char buf[2 * PG];
	memset(buf, 'a', PG);
	memset(buf + PG, 'b', PG);
	CHECK_EQ(write(fd, buf, sizeof buf), (ssize_t)sizeof buf);
	char *sh = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *pv = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(sh != MAP_FAILED && pv != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK(sh[PG] == 'b' && pv[0] == 'a', "contents before the cut");
	pv[PG] = 'X';                   /* a private copy of the second page */

	int go[2];
	CHECK_OK(pipe(go));
	pid_t c = fork();
	if (c == 0) {
		char ch;
		read(go[0], &ch, 1);
		volatile char v = sh[PG];       /* cut off: SIGBUS */
		(void)v;
		_exit(0);
	}
	CHECK_OK(ftruncate(fd, 100));
	CHECK_EQ(write(go[1], "g", 1), 1);
	int st;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS, "a child touching the cut-off page: status %#x", st);
	t_log("a process that mapped the file before the cut gets SIGBUS past the new end");

	struct sigaction sa = { 0 };
	sa.sa_sigaction = on_bus;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGBUS, &sa, NULL);
	CHECK_EQ(touch(sh + PG), -1);
	CHECK_EQ(bus_code, BUS_ADRERR);
	bus_code = 0;
	CHECK_EQ(touch(pv + PG), -1);
	CHECK_EQ(bus_code, BUS_ADRERR);
	t_log("our shared mapping and our private copy of the page: SIGBUS too");

	CHECK_EQ(touch(sh), 'a');
	CHECK_EQ(touch(sh + 99), 'a');
	CHECK_EQ(touch(sh + 100), 0);
	CHECK_EQ(touch(pv + 50), 'a');
	t_log("the first page keeps its data, zero past the new end");

	CHECK_OK(ftruncate(fd, 2 * PG));
	CHECK_EQ(touch(sh + PG), 0);
	CHECK_EQ(touch(pv + PG), 0);
	t_log("grown again: the second page reads zero through both mappings");

	munmap(sh, 2 * PG);
	munmap(pv, 2 * PG);
	close(fd);
	unlink(path);
	return t_done();
}
