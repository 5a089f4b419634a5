/* test_grid.c — the lat/lon point grid against brute force, and the
 * conservative geodesic box that feeds it. */
#include "support.h"

#include "catchment/geodesic.h"
#include "catchment/grid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A tiny 64-bit LCG (Knuth's MMIX constants): same numbers everywhere. */
typedef struct {
    uint64_t s;
} lcg;

static double lcg_unit(lcg *g) /* [0, 1) */
{
    g->s = g->s * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(g->s >> 11) * (1.0 / 9007199254740992.0);
}

static double lcg_range(lcg *g, double a, double b) { return a + (b - a) * lcg_unit(g); }

typedef struct {
    unsigned *hits; /* per id */
    size_t nids;
    size_t calls;
} collect;

static void on_point(void *ctx, uint32_t id)
{
    collect *c = ctx;
    c->calls++;
    if (id >= c->nids)
        fail_msg("callback with id %u beyond %zu", id, c->nids);
    c->hits[id]++;
}

static int lon_in(double lon, double lon0, double lon1)
{
    return (lon >= lon0 && lon <= lon1) || (lon + 360 >= lon0 && lon + 360 <= lon1) ||
           (lon - 360 >= lon0 && lon - 360 <= lon1);
}

/* Query the box and check that exactly the points brute force finds are
 * reported, each once, under their ids. Returns how many were in it. */
static size_t check_box(const qsmap_grid *g, const double *lat, const double *lon,
                        const uint32_t *ids, size_t n, uint32_t nids, double lat0,
                        double lat1, double lon0, double lon1)
{
    collect c = {calloc(nids ? nids : 1, sizeof(unsigned)), nids, 0};
    qsmap_grid_query(g, lat0, lat1, lon0, lon1, on_point, &c);
    size_t inside = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t id = ids ? ids[i] : (uint32_t)i;
        unsigned want = lat[i] >= lat0 && lat[i] <= lat1 && lon_in(lon[i], lon0, lon1);
        inside += want;
        if (c.hits[id] != want)
            fail_msg("point %zu (%.9f, %.9f) reported %u times for box lat %.9f..%.9f "
                     "lon %.9f..%.9f",
                     i, lat[i], lon[i], c.hits[id], lat0, lat1, lon0, lon1);
    }
    assert_int_equal(c.calls, inside);
    free(c.hits);
    return inside;
}

static void random_boxes(const qsmap_grid *g, const double *lat, const double *lon,
                         const uint32_t *ids, size_t n, uint32_t nids, lcg *r,
                         double la0, double la1, double lo0, double lo1, double maxspan,
                         int nboxes)
{
    size_t total = 0;
    for (int b = 0; b < nboxes; b++) {
        double clat = lcg_range(r, la0, la1), clon = lcg_range(r, lo0, lo1);
        double hl = lcg_range(r, 0, maxspan), ho = lcg_range(r, 0, maxspan);
        total += check_box(g, lat, lon, ids, n, nids, clat - hl, clat + hl, clon - ho,
                           clon + ho);
    }
    assert_true(total > 0); /* the boxes were not all empty */
}

/* Thailand-sized cloud, the shape qsmap really indexes. */
static void test_grid_matches_brute_force(void **state)
{
    (void)state;
    enum { N = 4000 };
    static double lat[N], lon[N];
    lcg r = {20240601};
    for (size_t i = 0; i < N; i++)
        lat[i] = lcg_range(&r, 5.6, 20.5), lon[i] = lcg_range(&r, 97.3, 105.7);
    const double cells[] = {0.05, 0.01, 0.3, 5.0, 0};
    for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++) {
        qsmap_grid g;
        assert_int_equal(qsmap_grid_build(&g, lat, lon, NULL, N, cells[k]), QSMAP_OK);
        random_boxes(&g, lat, lon, NULL, N, N, &r, 4, 22, 96, 107, 0.5, 300);
        /* the whole extent and beyond */
        assert_int_equal(check_box(&g, lat, lon, NULL, N, N, -90, 90, -180, 180), N);
        qsmap_grid_free(&g);
    }
}

/* Points spread over the globe, including a cell size that must be coarsened
 * to stay under the cell cap. */
static void test_grid_global_points(void **state)
{
    (void)state;
    enum { N = 3000 };
    static double lat[N], lon[N];
    lcg r = {7};
    for (size_t i = 0; i < N; i++)
        lat[i] = lcg_range(&r, -90, 90), lon[i] = lcg_range(&r, -180, 180);
    lat[0] = 90, lat[1] = -90, lon[2] = 180, lon[3] = -180;
    const double cells[] = {1.0, 0.05, 0.0001};
    for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++) {
        qsmap_grid g;
        assert_int_equal(qsmap_grid_build(&g, lat, lon, NULL, N, cells[k]), QSMAP_OK);
        assert_true((size_t)g.rows * g.cols <= (1u << 22));
        assert_int_equal(g.start[(size_t)g.rows * g.cols], N);
        random_boxes(&g, lat, lon, NULL, N, N, &r, -90, 90, -180, 180, 20, 300);
        assert_int_equal(check_box(&g, lat, lon, NULL, N, N, -90, 90, -180, 180), N);
        qsmap_grid_free(&g);
    }
}

/* Boxes that run past ±180° wrap to the other side. */
static void test_grid_antimeridian(void **state)
{
    (void)state;
    enum { N = 3000 };
    static double lat[N], lon[N];
    lcg r = {180};
    for (size_t i = 0; i < N; i++) {
        lat[i] = lcg_range(&r, -20, 20);
        double d = lcg_range(&r, 0, 12);
        lon[i] = (i % 2) ? 180 - d : -180 + d;
    }
    lon[0] = 180, lon[1] = -180, lat[0] = lat[1] = 0;
    qsmap_grid g;
    assert_int_equal(qsmap_grid_build(&g, lat, lon, NULL, N, 0.05), QSMAP_OK);
    size_t total = 0;
    for (int b = 0; b < 400; b++) {
        double clat = lcg_range(&r, -20, 20), hl = lcg_range(&r, 0, 3);
        double clon = lcg_range(&r, 170, 190), ho = lcg_range(&r, 0.01, 8);
        if (b % 2)
            clon -= 360; /* centre near -180 */
        total += check_box(&g, lat, lon, NULL, N, N, clat - hl, clat + hl, clon - ho,
                           clon + ho);
    }
    assert_true(total > 0);
    /* across the line both ways, from either side */
    size_t east = check_box(&g, lat, lon, NULL, N, N, -1, 1, 179, 181);
    size_t west = check_box(&g, lat, lon, NULL, N, N, -1, 1, -181, -179);
    assert_int_equal(east, west);
    assert_true(east >= 2); /* at least the points at exactly ±180 */
    qsmap_grid_free(&g);
}

/* Points on cell edges and box edges: the box is inclusive. */
static void test_grid_boundaries_inclusive(void **state)
{
    (void)state;
    enum { N = 21 * 21 };
    static double lat[N], lon[N];
    static uint32_t ids[N];
    for (size_t i = 0; i < N; i++) {
        lat[i] = 13.0 + 0.05 * (double)(i / 21);
        lon[i] = 100.0 + 0.05 * (double)(i % 21);
        ids[i] = (uint32_t)(N - 1 - i); /* ids differ from positions */
    }
    qsmap_grid g;
    assert_int_equal(qsmap_grid_build(&g, lat, lon, ids, N, 0.05), QSMAP_OK);
    for (size_t a = 0; a < 21; a += 4)
        for (size_t b = a; b < 21; b += 3) {
            double la0 = lat[a * 21], la1 = lat[b * 21];
            double lo0 = lon[a], lo1 = lon[b];
            size_t got = check_box(&g, lat, lon, ids, N, N, la0, la1, lo0, lo1);
            assert_int_equal(got, (b - a + 1) * (b - a + 1));
        }
    /* a zero-size box on one point */
    assert_int_equal(check_box(&g, lat, lon, ids, N, N, lat[50], lat[50], lon[50], lon[50]),
                     1);
    qsmap_grid_free(&g);
}

/* Many copies of one position, and ids passed through. */
static void test_grid_duplicates_and_ids(void **state)
{
    (void)state;
    enum { N = 500 };
    static double lat[N], lon[N];
    static uint32_t ids[N];
    for (size_t i = 0; i < N; i++) {
        lat[i] = i < 400 ? 13.75 : 13.75 + 0.001 * (double)i;
        lon[i] = i < 400 ? 100.5 : 100.5 - 0.001 * (double)i;
        ids[i] = (uint32_t)(i * 7 % N);
    }
    qsmap_grid g;
    assert_int_equal(qsmap_grid_build(&g, lat, lon, ids, N, 0.05), QSMAP_OK);
    assert_int_equal(check_box(&g, lat, lon, ids, N, N, 13.75, 13.75, 100.5, 100.5), 400);
    assert_int_equal(check_box(&g, lat, lon, ids, N, N, 0, 30, 90, 110), N);
    qsmap_grid_free(&g);
}

static void test_grid_empty_and_outside(void **state)
{
    (void)state;
    qsmap_grid g;
    assert_int_equal(qsmap_grid_build(&g, NULL, NULL, NULL, 0, 0.05), QSMAP_OK);
    collect c = {calloc(1, sizeof(unsigned)), 1, 0};
    qsmap_grid_query(&g, -90, 90, -180, 180, on_point, &c);
    qsmap_grid_query(&g, -90, 90, -540, 540, on_point, &c);
    qsmap_grid_query(&g, 0, 0, 0, 0, on_point, &c);
    assert_int_equal(c.calls, 0);
    qsmap_grid_free(&g);
    qsmap_grid_free(&g); /* freeing twice is harmless */
    qsmap_grid_query(&g, -90, 90, -180, 180, on_point, &c); /* a freed grid is empty */
    assert_int_equal(c.calls, 0);
    free(c.hits);

    double lat[1] = {13.75}, lon[1] = {100.5};
    assert_int_equal(qsmap_grid_build(&g, lat, lon, NULL, 1, 0.05), QSMAP_OK);
    assert_int_equal(check_box(&g, lat, lon, NULL, 1, 1, 14, 15, 100, 101), 0);
    assert_int_equal(check_box(&g, lat, lon, NULL, 1, 1, 13, 13.7, 100, 101), 0);
    assert_int_equal(check_box(&g, lat, lon, NULL, 1, 1, 13, 14, 101, 102), 0);
    assert_int_equal(check_box(&g, lat, lon, NULL, 1, 1, 13, 14, 99, 100.4), 0);
    assert_int_equal(check_box(&g, lat, lon, NULL, 1, 1, 14, 13, 100, 101), 0); /* inverted */
    assert_int_equal(check_box(&g, lat, lon, NULL, 1, 1, 13, 14, 100, 101), 1);
    assert_int_equal(check_box(&g, lat, lon, NULL, 1, 1, -1e9, 1e9, -180, 180), 1);
    qsmap_grid_free(&g);
}

/* Regression: a box lying wholly west of -180° (centre past the line) was
 * widened to run all the way to +180°, reporting points outside it. */
static void test_regression_box_wholly_past_antimeridian_not_widened(void **state)
{
    (void)state;
    double lat[4] = {0, 0, 0, 0}, lon[4] = {171, 175, 178, -179};
    qsmap_grid g;
    assert_int_equal(qsmap_grid_build(&g, lat, lon, NULL, 4, 0.05), QSMAP_OK);
    /* [-188, -183] is [172, 177]: only the point at 175 */
    assert_int_equal(check_box(&g, lat, lon, NULL, 4, 4, -1, 1, -188, -183), 1);
    /* [185, 190] is [-175, -170]: none */
    assert_int_equal(check_box(&g, lat, lon, NULL, 4, 4, -1, 1, 185, 190), 0);
    /* [181, 182] is [-179, -178]: the point at -179 */
    assert_int_equal(check_box(&g, lat, lon, NULL, 4, 4, -1, 1, 181, 182), 1);
    qsmap_grid_free(&g);
}

/* ---- qsmap_geod_bbox --------------------------------------------------- */

/* Every point at (just under) r from the centre lies in the box, for many
 * azimuths, radii and latitudes, including near the antimeridian. */
static void test_geod_bbox_contains_circle(void **state)
{
    (void)state;
    const double radii[] = {1, 100, 750, 2500, 5000, 20000, 50000, 100000};
    const double lons[] = {0, 100.5, 179.95, -179.99};
    size_t checked = 0;
    for (int ilat = -80; ilat <= 80; ilat += 5)
        for (size_t il = 0; il < sizeof lons / sizeof lons[0]; il++)
            for (size_t ir = 0; ir < sizeof radii / sizeof radii[0]; ir++) {
                double lat = ilat, lon = lons[il], r = radii[ir];
                double la0, la1, lo0, lo1;
                qsmap_geod_bbox(lat, lon, r, &la0, &la1, &lo0, &lo1);
                assert_true(la0 < lat && lat < la1 && lo0 < lon && lon < lo1);
                for (double azi = 0; azi < 360; azi += 2.5) {
                    double plat, plon;
                    qsmap_geod_direct(lat, lon, azi, r * (1 - 1e-9), &plat, &plon);
                    /* direct/inverse agree to nanometres; r(1-1e-9) is within r
                     * up to that round-off */
                    double d = qsmap_geod_distance(lat, lon, plat, plon);
                    if (!(d <= r * (1 + 1e-9) + 1e-8))
                        fail_msg("(%g, %g) r=%g azi=%g: direct point at %.12f m", lat, lon,
                                 r, azi, d);
                    if (!(plat >= la0 && plat <= la1 && lon_in(plon, lo0, lo1)))
                        fail_msg("(%g, %g) r=%g azi=%g: point (%.9f, %.9f) at %.6f m is "
                                 "outside lat %.9f..%.9f lon %.9f..%.9f",
                                 lat, lon, r, azi, plat, plon, d, la0, la1, lo0, lo1);
                    checked++;
                }
            }
    assert_true(checked > 100000);
}

/* Near the poles the box widens to every longitude rather than miss points. */
static void test_geod_bbox_near_pole(void **state)
{
    (void)state;
    const double lats[] = {85, 87.9, 88.5, 89.5, 89.99, -88.5, -89.99};
    for (size_t i = 0; i < sizeof lats / sizeof lats[0]; i++)
        for (double r = 1000; r <= 100000; r *= 10) {
            double la0, la1, lo0, lo1;
            qsmap_geod_bbox(lats[i], 45, r, &la0, &la1, &lo0, &lo1);
            for (double azi = 0; azi < 360; azi += 1) {
                double plat, plon;
                qsmap_geod_direct(lats[i], 45, azi, r * (1 - 1e-9), &plat, &plon);
                if (!(plat >= la0 && plat <= la1 && lon_in(plon, lo0, lo1)))
                    fail_msg("(%g, 45) r=%g azi=%g: (%.9f, %.9f) outside", lats[i], r, azi,
                             plat, plon);
            }
        }
}

/* The box is an index filter, not the whole world: its height stays within a
 * few percent of the circle's. */
static void test_geod_bbox_not_oversized(void **state)
{
    (void)state;
    for (int lat = 0; lat <= 60; lat += 10) {
        double la0, la1, lo0, lo1;
        qsmap_geod_bbox(lat, 100, 5000, &la0, &la1, &lo0, &lo1);
        double plat_n, plat_s, plon_e, x;
        qsmap_geod_direct(lat, 100, 0, 5000, &plat_n, &x);
        qsmap_geod_direct(lat, 100, 180, 5000, &plat_s, &x);
        qsmap_geod_direct(lat, 100, 90, 5000, &x, &plon_e);
        assert_true(la1 - la0 < 1.10 * (plat_n - plat_s));
        assert_true(lo1 - lo0 < 1.10 * 2 * (plon_e - 100));
    }
}

/* bbox + grid + exact distance finds exactly the points brute force finds:
 * the way the catchment join uses them. */
static void test_grid_with_bbox_finds_all_within_radius(void **state)
{
    (void)state;
    enum { N = 3000 };
    static double lat[N], lon[N];
    lcg r = {99};
    for (size_t i = 0; i < N; i++)
        lat[i] = lcg_range(&r, 13.5, 14.5), lon[i] = lcg_range(&r, 100.0, 101.0);
    qsmap_grid g;
    assert_int_equal(qsmap_grid_build(&g, lat, lon, NULL, N, 0.05), QSMAP_OK);
    unsigned *hits = calloc(N, sizeof *hits);
    size_t found_total = 0;
    for (int q = 0; q < 60; q++) {
        double clat = lcg_range(&r, 13.5, 14.5), clon = lcg_range(&r, 100, 101);
        double rad = lcg_range(&r, 500, 20000);
        double la0, la1, lo0, lo1;
        qsmap_geod_bbox(clat, clon, rad, &la0, &la1, &lo0, &lo1);
        collect c = {hits, N, 0};
        memset(hits, 0, N * sizeof *hits);
        qsmap_grid_query(&g, la0, la1, lo0, lo1, on_point, &c);
        for (size_t i = 0; i < N; i++) {
            int within = qsmap_geod_distance(clat, clon, lat[i], lon[i]) <= rad;
            if (within && hits[i] != 1)
                fail_msg("point %zu within %g m of (%g, %g) missed", i, rad, clat, clon);
            found_total += (size_t)within;
        }
    }
    assert_true(found_total > 0);
    free(hits);
    qsmap_grid_free(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_matches_brute_force),
        cmocka_unit_test(test_grid_global_points),
        cmocka_unit_test(test_grid_antimeridian),
        cmocka_unit_test(test_grid_boundaries_inclusive),
        cmocka_unit_test(test_grid_duplicates_and_ids),
        cmocka_unit_test(test_grid_empty_and_outside),
        cmocka_unit_test(test_regression_box_wholly_past_antimeridian_not_widened),
        cmocka_unit_test(test_geod_bbox_contains_circle),
        cmocka_unit_test(test_geod_bbox_near_pole),
        cmocka_unit_test(test_geod_bbox_not_oversized),
        cmocka_unit_test(test_grid_with_bbox_finds_all_within_radius),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
