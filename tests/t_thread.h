/*
 * t_thread.h - raw system calls and raw CLONE_THREAD threads for the tests
 * of exit, wait, futex and execve.
 *
 * musl's clone() wrapper refuses CLONE_THREAD, so a test that wants a
 * thread the kernel sees exactly as musl's pthread_create makes it uses
 * t_thread_start(): the same flag set (VM, FS, FILES, SIGHAND, THREAD,
 * SYSVSEM, SETTLS, PARENT_SETTID, CHILD_CLEARTID), a fresh stack, and
 * t_thread_join() waits for the kernel's clear-child-tid futex wake.
 *
 * Rules for code that runs in a raw thread: call only the t_sys* and t_futex*
 * helpers below (they return -errno and never touch errno) and write results
 * into memory the main thread checks; no CHECK, no stdio, no malloc.  musl
 * does not know these threads exist.
 */
#ifndef USHI_T_THREAD_H
#define USHI_T_THREAD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sched.h>
#include <time.h>

/* musl-gcc has no kernel headers: the futex and arch_prctl constants. */
#ifndef FUTEX_WAIT
#define FUTEX_WAIT          0
#define FUTEX_WAKE          1
#define FUTEX_REQUEUE       3
#define FUTEX_CMP_REQUEUE   4
#define FUTEX_WAKE_OP       5
#define FUTEX_PRIVATE_FLAG  128
#endif
#ifndef ARCH_GET_FS
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#endif

/* A raw syscall: returns the kernel's answer, -errno on failure. */
static inline long t_sys6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
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
#define t_sys0(n)             t_sys6(n, 0, 0, 0, 0, 0, 0)
#define t_sys1(n, a)          t_sys6(n, (long)(a), 0, 0, 0, 0, 0)
#define t_sys2(n, a, b)       t_sys6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define t_sys3(n, a, b, c)    t_sys6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)

static inline long t_gettid(void) { return t_sys0(SYS_gettid); }
static inline long t_getpid(void) { return t_sys0(SYS_getpid); }

/* futex(uaddr, op, val, timeout/val2, uaddr2, val3), raw. */
static inline long t_futex(volatile int *uaddr, int op, int val, const void *timeout_or_val2,
			   volatile int *uaddr2, int val3)
{
	return t_sys6(SYS_futex, (long)uaddr, op, val, (long)timeout_or_val2, (long)uaddr2, val3);
}
static inline long t_futex_wait(volatile int *uaddr, int val, int priv)
{
	return t_futex(uaddr, FUTEX_WAIT | (priv ? FUTEX_PRIVATE_FLAG : 0), val, NULL, NULL, 0);
}
static inline long t_futex_wake(volatile int *uaddr, int n, int priv)
{
	return t_futex(uaddr, FUTEX_WAKE | (priv ? FUTEX_PRIVATE_FLAG : 0), n, NULL, NULL, 0);
}

/* Ends only the calling thread (SYS_exit), or the whole group. */
static inline __attribute__((noreturn)) void t_exit_thread(int code)
{
	for (;;)
		t_sys1(SYS_exit, code);
}
static inline __attribute__((noreturn)) void t_exit_group(int code)
{
	for (;;)
		t_sys1(SYS_exit_group, code);
}

/* A short pause for polling loops that wait on another thread: 1 ms. */
static inline void t_nap(void)
{
	struct timespec ts = { 0, 1000 * 1000 };
	t_sys2(SYS_nanosleep, &ts, NULL);
}

/*
 * t_raw_clone(flags, stack_top, ptid, ctid, tls, fn, arg): the clone
 * system call; in the child (on stack_top) it calls fn(arg) and ends the
 * thread with SYS_exit(fn's return).  Returns the child's tid or -errno.
 */
long t_raw_clone(unsigned long flags, void *stack_top, int *ptid, int *ctid,
		 unsigned long tls, int (*fn)(void *), void *arg);
__asm__(
	".text\n"
	".local t_raw_clone\n"
	".type t_raw_clone,@function\n"
	"t_raw_clone:\n"
	"	mov 8(%rsp), %rax\n"          /* arg, the 7th argument */
	"	and $-16, %rsi\n"
	"	sub $8, %rsi\n"
	"	mov %rax, (%rsi)\n"           /* the child pops arg first */
	"	mov %rcx, %r10\n"             /* ctid goes in r10 for syscall */
	"	mov $56, %eax\n"              /* SYS_clone */
	"	syscall\n"
	"	test %rax, %rax\n"
	"	jnz 1f\n"
	"	xor %ebp, %ebp\n"             /* the child: rsp = stack_top - 8 */
	"	pop %rdi\n"
	"	call *%r9\n"                  /* r9 (fn) survives the syscall */
	"	mov %eax, %edi\n"
	"	mov $60, %eax\n"              /* SYS_exit: this thread only */
	"	syscall\n"
	"	hlt\n"
	"1:	ret\n"
	".size t_raw_clone, .-t_raw_clone\n");

/* musl's pthread_create flags, without CLONE_DETACHED (ignored anyway). */
#define T_THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
			CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

#define T_STACK_SIZE (64 * 1024)
#define T_TLS_SIZE   4096

struct t_thread {
	volatile int tid;   /* PARENT_SETTID writes it, CHILD_CLEARTID zeroes it */
	char *map;          /* stack + TLS block */
};

/*
 * Starts fn(arg) in a new thread of this process.  The thread gets its own
 * TLS block: a copy of the caller's thread descriptor (so that musl code
 * reading %fs finds sane values), with the self pointer fixed up.  Returns
 * the tid (also in t->tid) or -errno.
 */
static inline long t_thread_start(struct t_thread *t, int (*fn)(void *), void *arg)
{
	char *map = mmap(NULL, T_STACK_SIZE + T_TLS_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return -12;
	void *self;
	__asm__ volatile ("mov %%fs:0, %0" : "=r"(self));
	/* TLS variant II: the descriptor sits above the TLS data, give both room. */
	char *tp = map + T_STACK_SIZE + T_TLS_SIZE / 2;
	memcpy(tp, self, 256);
	*(void **)tp = tp;
	t->map = map;
	t->tid = -1;
	long r = t_raw_clone(T_THREAD_FLAGS, map + T_STACK_SIZE, (int *)&t->tid, (int *)&t->tid,
			     (unsigned long)tp, fn, arg);
	if (r < 0) {
		munmap(map, T_STACK_SIZE + T_TLS_SIZE);
		t->map = NULL;
	}
	return r;
}

/* Waits until the kernel has cleared t->tid (the thread is gone), frees its stack. */
static inline void t_thread_join(struct t_thread *t)
{
	int v;
	while ((v = t->tid) != 0)
		t_futex_wait(&t->tid, v, 0);   /* the kernel's wake is a shared one */
	if (t->map)
		munmap(t->map, T_STACK_SIZE + T_TLS_SIZE);
	t->map = NULL;
}

/* Atomic helpers for counters shared between threads or processes. */
#define t_atomic_inc(p)   __atomic_add_fetch((p), 1, __ATOMIC_SEQ_CST)
#define t_atomic_load(p)  __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define t_atomic_store(p, v) __atomic_store_n((p), (v), __ATOMIC_SEQ_CST)

/* Polls until *p >= want (1 ms naps, at most ~10 s); returns whether it got there. */
static inline int t_wait_for(volatile int *p, int want)
{
	for (int i = 0; i < 10000; i++) {
		if (t_atomic_load(p) >= want)
			return 1;
		t_nap();
	}
	return t_atomic_load(p) >= want;
}

#endif
