/* bench_stages.c — the stages of a national run (`qsmap --all -o x.csv`), each
 * timed alone on one core, 11 runs, median: school table, shapefile, the
 * report (point in polygon, join, overlaps, nearest, summary), the CSV written.
 * usage: bench_stages schools.csv boundaries.shp */
#include "bench.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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
        if (qsmap_schools_load(argv[1], NULL, &s, &err))
            return fail(argv[1], &err);
        t[k] = bench_now() - t0;
    }
    report("school table", t);
    for (int k = 0; k < RUNS; k++) {
        qsmap_districts_free(d);
        double t0 = bench_now();
        if (qsmap_districts_load(argv[2], QSMAP_ENC_AUTO, &d, &err))
            return fail(argv[2], &err);
        t[k] = bench_now() - t0;
    }
    report("shapefile", t);
    size_t nsel = qsmap_districts_count(d);
    size_t *sel = malloc(nsel * sizeof *sel);
    for (size_t k = 0; k < nsel; k++)
        sel[k] = k;
    /* Parts of the report, each on fresh boundaries (prepared indexes unbuilt). */
    double tq[RUNS], tj[RUNS], tn[RUNS];
    for (int k = 0; k < RUNS; k++) {
        qsmap_districts_free(d);
        if (qsmap_districts_load(argv[2], QSMAP_ENC_AUTO, &d, &err))
            return fail(argv[2], &err);
        uint32_t *q = malloc(s->n * sizeof *q);
        size_t nq = 0;
        double t0 = bench_now();
        for (size_t i = 0; i < s->n; i++)
            if (s->v[i].role == QSMAP_ROLE_QUALITY &&
                qsmap_districts_locate(d, s->v[i].lat, s->v[i].lon) >= 0)
                q[nq++] = (uint32_t)i;
        double t1 = bench_now();
        qsmap_catchment *c;
        if (qsmap_catchment_new(s, q, nq, 5000, &c, &err))
            return fail("join", &err);
        double t2 = bench_now();
        for (size_t i = 0; i < c->n; i++)
            if (c->v[i].network != QSMAP_NO_SCHOOL)
                (void)qsmap_districts_locate(d, s->v[c->v[i].network].lat,
                                             s->v[c->v[i].network].lon);
        tn[k] = bench_now() - t2;
        tq[k] = t1 - t0, tj[k] = t2 - t1;
        qsmap_catchment_free(c);
        free(q);
    }
    report("  PIP quality schools", tq);
    report("  join (5 km)", tj);
    report("  PIP network schools in pairs", tn);
    /* The first report also builds the prepared polygons' indexes; a fresh
     * shapefile each run so every run pays for them, as a process does. */
    double tb[RUNS], tw[RUNS];
    for (int k = 0; k < RUNS; k++) {
        qsmap_districts_free(d);
        if (qsmap_districts_load(argv[2], QSMAP_ENC_AUTO, &d, &err))
            return fail(argv[2], &err);
        qsmap_report r = {0};
        double t0 = bench_now();
        if (qsmap_report_build(s, d, sel, nsel, 5000, &r, &err) ||
            qsmap_report_summarize(&r, 120, &err))
            return fail("report", &err);
        double t1 = bench_now();
        FILE *fp = fopen("/dev/null", "w");
        qsmap_write_pairs_csv(fp, &r);
        fclose(fp);
        tw[k] = bench_now() - t1;
        tb[k] = t1 - t0;
        if (k == RUNS - 1)
            printf("pairs and rows: %zu\n", r.catchment->n);
        qsmap_report_release(&r);
    }
    report("report (PIP, join, overlaps, ...)", tb);
    report("CSV to /dev/null", tw);
    free(sel);
    qsmap_districts_free(d);
    qsmap_schools_free(s);
    return 0;
}
