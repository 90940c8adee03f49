/*
 * t_signal.h - helpers for the tests of signals, namespaces and pidfds
 * (sig*, signal_*, kill_*, ns_*, pidfd_*, poll_*).
 *
 *   ts_sigaction(sig, act, oact, size)  raw rt_sigaction (13): -errno or 0;
 *                               struct ts_ksigaction is the kernel's layout
 *   ts_restore_rt               a restorer for ts_sigaction (rt_sigreturn)
 *   ts_state(pid, tid)          the state letter of /proc/PID/task/TID/stat
 *                               ('R', 'S', 'T', 'Z'...), or 0 if unreadable
 *   ts_wait_state(pid, tid, c)  polls (1 ms naps, ~10 s) until that state is
 *                               c: how a test knows that another task is
 *                               asleep in the system call it is about to
 *                               interrupt; returns whether it got there
 *   ts_no_core()                RLIMIT_CORE = 0: a test that kills a child
 *                               with a core-dumping signal writes no file
 *
 * Signals that interrupt a sleeping task are sent only after
 * ts_wait_state() has seen it asleep, so the tests need no timing
 * assumptions.  /proc is read from the initial pid namespace only.
 */
#ifndef USHI_T_SIGNAL_H
#define USHI_T_SIGNAL_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

/* The kernel's struct sigaction on x86-64 (not libc's). */
struct ts_ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	unsigned long mask;
};

void ts_restore_rt(void);
__asm__(
	".text\n"
	".local ts_restore_rt\n"
	".type ts_restore_rt,@function\n"
	"ts_restore_rt:\n"
	"	mov $15, %eax\n"              /* rt_sigreturn */
	"	syscall\n"
	"	hlt\n"
	".size ts_restore_rt, .-ts_restore_rt\n");

static inline long ts_syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
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

static inline long ts_sigaction(int sig, const struct ts_ksigaction *act,
				struct ts_ksigaction *oact, unsigned long size)
{
	return ts_syscall6(SYS_rt_sigaction, sig, (long)act, (long)oact, (long)size, 0, 0);
}

/* The state letter of a task, from /proc/PID/task/TID/stat; 0 if unreadable. */
static inline char ts_state(int pid, int tid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", pid, tid);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	char *paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' ? paren[2] : 0;
}

/* Waits until the task is in state c ('S' asleep, 'T' stopped...). */
static inline int ts_wait_state(int pid, int tid, char c)
{
	struct timespec nap = { 0, 1000 * 1000 };
	for (int i = 0; i < 10000; i++) {
		if (ts_state(pid, tid) == c)
			return 1;
		nanosleep(&nap, NULL);
	}
	return 0;
}

static inline void ts_no_core(void)
{
	struct rlimit no_core = { 0, 0 };
	setrlimit(RLIMIT_CORE, &no_core);
}

#endif
