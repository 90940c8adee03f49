/*
 * fork_locals_intact: after fork() the child resumes with the parent's
 * stack and registers: locals of every frame on the stack (a recursion 24
 * frames deep forks at the bottom), values the compiler keeps in
 * callee-saved registers across the call, a large on-stack array, the
 * floating-point state (rounding mode, a value in flight) and the TLS
 * (errno, a __thread variable, the FS base) are intact in both processes,
 * and every frame returns normally in both.
 */
#include "t.h"
#include "t_clone.h"
#include <fenv.h>
#include <stdint.h>

#define DEPTH 24

static __thread long tls_word = 0x5eed;
static volatile int in_child;   /* 1 in the child (set right after fork) */
static int bad;                 /* frames whose locals were damaged */

static uint64_t mix(uint64_t x)
{
	x ^= x >> 31;
	x *= 0x9e3779b97f4a7c15ULL;
	return x ^ (x >> 29);
}

/* Each frame keeps locals in registers and in a stack array across the call. */
static __attribute__((noinline)) uint64_t descend(int depth, uint64_t seed)
{
	volatile uint64_t arr[16];
	uint64_t a = mix(seed), b = mix(a), c = mix(b), d = mix(c);
	for (int i = 0; i < 16; i++)
		arr[i] = mix(seed + i);
	uint64_t below;
	if (depth == 0) {
		long pid = fork();
		if (pid == 0)
			in_child = 1;
		below = 0;
	} else {
		below = descend(depth - 1, d);
	}
	/* the values must be recomputable from seed in both processes */
	uint64_t a2 = mix(seed), b2 = mix(a2), c2 = mix(b2), d2 = mix(c2);
	if (a != a2 || b != b2 || c != c2 || d != d2)
		bad++;
	for (int i = 0; i < 16; i++)
		if (arr[i] != mix(seed + i))
			bad++;
	return below + (a ^ b ^ c ^ d);
}

/* What descend() returns, computed without forking. */
static uint64_t expected(int depth, uint64_t seed)
{
	uint64_t sum = 0;
	for (int k = depth; k >= 0; k--) {
		uint64_t a = mix(seed), b = mix(a), c = mix(b), d = mix(c);
		sum += a ^ b ^ c ^ d;
		seed = d;
	}
	return sum;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	volatile char big[64 * 1024];   /* a stack that spans many pages */
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 7 + 3);
	CHECK_EQ(fesetround(FE_UPWARD), 0);
	volatile double one_ = 1.0, three_ = 3.0;
	volatile double third = one_ / three_;   /* computed with FE_UPWARD */
	double saved_third = third;
	errno = 1234;
	tls_word = 0x7777;
	unsigned long fs_before = 0;
	CHECK_EQ(tc_sys2(SYS_arch_prctl, ARCH_GET_FS, &fs_before), 0);
	errno = 1234;

	uint64_t sum = descend(DEPTH, 42);   /* forks at the bottom */
	int e = errno;                       /* fork() left errno alone */
	int child = in_child;

	/* Both processes run this: collect failures into a bitmask. */
	int fails = 0;
	if (bad)
		fails |= 1;
	if (sum != expected(DEPTH, 42))
		fails |= 128;
	for (size_t i = 0; i < sizeof big; i++)
		if (big[i] != (char)(i * 7 + 3)) {
			fails |= 2;
			break;
		}
	if (fegetround() != FE_UPWARD)
		fails |= 4;
	if (third != saved_third)
		fails |= 256;
	volatile double one = 1.0, three = 3.0;
	volatile double q = one / three;   /* rounded upward: bigger than round-to-nearest */
	fesetround(FE_TONEAREST);
	volatile double qn = one / three;
	if (!(q > qn))
		fails |= 8;
	fesetround(FE_UPWARD);
	if (e != 1234)
		fails |= 16;
	if (tls_word != 0x7777)
		fails |= 32;
	unsigned long fs_after = 0;
	tc_sys2(SYS_arch_prctl, ARCH_GET_FS, &fs_after);
	if (fs_after != fs_before)
		fails |= 64;

	if (child)
		_exit(fails & 0xff ? fails & 0xff : (fails >> 8) ? 0x80 : 0);
	fesetround(FE_TONEAREST);
	t_log("parent: locals of %d frames, a 64 KiB stack array, FPU state, TLS", DEPTH + 1);
	CHECK(!(fails & 1), "parent: %d damaged locals in the recursion", bad);
	CHECK(!(fails & 2), "parent: the on-stack array changed");
	CHECK(!(fails & 4), "parent: rounding mode lost");
	CHECK(!(fails & 8), "parent: division not rounded upward");
	CHECK(!(fails & 16), "parent: errno changed across fork");
	CHECK(!(fails & 32), "parent: __thread variable changed");
	CHECK(!(fails & 64), "parent: FS base changed");
	CHECK(!(fails & 128), "parent: the recursion's return values differ");
	CHECK(!(fails & 256), "parent: a double computed before fork changed");
	int status = -1;
	CHECK(wait(&status) > 0, "wait failed");
	CHECK(WIFEXITED(status), "child did not exit normally: status 0x%x", status);
	int cf = WEXITSTATUS(status);
	t_log("child: the same checks, reported through its exit status");
	CHECK(!(cf & 1), "child: damaged locals in the recursion");
	CHECK(!(cf & 2), "child: the on-stack array differs");
	CHECK(!(cf & 4), "child: rounding mode not inherited");
	CHECK(!(cf & 8), "child: division not rounded upward");
	CHECK(!(cf & 16), "child: errno not inherited");
	CHECK(!(cf & 32), "child: __thread variable not inherited");
	CHECK(!(cf & 64), "child: FS base differs from the parent's");
	CHECK(!(cf & 128), "child: the recursion's return values differ, or a double changed");
	return t_done();
}
