/*
 * t_fork.h - helpers for the tests of what fork shares (fork_chain_views,
 * fork_then_change_half, fork_big_exit_frames, fork_child_dontneed,
 * fork_cow_kernel_writes, fork_pagemap_frames, fork_child_mlock,
 * fork_ptrace_poke_cow).
 *
 *   tf_map_aligned(len)     private anonymous read-write memory of len
 *                           bytes starting on a 2 MiB boundary (the span
 *                           of one last-level page table), or NULL
 *   tf_catch_segv()         installs the SIGSEGV handler the probes need
 *   tf_can_read(p)          reads *p: 1, or 0 if that raised SIGSEGV
 *   tf_can_write(p, v)      writes v to *p: 1, or 0 if that raised SIGSEGV
 *   tf_pagemap(p)           p's entry of /proc/self/pagemap (~0 on error)
 *   tf_kpagecount(pfn)      the frame's /proc/kpagecount (~0 on error)
 *   tf_wait_ok(pid)         waits for pid: its exit status, or -1 if it
 *                           did not exit (killed by a signal)
 *
 * The probes jump back out of the handler (siglongjmp), so a test can ask
 * "is this page mapped, and how" of every page in a loop.  The handler is
 * inherited by fork, so a child probes the same way.
 */
#ifndef USHI_T_FORK_H
#define USHI_T_FORK_H

#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define TF_PAGE 4096ul
#define TF_PMD (2ul << 20)              /* the memory one PTE table maps */
#define PM_PRESENT (1ull << 63)
#define PM_PFN ((1ull << 55) - 1)

static inline void *tf_map_aligned(size_t len)
{
	char *m = mmap(NULL, len + TF_PMD, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	char *a = (char *)(((uintptr_t)m + TF_PMD - 1) & ~(TF_PMD - 1));
	if (a > m)
		munmap(m, a - m);
	if (a + len < m + len + TF_PMD)
		munmap(a + len, m + len + TF_PMD - (a + len));
	return a;
}

/* The first word of page p of m: where these tests keep each page's value. */
static inline volatile uint64_t *tf_word(volatile uint64_t *m, unsigned long p)
{
	return m + p * (TF_PAGE / 8);
}

/* npages private pages from a 2 MiB boundary (tf_map_aligned), page p's
 * first word base + p; NULL if mmap failed. */
static inline volatile uint64_t *tf_map_filled(unsigned long npages, uint64_t base)
{
	volatile uint64_t *m = tf_map_aligned(npages * TF_PAGE);
	for (unsigned long p = 0; m && p < npages; p++)
		*tf_word(m, p) = base + p;
	return m;
}

/* A token over a pipe: parent and child take turns. */
static inline int tf_send(int fd) { return write(fd, "t", 1) == 1; }
static inline int tf_expect(int fd) { char c; return read(fd, &c, 1) == 1; }

static sigjmp_buf tf_jump;

static void tf_on_segv(int sig)
{
	(void)sig;
	siglongjmp(tf_jump, 1);
}

static inline void tf_catch_segv(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = tf_on_segv;
	sigaction(SIGSEGV, &sa, NULL);
}

static inline int tf_can_read(const volatile uint64_t *p)
{
	if (sigsetjmp(tf_jump, 1))
		return 0;
	(void)*p;
	return 1;
}

static inline int tf_can_write(volatile uint64_t *p, uint64_t v)
{
	if (sigsetjmp(tf_jump, 1))
		return 0;
	*p = v;
	return 1;
}

static inline uint64_t tf_entry(const char *path, uint64_t index)
{
	uint64_t e = ~0ull;
	int fd = open(path, O_RDONLY);
	if (fd < 0 || pread(fd, &e, 8, (off_t)(index * 8)) != 8)
		e = ~0ull;
	if (fd >= 0)
		close(fd);
	return e;
}

static inline uint64_t tf_pagemap(const volatile void *p)
{
	return tf_entry("/proc/self/pagemap", (uintptr_t)p / TF_PAGE);
}

static inline uint64_t tf_kpagecount(uint64_t pfn)
{
	return tf_entry("/proc/kpagecount", pfn);
}

static inline int tf_wait_ok(pid_t pid)
{
	int st = -1;
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

#endif
