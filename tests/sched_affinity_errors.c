/*
 * sched_affinity_errors: the length rules and errors of sched_getaffinity
 * and the length rules of sched_setaffinity, as Linux's (the other
 * setaffinity errors are sched_setaffinity_errors').
 *
 * getaffinity: a len that is not a whole number of longs, or too short
 * for every possible CPU, is EINVAL, checked before the pid (ESRCH),
 * which is checked before the buffer (EFAULT).  It returns how many bytes
 * it wrote - a whole number of longs, at most len, enough for every CPU -
 * and leaves the bytes after those untouched.
 * setaffinity: a short len reads only len bytes (the rest counts as
 * clear), a long one ignores what lies beyond the kernel's mask; CPUs
 * that are not online are dropped from the mask.
 * A fork child and a new thread start with their creator's mask, and a
 * thread's mask is its own.
 */
#include "t.h"
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define NO_PID 0x7fffffff

static long getaff(pid_t pid, unsigned len, void *mask)
{
	return syscall(SYS_sched_getaffinity, pid, len, mask);
}

static long setaff(pid_t pid, unsigned len, const void *mask)
{
	return syscall(SYS_sched_setaffinity, pid, len, mask);
}

/* The caller's mask as one long (every test machine has < 64 CPUs). */
static unsigned long my_mask(pid_t pid)
{
	unsigned long m[16] = { 0 };
	return getaff(pid, sizeof m, m) > 0 ? m[0] : 0;
}

static void check_get_lengths(unsigned long initial)
{
	unsigned long m[16];
	CHECK_ERR(getaff(0, 0, m), EINVAL);
	CHECK_ERR(getaff(0, 4, m), EINVAL);
	CHECK_ERR(getaff(0, 7, m), EINVAL);
	CHECK_ERR(getaff(0, 12, m), EINVAL);
	CHECK_ERR(getaff(NO_PID, 4, m), EINVAL);       /* the length before the pid */
	CHECK_ERR(getaff(NO_PID, 8, m), ESRCH);
	CHECK_ERR(getaff(-1, 8, m), ESRCH);

	memset(m, 0xa5, sizeof m);
	CHECK_EQ(getaff(0, 8, m), 8);
	CHECK_EQ(m[0], initial);
	CHECK_EQ(m[1], 0xa5a5a5a5a5a5a5a5UL);

	memset(m, 0xa5, sizeof m);
	long n = getaff(0, sizeof m, m);
	CHECK(n >= 8 && n <= (long)sizeof m && n % 8 == 0, "getaffinity(len 128) returned %ld", n);
	if (n < 8 || n > (long)sizeof m)
		return;
	CHECK_EQ(m[0], initial);
	int beyond = 0, untouched = 0;
	for (long i = 1; i < (long)(sizeof m / sizeof m[0]); i++) {
		if (i < n / 8)
			beyond += m[i] != 0;
		else
			untouched += m[i] == 0xa5a5a5a5a5a5a5a5UL;
	}
	CHECK_EQ(beyond, 0);
	CHECK_EQ(untouched, 16 - n / 8);
	CHECK(__builtin_popcountl(initial) <= n * 8, "%ld bytes hold the mask", n);
}

static void check_get_efault(void)
{
	void *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_ERR(getaff(0, 8, bad), EFAULT);
	CHECK_ERR(getaff(NO_PID, 8, bad), ESRCH);       /* the pid before the buffer */
	CHECK_ERR(getaff(0, 4, bad), EINVAL);
	CHECK_ERR(getaff(0, 8, (void *)1), EFAULT);
	munmap(bad, 4096);
}

static void check_set_lengths(unsigned long initial)
{
	unsigned long m[16];
	/* Only the first 4 bytes are read: CPUs in the next 4 do not count. */
	m[0] = 0xffffffff00000000UL;
	CHECK_ERR(setaff(0, 4, m), EINVAL);
	CHECK_ERR(setaff(0, 3, m), EINVAL);
	int first = __builtin_ctzl(initial);
	unsigned char one = 1u << first;
	if (first < 8) {
		CHECK_OK(setaff(0, 1, &one));
		CHECK_EQ(my_mask(0), 1UL << first);
	}
	/* A long mask: what lies beyond the CPUs is ignored. */
	memset(m, 0xff, sizeof m);
	m[0] = initial;
	CHECK_OK(setaff(0, sizeof m, m));
	CHECK_EQ(my_mask(0), initial);
	/* CPUs that are not online are dropped. */
	if (!(initial >> 63)) {
		m[0] = initial | 1UL << 63;
		CHECK_OK(setaff(0, 8, m));
		CHECK_EQ(my_mask(0), initial);
	}
}

static void *thread_mask(void *arg)
{
	*(unsigned long *)arg = my_mask(0);
	return NULL;
}

static void *thread_sets_own(void *arg)
{
	unsigned long *m = arg;
	m[1] = setaff(0, 8, &m[0]) == 0 ? my_mask(0) : 0;
	return NULL;
}

/* Pinned to the last CPU of initial, a child and a thread start there too. */
static void check_inherited(unsigned long initial)
{
	unsigned long last = 1UL << (63 - __builtin_clzl(initial));
	CHECK_OK(setaff(0, 8, &last));
	pid_t c = fork();
	if (c == 0)
		_exit(my_mask(0) == last ? 0 : 1);
	int st = -1;
	CHECK_EQ(my_mask(c), last);
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child's mask: status %#x", st);

	unsigned long seen = 0;
	pthread_t th;
	CHECK_EQ(pthread_create(&th, NULL, thread_mask, &seen), 0);
	CHECK_EQ(pthread_join(th, NULL), 0);
	CHECK_EQ(seen, last);

	/* A thread's own mask changes no other thread's. */
	unsigned long m[2] = { initial, 0 };
	CHECK_EQ(pthread_create(&th, NULL, thread_sets_own, m), 0);
	CHECK_EQ(pthread_join(th, NULL), 0);
	CHECK_EQ(m[1], initial);
	CHECK_EQ(my_mask(0), last);
	CHECK_OK(setaff(0, 8, &initial));
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	unsigned long initial = my_mask(0);
	CHECK(initial != 0, "sched_getaffinity: %s", strerror(errno));
	if (!initial)
		return t_done();
	check_get_lengths(initial);
	check_get_efault();
	check_set_lengths(initial);
	check_inherited(initial);
	CHECK_EQ(my_mask(0), initial);
	return t_done();
}
