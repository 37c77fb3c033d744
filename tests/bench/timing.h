/* timing.h — what the latency benchmarks of tests/bench/ (autosave_bench.c, adjudicate_bench.c)
 * share, header-only: a monotonic clock in microseconds and the median / p99 / max report of a
 * set of timings. */
#ifndef GV_BENCH_TIMING_H
#define GV_BENCH_TIMING_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline double bench_now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static inline int bench_cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* "PREFIX WHAT  median M ms, p99 P ms, max X ms (N)" for t[0..n) in microseconds (sorted in
 * place); nothing when n is 0. */
static inline void bench_report(const char *prefix, const char *what, double *t, size_t n)
{
	if (n == 0)
		return;
	qsort(t, n, sizeof *t, bench_cmp_d);
	printf("%s %-44s median %7.3f ms, p99 %7.3f ms, max %7.3f ms (%zu)\n", prefix, what, t[n / 2] / 1e3,
	       t[n * 99 / 100] / 1e3, t[n - 1] / 1e3, n);
}

#endif
