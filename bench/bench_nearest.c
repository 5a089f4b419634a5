/* bench_nearest.c — nearest quality school for every school of the country
 * (29,579 to 1,223), on one core: the index build and the assignment timed
 * together, 11 runs, median. Loading the table is not timed.
 * usage: bench_nearest [schools.csv]   (default: the shipped geodata) */
#include "bench.h"
#include "catchment/nearest.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : QSMAP_SOURCE_DATADIR "/schools_th.csv.gz";
    qsmap_schools *s;
    qsmap_error err = {0};
    if (qsmap_schools_load(path, NULL, &s, &err)) {
        fprintf(stderr, "bench_nearest: %s: %s\n", path, err.msg);
        return 1;
    }
    enum { RUNS = 11 };
    double t[RUNS];
    uint64_t check = 0;
    for (int run = 0; run < RUNS; run++) {
        double t0 = bench_now();
        qsmap_nearest *n;
        if (qsmap_nearest_new(s, &n, &err))
            return 1;
        for (size_t i = 0; i < s->n; i++)
            check += qsmap_nearest_quality(n, s->v[i].lat, s->v[i].lon, NULL);
        qsmap_nearest_free(n);
        t[run] = bench_now() - t0;
    }
    bench_sort(t, RUNS);
    size_t nq = 0;
    for (size_t i = 0; i < s->n; i++)
        nq += s->v[i].role == QSMAP_ROLE_QUALITY;
    printf("nearest quality school for %zu schools (%zu quality): median %.1f ms, "
           "min %.1f, max %.1f (%d runs), %.0f ns/school [checksum %llu]\n",
           s->n, nq, t[RUNS / 2] * 1e3, t[0] * 1e3, t[RUNS - 1] * 1e3, RUNS,
           t[RUNS / 2] * 1e9 / (double)s->n, (unsigned long long)check);
    qsmap_schools_free(s);
    return 0;
}
