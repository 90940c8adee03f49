/*
 * fuzz - a system-call fuzzer for ushi.
 *
 *   fuzz run SEED CALLS [PROCS [THREADS [VERBOSE [ONLY]]]]
 *
 * Several worker processes, each with several threads, issue CALLS random
 * system calls in all (numbers 0..460, a few far beyond, and the 2^32
 * aliases), with arguments drawn from a mix of valid pointers into their
 * own memory, bad pointers (NULL, kernel, non-canonical, unmapped,
 * read-only, straddling into a hole), small and huge integers, real fds
 * and flag combinations biased towards the clone, mmap, futex and wait
 * families.  A call that creates a process or a thread makes the child a
 * fuzzer too, for a few dozen calls.
 *
 * The run is contained so that nothing but a kernel bug can end it:
 *
 *   the supervisor (the caller: make fuzz boots it as init, the test
 *   fuzz_short runs it as a test) makes a scratch directory and starts
 *   "ns-init" in new pid, mount and UTS namespaces;
 *   ns-init chroots into the scratch directory, fills it with files,
 *   and keeps PROCS workers alive: it reaps them and their orphans,
 *   starts a new generation of a slot when one dies, and kills a slot that
 *   made no progress for a while (a call may legitimately block forever);
 *   a worker that does not die of SIGKILL within HANG_SECS is a kernel hang.
 *
 * The workers are root inside the chroot, so what they may not do is
 * filtered: no signals to pid 1 or -1 (nothing outside the namespace is
 * visible anyway), reboot only with a wrong magic, chroot only with bad
 * pointers (a chroot escape would let them at the real file system) and
 * setns never into a mount namespace (which would escape it too), no
 * device nodes but null/zero/random, no procfs mounts, and memory they map
 * with MAP_POPULATE is bounded.  Everything else goes.
 *
 * At the end the supervisor removes the scratch directory and compares
 * MemFree with its value before the run: every frame must be back.
 *
 * Reproducing: every worker slot, generation and thread draws from its
 * own generator seeded from SEED, so the same SEED replays the same call
 * sequences (the interleaving of processes differs from run to run; with
 * PROCS=1 THREADS=1 it is nearly deterministic).  VERBOSE=1 prints every
 * call on the console before it is made, so the last lines before a
 * kernel panic name the culprit.
 *
 * The fuzzer refuses to run anywhere but on ushi: random system calls as
 * root on a real machine can destroy it.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc_field.h"

typedef uint64_t u64;

#define FZ_MAX_PROCS 16
#define FZ_MAX_THREADS 8
#define FZ_NFD 24
#define FZ_NMAP 16
#define FZ_NPID 16
#define FZ_NSTACK 16
#define FZ_STACK_SIZE (32 * 1024)
#define FZ_THREAD_STACK (128 * 1024)
#define FZ_ARENA (64 * 1024)
#define FZ_PAGE 4096UL
#define FZ_PLAYGROUND 0x200000000000UL  /* MAP_FIXED lands here mostly (8 GiB window) */
#define FZ_SHARED_AT  0x3c5a00000000UL  /* fz_sh: far from every area a worker aims at */
#define FZ_MAGIC      0x75736869667a7a31UL      /* "ushifzz1": fz_sh is intact */
#define FZ_CHILD_BUDGET 24              /* calls a fuzzed fork/clone child makes */
#define FZ_WORKER_LIFE 4000             /* calls before a worker makes room for a new one */
#define FZ_POPULATE_MAX (4UL << 20)     /* bigger MAP_POPULATE requests lose the flag */
#define STALL_SECS 3                    /* no progress this long: ns-init kills the slot */
#define HANG_SECS 20                    /* not dead this long after SIGKILL: a kernel hang */

/* ---- what the supervisor, ns-init and the workers share ---------------------------- */

struct fz_shared {
	u64 magic;                      /* FZ_MAGIC, and again in magic_end */
	long limit;                     /* calls in the whole run */
	long calls;                     /* calls issued so far (atomic) */
	long beat[FZ_MAX_PROCS];        /* per slot: calls made, the watchdog's pulse */
	int wpid[FZ_MAX_PROCS];         /* per slot: the worker's pid (in the namespace) */
	int procs, threads, verbose;
	u64 seed;
	long spawned, exited, killed_stalled;
	long deaths[65];                /* workers ended by each signal */
	int hang;                       /* set by ns-init: a kernel hang was seen */
	int nonly;                      /* ONLY: just these call numbers (for bisecting) */
	short only[128];
	char why[200];
	u64 magic_end;
};

_Static_assert(sizeof(struct fz_shared) <= 4096, "struct fz_shared must fit its page");
static struct fz_shared *fz_sh;
static int fz_procfd = -1;              /* ns-init's /proc, opened before the chroot */
static int fz_nullfd = -1;              /* and /dev/null */

/* ---- raw system calls: the workers never touch errno or TLS ------------------------ */

static inline long fz_sys(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	long ret;
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	__asm__ volatile ("syscall" : "=a"(ret)
			  : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
			  : "rcx", "r11", "memory");
	return ret;
}
#define fz_sys0(n) fz_sys(n, 0, 0, 0, 0, 0, 0)
#define fz_sys1(n, a) fz_sys(n, (long)(a), 0, 0, 0, 0, 0)
#define fz_sys2(n, a, b) fz_sys(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define fz_sys3(n, a, b, c) fz_sys(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)

static __attribute__((noreturn)) void fz_exit_group(int code)
{
	for (;;)
		fz_sys1(SYS_exit_group, code);
}

/*
 * fz_clone_asm(nr, a1, a2, a3, a4, a5, fn, arg, vm_exit): issues clone,
 * clone3, fork or vfork.  The child keeps the parent's registers, which
 * is how it learns what to do:
 *   - it runs on a stack of its own (rsp moved): fn(arg), then SYS_exit;
 *   - it shares the parent's stack and memory (vm_exit set): SYS_exit(0)
 *     at once, touching no memory;
 *   - otherwise (a copy-on-write fork child): return 0 like fork().
 */
long fz_clone_asm(long nr, long a1, long a2, long a3, long a4, long a5,
		  int (*fn)(void *), void *arg, long vm_exit);
__asm__(
	".text\n"
	".type fz_clone_asm,@function\n"
	"fz_clone_asm:\n"
	"	push %rbx\n"
	"	push %r12\n"
	"	push %r13\n"
	"	push %r14\n"
	"	push %r15\n"
	"	mov 48(%rsp), %r13\n"           /* fn */
	"	mov 56(%rsp), %r14\n"           /* arg */
	"	mov 64(%rsp), %r15\n"           /* vm_exit */
	"	mov %rdi, %rax\n"
	"	mov %rsi, %rdi\n"
	"	mov %rdx, %rsi\n"
	"	mov %rcx, %rdx\n"
	"	mov %r8, %r10\n"
	"	mov %r9, %r8\n"
	"	mov %rsp, %r12\n"
	"	syscall\n"
	"	test %rax, %rax\n"
	"	jnz 1f\n"
	"	cmp %rsp, %r12\n"
	"	je 2f\n"
	"	and $-16, %rsp\n"               /* a child on its own stack */
	"	xor %ebp, %ebp\n"
	"	mov %r14, %rdi\n"
	"	call *%r13\n"
	"	mov %eax, %edi\n"
	"	mov $60, %eax\n"
	"	syscall\n"
	"	ud2\n"
	"2:	test %r15, %r15\n"
	"	jz 1f\n"
	"	mov $60, %eax\n"                /* shares our stack: leave at once */
	"	xor %edi, %edi\n"
	"	syscall\n"
	"	ud2\n"
	"1:	pop %r15\n"
	"	pop %r14\n"
	"	pop %r13\n"
	"	pop %r12\n"
	"	pop %rbx\n"
	"	ret\n"
	".size fz_clone_asm, .-fz_clone_asm\n");

/* rt_sigreturn with rsp on random bytes: the kernel must reject or survive any frame. */
void fz_bad_sigreturn(void *frame);
__asm__(
	".text\n"
	".type fz_bad_sigreturn,@function\n"
	"fz_bad_sigreturn:\n"
	"	mov %rdi, %rsp\n"
	"	mov $15, %eax\n"
	"	syscall\n"
	"	ud2\n"
	".size fz_bad_sigreturn, .-fz_bad_sigreturn\n");

/* The restorer our signal handlers return through, as libc's. */
void fz_restorer(void);
__asm__(
	".text\n"
	".type fz_restorer,@function\n"
	"fz_restorer:\n"
	"	mov $15, %eax\n"
	"	syscall\n"
	"	ud2\n"
	".size fz_restorer, .-fz_restorer\n");

static void fz_handler(int sig)
{
	(void)sig;
}

/* ---- randomness ------------------------------------------------------------------ */

/* splitmix64: seeds every generator from (seed, slot, generation, thread). */
static u64 fz_mix(u64 x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

struct fz_worker;

/* One fuzzing thread (or fuzzed child): its generator and its budget. */
struct fz {
	u64 rng;
	struct fz_worker *w;
	long budget;                    /* calls left; -1: until the run ends */
	int thread;
};

static u64 rnd(struct fz *f)
{
	/* xorshift64* */
	f->rng ^= f->rng >> 12;
	f->rng ^= f->rng << 25;
	f->rng ^= f->rng >> 27;
	return f->rng * 0x2545f4914f6cdd1dULL;
}
static u64 below(struct fz *f, u64 n) { return n ? rnd(f) % n : 0; }
static int chance(struct fz *f, int pct) { return (int)below(f, 100) < pct; }
#define PICK(f, arr) ((arr)[below(f, sizeof(arr) / sizeof((arr)[0]))])

/* ---- a worker's resources: what the generators draw from --------------------------- */

struct fz_worker {
	int slot, gen, console;
	long own_calls;
	char *arena;                    /* FZ_ARENA bytes, read-write: buffers and structs */
	char *ro;                       /* a read-only page */
	char *none;                     /* a PROT_NONE page */
	char *edge;                     /* a read-write page followed by a hole */
	char *hole;                     /* the unmapped page after edge */
	char *shared;                   /* a MAP_SHARED page (shared futexes) */
	char *stacks[FZ_NSTACK];        /* child stacks, reused round-robin */
	unsigned stack_next;
	int fds[FZ_NFD];
	struct { unsigned long addr, len; } maps[FZ_NMAP];
	int pids[FZ_NPID];
	const char *paths[48];
	int npaths;
};

/* Numbers worth trying wherever an integer goes. */
static const long interesting[] = {
	0, 1, 2, 3, 4, 7, 8, 15, 16, 17, 31, 32, 63, 64, 65, 100, 127, 128, 255, 256, 511, 512,
	1000, 1023, 1024, 1025, 4095, 4096, 4097, 8192, 65535, 65536, 0x7ffff000L, 0x7fffffffL,
	0x80000000L, 0xffffffffL, 0x100000000L, -1L, -2L, -4095L, -4096L, (long)INT32_MIN,
	INT64_MAX, INT64_MIN, 1L << 46, (1L << 47) - 4096, 1L << 47, 1L << 48, 1L << 56, 1L << 62,
};

/* Addresses no user pointer may reach, and some that are merely unmapped. */
static const unsigned long bad_addrs[] = {
	0, 1, 0xfff, 0x1000, 0xffff888000000000UL, 0xffff888000100000UL, 0xffffffff80000000UL,
	0xffffffff81000000UL, 0xffffc90000000000UL, 0x0000800000000000UL, 0x00007ffffffff000UL,
	0x00007ffffffffff8UL, 0x8000000000000000UL, 0xfffffffffffff000UL, 0xfffffffffffffff8UL,
	0xffffffffffffffffUL, 0x4000000000UL,
};

static long g_int(struct fz *f)
{
	switch (below(f, 10)) {
	case 0: case 1: return below(f, 4096);
	case 2: return (long)rnd(f);
	case 3: return (int)rnd(f);
	default: return PICK(f, interesting);
	}
}

static long g_bad(struct fz *f)
{
	struct fz_worker *w = f->w;
	switch (below(f, 8)) {
	case 0: return (long)w->hole + below(f, FZ_PAGE);
	case 1: return (long)w->none + below(f, FZ_PAGE);
	case 2: return (long)w->edge + FZ_PAGE - 1 - below(f, 16);     /* straddles into the hole */
	case 3: return (long)rnd(f);
	default: return (long)PICK(f, bad_addrs);
	}
}

/* A pointer to n bytes the kernel will read: mostly good, sometimes not. */
static long g_in(struct fz *f, unsigned long n)
{
	struct fz_worker *w = f->w;
	if (n > FZ_ARENA)
		n = FZ_ARENA;
	switch (below(f, 20)) {
	case 0: return (long)w->ro + below(f, FZ_PAGE);
	case 1: return (long)w->edge + FZ_PAGE - (n ? below(f, n + 1) : 0);
	case 2: case 3: case 4: return g_bad(f);
	case 5: return (long)w->shared + (below(f, FZ_PAGE / 8) * 8);
	default: return (long)w->arena + (below(f, (FZ_ARENA - n) / 8 + 1) * 8);
	}
}

/* A pointer the kernel will write n bytes to. */
static long g_out(struct fz *f, unsigned long n)
{
	struct fz_worker *w = f->w;
	if (n > FZ_ARENA)
		n = FZ_ARENA;
	switch (below(f, 20)) {
	case 0: case 1: return (long)w->ro + below(f, FZ_PAGE);
	case 2: return (long)(void *)fz_handler;                        /* our own text */
	case 3: return (long)w->edge + FZ_PAGE - (n ? below(f, n + 1) : 0);
	case 4: case 5: case 6: return g_bad(f);
	default: return (long)w->arena + (below(f, (FZ_ARENA - n) / 8 + 1) * 8);
	}
}

/* A place in the arena for a struct we build: the returned pointer is ours to fill. */
static char *g_slot(struct fz *f, unsigned long n)
{
	return f->w->arena + below(f, (FZ_ARENA - n) / 8 + 1) * 8;
}

static long g_len(struct fz *f)
{
	switch (below(f, 12)) {
	case 0: return PICK(f, interesting);
	case 1: return (long)rnd(f);
	case 2: return 1L << below(f, 64);
	case 3: return FZ_PAGE * below(f, 20);
	default: return below(f, 512);
	}
}

static long g_fd(struct fz *f)
{
	struct fz_worker *w = f->w;
	switch (below(f, 12)) {
	case 0: return below(f, 24);
	case 1: return PICK(f, interesting);
	case 2: return -100;                                            /* AT_FDCWD */
	default: return w->fds[below(f, FZ_NFD)];
	}
}

static long g_dirfd(struct fz *f)
{
	return chance(f, 60) ? AT_FDCWD : g_fd(f);
}

static long g_path(struct fz *f)
{
	if (chance(f, 8))
		return g_bad(f);
	return (long)f->w->paths[below(f, f->w->npaths)];
}

/* A bitwise OR of a few of the given flags, now and then with junk. */
static long g_flags(struct fz *f, const long *bits, int n)
{
	long v = 0;
	int k = below(f, 4);
	for (int i = 0; i < k; i++)
		v |= bits[below(f, n)];
	if (chance(f, 5))
		v |= 1L << below(f, 64);
	if (chance(f, 2))
		v = (long)rnd(f);
	return v;
}
#define G_FLAGS(f, arr) g_flags(f, arr, sizeof(arr) / sizeof((arr)[0]))

static const long open_bits[] = {
	O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_NONBLOCK, O_DIRECTORY,
	O_NOFOLLOW, O_CLOEXEC, O_PATH, O_TMPFILE, O_NOCTTY, O_SYNC, O_DSYNC, O_LARGEFILE,
};
static const long at_bits[] = { AT_SYMLINK_NOFOLLOW, AT_REMOVEDIR, AT_SYMLINK_FOLLOW, AT_EMPTY_PATH,
	AT_NO_AUTOMOUNT, AT_EACCESS };
static const long mmap_bits[] = { MAP_PRIVATE, MAP_SHARED, MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE,
	MAP_GROWSDOWN, MAP_NORESERVE, MAP_POPULATE, MAP_STACK, MAP_SHARED_VALIDATE, MAP_LOCKED,
	MAP_32BIT, MAP_HUGETLB };
static const long prot_bits[] = { PROT_READ, PROT_WRITE, PROT_EXEC, PROT_GROWSDOWN, PROT_GROWSUP };
static const long wait_bits[] = { WNOHANG, WNOHANG, WNOHANG, WUNTRACED, WCONTINUED, WEXITED, WNOWAIT,
	__WNOTHREAD, __WCLONE, __WALL };
static const long clone_bits[] = { CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_PIDFD,
	CLONE_PTRACE, CLONE_VFORK, CLONE_PARENT, CLONE_THREAD, CLONE_NEWNS, CLONE_SYSVSEM, CLONE_SETTLS,
	CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID, CLONE_DETACHED, CLONE_UNTRACED, CLONE_CHILD_SETTID,
	CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_IO,
	0x100000000L /* CLEAR_SIGHAND */, 0x200000000L /* INTO_CGROUP */, 0x80 /* NEWTIME */ };
static const long sa_bits[] = { SA_RESTART, SA_SIGINFO, SA_NODEFER, SA_RESETHAND, SA_ONSTACK,
	SA_RESTORER, SA_NOCLDSTOP, SA_NOCLDWAIT };
static const long ms_bits[] = { MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND,
	MS_MOVE, MS_REC, MS_PRIVATE, MS_SHARED, MS_SLAVE, MS_UNBINDABLE, MS_SILENT, MS_LAZYTIME };
static const long unshare_bits[] = { CLONE_FILES, CLONE_FS, CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC,
	CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWUSER, CLONE_SYSVSEM, CLONE_VM, CLONE_SIGHAND, CLONE_THREAD,
	CLONE_NEWCGROUP };

/* Signals: the common ones more often; never a catch-all that ends the run. */
static long g_sig(struct fz *f)
{
	static const long sigs[] = { 0, SIGCHLD, SIGUSR1, SIGUSR2, SIGCONT, SIGPIPE, SIGALRM, SIGURG,
		SIGWINCH, SIGSEGV, SIGTERM, SIGSTOP, SIGTSTP, SIGKILL, 32, 33, 34, 64, 65, -1, 1000 };
	return chance(f, 80) ? PICK(f, sigs) : (long)below(f, 70);
}

/* A pid: ourselves, our children, our group, siblings, nobody - never 1 (ns-init) nor -1. */
static long g_pid(struct fz *f, int for_signal)
{
	struct fz_worker *w = f->w;
	long p;
	switch (below(f, 10)) {
	case 0: p = fz_sys0(SYS_getpid); break;
	case 1: p = fz_sys0(SYS_gettid); break;
	case 2: p = 0; break;
	case 3: p = -fz_sys1(SYS_getpgid, 0); break;
	case 4: p = fz_sh->wpid[below(f, fz_sh->procs)]; break;        /* a sibling worker */
	case 5: p = PICK(f, interesting); break;
	case 6: p = for_signal ? 0 : -1; break;
	default: p = w->pids[below(f, FZ_NPID)]; break;
	}
	if (p == 1 || p == -1 || p == (long)INT32_MIN || (int)p == 1 || (int)p == -1)
		p = for_signal ? 77777 : p;
	return p;
}

static long g_uid(struct fz *f)
{
	static const long ids[] = { 0, 0, 0, 1, 1000, 65534, -1, 0xffff, 0x7fffffff };
	return chance(f, 85) ? PICK(f, ids) : g_int(f);
}

/* A timespec: mostly a short or zero wait, sometimes invalid, rarely long. */
static long g_ts(struct fz *f)
{
	if (chance(f, 10))
		return chance(f, 50) ? 0 : g_bad(f);
	long *ts = (long *)g_slot(f, 16);
	switch (below(f, 20)) {
	case 0: ts[0] = -1; ts[1] = 0; break;
	case 1: ts[0] = 0; ts[1] = 1000000000L; break;
	case 2: ts[0] = 0; ts[1] = -1; break;
	case 3: ts[0] = 1; ts[1] = 0; break;
	case 4: ts[0] = INT64_MAX; ts[1] = 999999999; break;
	case 5: case 6: ts[0] = 0; ts[1] = 0; break;
	default: ts[0] = 0; ts[1] = below(f, 2000000); break;
	}
	return (long)ts;
}

/* An 8-byte sigset; SIGKILL and SIGSTOP bits are as random as the rest. */
static long g_sigset(struct fz *f)
{
	if (chance(f, 10))
		return chance(f, 50) ? 0 : g_bad(f);
	u64 *s = (u64 *)g_slot(f, 8);
	*s = chance(f, 50) ? 0 : rnd(f) & rnd(f);
	return (long)s;
}

static long g_sigsetsize(struct fz *f)
{
	return chance(f, 85) ? 8 : PICK(f, interesting);
}

/* An address for the mm calls: our mappings, the playground, our own memory, junk. */
static long g_addr(struct fz *f)
{
	struct fz_worker *w = f->w;
	switch (below(f, 20)) {
	case 0: case 1: return (long)(FZ_PLAYGROUND + below(f, 1UL << 33)) & ~(FZ_PAGE - 1);
	case 2: return FZ_PLAYGROUND + below(f, 1UL << 33);
	case 3: return g_bad(f);
	case 4: return (long)w->arena + FZ_PAGE * below(f, FZ_ARENA / FZ_PAGE);
	case 5: return PICK(f, interesting) & ~(FZ_PAGE - 1);
	case 6: return 0;
	default: {
		int i = below(f, FZ_NMAP);
		unsigned long a = w->maps[i].addr, l = w->maps[i].len;
		if (!a)
			return 0;
		return chance(f, 60) ? (long)a : (long)(a + FZ_PAGE * below(f, l / FZ_PAGE + 1));
	}
	}
}

static long g_mlen(struct fz *f)
{
	switch (below(f, 20)) {
	case 0: return PICK(f, interesting);
	case 1: return 1L << (47 + below(f, 17));                      /* 2^47 and beyond */
	case 2: return (long)rnd(f);
	case 3: return (1 + below(f, 4096)) * FZ_PAGE;                  /* up to 16 MiB */
	case 4: return 1 + below(f, 3 * FZ_PAGE);
	default: return (1 + below(f, 16)) * FZ_PAGE;
	}
}

static long g_prot(struct fz *f)
{
	static const long p[] = { PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE, PROT_READ, PROT_NONE,
		PROT_READ | PROT_EXEC, PROT_WRITE, PROT_EXEC, PROT_READ | PROT_WRITE | PROT_EXEC };
	return chance(f, 85) ? PICK(f, p) : G_FLAGS(f, prot_bits);
}

static long g_mflags(struct fz *f)
{
	static const long common[] = { MAP_PRIVATE | MAP_ANONYMOUS, MAP_PRIVATE | MAP_ANONYMOUS,
		MAP_SHARED | MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE };
	return chance(f, 80) ? PICK(f, common) : G_FLAGS(f, mmap_bits);
}

static long g_mode(struct fz *f)
{
	static const long m[] = { 0644, 0755, 0600, 0, 0777, 01777, 04755, 0444 };
	return chance(f, 90) ? PICK(f, m) : g_int(f);
}

static long g_off(struct fz *f)
{
	switch (below(f, 6)) {
	case 0: return PICK(f, interesting);
	case 1: return (long)rnd(f);
	default: return below(f, 3 * FZ_PAGE);
	}
}

/* An iovec array of up to a few segments, each good, bad, empty or huge. */
static long g_iov(struct fz *f, long *cnt, int out)
{
	int n = chance(f, 90) ? (int)below(f, 6) : (int)PICK(f, interesting);
	*cnt = n;
	if (chance(f, 8))
		return g_bad(f);
	int fill = n < 0 ? 0 : n > 64 ? 64 : n;
	long *iov = (long *)g_slot(f, 64 * 16);
	for (int i = 0; i < fill; i++) {
		long len = chance(f, 80) ? (long)below(f, 2 * FZ_PAGE) : g_len(f);
		iov[2 * i] = out ? g_out(f, len) : g_in(f, len);
		iov[2 * i + 1] = len;
	}
	return (long)iov;
}

/* argv/envp: a NULL-terminated array of strings from the path pool, or worse. */
static long g_argv(struct fz *f)
{
	switch (below(f, 12)) {
	case 0: return 0;
	case 1: return g_bad(f);
	case 2: return (long)f->w->edge + FZ_PAGE - 8 * below(f, 4);  /* runs into the hole */
	default: {
		int n = below(f, 6);
		long *v = (long *)g_slot(f, 8 * 8);
		for (int i = 0; i < n; i++)
			v[i] = chance(f, 90) ? (long)f->w->paths[below(f, f->w->npaths)] : g_bad(f);
		v[n] = 0;
		return (long)v;
	}
	}
}

/* A k_sigaction: a handler that returns, SIG_DFL/IGN, or a wild address. */
static long g_sigaction(struct fz *f)
{
	if (chance(f, 10))
		return chance(f, 50) ? 0 : g_bad(f);
	long *sa = (long *)g_slot(f, 32);
	static const long handlers[] = { 0, 1, 0, 1 };
	switch (below(f, 10)) {
	case 0: sa[0] = g_bad(f); break;
	case 1: case 2: case 3: sa[0] = PICK(f, handlers); break;
	default: sa[0] = (long)(void *)fz_handler; break;
	}
	sa[1] = (chance(f, 80) ? SA_RESTORER : 0) | G_FLAGS(f, sa_bits);
	sa[2] = chance(f, 85) ? (long)(void *)fz_restorer : g_bad(f);
	sa[3] = chance(f, 50) ? 0 : (long)rnd(f);
	return (long)sa;
}

/* A futex word: one of a few in the arena (private) or in the shared page. */
static long g_futex_addr(struct fz *f)
{
	struct fz_worker *w = f->w;
	switch (below(f, 10)) {
	case 0: return g_bad(f);
	case 1: return (long)w->arena + 1 + 4 * below(f, 16);          /* misaligned */
	case 2: case 3: case 4: return (long)w->shared + 4 * below(f, 8);
	default: return (long)w->arena + 4 * below(f, 8);
	}
}

/* A small struct of random bytes (for calls that take one we do not build). */
static long g_blob(struct fz *f, unsigned long n)
{
	char *p = g_slot(f, n);
	for (unsigned long i = 0; i < n; i += 8) {
		u64 v = chance(f, 30) ? 0 : rnd(f);
		memcpy(p + i, &v, n - i < 8 ? n - i : 8);
	}
	return chance(f, 85) ? (long)p : g_bad(f);
}

/* Anything at all: for numbers we know nothing about. */
static long g_any(struct fz *f)
{
	switch (below(f, 6)) {
	case 0: return g_in(f, 64);
	case 1: return g_out(f, 64);
	case 2: return g_fd(f);
	case 3: return g_path(f);
	default: return g_int(f);
	}
}

/* ---- choosing a call and its arguments --------------------------------------------- */

/* The families the issue wants hammered, repeated for weight. */
static const short hot_calls[] = {
	SYS_clone, SYS_clone, SYS_fork, SYS_vfork, SYS_clone3, SYS_clone3,
	SYS_mmap, SYS_mmap, SYS_mmap, SYS_munmap, SYS_munmap, SYS_mprotect, SYS_mprotect, SYS_mremap,
	SYS_brk, SYS_madvise,
	SYS_futex, SYS_futex, SYS_futex, SYS_futex,
	SYS_wait4, SYS_wait4, SYS_waitid, SYS_waitid,
	SYS_read, SYS_write, SYS_readv, SYS_writev, SYS_openat, SYS_close, SYS_pipe2, SYS_dup3,
	SYS_execve, SYS_kill, SYS_tgkill, SYS_rt_sigaction, SYS_rt_sigprocmask, SYS_exit,
};

/* Numbers with an argument recipe below (and every number ushi implements). */
static const short known_calls[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
	26, 27, 28, 32, 33, 34, 35, 36, 37, 38, 39, 56, 57, 58, 59, 60, 61, 62, 63, 72, 73, 74, 75,
	76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98,
	99, 100, 102, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118,
	119, 120, 121, 122, 123, 124, 127, 128, 129, 130, 131, 132, 133, 137, 138, 140, 141, 157,
	158, 160, 161, 162, 165, 166, 169, 170, 171, 186, 200, 201, 202, 203, 204, 217, 218, 221,
	228, 229, 230, 231, 234, 247, 257, 258, 259, 260, 261, 262, 263, 264, 265, 266, 267, 268,
	269, 270, 271, 272, 273, 274, 280, 285, 292, 293, 295, 296, 297, 302, 309, 316, 318, 322,
	324, 332, 424, 425, 434, 435, 436, 438, 439,
};

/* Far-away numbers: past the table, the x32 bit, the 2^32 aliases of real calls. */
static const long exotic_calls[] = {
	450, 451, 460, 500, 512, 547, 1000, 4095, 0x40000000L, 0x40000000L | 1, 0x40000000L | 56,
	0x7fffffffL, 0x80000000L, 0xffffffffL, -1L, 1L << 32, (1L << 32) | 39, (1L << 32) | 57,
	(1L << 32) | 9, (1L << 32) | 202, INT64_MIN,
};

static long pick_nr(struct fz *f)
{
	if (fz_sh->nonly)
		return fz_sh->only[below(f, fz_sh->nonly)];
	unsigned r = below(f, 100);
	if (r < 30)
		return PICK(f, hot_calls);
	if (r < 85)
		return PICK(f, known_calls);
	if (r < 98)
		return below(f, 461);
	return PICK(f, exotic_calls);
}

enum { CALL_PLAIN, CALL_CLONE, CALL_SKIP, CALL_SIGRETURN };

/* The next child stack; its lowest bytes carry the child's instructions. */
struct fz_childinfo {
	struct fz_worker *w;
	u64 seed;
	long budget;
};

static char *next_stack(struct fz *f)
{
	struct fz_worker *w = f->w;
	char *s = w->stacks[w->stack_next++ % FZ_NSTACK];
	struct fz_childinfo *ci = (struct fz_childinfo *)s;
	ci->w = w;
	ci->seed = rnd(f);
	ci->budget = FZ_CHILD_BUDGET;
	return s;
}

static long g_clone_flags(struct fz *f)
{
	static const long forkish[] = { CLONE_PARENT_SETTID, CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID,
		CLONE_PIDFD, CLONE_FILES, CLONE_FS, CLONE_PARENT, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUTS,
		CLONE_SYSVSEM, CLONE_VFORK, CLONE_SETTLS, CLONE_SIGHAND };
	const long thread = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
			    CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	switch (below(f, 10)) {
	case 0: case 1: case 2: case 3:
		return SIGCHLD | (chance(f, 60) ? 0 : G_FLAGS(f, forkish));
	case 4: case 5: case 6:
		return thread | (chance(f, 70) ? 0 : G_FLAGS(f, clone_bits));
	case 7: return CLONE_VM | CLONE_VFORK | SIGCHLD;
	case 8: return CLONE_VM | (chance(f, 50) ? SIGCHLD : (long)below(f, 66));
	default: return G_FLAGS(f, clone_bits) | (long)below(f, 66);
	}
}

/*
 * Fills a[0..5] for call nr.  Returns how to make the call: plainly, as a
 * clone (the child needs care), not at all, or as a wild sigreturn.
 */
static int gen_args(struct fz *f, long nr, long *a, long *clone_arg)
{
	struct fz_worker *w = f->w;
	for (int i = 0; i < 6; i++)
		a[i] = g_any(f);
	long n = g_len(f);
	switch ((unsigned)nr) {
	case SYS_read: case SYS_pread64:
		a[0] = g_fd(f); a[2] = chance(f, 80) ? (long)below(f, 8192) : n; a[1] = g_out(f, a[2]);
		a[3] = g_off(f); break;
	case SYS_write: case SYS_pwrite64:
		a[0] = g_fd(f); a[2] = chance(f, 80) ? (long)below(f, 8192) : n; a[1] = g_in(f, a[2]);
		a[3] = g_off(f); break;
	case SYS_readv: case SYS_preadv: case SYS_preadv2:
		a[0] = g_fd(f); a[1] = g_iov(f, &a[2], 1); a[3] = g_off(f); a[4] = below(f, 2) ? 0 : g_int(f); break;
	case SYS_writev: case SYS_pwritev: case SYS_pwritev2:
		a[0] = g_fd(f); a[1] = g_iov(f, &a[2], 0); a[3] = g_off(f); a[4] = below(f, 2) ? 0 : g_int(f); break;
	case SYS_open: case SYS_creat:
		a[0] = g_path(f); a[1] = G_FLAGS(f, open_bits); a[2] = g_mode(f); break;
	case SYS_openat:
		a[0] = g_dirfd(f); a[1] = g_path(f); a[2] = G_FLAGS(f, open_bits); a[3] = g_mode(f); break;
	case SYS_close: case SYS_fsync: case SYS_fdatasync: case SYS_fchdir: case SYS_dup:
		a[0] = g_fd(f); break;
	case SYS_stat: case SYS_lstat:
		a[0] = g_path(f); a[1] = g_out(f, 144); break;
	case SYS_fstat:
		a[0] = g_fd(f); a[1] = g_out(f, 144); break;
	case SYS_newfstatat:
		a[0] = g_dirfd(f); a[1] = g_path(f); a[2] = g_out(f, 144); a[3] = G_FLAGS(f, at_bits); break;
	case SYS_statx:
		a[0] = g_dirfd(f); a[1] = g_path(f); a[2] = G_FLAGS(f, at_bits); a[3] = g_int(f);
		a[4] = g_out(f, 256); break;
	case SYS_poll: {
		int cnt = chance(f, 90) ? (int)below(f, 6) : (int)g_int(f);
		int *p = (int *)g_slot(f, 8 * 8);
		for (int i = 0; i < 8; i++) {
			p[2 * i] = (int)g_fd(f);
			p[2 * i + 1] = (int)below(f, 0x10000);
		}
		a[0] = chance(f, 90) ? (long)p : g_bad(f); a[1] = cnt; a[2] = below(f, 20) - 1; break;
	}
	case SYS_ppoll:
		a[0] = g_in(f, 64); a[1] = below(f, 8); a[2] = g_ts(f); a[3] = g_sigset(f);
		a[4] = g_sigsetsize(f); break;
	case SYS_select: case SYS_pselect6: {
		a[0] = chance(f, 80) ? (long)below(f, 65) : g_int(f);
		a[1] = g_blob(f, 128); a[2] = g_blob(f, 128); a[3] = chance(f, 50) ? 0 : g_blob(f, 128);
		if (nr == SYS_select) {
			long *tv = (long *)g_slot(f, 16);
			tv[0] = 0; tv[1] = below(f, 2000);
			a[4] = chance(f, 90) ? (long)tv : g_bad(f);
		} else {
			a[4] = g_ts(f);
			long *ss = (long *)g_slot(f, 16);
			ss[0] = g_sigset(f); ss[1] = 8;
			a[5] = chance(f, 50) ? 0 : chance(f, 80) ? (long)ss : g_bad(f);
		}
		break;
	}
	case SYS_lseek:
		a[0] = g_fd(f); a[1] = g_off(f); a[2] = chance(f, 90) ? (long)below(f, 5) : g_int(f); break;
	case SYS_mmap: {
		a[0] = g_addr(f); a[1] = g_mlen(f); a[2] = g_prot(f); a[3] = g_mflags(f);
		a[4] = chance(f, 50) ? -1 : g_fd(f); a[5] = chance(f, 80) ? (long)(FZ_PAGE * below(f, 4)) : g_off(f);
		if ((a[3] & MAP_FIXED) && chance(f, 80))
			a[0] = (FZ_PLAYGROUND + below(f, 1UL << 33)) & ~(FZ_PAGE - 1);
		if ((a[3] & MAP_POPULATE) && (unsigned long)a[1] > FZ_POPULATE_MAX)
			a[3] &= ~MAP_POPULATE;
		break;
	}
	case SYS_mprotect: case SYS_pkey_mprotect:
		a[0] = g_addr(f); a[1] = g_mlen(f); a[2] = g_prot(f); a[3] = g_int(f); break;
	case SYS_munmap:
		a[0] = g_addr(f); a[1] = g_mlen(f); break;
	case SYS_mremap:
		a[0] = g_addr(f); a[1] = g_mlen(f); a[2] = g_mlen(f);
		a[3] = chance(f, 70) ? MREMAP_MAYMOVE : (long)below(f, 8); a[4] = g_addr(f); break;
	case SYS_madvise: {
		static const long adv[] = { MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED,
			MADV_DONTNEED, MADV_DONTNEED, MADV_FREE, MADV_REMOVE, MADV_DONTFORK, MADV_DOFORK,
			MADV_WIPEONFORK, MADV_KEEPONFORK, MADV_HUGEPAGE, MADV_COLD, MADV_PAGEOUT, 100, -1 };
		a[0] = g_addr(f); a[1] = g_mlen(f); a[2] = PICK(f, adv); break;
	}
	case SYS_msync: case SYS_mincore: case SYS_mlock: case SYS_munlock:
		a[0] = g_addr(f); a[1] = g_mlen(f); a[2] = nr == SYS_mincore ? g_out(f, 64) : (long)below(f, 8); break;
	case SYS_brk:
		switch (below(f, 5)) {
		case 0: a[0] = 0; break;
		case 1: a[0] = g_bad(f); break;
		case 2: a[0] = PICK(f, interesting); break;
		default: a[0] = fz_sys1(SYS_brk, 0) + (long)below(f, 64) * FZ_PAGE - (long)below(f, 16) * FZ_PAGE;
		}
		break;
	case SYS_rt_sigaction:
		a[0] = chance(f, 90) ? g_sig(f) : g_int(f); a[1] = g_sigaction(f);
		a[2] = chance(f, 50) ? 0 : g_out(f, 32); a[3] = g_sigsetsize(f);
		if (a[0] == SIGSEGV || a[0] == SIGBUS)
			a[1] = chance(f, 80) ? 0 : a[1];        /* keep faults mostly fatal */
		break;
	case SYS_rt_sigprocmask:
		a[0] = chance(f, 90) ? (long)below(f, 3) : g_int(f); a[1] = g_sigset(f);
		a[2] = chance(f, 50) ? 0 : g_out(f, 8); a[3] = g_sigsetsize(f); break;
	case SYS_rt_sigreturn:
		if (!chance(f, 3))
			return CALL_SKIP;
		return CALL_SIGRETURN;
	case SYS_ioctl: {
		static const long cmds[] = { 0x5401 /* TCGETS */, 0x5402, 0x540f, 0x5410, 0x5413, 0x5414,
			0x541b /* FIONREAD */, 0x5421 /* FIONBIO */, 0x5451 /* FIOCLEX */, 0x5450, 0x540e,
			0x5422 /* TIOCNOTTY */, 0x80045430, 0 };
		a[0] = g_fd(f); a[1] = chance(f, 85) ? PICK(f, cmds) : g_int(f);
		a[2] = chance(f, 70) ? g_out(f, 64) : g_int(f); break;
	}
	case SYS_access:
		a[0] = g_path(f); a[1] = below(f, 8); break;
	case SYS_faccessat: case SYS_faccessat2:
		a[0] = g_dirfd(f); a[1] = g_path(f); a[2] = below(f, 8); a[3] = G_FLAGS(f, at_bits); break;
	case SYS_pipe:
		a[0] = g_out(f, 8); break;
	case SYS_pipe2:
		a[0] = g_out(f, 8); a[1] = chance(f, 80) ? (chance(f, 50) ? O_NONBLOCK : O_CLOEXEC) : g_int(f); break;
	case SYS_sched_yield: case SYS_getpid: case SYS_gettid: case SYS_getppid: case SYS_getpgrp:
	case SYS_setsid: case SYS_getuid: case SYS_geteuid: case SYS_getgid: case SYS_getegid:
	case SYS_sync:
		break;
	case SYS_pause:
		if (chance(f, 70))
			return CALL_SKIP;
		break;
	case SYS_nanosleep:
		a[0] = g_ts(f); a[1] = chance(f, 50) ? 0 : g_out(f, 16); break;
	case SYS_clock_nanosleep:
		a[0] = chance(f, 85) ? (long)below(f, 8) : g_int(f); a[1] = chance(f, 80) ? 0 : g_int(f) & 1;
		a[2] = g_ts(f); a[3] = chance(f, 50) ? 0 : g_out(f, 16); break;
	case SYS_getitimer:
		a[0] = below(f, 4); a[1] = g_out(f, 32); break;
	case SYS_setitimer: {
		long *it = (long *)g_slot(f, 32);
		it[0] = 0; it[1] = chance(f, 50) ? 0 : (long)below(f, 5000);
		it[2] = 0; it[3] = chance(f, 70) ? 0 : (long)below(f, 5000);
		a[0] = chance(f, 90) ? (long)below(f, 3) : g_int(f); a[1] = chance(f, 90) ? (long)it : g_bad(f);
		a[2] = chance(f, 50) ? 0 : g_out(f, 32); break;
	}
	case SYS_alarm:
		a[0] = chance(f, 90) ? 0 : (long)below(f, 3); break;
	case SYS_fork:
		*clone_arg = 0;
		return CALL_CLONE;
	case SYS_vfork:
		*clone_arg = 1;
		return CALL_CLONE;
	case SYS_clone: {
		a[0] = g_clone_flags(f);
		bool vm = a[0] & CLONE_VM;
		if (chance(f, vm ? 85 : 20))
			a[1] = (long)next_stack(f) + FZ_STACK_SIZE;
		else
			a[1] = chance(f, 70) ? 0 : g_bad(f);
		a[2] = chance(f, 85) ? (long)g_slot(f, 8) : g_bad(f);
		a[3] = chance(f, 85) ? (long)g_slot(f, 8) : g_bad(f);
		a[4] = chance(f, 50) ? (long)g_slot(f, 64) : g_int(f);
		*clone_arg = vm;
		return CALL_CLONE;
	}
	case SYS_clone3: {
		long *ca = (long *)g_slot(f, 96);
		memset(ca, 0, 96);
		long fl = g_clone_flags(f);
		ca[0] = fl & ~0xffL;                                     /* flags */
		ca[1] = (long)g_slot(f, 8);                              /* pidfd */
		ca[2] = (long)g_slot(f, 8);                              /* child_tid */
		ca[3] = (long)g_slot(f, 8);                              /* parent_tid */
		ca[4] = (fl & CLONE_THREAD) ? 0 : fl & 0xff;             /* exit_signal */
		if (chance(f, (fl & CLONE_VM) ? 85 : 20)) {
			ca[5] = (long)next_stack(f);                     /* stack, stack_size */
			ca[6] = FZ_STACK_SIZE;
		}
		ca[7] = chance(f, 50) ? (long)g_slot(f, 64) : g_int(f);  /* tls */
		if (chance(f, 5)) {                                      /* set_tid */
			int *tids = (int *)g_slot(f, 16);
			tids[0] = (int)g_pid(f, 0); tids[1] = (int)below(f, 400);
			ca[8] = (long)tids; ca[9] = 1 + below(f, 2);
		}
		for (int i = 0; i < 11; i++)
			if (chance(f, 2))
				ca[i] = g_int(f);
		static const long sizes[] = { 64, 80, 88, 88, 88, 96, 63, 4096, 4097, 0, -1 };
		a[0] = chance(f, 95) ? (long)ca : g_bad(f); a[1] = PICK(f, sizes);
		*clone_arg = (ca[0] & CLONE_VM) != 0;
		return CALL_CLONE;
	}
	case SYS_execve: case SYS_execveat:
		if (nr == SYS_execveat) {
			a[0] = g_dirfd(f); a[1] = chance(f, 40) ? (long)"/x" : g_path(f);
			a[2] = g_argv(f); a[3] = g_argv(f); a[4] = chance(f, 80) ? 0 : G_FLAGS(f, at_bits);
		} else {
			a[0] = chance(f, 40) ? (long)"/x" : g_path(f); a[1] = g_argv(f); a[2] = g_argv(f);
		}
		break;
	case SYS_exit: case SYS_exit_group:
		if (!chance(f, 3))
			return CALL_SKIP;
		a[0] = g_int(f); break;
	case SYS_wait4:
		a[0] = g_pid(f, 0); a[1] = chance(f, 30) ? 0 : g_out(f, 4);
		a[2] = chance(f, 10) ? g_int(f) : (G_FLAGS(f, wait_bits) & ~WEXITED) | (chance(f, 70) ? WNOHANG : 0);
		a[3] = chance(f, 60) ? 0 : g_out(f, 144); break;
	case SYS_waitid:
		a[0] = chance(f, 90) ? (long)below(f, 4) : g_int(f); a[1] = g_pid(f, 0);
		a[2] = chance(f, 30) ? 0 : g_out(f, 128);
		a[3] = chance(f, 10) ? g_int(f) : G_FLAGS(f, wait_bits) | (chance(f, 70) ? WNOHANG : 0) |
			(chance(f, 80) ? WEXITED : 0);
		a[4] = chance(f, 60) ? 0 : g_out(f, 144); break;
	case SYS_kill:
		a[0] = g_pid(f, 1); a[1] = g_sig(f); break;
	case SYS_tkill:
		a[0] = g_pid(f, 1); a[1] = g_sig(f); break;
	case SYS_tgkill:
		a[0] = g_pid(f, 1); a[1] = g_pid(f, 1); a[2] = g_sig(f); break;
	case SYS_rt_sigqueueinfo:
		a[0] = g_pid(f, 1); a[1] = g_sig(f); a[2] = g_blob(f, 128); break;
	case SYS_rt_tgsigqueueinfo:
		a[0] = g_pid(f, 1); a[1] = g_pid(f, 1); a[2] = g_sig(f); a[3] = g_blob(f, 128); break;
	case SYS_pidfd_send_signal:
		a[0] = g_fd(f); a[1] = g_sig(f); a[2] = chance(f, 70) ? 0 : g_blob(f, 128);
		a[3] = chance(f, 90) ? 0 : g_int(f); break;
	case SYS_pidfd_open:
		a[0] = g_pid(f, 1); a[1] = chance(f, 80) ? 0 : (chance(f, 50) ? O_NONBLOCK : g_int(f)); break;
	case SYS_pidfd_getfd:
		a[0] = g_fd(f); a[1] = g_fd(f); a[2] = chance(f, 90) ? 0 : g_int(f); break;
	case SYS_uname: case SYS_sysinfo: case SYS_times:
		a[0] = g_out(f, 400); break;
	case SYS_fcntl: {
		static const long cmds[] = { F_DUPFD, F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_GETLK, F_SETLK,
			F_SETLKW, F_DUPFD_CLOEXEC, F_SETOWN, F_GETOWN, 1031 /* F_SETPIPE_SZ */,
			1032 /* F_GETPIPE_SZ */, 1033 /* F_ADD_SEALS */, 1024 /* F_SETLEASE */ };
		a[0] = g_fd(f); a[1] = chance(f, 90) ? PICK(f, cmds) : g_int(f);
		a[2] = (a[1] == F_GETLK || a[1] == F_SETLK || a[1] == F_SETLKW) ? g_blob(f, 32) :
		       chance(f, 70) ? (long)below(f, 64) : g_int(f);
		if (a[1] == F_SETLKW && chance(f, 80))
			a[1] = F_SETLK;                 /* a lock wait may never end */
		break;
	}
	case SYS_flock:
		a[0] = g_fd(f); a[1] = below(f, 16); break;
	case SYS_truncate:
		a[0] = g_path(f); a[1] = chance(f, 80) ? (long)below(f, 3 * FZ_PAGE) : g_off(f); break;
	case SYS_ftruncate:
		a[0] = g_fd(f); a[1] = chance(f, 80) ? (long)below(f, 3 * FZ_PAGE) : g_off(f); break;
	case SYS_getdents64: case SYS_getdents:
		a[0] = g_fd(f); a[2] = chance(f, 80) ? (long)below(f, 4096) : g_len(f); a[1] = g_out(f, a[2]); break;
	case SYS_getcwd:
		a[1] = chance(f, 80) ? (long)below(f, 300) : g_len(f); a[0] = g_out(f, a[1]); break;
	case SYS_chdir: case SYS_rmdir: case SYS_unlink:
		a[0] = g_path(f); break;
	case SYS_rename: case SYS_link: case SYS_symlink:
		a[0] = g_path(f); a[1] = g_path(f); break;
	case SYS_renameat: case SYS_renameat2: case SYS_linkat:
		a[0] = g_dirfd(f); a[1] = g_path(f); a[2] = g_dirfd(f); a[3] = g_path(f);
		a[4] = chance(f, 60) ? 0 : (long)below(f, 8) | (chance(f, 10) ? g_int(f) : 0); break;
	case SYS_symlinkat:
		a[0] = g_path(f); a[1] = g_dirfd(f); a[2] = g_path(f); break;
	case SYS_mkdir:
		a[0] = g_path(f); a[1] = g_mode(f); break;
	case SYS_mkdirat:
		a[0] = g_dirfd(f); a[1] = g_path(f); a[2] = g_mode(f); break;
	case SYS_unlinkat:
		a[0] = g_dirfd(f); a[1] = g_path(f); a[2] = chance(f, 70) ? (chance(f, 50) ? 0 : AT_REMOVEDIR) : g_int(f); break;
	case SYS_readlink:
		a[0] = g_path(f); a[2] = chance(f, 80) ? (long)below(f, 300) : g_len(f); a[1] = g_out(f, a[2]); break;
	case SYS_readlinkat:
		a[0] = g_dirfd(f); a[1] = g_path(f); a[3] = chance(f, 80) ? (long)below(f, 300) : g_len(f);
		a[2] = g_out(f, a[3]); break;
	case SYS_chmod: case SYS_fchmod:
		a[0] = nr == SYS_chmod ? g_path(f) : g_fd(f); a[1] = g_mode(f); break;
	case SYS_fchmodat:
		a[0] = g_dirfd(f); a[1] = g_path(f); a[2] = g_mode(f); a[3] = G_FLAGS(f, at_bits); break;
	case SYS_chown: case SYS_lchown: case SYS_fchown:
		a[0] = nr == SYS_fchown ? g_fd(f) : g_path(f); a[1] = g_uid(f); a[2] = g_uid(f); break;
	case SYS_fchownat:
		a[0] = g_dirfd(f); a[1] = g_path(f); a[2] = g_uid(f); a[3] = g_uid(f); a[4] = G_FLAGS(f, at_bits); break;
	case SYS_umask:
		a[0] = g_mode(f); break;
	case SYS_utimensat: case SYS_futimesat:
		a[0] = g_dirfd(f); a[1] = g_path(f); a[2] = chance(f, 50) ? 0 : g_blob(f, 32); a[3] = G_FLAGS(f, at_bits); break;
	case SYS_mknod: case SYS_mknodat: {
		/* Never a tty: the console is the run's log. */
		static const long devs[] = { 0, 0x103 /* null */, 0x105 /* zero */, 0x108, 0x109, 0x700,
			0xffffffffL };
		static const long modes[] = { S_IFIFO | 0644, S_IFREG | 0600, S_IFCHR | 0666, S_IFBLK | 0600,
			S_IFSOCK | 0600, S_IFDIR | 0755, 0644, S_IFLNK | 0777 };
		long mode = chance(f, 90) ? PICK(f, modes) : g_int(f);
		if (nr == SYS_mknod) {
			a[0] = g_path(f); a[1] = mode; a[2] = PICK(f, devs);
		} else {
			a[0] = g_dirfd(f); a[1] = g_path(f); a[2] = mode; a[3] = PICK(f, devs);
		}
		break;
	}
	case SYS_gettimeofday:
		a[0] = g_out(f, 16); a[1] = chance(f, 70) ? 0 : g_out(f, 8); break;
	case SYS_getrlimit:
		a[0] = chance(f, 90) ? (long)below(f, 17) : g_int(f); a[1] = g_out(f, 16); break;
	case SYS_setrlimit: case SYS_prlimit64: {
		long *rl = (long *)g_slot(f, 16);
		rl[0] = chance(f, 50) ? -1L : PICK(f, interesting);
		rl[1] = chance(f, 50) ? -1L : PICK(f, interesting);
		long res = chance(f, 90) ? (long)below(f, 17) : g_int(f);
		long p = chance(f, 90) ? (long)rl : g_bad(f);
		if (nr == SYS_setrlimit) {
			a[0] = res; a[1] = p;
		} else {
			a[0] = chance(f, 70) ? 0 : g_pid(f, 1); a[1] = res; a[2] = chance(f, 40) ? 0 : p;
			a[3] = chance(f, 40) ? 0 : g_out(f, 16);
		}
		break;
	}
	case SYS_getrusage:
		a[0] = chance(f, 90) ? (long)below(f, 3) - 1 : g_int(f); a[1] = g_out(f, 144); break;
	case SYS_setuid: case SYS_setgid: case SYS_setfsuid: case SYS_setfsgid:
		a[0] = g_uid(f); break;
	case SYS_setreuid: case SYS_setregid:
		a[0] = g_uid(f); a[1] = g_uid(f); break;
	case SYS_setresuid: case SYS_setresgid:
		a[0] = g_uid(f); a[1] = g_uid(f); a[2] = g_uid(f); break;
	case SYS_getresuid: case SYS_getresgid:
		a[0] = g_out(f, 4); a[1] = g_out(f, 4); a[2] = g_out(f, 4); break;
	case SYS_getgroups: case SYS_setgroups:
		a[0] = chance(f, 80) ? (long)below(f, 70) : g_int(f);
		a[1] = nr == SYS_getgroups ? g_out(f, 256) : g_in(f, 256); break;
	case SYS_setpgid:
		a[0] = g_pid(f, 1); a[1] = chance(f, 50) ? 0 : g_pid(f, 1); break;
	case SYS_getpgid: case SYS_getsid:
		a[0] = g_pid(f, 0); break;
	case SYS_rt_sigpending:
		a[0] = g_out(f, 8); a[1] = g_sigsetsize(f); break;
	case SYS_rt_sigtimedwait:
		a[0] = g_sigset(f); a[1] = chance(f, 50) ? 0 : g_out(f, 128); a[2] = g_ts(f);
		a[3] = g_sigsetsize(f);
		if (!a[2] && chance(f, 80))
			return CALL_SKIP;               /* waits forever */
		break;
	case SYS_rt_sigsuspend:
		if (chance(f, 70))
			return CALL_SKIP;
		a[0] = g_sigset(f); a[1] = g_sigsetsize(f); break;
	case SYS_sigaltstack: {
		long *ss = (long *)g_slot(f, 24);
		ss[0] = chance(f, 80) ? (long)(f->w->arena + FZ_ARENA / 2) : g_bad(f);
		static const long ss_flags[] = { 1 /* SS_ONSTACK */, 2 /* SS_DISABLE */, 4, 0x80000000L, -1 };
		ss[1] = chance(f, 70) ? 0 : PICK(f, ss_flags);
		ss[2] = chance(f, 80) ? (long)(FZ_ARENA / 2) : g_len(f);
		a[0] = chance(f, 30) ? 0 : chance(f, 90) ? (long)ss : g_bad(f);
		a[1] = chance(f, 50) ? 0 : g_out(f, 24); break;
	}
	case SYS_getpriority: case SYS_setpriority:
		a[0] = below(f, 4); a[1] = g_pid(f, 1); a[2] = (long)below(f, 60) - 20; break;
	case SYS_prctl: {
		static const long opts[] = { PR_SET_NAME, PR_GET_NAME, PR_SET_PDEATHSIG, PR_GET_PDEATHSIG,
			36 /* PR_SET_CHILD_SUBREAPER */, 37, 4 /* PR_SET_DUMPABLE */, 3,
			38 /* PR_SET_NO_NEW_PRIVS */, 39, 15, 16, 1000 };
		a[0] = chance(f, 90) ? PICK(f, opts) : g_int(f);
		a[1] = (a[0] == PR_SET_NAME) ? g_in(f, 16) : (a[0] == PR_GET_NAME || a[0] == PR_GET_PDEATHSIG)
		       ? g_out(f, 16) : chance(f, 70) ? (long)below(f, 70) : g_int(f);
		break;
	}
	case SYS_arch_prctl: {
		static const long codes[] = { 0x1001, 0x1002, 0x1003, 0x1004, 0x1011, 0x1012, 0x3001, 0 };
		a[0] = chance(f, 90) ? PICK(f, codes) : g_int(f);
		a[1] = (a[0] == 0x1003 || a[0] == 0x1004) ? g_out(f, 8) : g_any(f); break;
	}
	case SYS_sethostname: case SYS_setdomainname:
		a[1] = chance(f, 80) ? (long)below(f, 80) : g_int(f); a[0] = g_in(f, a[1]); break;
	case SYS_time:
		a[0] = chance(f, 30) ? 0 : g_out(f, 8); break;
	case SYS_futex: {
		static const long ops[] = { 0, 1, 3, 4, 5, 9, 10, 0, 1, 1, 6, 7, 8, 11, 12, 13 };
		long op = chance(f, 90) ? PICK(f, ops) : g_int(f);
		if (chance(f, 50))
			op |= 128;                                      /* FUTEX_PRIVATE_FLAG */
		if (chance(f, 10))
			op |= 256;                                      /* FUTEX_CLOCK_REALTIME */
		long uaddr = g_futex_addr(f);
		long val = chance(f, 60) && (unsigned long)uaddr - (unsigned long)w->arena < FZ_ARENA ?
			   *(volatile int *)uaddr : g_int(f);
		if (chance(f, 60) && (unsigned long)uaddr - (unsigned long)w->shared < FZ_PAGE)
			val = *(volatile int *)uaddr;
		long wait = (op & 127) == 0 || (op & 127) == 9;
		a[0] = uaddr; a[1] = op; a[2] = val;
		a[3] = wait ? g_ts(f) : (chance(f, 70) ? (long)below(f, 4) : g_int(f));
		if (wait && !a[3] && chance(f, 90))
			a[3] = g_ts(f);                         /* NULL waits forever: rarer */
		a[4] = g_futex_addr(f);
		a[5] = chance(f, 50) ? -1 : g_int(f);
		if (chance(f, 20))                              /* stir the words the waiters watch */
			__atomic_add_fetch((int *)(w->arena + 4 * below(f, 8)), 1, __ATOMIC_RELAXED);
		break;
	}
	case SYS_set_robust_list:
		a[0] = g_in(f, 24); a[1] = chance(f, 80) ? 24 : g_int(f); break;
	case SYS_get_robust_list:
		a[0] = g_pid(f, 0); a[1] = g_out(f, 8); a[2] = g_out(f, 8); break;
	case SYS_set_tid_address:
		a[0] = chance(f, 80) ? (long)g_slot(f, 4) : g_bad(f); break;
	case SYS_sched_setaffinity: case SYS_sched_getaffinity:
		a[0] = g_pid(f, 1); a[1] = chance(f, 80) ? 8L << below(f, 4) : g_int(f);
		a[2] = nr == SYS_sched_getaffinity ? g_out(f, 128) : g_in(f, 128); break;
	case SYS_clock_gettime: case SYS_clock_getres:
		a[0] = chance(f, 85) ? (long)below(f, 12) : g_int(f); a[1] = chance(f, 10) ? 0 : g_out(f, 16); break;
	case SYS_getcpu:
		a[0] = g_out(f, 4); a[1] = g_out(f, 4); a[2] = chance(f, 80) ? 0 : g_any(f); break;
	case SYS_getrandom:
		a[1] = chance(f, 80) ? (long)below(f, 1024) : g_len(f); a[0] = g_out(f, a[1]);
		a[2] = chance(f, 70) ? (long)below(f, 8) : g_int(f); break;
	case SYS_dup2: case SYS_dup3:
		a[0] = g_fd(f); a[1] = chance(f, 60) ? g_fd(f) : g_int(f);
		if (a[1] < 3 && a[1] >= 0 && chance(f, 50))
			a[1] = 3 + below(f, 40);
		a[2] = chance(f, 80) ? (chance(f, 50) ? 0 : O_CLOEXEC) : g_int(f); break;
	case SYS_unshare:
		a[0] = G_FLAGS(f, unshare_bits); break;
	case SYS_setns:
		/* Never the mount namespace: joining one (through a pidfd, or an
		 * nsfs file with nstype 0) sets root to its root - out of the chroot. */
		a[0] = g_fd(f); a[1] = (G_FLAGS(f, unshare_bits) & ~CLONE_NEWNS) | CLONE_NEWUTS; break;
	case SYS_mount: {
		/* No procfs: its /proc/ushi/trace would flood the console. */
		static const char *const types[] = { "ramfs", "tmpfs", "bogus", "", "ext4" };
		a[0] = chance(f, 50) ? (long)"none" : g_path(f); a[1] = g_path(f);
		a[2] = chance(f, 90) ? (long)PICK(f, types) : g_bad(f);
		a[3] = G_FLAGS(f, ms_bits); a[4] = chance(f, 70) ? 0 : g_in(f, 64); break;
	}
	case SYS_umount2:
		a[0] = g_path(f); a[1] = chance(f, 70) ? (long)below(f, 16) : g_int(f); break;
	case SYS_chroot:
		a[0] = g_bad(f); break;                         /* an escape would reach the real files */
	case SYS_pivot_root:
		a[0] = g_bad(f); a[1] = g_bad(f); break;
	case SYS_reboot:
		a[0] = 0xfee1deadL ^ (1 + below(f, 255)); a[1] = g_int(f); a[2] = g_int(f); a[3] = g_any(f); break;
	case SYS_close_range:
		a[0] = 3 + below(f, 40); a[1] = a[0] + below(f, 40); a[2] = chance(f, 50) ? 0 : 4; break;
	case SYS_ptrace: case SYS_process_vm_readv: case SYS_process_vm_writev: case SYS_kcmp:
		a[0] = g_int(f); a[1] = g_pid(f, 1); break;     /* not on ushi; keep away from pid 1 */
	case SYS_settimeofday: case SYS_clock_settime: case SYS_adjtimex: case SYS_clock_adjtime:
		a[0] = g_bad(f); a[1] = g_bad(f); break;        /* a clock jump would fool the watchdog */
	case SYS_swapon: case SYS_swapoff: case SYS_kexec_load: case SYS_init_module:
	case SYS_delete_module: case SYS_acct: case SYS_quotactl:
		a[0] = g_bad(f); break;
	default:
		break;
	}
	return CALL_PLAIN;
}

/* ---- making a call ----------------------------------------------------------------- */

static const char *const fz_names[461] = {
#include "fuzz_names.inc"
};

static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

static char *put_num(char *p, unsigned long v, int base)
{
	char tmp[24];
	int n = 0;
	do
		tmp[n++] = "0123456789abcdef"[v % base];
	while ((v /= base));
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* VERBOSE: "fuzz: s1 g0 t2 c37 openat(0xffffff9c, ...)" on the console, before the call. */
static void log_call(struct fz *f, long nr, const long *a, long calls)
{
	struct fz_worker *w = f->w;
	char buf[320], *p = buf;
	p = put_str(p, "fuzz: s");
	p = put_num(p, w->slot, 10);
	p = put_str(p, " g");
	p = put_num(p, w->gen, 10);
	p = put_str(p, " t");
	p = put_num(p, f->thread, 10);
	p = put_str(p, " p");
	p = put_num(p, fz_sys0(SYS_gettid), 10);
	p = put_str(p, " c");
	p = put_num(p, calls, 10);
	*p++ = ' ';
	if ((unsigned long)nr < 461 && fz_names[nr]) {
		p = put_str(p, fz_names[nr]);
	} else {
		p = put_str(p, "syscall_0x");
		p = put_num(p, nr, 16);
	}
	*p++ = '(';
	for (int i = 0; i < 6; i++) {
		p = put_str(p, i ? ", 0x" : "0x");
		p = put_num(p, a[i], 16);
	}
	p = put_str(p, ")\n");
	fz_sys3(SYS_write, w->console, buf, p - buf);
}

/* A fuzzed clone's child on a stack of ours: its instructions sit at the stack's base. */
static int fz_child_main(void *unused)
{
	(void)unused;
	unsigned long fp = (unsigned long)__builtin_frame_address(0);
	struct fz_childinfo *ci = (struct fz_childinfo *)(fp & ~(unsigned long)(FZ_STACK_SIZE - 1));
	struct fz c = { .rng = ci->seed | 1, .w = ci->w, .budget = ci->budget, .thread = 9 };
	void fuzz_loop(struct fz *f);
	fuzz_loop(&c);
	return 0;
}

static void remember(struct fz *f, long nr, const long *a, long ret)
{
	struct fz_worker *w = f->w;
	if (ret < 0 && ret > -4096)
		return;
	switch ((unsigned)nr) {
	case SYS_open: case SYS_openat: case SYS_creat: case SYS_dup: case SYS_dup2: case SYS_dup3:
	case SYS_pidfd_open: case SYS_pidfd_getfd: case SYS_memfd_create: case SYS_eventfd2:
	case SYS_epoll_create1: case SYS_signalfd4: case SYS_timerfd_create: case SYS_socket:
		if (ret >= 0 && ret < 65536)
			w->fds[below(f, FZ_NFD)] = ret;
		break;
	case SYS_fcntl:
		if ((a[1] == F_DUPFD || a[1] == F_DUPFD_CLOEXEC) && ret >= 0 && ret < 65536)
			w->fds[below(f, FZ_NFD)] = ret;
		break;
	case SYS_pipe: case SYS_pipe2:
		if ((unsigned long)a[0] - (unsigned long)w->arena < FZ_ARENA - 8) {
			w->fds[below(f, FZ_NFD)] = ((int *)a[0])[0];
			w->fds[below(f, FZ_NFD)] = ((int *)a[0])[1];
		}
		break;
	case SYS_mmap: {
		int i = below(f, FZ_NMAP);
		w->maps[i].addr = ret;
		w->maps[i].len = (a[1] + FZ_PAGE - 1) & ~(FZ_PAGE - 1);
		break;
	}
	case SYS_mremap: {
		int i = below(f, FZ_NMAP);
		w->maps[i].addr = ret;
		w->maps[i].len = (a[2] + FZ_PAGE - 1) & ~(FZ_PAGE - 1);
		break;
	}
	case SYS_clone: case SYS_clone3: case SYS_fork: case SYS_vfork:
		if (ret > 0)
			w->pids[below(f, FZ_NPID)] = ret;
		break;
	}
}

static void one_call(struct fz *f, long calls)
{
	struct fz_worker *w = f->w;
	long nr = pick_nr(f), a[6], vm = 0, ret;
	int how = gen_args(f, nr, a, &vm);
	if (how == CALL_SKIP)
		return;
	if (w->console >= 0)
		log_call(f, nr, a, calls);
	switch (how) {
	case CALL_SIGRETURN: {
		/* A frame of junk, now and then mostly zeros. */
		long *frame = (long *)g_slot(f, 1024);
		int zeros = chance(f, 30);
		for (int i = 0; i < 128; i++)
			frame[i] = zeros && chance(f, 90) ? 0 : (long)rnd(f);
		fz_bad_sigreturn(frame);
		return;
	}
	case CALL_CLONE:
		ret = fz_clone_asm(nr, a[0], a[1], a[2], a[3], a[4], fz_child_main, NULL, vm);
		if (ret == 0) {
			/* A copy-on-write child: a short life of its own, its own sequence. */
			if (f->budget < 0 || f->budget > FZ_CHILD_BUDGET)
				f->budget = FZ_CHILD_BUDGET;
			f->rng = fz_mix(f->rng + 1) | 1;
			return;
		}
		break;
	default:
		ret = fz_sys(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		break;
	}
	remember(f, nr, a, ret);
}

void fuzz_loop(struct fz *f)
{
	struct fz_worker *w = f->w;
	for (;;) {
		if (f->budget == 0)
			return;
		if (f->budget > 0)
			f->budget--;
		else if (++w->own_calls > FZ_WORKER_LIFE)
			return;                 /* make room for a fresh worker */
		long done = __atomic_add_fetch(&fz_sh->calls, 1, __ATOMIC_RELAXED);
		if (done > fz_sh->limit)
			return;
		fz_sh->beat[w->slot]++;
		one_call(f, done);
	}
}

/* ---- a worker process ------------------------------------------------------------- */

static char fz_longname[301], fz_hugepath[5001];
static const char *const fz_path_pool[] = {
	"f0", "f1", "f2", "f3", "/f0", "d0", "d0/f", "/d1/d2/f", "d1/d2", "d1", "sl", "loop",
	"dangling", "dsl", "dsl/f", "fifo", "/x", "x", "/dev/null", "/dev/zero", "/dev/urandom",
	"tmp", "tmp/a", "tmp/b", "new0", "new1", "d0/new", "d1/d2/new", "..", ".", "/", "",
	"/nonexistent/a", "f0/", "f0/x", "/proc/self/maps", "../../..", "mnt",
};

static int fz_thread_main(void *arg)
{
	struct fz_childinfo *ci = arg;
	struct fz t = { .rng = ci->seed | 1, .w = ci->w, .budget = -1, .thread = (int)ci->budget };
	fuzz_loop(&t);
	return 0;
}

static void *fz_map(size_t len, int prot, int flags)
{
	void *p = mmap(NULL, len, prot, flags | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static void fz_sigaction(int sig, long handler)
{
	long sa[4] = { handler, SA_RESTORER | SA_RESTART, (long)(void *)fz_restorer, 0 };
	fz_sys(SYS_rt_sigaction, sig, (long)sa, 0, 8, 0, 0);
}

static __attribute__((noreturn)) void worker_main(int slot, int gen)
{
	static struct fz_worker wk;
	struct fz_worker *w = &wk;
	memset(w, 0, sizeof *w);
	w->slot = slot;
	w->gen = gen;
	w->console = fz_sh->verbose ? fcntl(1, F_DUPFD, 200) : -1;
	setsid();
	/* Of ns-init's fds we keep none: the console (our log) and /proc (a way
	 * out of the chroot) must be out of reach.  The /dev/null we use is the
	 * real one, opened before the chroot: the scratch one may be gone. */
	for (int fd = 0; fd < 3; fd++)
		if (dup2(fz_nullfd, fd) != fd)
			fz_exit_group(4);
	close(fz_nullfd);
	close(fz_procfd);
	prctl(PR_SET_NAME, "fuzz-worker");

	u64 seed = fz_mix(fz_sh->seed ^ ((u64)slot << 40) ^ ((u64)gen << 16));
	struct fz f = { .rng = seed | 1, .w = w, .budget = -1, .thread = 0 };

	/* Memory to point at: good, read-only, inaccessible, and a page before a hole. */
	/* A guard page above the arena: a call told to write more than the
	 * arena holds must fault, not scribble over the next mapping. */
	w->arena = fz_map(FZ_ARENA + FZ_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	if (w->arena)
		mprotect(w->arena + FZ_ARENA, FZ_PAGE, PROT_NONE);
	w->ro = fz_map(FZ_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	w->none = fz_map(FZ_PAGE, PROT_NONE, MAP_PRIVATE);
	w->edge = fz_map(2 * FZ_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	w->shared = fz_map(FZ_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED);
	char *stacks = fz_map((FZ_NSTACK + 1) * FZ_STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	if (!w->arena || !w->ro || !w->none || !w->edge || !w->shared || !stacks)
		fz_exit_group(3);
	for (int i = 0; i < FZ_ARENA; i += 8) {
		u64 v = chance(&f, 25) ? 0 : rnd(&f);
		memcpy(w->arena + i, &v, 8);
	}
	memset(w->ro, 0x5a, FZ_PAGE);
	mprotect(w->ro, FZ_PAGE, PROT_READ);
	w->hole = w->edge + FZ_PAGE;
	munmap(w->hole, FZ_PAGE);
	memset(w->edge + FZ_PAGE - 64, 'A', 64);        /* a string that runs into the hole */
	char *s0 = (char *)(((unsigned long)stacks + FZ_STACK_SIZE - 1) & ~(unsigned long)(FZ_STACK_SIZE - 1));
	for (int i = 0; i < FZ_NSTACK; i++)
		w->stacks[i] = s0 + i * FZ_STACK_SIZE;

	for (unsigned i = 0; i < sizeof fz_path_pool / sizeof *fz_path_pool; i++)
		w->paths[w->npaths++] = fz_path_pool[i];
	w->paths[w->npaths++] = fz_longname;
	w->paths[w->npaths++] = fz_hugepath;
	w->paths[w->npaths++] = w->edge + FZ_PAGE - 64;

	/* Real fds of every kind we have.  O_NONBLOCK: an earlier worker may
	 * have put a FIFO where a file was, and opening that would wait for a
	 * writer forever (a whole campaign once stalled so at 23,000 calls). */
	int p[2] = { -1, -1 };
	pipe2(p, O_NONBLOCK);
	int nb = O_NONBLOCK;
	int init_fds[] = { open("f0", O_RDWR | nb), open("f2", O_RDONLY | nb), open("d0", O_RDONLY | O_DIRECTORY | nb),
		open("/dev/zero", O_RDWR | nb), open("/dev/urandom", O_RDONLY | nb), p[0], p[1],
		open("fifo", O_RDWR | O_NONBLOCK), (int)fz_sys2(SYS_pidfd_open, getpid(), 0),
		open("tmp", O_RDONLY | O_DIRECTORY | O_PATH), 0, 1 };
	for (int i = 0; i < FZ_NFD; i++)
		w->fds[i] = init_fds[i % (sizeof init_fds / sizeof *init_fds)];

	fz_sigaction(SIGPIPE, 1);
	fz_sigaction(SIGTTOU, 1);
	fz_sigaction(SIGTTIN, 1);
	fz_sigaction(SIGUSR1, (long)(void *)fz_handler);
	fz_sigaction(SIGUSR2, (long)(void *)fz_handler);
	fz_sigaction(SIGALRM, (long)(void *)fz_handler);
	fz_sigaction(SIGURG, (long)(void *)fz_handler);

	if (w->console >= 0)
		dprintf(w->console, "fuzz: worker s%d g%d pid %d: shared %p arena %p edge %p stacks %p\n",
			slot, gen, getpid(), (void *)fz_sh, w->arena, w->edge, (void *)s0);
	for (int t = 1; t < fz_sh->threads; t++) {
		char *st = fz_map(FZ_THREAD_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE);
		if (!st)
			break;
		struct fz_childinfo *ci = (struct fz_childinfo *)st;
		ci->w = w;
		ci->seed = fz_mix(seed + t);
		ci->budget = t;                 /* the thread's number, for the log */
		fz_clone_asm(SYS_clone, CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
			     CLONE_SYSVSEM, (long)st + FZ_THREAD_STACK, 0, 0, 0, fz_thread_main, ci, 1);
	}
	fuzz_loop(&f);
	fz_exit_group(0);
}

/* ---- ns-init: the scratch root and the watchdog ---------------------------------------- */

/* A 129-byte static ELF whose code is exit(0): what a successful execve runs. */
static void write_tiny_elf(const char *path)
{
	unsigned char img[129];
	memset(img, 0, sizeof img);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
	Elf64_Phdr *ph = (Elf64_Phdr *)(img + sizeof *eh);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = 0x400000 + 120;
	eh->e_phoff = sizeof *eh;
	eh->e_ehsize = sizeof *eh;
	eh->e_phentsize = sizeof *ph;
	eh->e_phnum = 1;
	ph->p_type = PT_LOAD;
	ph->p_flags = PF_R | PF_X;
	ph->p_vaddr = ph->p_paddr = 0x400000;
	ph->p_filesz = ph->p_memsz = sizeof img;
	ph->p_align = 0x1000;
	static const unsigned char code[] = { 0xb8, 0x3c, 0, 0, 0, 0x31, 0xff, 0x0f, 0x05 };
	memcpy(img + 120, code, sizeof code);   /* mov $60,%eax; xor %edi,%edi; syscall */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd >= 0) {
		write(fd, img, sizeof img);
		close(fd);
	}
}

static void write_file(const char *path, size_t size, int mode)
{
	char buf[512];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0)
		return;
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = 'a' + i % 26;
	for (size_t done = 0; done < size; done += sizeof buf)
		write(fd, buf, size - done < sizeof buf ? size - done : sizeof buf);
	close(fd);
}

/* The files every worker finds in its root (the scratch directory). */
static void populate_root(void)
{
	mkdir("d0", 0755);
	mkdir("d1", 0755);
	mkdir("d1/d2", 0755);
	mkdir("tmp", 01777);
	mkdir("dev", 0755);
	mkdir("mnt", 0755);
	write_file("f0", 4096, 0644);
	write_file("f1", 0, 0644);
	write_file("f2", 3 * 4096 + 100, 0644);
	write_file("f3", 10, 0);
	write_file("d0/f", 100, 0644);
	write_file("d1/d2/f", 5000, 0600);
	symlink("f0", "sl");
	symlink("loop", "loop");
	symlink("nowhere/x", "dangling");
	symlink("d0", "dsl");
	mkfifo("fifo", 0644);
	write_tiny_elf("x");
	mknod("dev/null", S_IFCHR | 0666, makedev(1, 3));
	mknod("dev/zero", S_IFCHR | 0666, makedev(1, 5));
	mknod("dev/urandom", S_IFCHR | 0666, makedev(1, 9));
	memset(fz_longname, 'n', 300);
	for (int i = 0; i < 5000; i += 2)
		memcpy(fz_hugepath + i, "/.", 2);
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

static void fz_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fz_say(const char *fmt, ...)
{
	char buf[300];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof buf - 2)
		n = sizeof buf - 2;
	buf[n++] = '\n';
	write(1, buf, n);
}


/* Says what every task in the system is doing (/proc/PID/task/TID/stat). */
static void dump_tasks(void)
{
	if (fz_procfd < 0) {
		fz_say("fuzz:   (no /proc to look at)");
		return;
	}
	int fd = dup(fz_procfd);
	lseek(fd, 0, SEEK_SET);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d)
		fz_say("fuzz:   (cannot list /proc: %s)", strerror(errno));
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		char path[600], buf[256];
		snprintf(path, sizeof path, "%s/task", e->d_name);
		int tfd = openat(fz_procfd, path, O_RDONLY | O_DIRECTORY);
		DIR *td = tfd >= 0 ? fdopendir(tfd) : NULL;
		struct dirent *te;
		while (td && (te = readdir(td))) {
			if (te->d_name[0] < '0' || te->d_name[0] > '9')
				continue;
			snprintf(path, sizeof path, "%s/task/%s/stat", e->d_name, te->d_name);
			int sfd = openat(fz_procfd, path, O_RDONLY);
			ssize_t n = sfd >= 0 ? read(sfd, buf, sizeof buf - 1) : -1;
			if (sfd >= 0)
				close(sfd);
			if (n > 0) {
				buf[n] = 0;
				char *nl = strchr(buf, '\n');
				if (nl)
					*nl = 0;
				fz_say("fuzz:   task %s", buf);
			}
		}
		if (td)
			closedir(td);
	}
	if (d)
		closedir(d);
}

static void record_hang(const char *why)
{
	if (!fz_sh->hang)
		snprintf(fz_sh->why, sizeof fz_sh->why, "%s", why);
	fz_sh->hang = 1;
	fz_say("fuzz: HANG: %s", why);
	dump_tasks();
}

/*
 * pid 1 of the fuzzers' pid namespace.  Keeps fz_sh->procs workers
 * running until the run has made its calls, then kills everything in the
 * namespace and reaps it.  Its own memory is touched once up front, so
 * that it never needs a frame (and cannot be the one an OOM kills).
 */
static int nsinit_main(const char *root)
{
	volatile char touch[64 * 1024];
	for (size_t i = 0; i < sizeof touch; i += 4096)
		touch[i] = 1;
	fz_procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fz_nullfd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fz_nullfd < 0) {
		fz_say("fuzz: /dev/null: %s", strerror(errno));
		return 2;
	}
	if (chroot(root) || chdir("/")) {
		fz_say("fuzz: chroot %s: %s", root, strerror(errno));
		return 2;
	}
	populate_root();
	int n = fz_sh->procs;
	pid_t pid[FZ_MAX_PROCS] = { 0 };
	int gen[FZ_MAX_PROCS] = { 0 };
	long last_beat[FZ_MAX_PROCS], last_move[FZ_MAX_PROCS], killed_at[FZ_MAX_PROCS];
	for (int s = 0; s < n; s++)
		last_beat[s] = last_move[s] = killed_at[s] = 0;
	char why[160];
	for (;;) {
		int st;
		pid_t r;
		while ((r = waitpid(-1, &st, WNOHANG | __WALL)) > 0) {
			for (int s = 0; s < n; s++) {
				if (pid[s] != r)
					continue;
				pid[s] = 0;
				/* Its descendants go with it (a worker leads its own
				 * process group): left stopped or asleep they would pile
				 * up, and every exit's audit would walk them all. */
				kill(-r, SIGKILL);
				if (WIFSIGNALED(st))
					fz_sh->deaths[WTERMSIG(st) & 63]++;
				else
					fz_sh->exited++;
			}
		}
		if (__atomic_load_n(&fz_sh->calls, __ATOMIC_RELAXED) >= fz_sh->limit)
			break;
		if (fz_sh->magic != FZ_MAGIC || fz_sh->magic_end != FZ_MAGIC)
			break;                  /* overwritten: the supervisor says so */
		long t = now_ms();
		for (int s = 0; s < n; s++) {
			if (!pid[s]) {
				pid_t p = fork();
				if (p == 0)
					worker_main(s, gen[s]);
				if (p < 0)
					continue;       /* out of memory or tasks: next round */
				pid[s] = p;
				fz_sh->wpid[s] = p;
				gen[s]++;
				fz_sh->spawned++;
				last_beat[s] = fz_sh->beat[s];
				last_move[s] = t;
				killed_at[s] = 0;
			} else if (fz_sh->beat[s] != last_beat[s]) {
				last_beat[s] = fz_sh->beat[s];
				last_move[s] = t;
			} else if (!killed_at[s] && t - last_move[s] > STALL_SECS * 1000) {
				kill(pid[s], SIGKILL);  /* a call that waits forever is fair; move on */
				kill(-pid[s], SIGKILL);
				killed_at[s] = t;
				fz_sh->killed_stalled++;
			} else if (killed_at[s] && t - killed_at[s] > HANG_SECS * 1000) {
				snprintf(why, sizeof why, "worker pid %d (slot %d) did not die %d s after SIGKILL",
					 pid[s], s, HANG_SECS);
				record_hang(why);
				killed_at[s] = t;
			}
		}
		nap_ms(5);
	}
	/* The end: everything in the namespace but us dies, and is reaped. */
	kill(-1, SIGKILL);
	long deadline = now_ms() + HANG_SECS * 1000;
	for (;;) {
		int st;
		pid_t r = waitpid(-1, &st, WNOHANG | __WALL);
		if (r < 0 && errno == ECHILD)
			break;
		if (r > 0)
			continue;
		if (now_ms() > deadline) {
			snprintf(why, sizeof why, "processes still alive %d s after the final SIGKILL", HANG_SECS);
			record_hang(why);
			break;
		}
		kill(-1, SIGKILL);              /* children forked after the first round */
		nap_ms(5);
	}
	return fz_sh->hang ? 3 : 0;
}

/* ---- the supervisor --------------------------------------------------------------------- */

static int fz_on_ushi(void)
{
	struct utsname u;
	return uname(&u) == 0 && strstr(u.version, "ushi") != NULL;
}

/* MemFree in kB from /proc/meminfo, or -1. */
static long fz_mem_free_kb(void)
{
	return proc_field("/proc/meminfo", "MemFree");
}

/*
 * MemFree once the frames of tasks reaped a moment ago are back: with
 * several CPUs a reaped task's last frames go back when its CPU switches
 * away from it.  Reads until three reads 10 ms apart agree (at most half a
 * second), so that a baseline taken just after a reap is not one frame low.
 */
static long fz_settled_mem_free_kb(void)
{
	long last = fz_mem_free_kb();
	for (int same = 0, i = 0; same < 3 && i < 50; i++) {
		nap_ms(10);
		long now = fz_mem_free_kb();
		same = now == last ? same + 1 : 0;
		last = now;
	}
	return last;
}

/* rm -rf, never following a symlink out of the tree. */
static void remove_tree(int dfd, const char *name)
{
	if (unlinkat(dfd, name, 0) == 0 || (errno != EISDIR && errno != EPERM))
		return;
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	if (fd >= 0) {
		DIR *d = fdopendir(fd);
		if (d) {
			struct dirent *e;
			char names[64][256];
			for (;;) {
				int k = 0;
				rewinddir(d);
				while ((e = readdir(d)) && k < 64)
					if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
						snprintf(names[k++], 256, "%s", e->d_name);
				if (!k)
					break;
				for (int i = 0; i < k; i++)
					remove_tree(fd, names[i]);
				if (k < 64)
					break;
			}
			closedir(d);
		} else {
			close(fd);
		}
	}
	unlinkat(dfd, name, AT_REMOVEDIR);
}

/*
 * One campaign in the namespaces, start to finish, scratch directory
 * removed.  Returns 0, or 1 with the reasons said.
 */
static const char *fz_only;             /* "9,11,25-28": call numbers to stick to */

static void parse_only(void)
{
	const char *p = fz_only;
	while (p && *p && fz_sh->nonly < 128) {
		char *end;
		long a = strtol(p, &end, 10), b = a;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		for (long n = a; n <= b && fz_sh->nonly < 128; n++)
			fz_sh->only[fz_sh->nonly++] = n;
		p = *end ? end + 1 : end;
	}
}

/*
 * System V shared memory outlives the processes that made it, as on
 * Linux (ushi has no IPC namespaces to end it with ns-init): a segment a
 * worker created with shmget and never removed holds its objects and
 * frames, which would count as missing although the kernel leaked
 * nothing.  shm_ids(ids, max) lists the segments that exist (at most
 * max); shm_remove_new(old, n) removes every segment not among them.
 */
static int shm_ids(int *ids, int max)
{
	struct shm_info info;
	int hi = shmctl(0, SHM_INFO, (struct shmid_ds *)&info), n = 0;
	for (int idx = 0; idx <= hi && n < max; idx++) {
		struct shmid_ds ds;
		int id = shmctl(idx, SHM_STAT, &ds);
		if (id >= 0)
			ids[n++] = id;
	}
	return n;
}

static void shm_remove_new(const int *old, int nold)
{
	static int ids[256];            /* not on the stack: its depth is in the baseline */
	int n, removed;
	do {
		n = shm_ids(ids, 256);
		removed = 0;
		for (int i = 0; i < n; i++) {
			bool was = false;
			for (int j = 0; j < nold; j++)
				was |= ids[i] == old[j];
			if (!was && shmctl(ids[i], IPC_RMID, NULL) == 0)
				removed++;
		}
	} while (removed && n == 256);          /* a full list: there may be more */
}

static int fuzz_once(u64 seed, long calls, int procs, int threads, int verbose, int quiet)
{
	static int shm_before[64];
	int nshm_before = shm_ids(shm_before, 64);
	char root[64];
	snprintf(root, sizeof root, "/tmp/fuzz.%d", getpid());
	/* Between two PROT_NONE pages, far from anything else, so that no
	 * write the fuzz makes through a neighbouring mapping can reach it: a
	 * worker may legitimately grow, move or unprotect an area next to
	 * its own, and write there (an early campaign lost this page so, when
	 * it sat just above the mmap area). */
	char *guarded = mmap((void *)(FZ_SHARED_AT - FZ_PAGE), 3 * FZ_PAGE, PROT_NONE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	fz_sh = guarded == MAP_FAILED ? MAP_FAILED :
		mmap(guarded + FZ_PAGE, sizeof *fz_sh, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (fz_sh == MAP_FAILED) {
		fz_say("fuzz: mmap: %s", strerror(errno));
		return 1;
	}
	memset(fz_sh, 0, sizeof *fz_sh);
	fz_sh->magic = fz_sh->magic_end = FZ_MAGIC;
	fz_sh->limit = calls;
	fz_sh->procs = procs;
	fz_sh->threads = threads;
	fz_sh->verbose = verbose;
	fz_sh->seed = seed;
	parse_only();
	if (mkdir(root, 0755)) {
		fz_say("fuzz: mkdir %s: %s", root, strerror(errno));
		return 1;
	}
	long start = now_ms();
	long ns = syscall(SYS_clone, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0);
	if (ns == 0)
		_exit(nsinit_main(root));
	if (ns < 0) {
		fz_say("fuzz: clone into new namespaces: %s", strerror(errno));
		return 1;
	}
	/* Our own pages are shared with ns-init until written: write them now. */
	volatile char touch[16 * 1024];
	for (size_t i = 0; i < sizeof touch; i += 4096)
		touch[i] = 1;
	int status = 0;
	long next_report = calls / 10;
	while (waitpid(ns, &status, WNOHANG) != ns) {
		long c = fz_sh->calls;
		if (!quiet && c >= next_report && c < calls) {
			fz_say("fuzz: %ld calls, %ld s", c, (now_ms() - start) / 1000);
			next_report += calls / 10;
		}
		nap_ms(20);
	}
	long secs = (now_ms() - start) / 1000;
	long done = fz_sh->calls < calls ? fz_sh->calls : calls;
	char deaths[200] = "";
	int dl = 0;
	for (int s = 1; s < 65; s++)
		if (fz_sh->deaths[s] && dl < (int)sizeof deaths - 20)
			dl += snprintf(deaths + dl, sizeof deaths - dl, " %s%d %ld",
				       s == SIGKILL ? "KILL/" : s == SIGSEGV ? "SEGV/" : s == SIGBUS ? "BUS/" : "",
				       s, fz_sh->deaths[s]);
	if (calls && fz_sh->magic == FZ_MAGIC && fz_sh->magic_end == FZ_MAGIC)
		fz_say("fuzz: %ld calls in %ld s; %ld workers started, %ld exited, %ld killed when stalled;"
		       " killed by signal:%s", done, secs, fz_sh->spawned, fz_sh->exited,
		       fz_sh->killed_stalled, dl ? deaths : " none");
	int ok = 1;
	if (fz_sh->magic != FZ_MAGIC || fz_sh->magic_end != FZ_MAGIC) {
		/* Nothing in it can be believed: say so rather than report its garbage. */
		fz_say("fuzz: FAIL: the shared bookkeeping page was overwritten");
		ok = 0;
	} else if (!WIFEXITED(status) || (WEXITSTATUS(status) && WEXITSTATUS(status) != 3)) {
		fz_say("fuzz: FAIL: ns-init ended with status %#x", status);
		ok = 0;
	}
	if (ok && fz_sh->hang) {
		fz_say("fuzz: FAIL: a kernel hang: %s", fz_sh->why);
		ok = 0;
	}
	if (done < calls) {
		fz_say("fuzz: FAIL: only %ld of %ld calls were made", done, calls);
		ok = 0;
	}
	munmap(guarded, 3 * FZ_PAGE);
	shm_remove_new(shm_before, nshm_before);
	/* In a child: the tree may be deep, and our own stack must not grow
	 * (its frames would count as missing). */
	pid_t rm = fork();
	if (rm == 0) {
		remove_tree(AT_FDCWD, root);
		_exit(0);
	}
	waitpid(rm, NULL, 0);
	if (access(root, F_OK) == 0) {
		fz_say("fuzz: FAIL: cannot remove %s", root);
		ok = 0;
	}
	return ok ? 0 : 1;
}

/*
 * Runs a campaign; returns 0 when it ended with no hang and every frame
 * back, else non-zero (and says why).  quiet: no progress lines.  A
 * rehearsal with no calls first grows our own stack and tables, so that
 * the free-frame baseline measures the kernel alone.
 */
static int fuzz_run(u64 seed, long calls, int procs, int threads, int verbose, int quiet)
{
	if (!fz_on_ushi()) {
		fz_say("fuzz: refusing to run: this is not ushi (random system calls as root "
		       "would damage this machine)");
		return 2;
	}
	procs = procs < 1 ? 1 : procs > FZ_MAX_PROCS ? FZ_MAX_PROCS : procs;
	threads = threads < 1 ? 1 : threads > FZ_MAX_THREADS ? FZ_MAX_THREADS : threads;
	if (fuzz_once(seed, 0, procs, threads, 0, 1))
		return 1;
	long before = fz_settled_mem_free_kb();
	fz_say("fuzz: seed %llu, %ld calls, %d processes x %d threads%s", (unsigned long long)seed,
	       calls, procs, threads, verbose ? ", every call logged" : "");
	int ok = fuzz_once(seed, calls, procs, threads, verbose, quiet) == 0;
	fz_mem_free_kb();
	long after = fz_mem_free_kb();
	/* With several CPUs a task's last frames go back when its CPU switches
	 * away from it, a moment after it was reaped: a frame still missing
	 * after half a second is a leak. */
	for (int i = 0; i < 50 && after >= 0 && after < before; i++) {
		nap_ms(10);
		after = fz_mem_free_kb();
	}
	fz_say("fuzz: MemFree before %ld kB, after %ld kB (%s%ld frames)", before, after,
	       after == before ? "leaked: " : after < before ? "missing: " : "more than before: ",
	       (after > before ? after - before : before - after) / 4);
	if (after != before)
		ok = 0;
	fz_say("fuzz: %s (seed %llu)", ok ? "PASS" : "FAIL", (unsigned long long)seed);
	return ok ? 0 : 1;
}

#ifndef FUZZ_NO_MAIN
int main(int argc, char **argv)
{
	if (argc < 4 || strcmp(argv[1], "run") != 0) {
		dprintf(2, "usage: %s run SEED CALLS [PROCS [THREADS [VERBOSE [ONLY]]]]\n", argv[0]);
		return 2;
	}
	u64 seed = strtoull(argv[2], NULL, 0);
	long calls = strtol(argv[3], NULL, 0);
	int procs = argc > 4 ? atoi(argv[4]) : 4;
	int threads = argc > 5 ? atoi(argv[5]) : 3;
	int verbose = argc > 6 ? atoi(argv[6]) : 0;
	fz_only = argc > 7 && strcmp(argv[7], "all") ? argv[7] : NULL;
	return fuzz_run(seed, calls, procs, threads, verbose, 0);
}
#endif
