/* bench_stages.c — the stages of a national run (`qsmap --all -o x.csv`), each
 * timed alone, 11 runs, median: school table, shapefile, the report (point in
 * polygon, join, overlaps, nearest, summary; its parts as it times them for
 * --timings), the CSV written.
 * usage: bench_stages schools.csv boundaries.shp */
#include "bench.h"
#include "write/write.h"

#include <stdio.h>
#include <stdlib.h>

enum { RUNS = 11 };

static void report(const char *what, double *t)
{
    bench_sort(t, RUNS);
    printf("%-34s median %7.2f ms  min %7.2f  max %7.2f  (%d runs)\n", what, t[RUNS / 2] * 1e3,
           t[0] * 1e3, t[RUNS - 1] * 1e3, RUNS);
}

static int fail(const char *what, const qsmap_error *err)
{
    fprintf(stderr, "bench_stages: %s: %s\n", what, err->msg);
    return 1;
}

/* Fresh boundaries in *d, as a process loads them. */
static int load_boundaries(const char *path, qsmap_districts **d, qsmap_error *err)
{
    qsmap_districts_free(*d);
    *d = NULL;
    return qsmap_districts_load(path, QSMAP_ENC_AUTO, d, err) != QSMAP_OK;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_stages schools.csv boundaries.shp\n");
        return 2;
    }
    qsmap_error err = {0};
    double t[RUNS];
    qsmap_schools *s = NULL;
    qsmap_districts *d = NULL;
    for (int k = 0; k < RUNS; k++) {
        qsmap_schools_free(s);
        double t0 = bench_now();
        int bad = qsmap_schools_load(argv[1], NULL, &s, &err);
        t[k] = bench_now() - t0;
        if (bad)
            return fail(argv[1], &err);
    }
    report("school table", t);
    for (int k = 0; k < RUNS; k++) {
        double t0 = bench_now();
        if (load_boundaries(argv[2], &d, &err))
            return fail(argv[2], &err);
        t[k] = bench_now() - t0;
    }
    report("shapefile", t);
    size_t nsel = qsmap_districts_count(d);
    size_t *sel = malloc(nsel * sizeof *sel);
    for (size_t k = 0; k < nsel; k++)
        sel[k] = k;
    /* The report on fresh boundaries each run (GEOS polygons, built on first
     * use, unbuilt), as a process has them; its parts as it times them. */
    double tb[RUNS], tw[RUNS], tq[RUNS], tj[RUNS], tn[RUNS];
    for (int k = 0; k < RUNS; k++) {
        if (load_boundaries(argv[2], &d, &err))
            return fail(argv[2], &err);
        qsmap_report r = {0};
        double t0 = bench_now();
        if (qsmap_report_build(s, d, sel, nsel, 5000, &r, &err) ||
            qsmap_report_summarize(&r, 120, &err))
            return fail("report", &err);
        double t1 = bench_now();
        FILE *fp = fopen("/dev/null", "w");
        qsmap_sink sink = qsmap_sink_stream(fp, "/dev/null");
        qsmap_write_pairs_csv(&sink, &r, &(qsmap_write_ctx){0}, &err);
        fclose(fp);
        tw[k] = bench_now() - t1;
        tb[k] = t1 - t0;
        /* report times are in ms, these in s */
        tq[k] = r.times.pip_quality / 1e3, tj[k] = r.times.join / 1e3;
        tn[k] = r.times.pip_network / 1e3;
        if (k == RUNS - 1)
            printf("pairs and rows: %zu\n", r.catchment->n);
        qsmap_report_release(&r);
    }
    report("  PIP quality schools", tq);
    report("  join (5 km)", tj);
    report("  PIP network schools in pairs", tn);
    report("report (PIP, join, overlaps, ...)", tb);
    report("CSV to /dev/null", tw);
    free(sel);
    qsmap_districts_free(d);
    qsmap_schools_free(s);
    return 0;
}
