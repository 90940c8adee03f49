/*
 * race_munmap_read: memory that one thread unmaps and maps again, all the
 * time, while the other threads of the process read it.  Each round is a
 * child process whose threads are
 *
 *   mutator  replaces the region R: munmap then map, MAP_FIXED over it,
 *            unmap and remap its middle pages (splitting the area),
 *            mprotect(PROT_NONE) and back, an anonymous (zero) mapping; R
 *            maps "generation" slabs of a prepared file, so its content
 *            changes only with its mappings.  It also unmaps, maps and
 *            write-protects a second region R2.
 *   reader   loads every word of R in user mode
 *   writer   write(2)s R into a pipe and pwrite(2)s it into a file (the
 *            kernel reads R), and reads the file back
 *   drainer  read(2)s the pipe into R2 (the kernel writes memory that may
 *            be gone) or into a buffer of its own
 *   forker   forks: the child reads a frozen copy of R and R2 twice
 *            (copy_page_range ran between two changes of the mutator)
 *   vforker  vforks: the child, on the same mm while the mutator goes on,
 *            pwrite(2)s R into a file and reads it, then exits
 *
 * What must hold in every interleaving: every byte anyone reads (in user
 * mode, through the pipe, back from the file, in a fork child) is 0 (a
 * fresh page) or that byte of a word the mutator mapped: never another
 * page's content.  A read(2) or write(2) on memory that went away fails
 * with EFAULT or returns a short count, and no byte is lost or duplicated
 * in the pipe (bytes written == bytes read).  A fork child sees the same
 * thing in both passes; every child exits normally.  In half the rounds the
 * reader has no SIGSEGV handler and there are no forks: that process ends
 * normally or by SIGSEGV, nothing else.  And the race did happen: over
 * the rounds a reader died of SIGSEGV, a fault was caught, a read or
 * write met EFAULT, fork and vfork children ran (more rounds run until
 * each was seen, up to MAX_ROUNDS).
 */
#include "t.h"
#include "t_thread.h"
#include "t_signal.h"
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

#define ROUNDS 24                       /* at least; more until each interleaving was seen */
#define MAX_ROUNDS 96
#define ITERS 48                        /* mutator steps per round */
#define GMAX (ITERS + 1)                /* generations in the slab file */
#define NPAGES 4
#define RLEN (NPAGES * 4096)
#define NW (RLEN / 8)

/*
 * Word w of generation g: bytes 0-1 the index, 2-3 a constant, 4 the
 * generation, 5-7 constants.  Checked byte by byte (a copy racing a
 * remap on Linux's other CPUs may mix two words, never invent a byte).
 */
static uint64_t word(unsigned w, unsigned g)
{
	return 0xb00b1e0000000000ULL | (uint64_t)g << 32 | 0xace50000ULL | w;
}

/* w < 0: a word whose index is unknown (from the pipe). */
static int word_ok(uint64_t v, long w)
{
	uint64_t want = word(w < 0 ? 0 : (unsigned)w, 0);
	for (int k = 0; k < 8; k++) {
		unsigned b = (v >> (8 * k)) & 0xff, e = (want >> (8 * k)) & 0xff;
		if (k == 4) {
			if (b > GMAX)
				return 0;
		} else if ((k >= 2 || w >= 0) && b && b != e) {
			return 0;
		}
	}
	return 1;
}

/* What a round reports to the top process (shared memory). */
struct report {
	int bad_user, bad_pipe, bad_file, bad_r2;       /* wrong bytes seen */
	int bad_write, bad_read, bad_map;       /* results other than a count or EFAULT */
	int bad_fork, bad_vfork;
	int lost_bytes;                 /* written to the pipe minus read from it */
	int faults, efaults, forks, vforks;
};

static struct report *rep;
static uint64_t *R, *R2;
static int gfd, pfd[2], wfd, vfd;
static int with_handler;
static volatile int stop, mutator_done;

/* ---- faultable loads --------------------------------------------------------- */

/* probe(p, out): one 8-byte load; 0 and *out, or 1 if it faulted. */
int probe(const volatile uint64_t *p, uint64_t *out);
extern char probe_load[], probe_fixup[];
__asm__(
	".text\n"
	".local probe\n"
	".type probe,@function\n"
	"probe:\n"
	"	xor %eax, %eax\n"
	"probe_load:\n"
	"	mov (%rdi), %rdx\n"
	"	mov %rdx, (%rsi)\n"
	"	ret\n"
	"probe_fixup:\n"
	"	mov $1, %eax\n"
	"	ret\n"
	".size probe, .-probe\n");

/* A fault in probe resumes at probe_fixup; any other fault is fatal. */
static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	(void)si;
	ucontext_t *uc = ctx;
	if (uc->uc_mcontext.gregs[REG_RIP] == (greg_t)probe_load) {
		uc->uc_mcontext.gregs[REG_RIP] = (greg_t)probe_fixup;
		return;
	}
	struct ts_ksigaction dfl = { SIG_DFL, 0, NULL, 0 };
	ts_sigaction(sig, &dfl, NULL, 8);       /* the load runs again and kills us */
}

/* ---- the threads ------------------------------------------------------------------ */

static long map_fixed(void *at, long len, int prot, int flags, int fd, long off)
{
	return t_sys6(SYS_mmap, (long)at, len, prot, flags | MAP_FIXED, fd, off);
}

static void yield(void)
{
	t_sys0(SYS_sched_yield);
}

static int mutator(void *arg)
{
	(void)arg;
	char *r = (char *)R;
	for (int i = 0; i < ITERS; i++) {
		long g = i + 1, slab = g * RLEN, e = 0;
		switch (i % 5) {
		case 0:
			e |= t_sys2(SYS_munmap, r, RLEN);
			yield();
			e |= map_fixed(r, RLEN, PROT_READ, MAP_PRIVATE, gfd, slab) < 0;
			break;
		case 1:
			e |= map_fixed(r, RLEN, PROT_READ, MAP_SHARED, gfd, slab) < 0;
			break;
		case 2:
			e |= t_sys2(SYS_munmap, r + 4096, 2 * 4096);
			yield();
			e |= map_fixed(r + 4096, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, gfd,
				       slab + 4096) < 0;
			break;
		case 3:
			e |= t_sys3(SYS_mprotect, r, RLEN, PROT_NONE);
			yield();
			e |= t_sys3(SYS_mprotect, r, RLEN, PROT_READ);
			break;
		case 4:
			e |= map_fixed(r, RLEN, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) < 0;
			break;
		}
		/* R2 (the drainer's target): gone, back (zero), or read-only. */
		if (i % 3 == 0) {
			e |= t_sys2(SYS_munmap, R2, RLEN);
			yield();
			e |= map_fixed(R2, RLEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) < 0;
		} else if (i % 3 == 1) {
			e |= t_sys3(SYS_mprotect, R2, RLEN, PROT_READ);
			yield();
			e |= t_sys3(SYS_mprotect, R2, RLEN, PROT_READ | PROT_WRITE);
		}
		if (e)
			t_atomic_inc(&rep->bad_map);
		yield();
	}
	t_atomic_store(&mutator_done, 1);
	return 0;
}

static int reader(void *arg)
{
	(void)arg;
	while (!t_atomic_load(&stop)) {
		for (int w = 0; w < NW; w++) {
			uint64_t v;
			if (with_handler) {
				if (probe(&R[w], &v)) {
					rep->faults++;
					continue;
				}
			} else {
				v = ((volatile uint64_t *)R)[w];        /* may kill the process */
			}
			if (!word_ok(v, w))
				rep->bad_user++;
		}
		yield();
	}
	return 0;
}

static uint64_t wbuf[NW];

static int writer(void *arg)
{
	(void)arg;
	static const long offs[] = { 0, 8, 4096, 3 * 4096 - 8 };
	for (int i = 0; !t_atomic_load(&stop); i++) {
		long off = offs[i % 4];
		long r = t_sys3(SYS_write, pfd[1], (char *)R + off, RLEN - off);
		if (r >= 0 && r % 8 == 0 && r <= RLEN - off)
			__atomic_add_fetch(&rep->lost_bytes, r, __ATOMIC_SEQ_CST);
		else if (r == -EFAULT)
			t_atomic_inc(&rep->efaults);
		else
			rep->bad_write++;
		/* The file: what pwrite says it wrote is there, and sane. */
		r = t_sys6(SYS_pwrite64, wfd, (long)R, RLEN, 0, 0, 0);
		if (r == -EFAULT)
			t_atomic_inc(&rep->efaults);
		else if (r < 0 || r > RLEN)
			rep->bad_write++;
		if (r > 0) {
			long n = t_sys6(SYS_pread64, wfd, (long)wbuf, r, 0, 0, 0);
			if (n != r)
				rep->bad_file++;
			for (long w = 0; w < n / 8; w++)
				if (!word_ok(wbuf[w], w))
					rep->bad_file++;
		}
		yield();
	}
	return 0;
}

static uint64_t dbuf[NW];

/* Reads the pipe to its end (the main thread closes the write end last). */
static int drainer(void *arg)
{
	(void)arg;
	for (int i = 0;; i++) {
		long r;
		if (i % 2 && !t_atomic_load(&mutator_done)) {
			r = t_sys3(SYS_read, pfd[0], R2, RLEN);
			for (long w = 0; w < r / 8; w++) {
				uint64_t v;
				if (with_handler && !probe(&R2[w], &v) && !word_ok(v, -1))
					rep->bad_r2++;
			}
		} else {
			r = t_sys3(SYS_read, pfd[0], dbuf, RLEN);
			for (long w = 0; w < r / 8; w++)
				if (!word_ok(dbuf[w], -1))
					rep->bad_pipe++;
		}
		if (r == 0)
			return 0;
		if (r > 0 && r % 8 == 0)
			__atomic_sub_fetch(&rep->lost_bytes, r, __ATOMIC_SEQ_CST);
		else if (r == -EFAULT)
			t_atomic_inc(&rep->efaults);
		else
			rep->bad_read++;
	}
}

static uint64_t snap[2][NW];

/* A fork child: the one thread of a frozen copy; 0 if all it saw was sane. */
static int fork_child(void)
{
	uint64_t *regions[2] = { R, R2 };
	for (int k = 0; k < 2; k++) {
		for (int pass = 0; pass < 2; pass++) {
			for (int w = 0; w < NW; w++) {
				uint64_t v = 0;
				if (probe(&regions[k][w], &v))
					v = ~0ULL;      /* never a valid word: marks a fault */
				if (pass == 0)
					snap[k][w] = v;
				else if (snap[k][w] != v)
					return 1;
				if (v != ~0ULL && !word_ok(v, k == 0 ? w : -1))
					return 2;
			}
		}
	}
	return 0;
}

static int forker(void *arg)
{
	(void)arg;
	while (!t_atomic_load(&stop)) {
		long pid = t_sys0(SYS_fork);
		if (pid == 0)
			t_exit_group(fork_child());
		int st = -1;
		if (pid < 0 || t_sys6(SYS_wait4, pid, (long)&st, 0, 0, 0, 0) != pid ||
		    !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			rep->bad_fork++;
		rep->forks++;
	}
	return 0;
}

/* The vfork child: on our stack below the parent's frame, never returns. */
static __attribute__((noinline, noreturn)) void vfork_child(void)
{
	int bad = 0;
	long r = t_sys6(SYS_pwrite64, vfd, (long)R, RLEN, 0, 0, 0);
	if (!(r == -EFAULT || (r >= 0 && r <= RLEN)))
		bad = 1;
	for (int w = 0; w < NW; w += 61) {
		uint64_t v;
		if (!probe(&R[w], &v) && !word_ok(v, w))
			bad = 1;
	}
	t_exit_group(bad);
}

static int vforker(void *arg)
{
	(void)arg;
	while (!t_atomic_load(&stop)) {
		long pid = t_sys0(SYS_vfork);
		if (pid == 0)
			vfork_child();
		int st = -1;
		if (pid < 0 || t_sys6(SYS_wait4, pid, (long)&st, 0, 0, 0, 0) != pid ||
		    !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			rep->bad_vfork++;
		rep->vforks++;
	}
	return 0;
}

/* ---- one round ------------------------------------------------------------------ */

static int open_unlinked(const char *name, int round)
{
	char path[96];
	snprintf(path, sizeof path, "/tmp/race_munmap_read.%s.%d", name, round);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	unlink(path);
	return fd;
}

static int run_round(int round)
{
	with_handler = round % 2 == 0;
	R = mmap(NULL, RLEN, PROT_READ, MAP_PRIVATE, gfd, RLEN);       /* generation 1 */
	R2 = mmap(NULL, RLEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	wfd = open_unlinked("w", round);
	vfd = open_unlinked("v", round);
	if (R == MAP_FAILED || R2 == MAP_FAILED || wfd < 0 || vfd < 0 || pipe(pfd))
		return 10;
	if (with_handler) {
		struct ts_ksigaction sa = { (void *)on_segv, SA_SIGINFO | SA_NODEFER | SA_RESTORER,
					    (void *)ts_restore_rt, 0 };
		if (ts_sigaction(SIGSEGV, &sa, NULL, 8))
			return 11;
	}
	static struct t_thread m, u, w, d, f, v;
	if (t_thread_start(&d, drainer, NULL) < 0 || t_thread_start(&w, writer, NULL) < 0 ||
	    t_thread_start(&u, reader, NULL) < 0)
		return 12;
	if (with_handler && (t_thread_start(&f, forker, NULL) < 0 ||
			     t_thread_start(&v, vforker, NULL) < 0))
		return 13;
	if (t_thread_start(&m, mutator, NULL) < 0)
		return 14;
	t_thread_join(&m);
	t_atomic_store(&stop, 1);
	t_thread_join(&u);
	if (with_handler) {
		t_thread_join(&f);
		t_thread_join(&v);
	}
	t_thread_join(&w);
	close(pfd[1]);                  /* the drainer reads to the end of the pipe */
	t_thread_join(&d);
	return 0;
}

/*
 * The race happened: some round ended by SIGSEGV, some fault was caught,
 * some read or write met EFAULT, and fork and vfork children ran while R
 * changed.  (Raw counts depend on timing, so only "at least once" is
 * asserted, and the test runs more rounds until it holds.)
 */
static int all_seen(const struct report *sum, int segv_rounds)
{
	return segv_rounds > 0 && sum->faults > 0 && sum->efaults > 0 && sum->forks > 0 &&
	       sum->vforks > 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	rep = mmap(NULL, sizeof *rep * MAX_ROUNDS, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(rep != MAP_FAILED, "mmap shared");
	/* The slab file: generation g at offset g * RLEN (slab 0 unused). */
	const char *gpath = "/tmp/race_munmap_read.gen";
	gfd = open(gpath, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(gfd >= 0, "open %s: %s", gpath, strerror(errno));
	unlink(gpath);
	static uint64_t slab[NW];
	for (unsigned g = 0; g <= GMAX; g++) {
		for (unsigned w = 0; w < NW; w++)
			slab[w] = word(w, g);
		CHECK_EQ(pwrite(gfd, slab, RLEN, (off_t)g * RLEN), RLEN);
	}
	struct report *all = rep, sum = { 0 };
	int segv_rounds = 0, rounds = 0;
	for (int i = 0; i < ROUNDS || (i < MAX_ROUNDS && !all_seen(&sum, segv_rounds)); i++) {
		rounds++;
		rep = &all[i];
		pid_t pid = fork();
		if (pid == 0)
			_exit(run_round(i));
		CHECK(pid > 0, "fork");
		int st = 0;
		CHECK_EQ(waitpid(pid, &st, 0), pid);
		if (i % 2 == 0) {
			CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "round %d (handler): status %#x", i, st);
			CHECK(rep->lost_bytes == 0, "round %d: %d bytes written to the pipe but never read",
			      i, rep->lost_bytes);
		} else {
			CHECK((WIFEXITED(st) && WEXITSTATUS(st) == 0) ||
			      (WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV),
			      "round %d (no handler): status %#x", i, st);
			segv_rounds += WIFSIGNALED(st);
		}
		CHECK(rep->bad_user == 0, "round %d: %d words read in user mode were garbage", i, rep->bad_user);
		CHECK(rep->bad_pipe == 0, "round %d: %d words through the pipe were garbage", i, rep->bad_pipe);
		CHECK(rep->bad_file == 0, "round %d: %d words back from the file were garbage", i, rep->bad_file);
		CHECK(rep->bad_r2 == 0, "round %d: %d words read into R2 were garbage", i, rep->bad_r2);
		CHECK(rep->bad_write == 0, "round %d: %d writes returned neither a count nor EFAULT", i,
		      rep->bad_write);
		CHECK(rep->bad_read == 0, "round %d: %d reads returned neither a count nor EFAULT", i,
		      rep->bad_read);
		CHECK(rep->bad_map == 0, "round %d: %d mutator steps failed", i, rep->bad_map);
		CHECK(rep->bad_fork == 0, "round %d: %d fork children saw a changing or wrong copy", i,
		      rep->bad_fork);
		CHECK(rep->bad_vfork == 0, "round %d: %d vfork children failed", i, rep->bad_vfork);
		sum.faults += rep->faults;
		sum.efaults += rep->efaults;
		sum.forks += rep->forks;
		sum.vforks += rep->vforks;
	}
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	CHECK(all_seen(&sum, segv_rounds), "in %d rounds an interleaving never happened: %d ended by "
	      "SIGSEGV, %d faults caught, %d EFAULTs, %d forks, %d vforks", rounds, segv_rounds,
	      sum.faults, sum.efaults, sum.forks, sum.vforks);
	t_log("every interleaving seen: a reader killed by SIGSEGV, a fault caught, an EFAULT, "
	      "a fork and a vfork during the changes");
	close(gfd);
	munmap(all, sizeof *all * MAX_ROUNDS);
	return t_done();
}
