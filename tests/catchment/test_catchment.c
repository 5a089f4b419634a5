/* test_catchment.c — the join against references: the synthetic edge-case
 * table (twins at 0 m, points 1 mm inside and outside 5 km, checked with
 * GeodSolve and PostGIS ST_DWithin; see ref/edge_ref.sh), overlaps, order. */
#include "support.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint32_t *all_quality(const qsmap_schools *s, size_t *n)
{
    uint32_t *q = malloc(s->n * sizeof *q);
    *n = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].role == QSMAP_ROLE_QUALITY)
            q[(*n)++] = (uint32_t)i;
    return q;
}

static void test_edge_cases_match_postgis(void **state)
{
    (void)state;
    qsmap_schools *s;
    qsmap_error err = {0};
    assert_int_equal(qsmap_schools_load(test_data("edge_schools.csv"), NULL, &s, &err), QSMAP_OK);
    size_t nq;
    uint32_t *q = all_quality(s, &nq);
    assert_int_equal(nq, 3);
    qsmap_catchment *c;
    assert_int_equal(qsmap_catchment_new(s, q, nq, 5000.0, &c, &err), QSMAP_OK);

    char *expected = read_all(test_data("edge_expected.csv"), NULL);
    assert_non_null(expected);
    char *save = NULL, *line = strtok_r(expected, "\n", &save); /* header */
    /* The same set of pairs; order within equal 4-decimal distances may differ. */
    size_t k = 0;
    while ((line = strtok_r(NULL, "\n", &save))) {
        char qid[32], nid[32];
        double dist;
        assert_int_equal(sscanf(line, "%31[^,],%31[^,],%lf", qid, nid, &dist), 3);
        const qsmap_pair *hit = NULL;
        for (size_t i = 0; i < c->n && !hit; i++)
            if (c->v[i].network != QSMAP_NO_SCHOOL && !strcmp(s->v[c->v[i].quality].id, qid) &&
                !strcmp(s->v[c->v[i].network].id, nid))
                hit = &c->v[i];
        if (!hit)
            fail_msg("pair %s→%s (%.4f m) missing", qid, nid, dist);
        assert_true(fabs(hit->distance_m - dist) < 1e-3);
        k++;
    }
    assert_int_equal(k, c->n); /* nothing extra: the 1 mm-outside points stay out */
    free(expected);
    qsmap_catchment_free(c);
    free(q);
    qsmap_schools_free(s);
}

static qsmap_schools *parse(const char *csv)
{
    qsmap_schools *s = NULL;
    qsmap_error err = {0};
    qsmap_status st = qsmap_schools_parse(csv, strlen(csv), "mem.csv", NULL, &s, &err);
    if (st)
        fail_msg("%s", err.msg);
    return s;
}

/* A table parsed and joined at 5 km over all its quality schools. */
typedef struct {
    qsmap_schools *s;
    uint32_t *q;
    size_t nq;
    qsmap_catchment *c;
} joined;

static joined join_5km(const char *csv)
{
    joined j = {.s = parse(csv)};
    j.q = all_quality(j.s, &j.nq);
    qsmap_error err = {0};
    assert_int_equal(qsmap_catchment_new(j.s, j.q, j.nq, 5000.0, &j.c, &err), QSMAP_OK);
    return j;
}

static void joined_free(joined *j)
{
    qsmap_catchment_free(j->c);
    free(j->q);
    qsmap_schools_free(j->s);
}

static void test_network_near_two_quality_schools_appears_under_each(void **state)
{
    (void)state;
    joined j = join_5km("school_id,name_th,latitude,longitude,role\n"
                             "Q1,A,14.60,100.45,quality\n"
                             "Q2,B,14.60,100.47,quality\n"
                             "N1,C,14.60,100.46,network\n");
    const qsmap_schools *s = j.s;
    const qsmap_catchment *c = j.c;
    assert_int_equal(c->n, 2);
    assert_string_equal(s->v[c->v[0].network].id, "N1");
    assert_string_equal(s->v[c->v[1].network].id, "N1");
    assert_true(c->v[0].quality != c->v[1].quality);
    joined_free(&j);
}

static void test_quality_school_alone_keeps_a_row(void **state)
{
    (void)state;
    joined j = join_5km("school_id,name_th,latitude,longitude,role\n"
                             "Q1,A,14.60,100.45,quality\n"
                             "N1,C,15.60,100.46,network\n");
    const qsmap_catchment *c = j.c;
    assert_int_equal(c->n, 1);
    assert_int_equal(c->v[0].network, QSMAP_NO_SCHOOL);
    joined_free(&j);
}

static void test_pairs_sorted_by_distance_then_id(void **state)
{
    (void)state;
    joined j = join_5km("school_id,name_th,latitude,longitude,role\n"
                             "N9,far,14.62,100.45,network\n"
                             "N5,twin-b,14.61,100.45,network\n"
                             "Q1,A,14.60,100.45,quality\n"
                             "N3,twin-a,14.61,100.45,network\n"
                             "N7,same-place,14.60,100.45,network\n");
    const qsmap_schools *s = j.s;
    const qsmap_catchment *c = j.c;
    assert_int_equal(c->n, 4);
    const char *order[] = {"N7", "N3", "N5", "N9"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(s->v[c->v[i].network].id, order[i]);
    assert_true(c->v[0].distance_m == 0.0);
    joined_free(&j);
}

/* Regression: a quality school is never its own (or another's) network school. */
static void test_quality_schools_are_not_network_schools(void **state)
{
    (void)state;
    joined j = join_5km("school_id,name_th,latitude,longitude,role\n"
                             "Q1,A,14.60,100.45,quality\n"
                             "Q2,B,14.60,100.451,quality\n");
    const qsmap_catchment *c = j.c;
    assert_int_equal(c->n, 2);
    assert_int_equal(c->v[0].network, QSMAP_NO_SCHOOL);
    assert_int_equal(c->v[1].network, QSMAP_NO_SCHOOL);
    joined_free(&j);
}

/* The index must not lose candidates across the antimeridian or near the pole. */
static void test_join_equals_brute_force_worldwide(void **state)
{
    (void)state;
    char *csv = malloc(1 << 20);
    size_t used = (size_t)sprintf(csv, "school_id,name_th,latitude,longitude,role\n");
    uint64_t x = 12345;
    for (int i = 0; i < 3000; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        double u = (double)(x >> 11) / 9007199254740992.0;
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        double v = (double)(x >> 11) / 9007199254740992.0;
        /* clusters near Thailand, the antimeridian and 85°N */
        int cl = i % 3;
        double lat = cl == 0 ? 14 + u * 0.3 : cl == 1 ? -10 + u * 0.3 : 84.8 + u * 0.3;
        double lon = cl == 0 ? 100 + v * 0.3 : cl == 1 ? 179.85 + v * 0.3 : v * 360 - 180;
        if (lon > 180)
            lon -= 360;
        used += (size_t)sprintf(csv + used, "S%d,n,%.7f,%.7f,%s\n", i, lat, lon,
                                i % 10 == 0 ? "quality" : "network");
    }
    qsmap_schools *s = parse(csv);
    free(csv);
    size_t nq;
    uint32_t *q = all_quality(s, &nq);
    qsmap_catchment *c;
    qsmap_error err = {0};
    const double r = 5000;
    assert_int_equal(qsmap_catchment_new(s, q, nq, r, &c, &err), QSMAP_OK);
    size_t brute = 0;
    for (size_t k = 0; k < nq; k++) {
        size_t found = 0;
        for (size_t j = 0; j < s->n; j++)
            if (s->v[j].role == QSMAP_ROLE_NETWORK &&
                qsmap_geod_distance(s->v[q[k]].lat, s->v[q[k]].lon, s->v[j].lat,
                                    s->v[j].lon) <= r)
                found++;
        brute += found ? found : 1;
    }
    assert_int_equal(c->n, brute);
    qsmap_catchment_free(c);
    free(q);
    qsmap_schools_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edge_cases_match_postgis),
        cmocka_unit_test(test_network_near_two_quality_schools_appears_under_each),
        cmocka_unit_test(test_quality_school_alone_keeps_a_row),
        cmocka_unit_test(test_pairs_sorted_by_distance_then_id),
        cmocka_unit_test(test_quality_schools_are_not_network_schools),
        cmocka_unit_test(test_join_equals_brute_force_worldwide),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
