/* test_integration.c — qsmap on the real boundaries and the national school
 * table in ../shared/geodata, against PostGIS references kept in data/ref/
 * (made by ref/postgis_ref.sh: ST_Covers for the district of each quality
 * school, ST_DWithin(geography, R, true) and ST_Distance for the pairs).
 * Skips with a message where ../shared is absent. */
#include "support.h"

#include "load/csv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char quality[32], network[32];
    double distance;
} row;

/* Parse a CSV file with qsmap's own tokenizer; keep columns qi, ni, di. */
static row *read_rows(const char *path, int qi, int ni, int di, size_t *n)
{
    size_t len;
    char *buf = read_all(path, &len);
    assert_non_null(buf);
    qsmap_csv csv;
    qsmap_csv_init(&csv, buf, len);
    row *rows = calloc(4096, sizeof *rows);
    const qsmap_field *f;
    size_t nf;
    long line;
    qsmap_error err = {0};
    *n = 0;
    int first = 1;
    while (qsmap_csv_next(&csv, &f, &nf, &line, path, &err) > 0) {
        if (first) {
            first = 0;
            continue;
        }
        assert_true(*n < 4096);
        row *r = &rows[(*n)++];
        snprintf(r->quality, sizeof r->quality, "%.*s", (int)f[qi].len, f[qi].s);
        snprintf(r->network, sizeof r->network, "%.*s", ni >= 0 ? (int)f[ni].len : 0,
                 ni >= 0 ? f[ni].s : "");
        r->distance = di >= 0 && f[di].len ? atof(f[di].s) : NAN; /* a delimiter or line end follows */
    }
    qsmap_csv_free(&csv);
    free(buf);
    return rows;
}

static void check_district(const char *pcode, const char *radius, int radius_m)
{
    const char *schools = shared_data("schools/schools_th.csv");
    const char *bounds = shared_data("boundaries/tha_adm2.shp");
    if (!schools || !bounds)
        skip();
    char out[1100], ref[256], qref[256];
    snprintf(out, sizeof out, "%s/%s-%d.csv", temp_dir(), pcode, radius_m);
    cli_result r = run_cli("--schools", schools, "--boundaries", bounds, "--district", pcode,
                           "--radius", radius, "-q", "-o", out, NULL);
    if (r.code != 0)
        fail_msg("%s: exit %d: %s", pcode, r.code, r.err);
    cli_result_free(&r);

    size_t nmine, nref, nq;
    row *mine = read_rows(out, 2, 5, 8, &nmine);
    snprintf(ref, sizeof ref, "ref/pairs_%s_%d.csv", pcode, radius_m);
    row *want = read_rows(test_data(ref), 0, 1, 2, &nref);
    snprintf(qref, sizeof qref, "ref/quality_%s.csv", pcode);
    row *quality = read_rows(test_data(qref), 0, -1, -1, &nq);

    /* Pairs in the same order, ids equal, distances within 1 mm. */
    size_t k = 0;
    for (size_t i = 0; i < nmine; i++) {
        if (!mine[i].network[0])
            continue; /* a quality school with no network school */
        assert_true(k < nref);
        if (strcmp(mine[i].quality, want[k].quality) || strcmp(mine[i].network, want[k].network))
            fail_msg("%s row %zu: qsmap %s→%s, PostGIS %s→%s", pcode, i, mine[i].quality,
                     mine[i].network, want[k].quality, want[k].network);
        assert_true(fabs(mine[i].distance - want[k].distance) < 1e-3);
        k++;
    }
    assert_int_equal(k, nref);
    /* Every quality school of the district is in the table, none other. */
    for (size_t q = 0; q < nq; q++) {
        int seen = 0;
        for (size_t i = 0; i < nmine && !seen; i++)
            seen = !strcmp(mine[i].quality, quality[q].quality);
        if (!seen)
            fail_msg("%s: quality school %s missing", pcode, quality[q].quality);
    }
    for (size_t i = 0; i < nmine; i++) {
        int known = 0;
        for (size_t q = 0; q < nq && !known; q++)
            known = !strcmp(mine[i].quality, quality[q].quality);
        assert_true(known);
    }
    printf("  %s at %s: %zu pairs, %zu quality schools — equal to PostGIS\n", pcode, radius,
           nref, nq);
    free(mine);
    free(want);
    free(quality);
}

static void test_angthong_districts_match_postgis(void **state)
{
    (void)state;
    static const char *const ANG_THONG[] = {"TH1501", "TH1502", "TH1503", "TH1504",
                                            "TH1505", "TH1506", "TH1507"};
    for (size_t i = 0; i < 7; i++)
        check_district(ANG_THONG[i], "5km", 5000);
}

static void test_kamphaengphet_districts_match_postgis(void **state)
{
    (void)state;
    check_district("TH6201", "5km", 5000);
    check_district("TH6211", "5000m", 5000); /* holds a quality school with no pairs */
}

static void test_smaller_radius_matches_postgis(void **state)
{
    (void)state;
    check_district("TH1501", "2.5km", 2500);
}

/* Every quality school of the country: pairs per province as PostGIS counts
 * them (7,790 in all). */
static void test_national_pairs_per_province(void **state)
{
    (void)state;
    const char *schools = shared_data("schools/schools_th.csv");
    const char *bounds = shared_data("boundaries/tha_adm2.shp");
    if (!schools || !bounds)
        skip();
    qsmap_schools *s;
    qsmap_districts *d;
    qsmap_error err = {0};
    assert_int_equal(qsmap_schools_load(schools, NULL, &s, &err), QSMAP_OK);
    assert_int_equal(qsmap_districts_load(bounds, QSMAP_ENC_AUTO, &d, &err), QSMAP_OK);
    uint32_t *q = malloc(s->n * sizeof *q);
    long *dist = calloc(s->n, sizeof *dist);
    size_t nq = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].role == QSMAP_ROLE_QUALITY) {
            dist[i] = qsmap_districts_locate(d, s->v[i].lat, s->v[i].lon);
            assert_true(dist[i] >= 0); /* quality_unassigned.csv is empty */
            q[nq++] = (uint32_t)i;
        }
    assert_int_equal(nq, 1223);
    qsmap_catchment *c;
    assert_int_equal(qsmap_catchment_new(s, q, nq, 5000, &c, &err), QSMAP_OK);
    size_t total = 0;
    size_t nref;
    row *ref = read_rows(test_data("ref/pairs_per_province_5000.csv"), 0, 1, 3, &nref);
    assert_int_equal(nref, 77);
    for (size_t p = 0; p < nref; p++) {
        size_t pairs = 0;
        for (size_t i = 0; i < c->n; i++)
            if (c->v[i].network != QSMAP_NO_SCHOOL &&
                !strcmp(qsmap_districts_get(d, (size_t)dist[c->v[i].quality])->province_pcode,
                        ref[p].quality))
                pairs++;
        if (pairs != (size_t)ref[p].distance)
            fail_msg("%s: qsmap %zu pairs, PostGIS %.0f", ref[p].quality, pairs,
                     ref[p].distance);
        total += pairs;
    }
    assert_int_equal(total, 7790);
    free(ref);
    qsmap_catchment_free(c);
    free(dist);
    free(q);
    qsmap_districts_free(d);
    qsmap_schools_free(s);
}

/* The same through the command line: qsmap --all, pairs per province (an
 * adm2 pcode starts with its province's) against PostGIS. */
static void test_cli_all_pairs_per_province(void **state)
{
    (void)state;
    const char *schools = shared_data("schools/schools_th.csv");
    const char *bounds = shared_data("boundaries/tha_adm2.shp");
    if (!schools || !bounds)
        skip();
    char out[1100];
    snprintf(out, sizeof out, "%s/all.csv", temp_dir());
    cli_result r = run_cli("--schools", schools, "--boundaries", bounds, "--all", "-q", "-o", out,
                           NULL);
    assert_int_equal(r.code, 0);
    cli_result_free(&r);
    size_t len;
    char *buf = read_all(out, &len);
    qsmap_csv csv;
    qsmap_csv_init(&csv, buf, len);
    const qsmap_field *f;
    size_t nf, nref;
    long line;
    qsmap_error err = {0};
    row *ref = read_rows(test_data("ref/pairs_per_province_5000.csv"), 0, 1, 3, &nref);
    size_t *count = calloc(nref, sizeof *count), total = 0;
    int header = 1;
    while (qsmap_csv_next(&csv, &f, &nf, &line, out, &err) > 0) {
        if (header) {
            header = 0;
            continue;
        }
        if (!f[5].len)
            continue; /* a quality school without network school */
        for (size_t p = 0; p < nref; p++)
            if (f[1].len >= 4 && !strncmp(f[1].s, ref[p].quality, 4)) {
                count[p]++;
                break;
            }
        total++;
    }
    for (size_t p = 0; p < nref; p++)
        if (count[p] != (size_t)ref[p].distance)
            fail_msg("%s: qsmap --all %zu pairs, PostGIS %.0f", ref[p].quality, count[p],
                     ref[p].distance);
    assert_int_equal(total, 7790);
    qsmap_csv_free(&csv);
    free(count);
    free(ref);
    free(buf);
}

/* The CP874 copy of the Ang Thong boundaries gives the very same table. */
static void test_cp874_boundaries_same_table(void **state)
{
    (void)state;
    const char *schools = shared_data("schools/schools_th.csv");
    const char *utf = shared_data("boundaries/angthong_adm2_full.shp");
    const char *tis = shared_data("boundaries/angthong_adm2_cp874.shp");
    if (!schools || !utf || !tis)
        skip();
    char a[1100], b[1100];
    snprintf(a, sizeof a, "%s/full-utf8.csv", temp_dir());
    snprintf(b, sizeof b, "%s/full-cp874.csv", temp_dir());
    cli_result r = run_cli("--schools", schools, "--boundaries", utf, "--province", "อ่างทอง",
                           "-q", "-o", a, NULL);
    assert_int_equal(r.code, 0);
    cli_result_free(&r);
    r = run_cli("--schools", schools, "--boundaries", tis, "--province", "อ่างทอง", "-q", "-o",
                b, NULL);
    assert_int_equal(r.code, 0);
    cli_result_free(&r);
    size_t la, lb;
    char *x = read_all(a, &la), *y = read_all(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(x, y, la);
    assert_non_null(strstr(x, "เมืองอ่างทอง,TH1501"));
    free(x);
    free(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_angthong_districts_match_postgis),
        cmocka_unit_test(test_kamphaengphet_districts_match_postgis),
        cmocka_unit_test(test_smaller_radius_matches_postgis),
        cmocka_unit_test(test_national_pairs_per_province),
        cmocka_unit_test(test_cli_all_pairs_per_province),
        cmocka_unit_test(test_cp874_boundaries_same_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
