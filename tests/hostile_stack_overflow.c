/*
 * hostile_stack_overflow: unbounded recursion on the main stack (each
 * case in a forked child with RLIMIT_STACK set to 8 MiB).
 *
 * With no handler the child is killed by SIGSEGV.  With a SIGSEGV handler
 * but no alternate stack there is nowhere to put the signal frame: killed
 * by SIGSEGV too.  With a handler on a sigaltstack the SIGSEGV is caught:
 * si_code SEGV_MAPERR, si_addr in the page just below both the deepest
 * frame and the stack area, and the stack area is exactly RLIMIT_STACK
 * long.  A readable mapping placed just below that limit is never grown
 * into: the stack stops one guard gap (1 MiB, Linux's default
 * stack_guard_gap) above it, the fault lies in the gap, and the mapping's
 * contents are untouched.  A PROT_NONE mapping gets no gap: the stack
 * grows right up to it and the fault (SEGV_ACCERR) lies inside it.  The
 * parent lives through all of it.
 */
#include "t.h"
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define PG 4096UL
#define STACK_LIMIT (8UL << 20)
#define GUARD_GAP (256 * PG)            /* Linux's default stack_guard_gap */
#define ALT_SIZE (64 * 1024)

static volatile uintptr_t deepest;      /* the lowest frame the recursion reached */
static uintptr_t below_start, below_end; /* the mapping put below the stack, if any */
static int expect_gap;                  /* the stack must stop a guard gap above it */
static char maps[16384];

static volatile int never = -1;         /* a way out the compiler cannot rule out */

/* Each frame touches a small array, so the faults come one page apart. */
static __attribute__((noinline)) int dive(int depth)
{
	volatile char pad[200];
	if (depth == never)
		return 0;
	pad[0] = (char)depth;
	deepest = (uintptr_t)pad;
	return dive(depth + 1) + pad[0];
}

/* The area of /proc/self/maps that contains addr: 0, or -1 if none. */
static int find_area(uintptr_t addr, uintptr_t *start, uintptr_t *end)
{
	int fd = open("/proc/self/maps", O_RDONLY);
	if (fd < 0)
		return -1;
	size_t len = 0;
	ssize_t n;
	while (len < sizeof maps - 1 && (n = read(fd, maps + len, sizeof maps - 1 - len)) > 0)
		len += n;
	close(fd);
	maps[len] = 0;
	for (char *line = maps; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		char *dash;
		uintptr_t s = strtoul(line, &dash, 16), e = strtoul(dash + 1, NULL, 16);
		if (s <= addr && addr < e) {
			*start = s;
			*end = e;
			return 0;
		}
	}
	return -1;
}

/* Bits of the exit status a caught overflow reports to the parent. */
enum {
	BAD_CODE = 1, BAD_ADDR_FRAME = 2, BAD_STACK_SIZE = 4, BAD_ADDR_STACK = 8,
	BAD_GAP = 16, BAD_CONTENTS = 32, BAD_NO_AREA = 64,
};

/* Runs on the alternate stack: judge the fault, then leave for good. */
static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	uintptr_t addr = (uintptr_t)si->si_addr, s = 0, e = 0;
	int bad = 0;
	if (find_area(deepest, &s, &e))
		_exit(BAD_NO_AREA);
	if (below_start && !expect_gap) {
		/* PROT_NONE below: grown right up to it, the fault inside it. */
		if (si->si_code != SEGV_ACCERR)
			bad |= BAD_CODE;
		if (s != below_end)
			bad |= BAD_GAP;
		if (addr < below_start || addr >= below_end)
			bad |= BAD_ADDR_STACK;
		_exit(bad);
	}
	if (si->si_code != SEGV_MAPERR)
		bad |= BAD_CODE;
	if (addr >= deepest || deepest - addr > PG)
		bad |= BAD_ADDR_FRAME;
	if (addr >= s || s - addr > PG)
		bad |= BAD_ADDR_STACK;
	if (expect_gap) {
		if (s != below_end + GUARD_GAP || addr < below_end)
			bad |= BAD_GAP;
		for (uintptr_t p = below_start; p < below_end; p += 64)
			if (*(volatile char *)p != 'M')
				bad |= BAD_CONTENTS;
	} else if (e - s != STACK_LIMIT) {
		bad |= BAD_STACK_SIZE;
	}
	_exit(bad);
}

static void catch_on(int altstack)
{
	if (altstack) {
		stack_t ss = { .ss_sp = malloc(ALT_SIZE), .ss_size = ALT_SIZE };
		sigaltstack(&ss, NULL);
	}
	struct sigaction sa = { .sa_sigaction = on_segv };
	sa.sa_flags = SA_SIGINFO | (altstack ? SA_ONSTACK : 0);
	sigaction(SIGSEGV, &sa, NULL);
}

/* Puts a page of prot at top - PG, where top is offset below the stack's end. */
static int map_below(int prot, uintptr_t offset)
{
	uintptr_t s, e, here = (uintptr_t)&s;
	if (find_area(here, &s, &e))
		return -1;
	uintptr_t at = e - offset - PG;
	void *p = mmap((void *)at, PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p != (void *)at)
		return -1;
	memset(p, 'M', PG);
	if (mprotect(p, PG, prot))
		return -1;
	below_start = at;
	below_end = at + PG;
	return 0;
}

enum { NO_HANDLER, NO_ALTSTACK, CAUGHT, MAP_BELOW, PROT_NONE_BELOW };

/* One overflow in a child; returns its wait status. */
static int overflow(int how)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit rl;
		getrlimit(RLIMIT_STACK, &rl);
		rl.rlim_cur = STACK_LIMIT;
		if (setrlimit(RLIMIT_STACK, &rl))
			_exit(100);
		if (how == NO_ALTSTACK)
			catch_on(0);
		if (how >= CAUGHT)
			catch_on(1);
		if (how == MAP_BELOW) {
			expect_gap = 1;
			if (map_below(PROT_READ, STACK_LIMIT))
				_exit(101);
		}
		if (how == PROT_NONE_BELOW && map_below(PROT_NONE, STACK_LIMIT / 2))
			_exit(101);
		dive(0);
		_exit(102);
	}
	int st = 0;
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static void check_caught(const char *what, int st)
{
	CHECK(WIFEXITED(st), "%s: child status %#x", what, st);
	if (!WIFEXITED(st))
		return;
	int bad = WEXITSTATUS(st);
	CHECK(bad < 100, "%s: setup failed (%d)", what, bad);
	if (bad >= 100)
		return;
	CHECK(!(bad & BAD_NO_AREA), "%s: no area holds the deepest frame", what);
	CHECK(!(bad & BAD_CODE), "%s: wrong si_code", what);
	CHECK(!(bad & BAD_ADDR_FRAME), "%s: si_addr is not just below the deepest frame", what);
	CHECK(!(bad & BAD_ADDR_STACK), "%s: si_addr is not just below the stack area", what);
	CHECK(!(bad & BAD_STACK_SIZE), "%s: the stack did not grow to RLIMIT_STACK", what);
	CHECK(!(bad & BAD_GAP), "%s: the stack did not stop where it should", what);
	CHECK(!(bad & BAD_CONTENTS), "%s: the mapping below the stack was written", what);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int st = overflow(NO_HANDLER);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "no handler: status %#x", st);
	st = overflow(NO_ALTSTACK);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "no altstack: status %#x", st);
	t_log("a handler on an alternate stack catches the overflow");
	check_caught("caught", overflow(CAUGHT));
	t_log("a mapping below the stack limit keeps its guard gap");
	check_caught("map below", overflow(MAP_BELOW));
	t_log("a PROT_NONE mapping below the stack gets no gap");
	check_caught("PROT_NONE below", overflow(PROT_NONE_BELOW));
	/* The parent is untouched: its own stack and heap still work. */
	char *p = malloc(1 << 16);
	CHECK(p != NULL, "malloc after the overflows failed");
	memset(p, 1, 1 << 16);
	free(p);
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	return t_done();
}
