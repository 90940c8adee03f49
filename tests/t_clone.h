/*
 * t_clone.h - raw fork/clone/clone3 helpers for the tests of process
 * creation and copy-on-write (fork_*, vfork_*, clone_*, clone3_*).
 *
 * musl's clone() wrapper hides what the kernel does (it checks flags itself
 * and, in newer versions, refuses CLONE_THREAD, CLONE_SETTLS and
 * CLONE_CHILD_CLEARTID), so these tests issue the system calls themselves:
 *
 *   tc_sys6(nr, ...)            a raw syscall: returns -errno, never touches errno
 *   tc_clone_probe(flags, ...)  legacy clone (56) with newsp 0 whose child
 *                               does SYS_exit(0) at once, in registers only;
 *                               for validation tests: returns -errno or the
 *                               child's tid (reap it with tc_reap)
 *   tc_clone3_probe(args, size) the same for clone3 (435)
 *   tc_clone_run(...)           legacy clone whose child calls fn(arg) on
 *                               stack_top and then SYS_exit(fn's return)
 *   tc_clone3_run(args, size, fn, arg)
 *                               clone3 whose child calls fn(arg) on the stack
 *                               the kernel gave it (args->stack + stack_size,
 *                               or the parent's rsp when there is none)
 *   tc_reap(pid)                waitpid(pid, __WALL) that retries on EINTR,
 *                               returns the wait status or -1
 *   tc_task_size_max()          Linux's TASK_SIZE_MAX: 0x7ffffffff000 with
 *                               4-level paging, 0xfffffffffff000 with 5-level
 *
 * A child that shares the parent's memory (CLONE_VM) or has a TLS of its
 * own (CLONE_SETTLS) must use only the tc_sys* helpers and write its
 * results into memory the parent checks: no CHECK, no stdio, no errno.
 */
#ifndef USHI_T_CLONE_H
#define USHI_T_CLONE_H

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sched.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef __WCLONE
#define __WCLONE 0x80000000
#endif
#ifndef __WALL
#define __WALL 0x40000000
#endif
#ifndef FUTEX_WAIT
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#endif
#ifndef ARCH_GET_FS
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif

/* struct clone_args as in include/uapi/linux/sched.h (VER2, 88 bytes). */
struct tc_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};
#define TC_ARGS_VER0 64
#define TC_ARGS_VER1 80
#define TC_ARGS_VER2 88

static inline long tc_sys6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
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
#define tc_sys0(n)          tc_sys6(n, 0, 0, 0, 0, 0, 0)
#define tc_sys1(n, a)       tc_sys6(n, (long)(a), 0, 0, 0, 0, 0)
#define tc_sys2(n, a, b)    tc_sys6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define tc_sys3(n, a, b, c) tc_sys6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)

static inline __attribute__((noreturn)) void tc_exit(int code)
{
	for (;;)
		tc_sys1(SYS_exit, code);
}

/*
 * Legacy clone with newsp = 0: the child runs only the few instructions
 * after the syscall (no memory access) and ends with SYS_exit(0), so this
 * is safe for any flag combination, CLONE_VM included.
 */
static inline long tc_clone_probe(unsigned long flags, void *ptid, void *ctid, unsigned long tls)
{
	long ret;
	register long r10 __asm__("r10") = (long)ctid;
	register long r8 __asm__("r8") = (long)tls;
	__asm__ volatile ("syscall\n\t"
			  "test %%rax, %%rax\n\t"
			  "jnz 1f\n\t"
			  "mov $60, %%eax\n\t"
			  "xor %%edi, %%edi\n\t"
			  "syscall\n\t"
			  "ud2\n"
			  "1:"
			  : "=a"(ret)
			  : "a"(SYS_clone), "D"(flags), "S"(0L), "d"(ptid), "r"(r10), "r"(r8)
			  : "rcx", "r11", "memory");
	return ret;
}

/* The same for clone3; a child with args->stack set runs on that stack. */
static inline long tc_clone3_probe(void *args, unsigned long size)
{
	long ret;
	__asm__ volatile ("syscall\n\t"
			  "test %%rax, %%rax\n\t"
			  "jnz 1f\n\t"
			  "mov $60, %%eax\n\t"
			  "xor %%edi, %%edi\n\t"
			  "syscall\n\t"
			  "ud2\n"
			  "1:"
			  : "=a"(ret)
			  : "a"(SYS_clone3), "D"(args), "S"(size)
			  : "rcx", "r11", "memory");
	return ret;
}

/*
 * tc_clone_run(flags, stack_top, ptid, ctid, tls, fn, arg): the child calls
 * fn(arg) on stack_top (16-byte aligned by us) and ends with SYS_exit.
 * Returns the child's tid or -errno.
 */
long tc_clone_run(unsigned long flags, void *stack_top, void *ptid, void *ctid,
		  unsigned long tls, int (*fn)(void *), void *arg);
__asm__(
	".text\n"
	".local tc_clone_run\n"
	".type tc_clone_run,@function\n"
	"tc_clone_run:\n"
	"	mov 8(%rsp), %rax\n"          /* arg, the 7th argument */
	"	and $-16, %rsi\n"
	"	sub $8, %rsi\n"
	"	mov %rax, (%rsi)\n"           /* the child pops it first */
	"	mov %rcx, %r10\n"             /* ctid travels in r10 */
	"	mov $56, %eax\n"
	"	syscall\n"
	"	test %rax, %rax\n"
	"	jnz 1f\n"
	"	xor %ebp, %ebp\n"
	"	pop %rdi\n"
	"	call *%r9\n"                  /* r9 survives the syscall */
	"	mov %eax, %edi\n"
	"	mov $60, %eax\n"
	"	syscall\n"
	"	ud2\n"
	"1:	ret\n"
	".size tc_clone_run, .-tc_clone_run\n");

/*
 * tc_clone3_run(args, size, fn, arg): clone3; the child aligns its rsp
 * down to 16, calls fn(arg) and ends with SYS_exit.  Returns the child's
 * tid or -errno.
 */
long tc_clone3_run(void *args, unsigned long size, int (*fn)(void *), void *arg);
__asm__(
	".text\n"
	".local tc_clone3_run\n"
	".type tc_clone3_run,@function\n"
	"tc_clone3_run:\n"
	"	mov %rcx, %r8\n"              /* rcx does not survive syscall */
	"	mov $435, %eax\n"
	"	syscall\n"
	"	test %rax, %rax\n"
	"	jnz 1f\n"
	"	and $-16, %rsp\n"
	"	xor %ebp, %ebp\n"
	"	mov %r8, %rdi\n"
	"	call *%rdx\n"
	"	mov %eax, %edi\n"
	"	mov $60, %eax\n"
	"	syscall\n"
	"	ud2\n"
	"1:	ret\n"
	".size tc_clone3_run, .-tc_clone3_run\n");

/* waitpid(pid, &status, __WALL), retried on EINTR; the status or -1. */
static inline int tc_reap(long pid)
{
	int status;
	long r;
	do
		r = waitpid((pid_t)pid, &status, __WALL);
	while (r < 0 && errno == EINTR);
	return r == pid ? status : -1;
}

/*
 * TASK_SIZE_MAX, the first address above user space: where the tls and
 * clone3 stack checks draw the line.  Linux on a CPU with 5-level paging
 * (QEMU -cpu max) moves it up to 1<<56 and then places a mapping at a hint
 * of 1<<47; with 4-level paging (the host, ushi) the hint cannot be met.
 */
static inline unsigned long tc_task_size_max(void)
{
	void *hint = (void *)(1ul << 47);
	void *p = mmap(hint, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 0x7ffffffff000ul;
	munmap(p, 4096);
	return (unsigned long)p >= (1ul << 47) ? 0xfffffffffff000ul : 0x7ffffffff000ul;
}

/* A child stack of n bytes from mmap; the top is returned through *top. */
static inline void *tc_stack(size_t n, void **top)
{
	char *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	*top = p + n;
	return p;
}

/* One MAP_SHARED anonymous page for children to report into. */
static inline void *tc_shared_page(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

#endif
