/* test_planning.c — overlaps, nearest assignment and the merge summary
 * against PostGIS references kept in data/ref/ (made by
 * ref/postgis_planning_ref.sh: ST_DWithin(geography, 5000, true) for the
 * counts, ST_Distance(geography, true) for the nearest, ties within 1 mm to
 * the smaller id), on the shipped national table and boundaries. */
#include "support.h"

#include "catchment/nearest.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    qsmap_schools *s;
    qsmap_districts *d;
} data;

static int setup(void **state)
{
    static data dt;
    qsmap_error err = {0};
    if (qsmap_schools_load(QSMAP_GEODATA "/schools_th.csv.gz", NULL, &dt.s, &err) ||
        qsmap_districts_load(QSMAP_GEODATA "/tha_adm2.shp", QSMAP_ENC_AUTO, &dt.d, &err))
        return -1;
    *state = &dt;
    return 0;
}

static int teardown(void **state)
{
    data *dt = *state;
    qsmap_schools_free(dt->s);
    qsmap_districts_free(dt->d);
    return 0;
}

/* Rows of a reference CSV, fields split in place; NULL-terminated. */
typedef struct {
    char *buf;
    char **f[4096];
    size_t n, nf;
} table;

static void load_table(const char *name, table *t)
{
    size_t len;
    t->buf = read_all(test_data(name), &len);
    assert_non_null(t->buf);
    t->n = 0;
    char *save = NULL;
    strtok_r(t->buf, "\n", &save); /* header */
    for (char *line; (line = strtok_r(NULL, "\n", &save)) && t->n < 4096;) {
        char **f = calloc(20, sizeof *f);
        size_t k = 0;
        for (char *p = line; k < 20; k++) {
            f[k] = p;
            char *c = strchr(p, ',');
            if (!c)
                break;
            *c = '\0';
            p = c + 1;
        }
        t->f[t->n++] = f;
    }
}

static void free_table(table *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->f[i]);
    free(t->buf);
}

static long find_school(const qsmap_schools *s, const char *id)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].id, id))
            return (long)i;
    return -1;
}

static void build_angthong(const data *dt, qsmap_report *r)
{
    size_t *sel, n;
    qsmap_error err = {0};
    assert_int_equal(qsmap_districts_select(dt->d, NULL, "อ่างทอง", &sel, &n, &err), QSMAP_OK);
    assert_int_equal(qsmap_report_build(dt->s, dt->d, sel, n, 5000, r, &err), QSMAP_OK);
    assert_int_equal(qsmap_report_summarize(r, 120, &err), QSMAP_OK);
    free(sel);
}

static void test_angthong_overlaps_match_postgis(void **state)
{
    data *dt = *state;
    qsmap_report r;
    build_angthong(dt, &r);
    table t;
    load_table("ref/overlap_angthong_5000.csv", &t);
    assert_int_equal(t.n, 110);
    size_t two_or_more = 0;
    for (size_t i = 0; i < t.n; i++) {
        long n = find_school(dt->s, t.f[i][0]);
        assert_true(n >= 0);
        uint32_t count = (uint32_t)atoi(t.f[i][1]);
        if (r.quality_count[n] != count)
            fail_msg("%s: quality_count %u, PostGIS %u", t.f[i][0], r.quality_count[n], count);
        uint32_t near = r.nearest_quality[n];
        assert_true(near != QSMAP_NO_SCHOOL);
        if (strcmp(dt->s->v[near].id, t.f[i][2]))
            fail_msg("%s: nearest %s, PostGIS %s", t.f[i][0], dt->s->v[near].id, t.f[i][2]);
        two_or_more += count >= 2;
    }
    printf("  Ang Thong: %zu network schools in reach of two or more quality schools\n",
           two_or_more);
    assert_int_equal(two_or_more, 43);
    free_table(&t);
    qsmap_report_release(&r);
}

static void test_angthong_summary_matches_postgis(void **state)
{
    data *dt = *state;
    qsmap_report r;
    build_angthong(dt, &r);
    table t;
    load_table("ref/summary_angthong_5000.csv", &t);
    assert_int_equal(r.nsummary, t.n);
    for (size_t i = 0; i < t.n; i++) {
        char **f = t.f[i];
        const qsmap_summary_row *s = &r.summary[i];
        assert_string_equal(dt->s->v[s->quality].id, f[1]);
        assert_int_equal(s->network_count, atoi(f[7]));
        assert_int_equal(s->network_students, atol(f[8]));
        assert_int_equal(s->network_teachers, atol(f[9]));
        assert_int_equal(s->small_schools, atoi(f[10]));
        assert_int_equal(s->students_if_merged, atol(f[11]));
        assert_int_equal(s->teachers_if_merged, atol(f[12]));
        assert_true(fabs(s->students_per_teacher_if_merged - atof(f[13])) < 0.005 + 1e-9);
    }
    free_table(&t);
    qsmap_report_release(&r);
}

/* With every district joined, the counts come from the pairs themselves
 * (report.c's shortcut); they must still equal PostGIS's. */
static void test_national_join_overlaps_match_postgis(void **state)
{
    data *dt = *state;
    size_t n = qsmap_districts_count(dt->d);
    size_t *sel = malloc(n * sizeof *sel);
    for (size_t k = 0; k < n; k++)
        sel[k] = k;
    qsmap_report r;
    qsmap_error err = {0};
    assert_int_equal(qsmap_report_build(dt->s, dt->d, sel, n, 5000, &r, &err), QSMAP_OK);
    free(sel);
    table t;
    load_table("ref/overlap_angthong_5000.csv", &t);
    for (size_t i = 0; i < t.n; i++) {
        long sch = find_school(dt->s, t.f[i][0]);
        assert_int_equal(r.quality_count[sch], atoi(t.f[i][1]));
        assert_string_equal(dt->s->v[r.nearest_quality[sch]].id, t.f[i][2]);
    }
    free_table(&t);
    qsmap_report_release(&r);
}

/* 1,971 schools of the country: the ellipsoidal nearest, as ST_Distance
 * ranks them. PostGIS's <-> (spherical) disagrees for 73 of 29,579. */
static void test_nearest_matches_postgis_national_sample(void **state)
{
    data *dt = *state;
    qsmap_nearest *near;
    qsmap_error err = {0};
    assert_int_equal(qsmap_nearest_new(dt->s, &near, &err), QSMAP_OK);
    table t;
    load_table("ref/nearest_national_sample.csv", &t);
    assert_int_equal(t.n, 1971);
    for (size_t i = 0; i < t.n; i++) {
        long sch = find_school(dt->s, t.f[i][0]);
        assert_true(sch >= 0);
        double m;
        uint32_t q = qsmap_nearest_quality(near, dt->s->v[sch].lat, dt->s->v[sch].lon, &m);
        if (q == QSMAP_NO_SCHOOL || strcmp(dt->s->v[q].id, t.f[i][1]))
            fail_msg("%s: nearest %s, PostGIS %s", t.f[i][0],
                     q == QSMAP_NO_SCHOOL ? "none" : dt->s->v[q].id, t.f[i][1]);
        assert_true(fabs(m - atof(t.f[i][2])) < 1e-3);
    }
    free_table(&t);
    /* Where the spherical KNN picks another school, qsmap keeps the truly nearer. */
    load_table("ref/knn_disagreements.csv", &t);
    for (size_t i = 0; i < t.n; i++) {
        long sch = find_school(dt->s, t.f[i][0]);
        uint32_t q = qsmap_nearest_quality(near, dt->s->v[sch].lat, dt->s->v[sch].lon, NULL);
        assert_string_equal(dt->s->v[q].id, t.f[i][1]);
        assert_string_not_equal(dt->s->v[q].id, t.f[i][3]);
    }
    free_table(&t);
    qsmap_nearest_free(near);
}

/* Ties within 1 mm go to the smaller school_id, whatever the file order. */
static void test_nearest_tie_goes_to_smaller_id(void **state)
{
    (void)state;
    const char *csv = "school_id,name_th,latitude,longitude,role\n"
                      "Q9,b,14.60,100.46,quality\n"
                      "Q2,a,14.60,100.44,quality\n"
                      "N1,c,14.60,100.45,network\n";
    qsmap_schools *s;
    qsmap_error err = {0};
    assert_int_equal(qsmap_schools_parse(csv, strlen(csv), "t.csv", NULL, &s, &err), QSMAP_OK);
    qsmap_nearest *near;
    assert_int_equal(qsmap_nearest_new(s, &near, &err), QSMAP_OK);
    double m;
    uint32_t q = qsmap_nearest_quality(near, 14.60, 100.45, &m);
    assert_string_equal(s->v[q].id, "Q2");
    assert_int_equal(qsmap_nearest_count(near, 14.60, 100.45, 5000), 2);
    assert_int_equal(qsmap_nearest_count(near, 14.60, 100.45, 1000), 0);
    qsmap_nearest_free(near);
    qsmap_schools_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_angthong_overlaps_match_postgis),
        cmocka_unit_test(test_angthong_summary_matches_postgis),
        cmocka_unit_test(test_national_join_overlaps_match_postgis),
        cmocka_unit_test(test_nearest_matches_postgis_national_sample),
        cmocka_unit_test(test_nearest_tie_goes_to_smaller_id),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
