/* bench.h — what the benchmark programs share: a monotonic clock and the
 * median of a set of runs. */
#ifndef QSMAP_BENCH_H
#define QSMAP_BENCH_H

#include <stdlib.h>
#include <time.h>

static inline double bench_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static inline int bench_by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sort t[0..n) in place: t[n / 2] is then the median, t[0] the minimum. */
static inline void bench_sort(double *t, size_t n) { qsort(t, n, sizeof *t, bench_by_value); }

#endif
