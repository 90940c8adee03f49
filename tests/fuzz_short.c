/*
 * fuzz_short: a short run of the system-call fuzzer (user/fuzz.c, compiled
 * in): seed 7, 4000 random calls by 3 processes x 2 threads, in their own
 * pid, mount and UTS namespaces, chrooted into a scratch directory.  It
 * passes when the kernel survives (no panic, no hang: every worker dies
 * when killed) and every frame comes back once the run is cleaned up.
 * `make fuzz` runs the long campaigns.
 *
 * On Linux this test skips: random system calls as root on the host
 * could destroy it, so the fuzzer itself refuses to run anywhere but on
 * ushi (the oracle has nothing to say about a random call's result
 * anyway).  Whether to skip is t.h's judgement, not the fuzzer's: should
 * the two ever disagree on ushi, the fuzzer's refusal fails the test
 * instead of a skip hiding it.
 */
#define FUZZ_NO_MAIN
#include "../user/fuzz.c"
#include "t.h"

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	if (!t_on_ushi())
		return t_skip("the fuzzer never runs natively on the host");
	int r = fuzz_run(7, 4000, 3, 2, 0, 1);
	CHECK(r == 0, "the fuzz run failed (status %d), replay: make fuzz SEED=7 CALLS=4000 PROCS=3 THREADS=2", r);
	return t_done();
}
