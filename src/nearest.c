/* nearest.c — overlaps and nearest assignment: for a school, how many
 * quality schools (of all loaded, any district) lie within the radius, and
 * which quality school is nearest by geodesic distance on WGS84. Ties within
 * 1 mm go to the smaller school_id, so the answer never depends on order. */
#include "internal.h"

#include <geodesic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TIE_M 1e-3
#define CELL_DEG 0.1
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

static void nearest_visit(void *p, uint32_t q) { consider(p, q); }

uint32_t qsmap_nearest_count(const qsmap_nearest *n, double lat, double lon, double radius_m)
{
    visit_ctx c = {.n = n, .lat = lat, .lon = lon, .radius = radius_m};
    double la0, la1, lo0, lo1;
    qsmap_geod_bbox(lat, lon, radius_m, &la0, &la1, &lo0, &lo1);
    qsmap_grid_query(&n->grid, la0, la1, lo0, lo1, count_within, &c);
    return c.count;
}

/* Search boxes growing by one cell each way until no unsearched point can
 * be nearer than the best found: every point outside a box of half-size h
 * degrees is at least h·(metres per degree) away. */
uint32_t qsmap_nearest_quality(const qsmap_nearest *n, double lat, double lon, double *dist_m)
{
    visit_ctx c = {.n = n, .lat = lat, .lon = lon, .best = QSMAP_NO_SCHOOL};
    if (n->nquality == 0) {
        if (dist_m)
            *dist_m = NAN;
        return QSMAP_NO_SCHOOL;
    }
    double searched = -1; /* half-size of the box already searched, degrees */
    for (double h = CELL_DEG;; h *= 2) {
        double la0 = lat - h, la1 = lat + h, lo0 = lon - h, lo1 = lon + h;
        if (searched < 0) {
            qsmap_grid_query(&n->grid, la0, la1, lo0, lo1, nearest_visit, &c);
        } else {
            /* the ring between the old box and the new one, as four boxes */
            double s = searched;
            qsmap_grid_query(&n->grid, la0, lat - s, lo0, lo1, nearest_visit, &c);
            qsmap_grid_query(&n->grid, lat + s, la1, lo0, lo1, nearest_visit, &c);
            qsmap_grid_query(&n->grid, lat - s, lat + s, lo0, lon - s, nearest_visit, &c);
            qsmap_grid_query(&n->grid, lat - s, lat + s, lon + s, lo1, nearest_visit, &c);
        }
        searched = h;
        double far_lat = fmin(fabs(lat) + h, 90.0);
        double lon_m = far_lat >= 89.9 ? 0 : 6378137.0 * cos(far_lat * DEG) * DEG;
        double bound = h * fmin(MIN_M_PER_DEG_LAT, lon_m) * SAFETY;
        if (c.best != QSMAP_NO_SCHOOL && c.best_m + TIE_M < bound)
            break;
        if (h >= 360) /* the whole globe has been searched */
            break;
    }
    if (dist_m)
        *dist_m = c.best_m;
    return c.best;
}
