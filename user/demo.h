/*
 * demo.h - what the demo programs of user/ share: narration, checks, a
 * raw clone(2), and reading physical frames through Linux's own files
 * /proc/self/pagemap and /proc/kpagecount.
 *
 * A demo explains itself in plain sentences and checks every claim it
 * makes.  A passing check prints nothing (the narration already said it);
 * a failing one prints "CHECK FAILED" with what it saw, and the demo ends
 * with a non-zero status.  The same binary runs on Linux (as root, since
 * only root may read frame numbers), where every check must pass too.
 *
 * Every line is formatted first and then written with one write(2): the
 * demos fork and clone, and a line must never be split by another
 * process's output or by a kernel trace line.
 */
#ifndef USHI_DEMO_H
#define USHI_DEMO_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE_SIZE 4096UL

static const char *demo_name = "demo";
static int demo_checks, demo_failed;

/* One line of narration: "name: text", written in one piece. */
__attribute__((format(printf, 1, 2)))
static inline void say(const char *fmt, ...)
{
	char line[512];
	int n = snprintf(line, sizeof line, "%s: ", demo_name);
	va_list ap;
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof line - n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof line - 2)
		n = sizeof line - 2;
	line[n++] = '\n';
	write(1, line, n);
}

/*
 * check(cond, what, ...): one claim of the narration.  Silent when it
 * holds; otherwise says what was expected, so a kernel bug is visible.
 */
#define check(cond, ...) do {                                                 \
	demo_checks++;                                                        \
	if (!(cond)) {                                                        \
		char why_[256];                                               \
		snprintf(why_, sizeof why_, __VA_ARGS__);                     \
		demo_failed++;                                                \
		say("CHECK FAILED (%s:%d): %s", __FILE__, __LINE__, why_);   \
	}                                                                     \
} while (0)

static inline void demo_start(const char *argv0, const char *title)
{
	const char *slash = strrchr(argv0, '/');
	demo_name = slash ? slash + 1 : argv0;
	say("==== %s ====", title);
}

/* The last call in main: the tally, and the exit status (0: all held). */
static inline int demo_done(void)
{
	if (demo_failed)
		say("%d of %d checks FAILED: the kernel did not do what this demo explains.",
		    demo_failed, demo_checks);
	else
		say("All %d checks passed.", demo_checks);
	return demo_failed ? 1 : 0;
}

/* ---- frames: /proc/self/pagemap and /proc/kpagecount ------------------------ */

/*
 * What the kernel says about one virtual page.  pagemap has one 64-bit
 * entry per virtual page: bit 63 "present", bits 0-54 the frame number
 * (PFN), bit 56 "mapped by exactly one page table".  kpagecount has one
 * 64-bit entry per physical frame: how many page tables map it.
 */
struct frame {
	int present;
	uint64_t pfn;
	uint64_t count;
};

#define PM_PRESENT (1ULL << 63)
#define PM_PFN_MASK ((1ULL << 55) - 1)

/* Reads entry index (8 bytes) of a binary /proc file; -1 on error. */
static inline int read_u64_at(const char *path, uint64_t index, uint64_t *out)
{
	/* Opened afresh each time: an fd of /proc/self/pagemap opened before
	 * fork keeps describing the process that opened it, not the child. */
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = pread(fd, out, 8, (off_t)(index * 8));
	close(fd);
	return n == 8 ? 0 : -1;
}

static inline struct frame frame_of(const void *va)
{
	struct frame f = { 0, 0, 0 };
	uint64_t e;
	if (read_u64_at("/proc/self/pagemap", (uintptr_t)va / PAGE_SIZE, &e) < 0)
		return f;
	f.present = (e & PM_PRESENT) != 0;
	f.pfn = e & PM_PFN_MASK;
	if (f.present && read_u64_at("/proc/kpagecount", f.pfn, &f.count) < 0)
		f.count = (uint64_t)-1;
	return f;
}

/*
 * Frame numbers are visible only to root (on Linux others read PFN 0) and
 * kpagecount is root-only: say so plainly instead of failing checks.
 */
static inline void need_frames(void)
{
	static char probe = 1;
	uint64_t e = 0, c;
	const char *why = NULL;
	if (read_u64_at("/proc/self/pagemap", (uintptr_t)&probe / PAGE_SIZE, &e) < 0 ||
	    read_u64_at("/proc/kpagecount", 0, &c) < 0)
		why = strerror(errno);
	else if ((e & PM_PFN_MASK) == 0)
		why = "the kernel shows frame number 0 to non-root readers";
	if (why) {
		say("This demo reads physical frame numbers from /proc/self/pagemap and");
		say("/proc/kpagecount, which only root may do (%s). Run it as root.", why);
		exit(2);
	}
}

/* ---- a raw clone(2) -------------------------------------------------------- */

/*
 * demo_clone(flags, stack_top, ptid, ctid, fn, arg): the clone system call
 * itself, not a library wrapper.  The new task starts on stack_top, calls
 * fn(arg), and ends with the exit system call (this task only), passing
 * fn's return value.  Returns the new task's id, or -errno.  x86-64
 * clone takes flags, stack, parent_tid, child_tid, tls in rdi, rsi, rdx,
 * r10, r8; the syscall instruction keeps every register but rcx and r11,
 * so the child still finds fn (r9) and arg (pushed on its new stack).
 */
long demo_clone(unsigned long flags, void *stack_top, int *ptid, int *ctid,
		int (*fn)(void *), void *arg);
__asm__(
	".text\n"
	".type demo_clone,@function\n"
	"demo_clone:\n"
	"	and $-16, %rsi\n"             /* the child's stack, aligned */
	"	sub $16, %rsi\n"
	"	mov %r9, (%rsi)\n"            /* arg waits on the child's stack */
	"	mov %r8, %r9\n"               /* fn */
	"	mov %rcx, %r10\n"             /* ctid */
	"	xor %r8d, %r8d\n"             /* tls: none */
	"	mov $56, %eax\n"              /* SYS_clone */
	"	syscall\n"
	"	test %rax, %rax\n"
	"	jnz 1f\n"
	"	xor %ebp, %ebp\n"             /* the child: outermost frame */
	"	mov (%rsp), %rdi\n"
	"	call *%r9\n"
	"	mov %eax, %edi\n"
	"	mov $60, %eax\n"              /* SYS_exit */
	"	syscall\n"
	"	hlt\n"
	"1:	ret\n"
	".size demo_clone, .-demo_clone\n");

/* A raw system call that returns -errno and never touches errno, for
 * code running in a task that shares our memory but not our knowledge. */
static inline long raw_syscall3(long n, long a, long b, long c)
{
	long ret;
	__asm__ volatile ("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c)
			  : "rcx", "r11", "memory");
	return ret;
}

static inline long raw_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	__asm__ volatile ("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c),
			  "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
	return ret;
}

#endif
