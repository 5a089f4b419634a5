/* nearest.c — overlaps and nearest assignment: for a school, how many
 * quality schools (of all loaded, any district) lie within the radius, and
 * which quality school is nearest by geodesic distance on WGS84. Ties within
 * 1 mm go to the smaller school_id, so the answer never depends on order. */
#include "catchment/nearest.h"

#include "base/array.h"
#include "catchment/geodesic.h"
#include "catchment/grid.h"

#include <geodesic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TIE_M QSMAP_TIE_M
#define CELL_DEG 0.05
/* A degree of latitude is never under 110574 m; of longitude at latitude φ
 * never under a·cos φ·π/180. 0.98 leaves room for the gap between geodesic
 * and rhumb distances over a few cells. */
#define MIN_M_PER_DEG_LAT 110574.0
#define SAFETY 0.98
#define DEG (3.14159265358979323846 / 180.0)

struct qsmap_nearest {
    const qsmap_schools *s;
    qsmap_grid grid;
    struct geod_geodesic g;
    size_t nquality;
};

qsmap_status qsmap_nearest_new(const qsmap_schools *s, qsmap_nearest **out, qsmap_error *err)
{
    *out = NULL;
    qsmap_nearest *n = calloc(1, sizeof *n);
    double *lat = malloc((s->n ? s->n : 1) * sizeof *lat);
    double *lon = malloc((s->n ? s->n : 1) * sizeof *lon);
    uint32_t *ids = malloc((s->n ? s->n : 1) * sizeof *ids);
    qsmap_status st = (!n || !lat || !lon || !ids) ? QSMAP_E_NOMEM : QSMAP_OK;
    size_t k = 0;
    if (!st) {
        for (size_t i = 0; i < s->n; i++)
            if (s->v[i].role == QSMAP_ROLE_QUALITY)
                lat[k] = s->v[i].lat, lon[k] = s->v[i].lon, ids[k++] = (uint32_t)i;
        st = qsmap_grid_build(&n->grid, lat, lon, ids, k, CELL_DEG);
    }
    free(lat), free(lon), free(ids);
    if (st) {
        free(n);
        return qsmap_error_set(err, st, NULL, 0, "out of memory");
    }
    n->s = s;
    n->nquality = k;
    qsmap_geod_wgs84(&n->g);
    *out = n;
    return QSMAP_OK;
}

void qsmap_nearest_free(qsmap_nearest *n)
{
    if (!n)
        return;
    qsmap_grid_free(&n->grid);
    free(n);
}

typedef struct {
    const qsmap_nearest *n;
    double lat, lon, radius;
    uint32_t count;
    uint32_t best;
    double best_m;
} visit_ctx;

static void consider(visit_ctx *c, uint32_t q)
{
    const qsmap_school *t = &c->n->s->v[q];
    double d;
    geod_inverse(&c->n->g, c->lat, c->lon, t->lat, t->lon, &d, NULL, NULL);
    if (c->best == QSMAP_NO_SCHOOL || d < c->best_m - TIE_M ||
        (fabs(d - c->best_m) <= TIE_M && strcmp(t->id, c->n->s->v[c->best].id) < 0)) {
        c->best = q;
        c->best_m = d;
    }
}

static void count_within(void *p, uint32_t q)
{
    visit_ctx *c = p;
    const qsmap_school *t = &c->n->s->v[q];
    double d;
    geod_inverse(&c->n->g, c->lat, c->lon, t->lat, t->lon, &d, NULL, NULL);
    if (d <= c->radius)
        c->count++;
}


uint32_t qsmap_nearest_count(const qsmap_nearest *n, double lat, double lon, double radius_m)
{
    visit_ctx c = {.n = n, .lat = lat, .lon = lon, .radius = radius_m};
    double la0, la1, lo0, lo1;
    qsmap_geod_bbox(lat, lon, radius_m, &la0, &la1, &lo0, &lo1);
    qsmap_grid_query(&n->grid, la0, la1, lo0, lo1, count_within, &c);
    return c.count;
}

typedef struct {
    uint32_t q;
    double approx;
} candidate;

typedef struct {
    candidate *v;
    size_t n, cap;
    double lat, lon;
    const qsmap_schools *s;
    int oom;
} ring_ctx;

static void collect(void *p, uint32_t q)
{
    ring_ctx *c = p;
    if (qsmap_array_reserve((void **)&c->v, &c->cap, c->n + 1, sizeof *c->v, 64) != 0) {
        c->oom = 1;
        return;
    }
    const qsmap_school *t = &c->s->v[q];
    c->v[c->n++] = (candidate){q, qsmap_geod_approx_m(c->lat, c->lon, t->lat, t->lon)};
}

static int by_approx(const void *a, const void *b)
{
    double x = ((const candidate *)a)->approx, y = ((const candidate *)b)->approx;
    return (x > y) - (x < y);
}

/* Search rings of cells around the point, nearest ring first, until no
 * unsearched cell can hold anything nearer than the best found: a cell k
 * rings out is at least (k-1) cells away. Within a ring, candidates go in
 * order of their approximate distance, and those clearly farther than the
 * best so far are skipped before any geodesic is computed. */
uint32_t qsmap_nearest_quality(const qsmap_nearest *n, double lat, double lon, double *dist_m)
{
    visit_ctx c = {.n = n, .lat = lat, .lon = lon, .best = QSMAP_NO_SCHOOL, .best_m = INFINITY};
    ring_ctx rc = {.lat = lat, .lon = lon, .s = n->s};
    const double cell = n->grid.cell_deg;
    for (int k = 0;; k++) {
        double in = (k - 1) * cell + cell / 2, out = k * cell + cell / 2;
        rc.n = 0;
        if (k == 0) {
            qsmap_grid_query(&n->grid, lat - out, lat + out, lon - out, lon + out, collect, &rc);
        } else {
            qsmap_grid_query(&n->grid, lat - out, lat - in, lon - out, lon + out, collect, &rc);
            qsmap_grid_query(&n->grid, lat + in, lat + out, lon - out, lon + out, collect, &rc);
            qsmap_grid_query(&n->grid, lat - in, lat + in, lon - out, lon - in, collect, &rc);
            qsmap_grid_query(&n->grid, lat - in, lat + in, lon + in, lon + out, collect, &rc);
        }
        if (rc.n > 1)
            qsort(rc.v, rc.n, sizeof *rc.v, by_approx);
        for (size_t i = 0; i < rc.n; i++) {
            if (c.best != QSMAP_NO_SCHOOL &&
                qsmap_geod_lower_bound_m(rc.v[i].approx) > c.best_m + TIE_M)
                break; /* sorted: the rest are farther still */
            consider(&c, rc.v[i].q);
        }
        /* Everything not yet searched lies beyond `out` degrees of the point
         * in latitude or longitude. */
        double far_lat = fmin(fabs(lat) + out, 90.0);
        double lon_m = far_lat >= 89.9 ? 0 : 6378137.0 * cos(far_lat * DEG) * DEG;
        double bound = out * fmin(MIN_M_PER_DEG_LAT, lon_m) * SAFETY;
        if (c.best != QSMAP_NO_SCHOOL && c.best_m + TIE_M < bound)
            break;
        if (out >= 360 || rc.oom)
            break;
    }
    free(rc.v);
    if (dist_m)
        *dist_m = c.best != QSMAP_NO_SCHOOL ? c.best_m : NAN;
    return c.best;
}
