/*
 * bench.h - what the benchmark's two files share: bench/bench.c (the
 * single-CPU rows, the row machinery, main) and bench/bench_smp.c (the
 * rows that need two CPUs).  tests/bench_smoke.c includes both files in
 * one program.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define MiB (1UL << 20)
#define PAGE 4096UL
#define CHILD_CODE 42           /* what forked and cloned children exit with */
#define EXEC_CODE 43            /* what "bench --exit" exits with */
#define MAX_RUNS 512

extern const char *prog;        /* the name in messages */
extern int smoke;               /* --smoke: few runs, small regions */
extern int show_values;         /* 0: the test prints "N runs checked" instead */

/* A wrong result: say what, and stop with status 1. */
#define FAIL(...) do { dprintf(1, "%s: FAIL %s:%d: ", prog, __func__, __LINE__); \
	dprintf(1, __VA_ARGS__); dprintf(1, "\n"); finish(1); } while (0)

static inline uint64_t rdtsc_fenced(void)
{
	uint32_t lo, hi;
	asm volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) :: "memory");
	return (uint64_t)hi << 32 | lo;
}

/* One row: the samples of its runs, and where its loop started. */
struct row {
	const char *name;
	uint64_t v[MAX_RUNS];
	int n;
	uint64_t tsc0, ns0;
};

uint64_t mono_ns(void);
/* Prints "PROG: done, status N"; as pid 1 powers off, else exits. */
_Noreturn void finish(int status);
void check_exit(int status, int code, const char *what);
void wait_child(pid_t pid, int code, const char *what);
void row_start(struct row *r, const char *name);
void row_add(struct row *r, uint64_t v);
/* The median sample (sorts the samples); FAIL without any. */
uint64_t row_median(struct row *r);
/* Prints "name median/div unit" (or, in the test, how many runs). */
void row_end(struct row *r, uint64_t div, const char *unit);
char *map_anon(size_t len);
void unmap(char *p, size_t len);
uint64_t pattern(size_t page);

/* The 2-CPU rows (bench --smp, and part of --smoke). */
void bench_smp(void);

#endif
