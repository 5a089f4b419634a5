/* catchment.c — the join: for each quality school, every network school
 * within the radius by geodesic distance on WGS84. Candidates come from a
 * grid over the network schools; geod_inverse decides. */
#define _GNU_SOURCE /* qsort_r */
#include "internal.h"

#include <geodesic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const qsmap_schools *s;
    const struct geod_geodesic *g;
    uint32_t quality;
    double radius;
    qsmap_pair *v;
    size_t n, cap;
    int oom;
} join_ctx;

static void push(join_ctx *c, uint32_t network, double distance_m)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        qsmap_pair *nv = realloc(c->v, cap * sizeof *nv);
        if (!nv) {
            c->oom = 1;
            return;
        }
        c->v = nv, c->cap = cap;
    }
    c->v[c->n++] = (qsmap_pair){c->quality, network, distance_m};
}

static void visit(void *p, uint32_t id)
{
    join_ctx *c = p;
    const qsmap_school *q = &c->s->v[c->quality], *t = &c->s->v[id];
    double s12;
    geod_inverse(c->g, q->lat, q->lon, t->lat, t->lon, &s12, NULL, NULL);
    if (s12 <= c->radius) /* inclusive, as ST_DWithin */
        push(c, id, s12);
}

static int by_distance(const void *a, const void *b, void *arg)
{
    const qsmap_schools *s = arg;
    const qsmap_pair *x = a, *y = b;
    if (x->distance_m != y->distance_m)
        return x->distance_m < y->distance_m ? -1 : 1;
    return strcmp(s->v[x->network].id, s->v[y->network].id);
}

void qsmap_catchment_free(qsmap_catchment *c)
{
    if (!c)
        return;
    free(c->v);
    free(c);
}

qsmap_status qsmap_catchment_new(const qsmap_schools *s, const uint32_t *quality,
                                 size_t nquality, double radius_m, qsmap_catchment **out,
                                 qsmap_error *err)
{
    *out = NULL;
    size_t nnet = 0;
    for (size_t i = 0; i < s->n; i++)
        nnet += s->v[i].role == QSMAP_ROLE_NETWORK;
    double *lat = malloc((nnet ? nnet : 1) * sizeof *lat);
    double *lon = malloc((nnet ? nnet : 1) * sizeof *lon);
    uint32_t *ids = malloc((nnet ? nnet : 1) * sizeof *ids);
    qsmap_catchment *c = calloc(1, sizeof *c);
    if (!lat || !lon || !ids || !c) {
        free(lat), free(lon), free(ids), free(c);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].role == QSMAP_ROLE_NETWORK)
            lat[k] = s->v[i].lat, lon[k] = s->v[i].lon, ids[k++] = (uint32_t)i;
    qsmap_grid grid;
    /* Cells about one radius across: a query touches ~9 cells. */
    qsmap_status st = qsmap_grid_build(&grid, lat, lon, ids, nnet,
                                       fmax(radius_m / 110574.0, 0.001));
    free(lat), free(lon), free(ids);
    if (st) {
        free(c);
        return qsmap_error_set(err, st, NULL, 0, "out of memory");
    }
    struct geod_geodesic g;
    qsmap_geod_wgs84(&g);
    join_ctx ctx = {.s = s, .g = &g, .radius = radius_m};
    for (size_t i = 0; i < nquality && !ctx.oom; i++) {
        const qsmap_school *q = &s->v[quality[i]];
        size_t first = ctx.n;
        ctx.quality = quality[i];
        double la0, la1, lo0, lo1;
        qsmap_geod_bbox(q->lat, q->lon, radius_m, &la0, &la1, &lo0, &lo1);
        qsmap_grid_query(&grid, la0, la1, lo0, lo1, visit, &ctx);
        if (ctx.n == first) /* a row even with no network school in reach */
            push(&ctx, QSMAP_NO_SCHOOL, NAN);
        else
            qsort_r(ctx.v + first, ctx.n - first, sizeof *ctx.v, by_distance, (void *)s);
    }
    qsmap_grid_free(&grid);
    if (ctx.oom) {
        free(ctx.v);
        free(c);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    c->v = ctx.v;
    c->n = ctx.n;
    c->radius_m = radius_m;
    *out = c;
    return QSMAP_OK;
}
