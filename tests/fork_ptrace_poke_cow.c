/*
 * fork_ptrace_poke_cow: PTRACE_POKEDATA into a traced child's memory that
 * is still shared copy-on-write with the tracer (its parent) changes the
 * child's copy only.  ptrace writes through the kernel's own mapping of
 * the frame, not through the child's page tables, so the kernel must
 * first give the child a page (and a page table) of its own.
 * A 4 MiB private region (two page tables' worth) is written, then
 * forked; the child stops itself (PTRACE_TRACEME, SIGSTOP) before
 * touching it.  The parent pokes a word into each table's first page,
 * peeks it back, and checks its own region unchanged; the child, let go,
 * finds exactly the poked words and the rest as before fork.
 */
#include "t.h"
#include "t_fork.h"
#include <sys/ptrace.h>

#define NPAGES 1024
#define POKED(i) (i == 0 || i == 512)   /* the first page of each table */
#define VALUE 0x5eed5eed5eedull

static volatile uint64_t *region;

static uint64_t data(unsigned long p) { return 0xab000000ull + p; }

/* The child after its stop: the pages as the poke left them? */
static int child_view_wrong(void)
{
	int bad = 0;
	for (unsigned long p = 0; p < NPAGES; p++)
		bad += *tf_word(region, p) != (POKED(p) ? VALUE : data(p));
	return bad;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	region = tf_map_filled(NPAGES, data(0));
	CHECK(region != NULL, "mmap: %s", strerror(errno));
	if (!region)
		return t_done();
	pid_t pid = fork();
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
			_exit(100);
		raise(SIGSTOP);
		_exit(child_view_wrong() ? 1 : 0);
	}
	CHECK(pid > 0, "fork: %s", strerror(errno));
	if (pid < 0)
		return t_done();
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "the child did not stop: status 0x%x", st);
	for (unsigned long p = 0; p < NPAGES; p++) {
		if (!POKED(p))
			continue;
		CHECK_OK(ptrace(PTRACE_POKEDATA, pid, (void *)tf_word(region, p), (void *)VALUE));
		errno = 0;
		long got = ptrace(PTRACE_PEEKDATA, pid, (void *)tf_word(region, p), NULL);
		CHECK(errno == 0 && (uint64_t)got == VALUE, "peek after poke of page %lu: %lx", p, got);
		errno = 0;
		got = ptrace(PTRACE_PEEKDATA, pid, (void *)tf_word(region, p + 1), NULL);
		CHECK(errno == 0 && (uint64_t)got == data(p + 1), "the page after it: %lx", got);
	}
	unsigned long changed = 0;
	for (unsigned long p = 0; p < NPAGES; p++)
		changed += *tf_word(region, p) != data(p);
	CHECK(changed == 0, "the poke changed %lu of the tracer's own pages", changed);
	t_log("poked the first page of two shared page tables in the stopped child");
	CHECK_OK(ptrace(PTRACE_CONT, pid, NULL, NULL));
	CHECK_EQ(tf_wait_ok(pid), 0);
	CHECK_OK(munmap((void *)region, NPAGES * TF_PAGE));
	return t_done();
}
