/* test_districts.c — shapefile loading (synthetic shapefiles written here
 * with shapelib, and the real Ang Thong files from ../shared), point in
 * polygon with the boundary included, and naming districts. */
#include "support.h"

#include "places/places.h"

#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Two unit squares sharing the edge x = 101, the first with a hole. Outer
 * rings clockwise, holes counter-clockwise, as shapefiles require. */
static const test_shape SQUARES[] = {
    {"ซ้าย", "Left", "TH9901", "ทดสอบ", 2, {0, 5}, 10,
     {100, 100, 101, 101, 100, 100.4, 100.6, 100.6, 100.4, 100.4},
     {14, 15, 15, 14, 14, 14.4, 14.4, 14.6, 14.6, 14.4}},
    {"ขวา", "Right", "TH9902", "ทดสอบ", 1, {0}, 5,
     {101, 101, 102, 102, 101},
     {14, 15, 15, 14, 14}},
};

static void test_point_in_polygon_with_hole_and_shared_edge(void **state)
{
    (void)state;
    qsmap_districts *d;
    qsmap_error err = {0};
    const char *p = write_shapefile("squares", SQUARES, 2, NULL);
    assert_int_equal(qsmap_districts_load(p, QSMAP_ENC_AUTO, &d, &err), QSMAP_OK);
    assert_int_equal(qsmap_districts_count(d), 2);
    assert_int_equal(qsmap_districts_locate(d, 14.2, 100.2), 0);
    assert_int_equal(qsmap_districts_locate(d, 14.5, 100.5), -1); /* in the hole */
    assert_int_equal(qsmap_districts_locate(d, 14.5, 101.5), 1);
    /* On the shared edge: both cover it, the first in the file wins. */
    assert_true(qsmap_districts_covers(d, 0, 14.5, 101.0));
    assert_true(qsmap_districts_covers(d, 1, 14.5, 101.0));
    assert_int_equal(qsmap_districts_locate(d, 14.5, 101.0), 0);
    /* A vertex and the hole's edge are boundary: covered. */
    assert_true(qsmap_districts_covers(d, 1, 15.0, 102.0));
    assert_true(qsmap_districts_covers(d, 0, 14.4, 100.5));
    assert_int_equal(qsmap_districts_locate(d, 14.5, 102.0001), -1);
    qsmap_districts_free(d);
}

static void test_missing_dbf_is_named(void **state)
{
    (void)state;
    const char *p = write_shapefile("nodbf", SQUARES, 2, NULL);
    char dbf[1100];
    snprintf(dbf, sizeof dbf, "%.*s.dbf", (int)(strlen(p) - 4), p);
    unlink(dbf);
    qsmap_districts *d;
    qsmap_error err = {0};
    assert_int_equal(qsmap_districts_load(p, QSMAP_ENC_AUTO, &d, &err), QSMAP_E_IO);
    assert_non_null(strstr(err.msg, ".dbf"));
    assert_null(d);
}

static void test_projected_prj_is_refused(void **state)
{
    (void)state;
    const char *p = write_shapefile(
        "utm", SQUARES, 2,
        "PROJCS[\"WGS_1984_UTM_Zone_47N\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\","
        "SPHEROID[\"WGS_1984\",6378137.0,298.257223563]]]]");
    qsmap_districts *d;
    qsmap_error err = {0};
    assert_int_equal(qsmap_districts_load(p, QSMAP_ENC_AUTO, &d, &err), QSMAP_E_CRS);
    assert_non_null(strstr(err.msg, "EPSG:4326"));
}

static void test_select_by_names(void **state)
{
    (void)state;
    qsmap_districts *d;
    qsmap_error err = {0};
    assert_int_equal(qsmap_districts_load(QSMAP_GEODATA "/tha_adm2.shp", QSMAP_ENC_AUTO, &d,
                                          &err),
                     QSMAP_OK);
    assert_int_equal(qsmap_districts_count(d), 928);
    static const char *const SAME[] = {"เมืองอ่างทอง", "อำเภอเมืองอ่างทอง", "Mueang Ang Thong",
                                       "mueang ang thong", "TH1501", "th1501"};
    for (size_t k = 0; k < sizeof SAME / sizeof SAME[0]; k++) {
        size_t *idx, n;
        assert_int_equal(qsmap_districts_select(d, SAME[k], NULL, &idx, &n, &err), QSMAP_OK);
        assert_int_equal(n, 1);
        assert_string_equal(qsmap_districts_get(d, idx[0])->pcode, "TH1501");
        free(idx);
    }
    size_t *idx, n;
    assert_int_equal(qsmap_districts_select(d, "เฉลิมพระเกียรติ", NULL, &idx, &n, &err),
                     QSMAP_E_AMBIGUOUS);
    assert_non_null(strstr(err.msg, "5 provinces"));
    assert_non_null(strstr(err.msg, "นครราชสีมา"));
    assert_int_equal(
        qsmap_districts_select(d, "เฉลิมพระเกียรติ", "นครราชสีมา", &idx, &n, &err), QSMAP_OK);
    assert_int_equal(n, 1);
    free(idx);
    assert_int_equal(qsmap_districts_select(d, NULL, "จังหวัดอ่างทอง", &idx, &n, &err),
                     QSMAP_OK);
    assert_int_equal(n, 7);
    free(idx);
    assert_int_equal(qsmap_districts_select(d, "เมืองอ่างทอน", NULL, &idx, &n, &err),
                     QSMAP_E_NOT_FOUND);
    assert_non_null(strstr(err.msg, "เมืองอ่างทอง"));
    /* Bangkok's districts (เขต) take the prefix too. */
    assert_int_equal(qsmap_districts_select(d, "เขตพระนคร", NULL, &idx, &n, &err), QSMAP_OK);
    assert_string_equal(qsmap_districts_get(d, idx[0])->pcode, "TH1001");
    free(idx);
    qsmap_districts_free(d);
}

static void test_cp874_dbf_reads_like_utf8(void **state)
{
    (void)state;
    const char *utf = shared_data("boundaries/angthong_adm2_full.shp");
    const char *tis = shared_data("boundaries/angthong_adm2_cp874.shp");
    if (!utf || !tis)
        skip();
    qsmap_districts *a, *b;
    qsmap_error err = {0};
    assert_int_equal(qsmap_districts_load(utf, QSMAP_ENC_AUTO, &a, &err), QSMAP_OK);
    assert_int_equal(qsmap_districts_load(tis, QSMAP_ENC_AUTO, &b, &err), QSMAP_OK);
    assert_int_equal(qsmap_districts_count(a), 7);
    assert_int_equal(qsmap_districts_count(b), 7);
    for (size_t i = 0; i < 7; i++) {
        assert_string_equal(qsmap_districts_get(a, i)->name_th,
                            qsmap_districts_get(b, i)->name_th);
        assert_string_equal(qsmap_districts_get(a, i)->province_th, "อ่างทอง");
    }
    qsmap_districts_free(a);
    qsmap_districts_free(b);
}

/* The crossing rule and GEOS agree: random points in each district's box,
 * and points on edges, a vertex's neighbourhood and 1e-10 .. 1e-6 degrees
 * off an edge on both sides, where the crossing rule hands over to GEOS or
 * has to be right by itself. Every vertex is covered (boundary included). */
static void test_crossing_rule_agrees_with_geos(void **state)
{
    (void)state;
    const char *shp = shared_data("boundaries/angthong_adm2_full.shp");
    if (!shp)
        skip();
    qsmap_districts *d;
    qsmap_error err = {0};
    assert_int_equal(qsmap_districts_load(shp, QSMAP_ENC_AUTO, &d, &err), QSMAP_OK);
    const double *xy;
    const uint32_t *off;
    size_t nr;
    qsmap_districts_rings(d, &xy, &off, &nr);
    uint64_t x = 88172645463325252ull;
    size_t checked = 0, inside = 0;
    for (size_t i = 0; i < qsmap_districts_count(d); i++) {
        const qsmap_district *t = qsmap_districts_get(d, i);
        for (int k = 0; k < 3000; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            double lon = t->min_lon + (t->max_lon - t->min_lon) * (double)(x >> 11) / 0x1p53;
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            double lat = t->min_lat + (t->max_lat - t->min_lat) * (double)(x >> 11) / 0x1p53;
            int a = qsmap_districts_covers(d, i, lat, lon);
            assert_int_equal(a, qsmap_districts_covers_geos(d, i, lat, lon));
            inside += (size_t)a, checked++;
        }
        static const double OFFS[] = {0, 1e-10, -1e-10, 1e-9, -1e-9, 2e-9, -2e-9, 1e-8, -1e-8, 1e-6, -1e-6};
        uint32_t r = t->first_ring;
        for (uint32_t v = off[r]; v + 1 < off[r + 1]; v += 13)
            for (size_t o = 0; o < sizeof OFFS / sizeof OFFS[0]; o++)
                for (int along = 0; along < 3; along++) {
                    double f = along * 0.5; /* the vertex, mid-edge, the next vertex */
                    double lon = xy[2 * v] + f * (xy[2 * v + 2] - xy[2 * v]);
                    double lat = xy[2 * v + 1] + f * (xy[2 * v + 3] - xy[2 * v + 1]) + OFFS[o];
                    int covered = qsmap_districts_covers(d, i, lat, lon);
                    assert_int_equal(covered, qsmap_districts_covers_geos(d, i, lat, lon));
                    if (OFFS[o] == 0 && along != 1) /* a vertex: boundary, covered */
                        assert_true(covered);
                    checked++;
                }
    }
    assert_true(inside > checked / 10); /* the random points did land inside */
    qsmap_districts_free(d);
}

/* Regression (fuzz_shapefile, tests/fuzz/regressions/shapefile/inverted_record_bbox.bin):
 * a record whose header box says XMax 4.78 < XMin 100 sized the district
 * grid from garbage. The box now comes from the vertices. */
static void test_regression_inverted_record_bbox(void **state)
{
    (void)state;
    const char *p = write_shapefile("badbox", SQUARES, 2, NULL);
    FILE *f = fopen(p, "r+b");
    assert_non_null(f);
    double bad = 4.78;
    assert_int_equal(fseek(f, 128, SEEK_SET), 0); /* record 1's XMax */
    assert_int_equal(fwrite(&bad, sizeof bad, 1, f), 1);
    fclose(f);
    qsmap_districts *d;
    qsmap_error err = {0};
    assert_int_equal(qsmap_districts_load(p, QSMAP_ENC_AUTO, &d, &err), QSMAP_OK);
    assert_true(qsmap_districts_get(d, 0)->max_lon == 101.0);
    assert_int_equal(qsmap_districts_locate(d, 14.2, 100.2), 0);
    qsmap_districts_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_point_in_polygon_with_hole_and_shared_edge),
        cmocka_unit_test(test_missing_dbf_is_named),
        cmocka_unit_test(test_projected_prj_is_refused),
        cmocka_unit_test(test_select_by_names),
        cmocka_unit_test(test_cp874_dbf_reads_like_utf8),
        cmocka_unit_test(test_crossing_rule_agrees_with_geos),
        cmocka_unit_test(test_regression_inverted_record_bbox),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
