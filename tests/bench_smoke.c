/*
 * bench_smoke: the benchmark of bench/ in its smoke mode (a few runs of
 * every row, small regions, no timings printed), so that it keeps
 * working: fork, vfork, clone(CLONE_VM), pthreads, posix_spawn and
 * fork+execve of itself, forks with touched memory, copy-on-write
 * contents in parent and child, zero-fill and zero-page faults, munmap,
 * and the 2-CPU rows (bench_smp.c: pinned processes faulting at once,
 * fork beside a spinning process, COW faults beside a spinning thread;
 * on one CPU they all share it).  Every check is the benchmark's own; a
 * failure exits 1.
 */
#define BENCH_TEST
#include "../bench/bench.c"
#include "../bench/bench_smp.c"
