/* geos.c — the GEOS side of the districts: each district's rings made into
 * a GEOS (multi)polygon, shells with their holes, the first time one is
 * needed and under the districts' lock, since one shared context serves
 * every caller; and the per-thread contexts callers may bring instead.
 * GEOS is kept quiet: qsmap words its own errors. */
#include "places/geos.h"
#include "places/places.h"

#include <stdlib.h>

static void geos_quiet(const char *fmt, ...)
{
    (void)fmt;
}

static GEOSGeometry *make_ring(GEOSContextHandle_t g, const double *xy, size_t n)
{
    GEOSCoordSequence *cs = GEOSCoordSeq_copyFromBuffer_r(g, xy, (unsigned)n, 0, 0);
    return cs ? GEOSGeom_createLinearRing_r(g, cs) : NULL;
}

static GEOSGeometry *build_geometry(qsmap_districts *d, size_t di)
{
    GEOSContextHandle_t g = d->polys->h;
    const qsmap_district *dist = &d->v[di];
    uint32_t r0 = dist->first_ring, nr = dist->ring_count;
    if (nr == 0)
        return GEOSGeom_createEmptyPolygon_r(g);
    int *owner = calloc(nr, sizeof *owner);
    GEOSGeometry **polys = calloc(nr, sizeof *polys);
    GEOSGeometry **holes = calloc(nr, sizeof *holes);
    GEOSGeometry *result = NULL;
    size_t np = 0;
    if (!owner || !polys || !holes)
        goto done;
    qsmap_district_ring_owners(d, di, owner);
    for (uint32_t sh = 0; sh < nr; sh++) {
        if (owner[sh] != (int)sh)
            continue;
        size_t nh = 0;
        int ok = 1;
        for (uint32_t k = 0; k < nr; k++) {
            if (k == sh || owner[k] != (int)sh)
                continue;
            holes[nh] = make_ring(g, d->xy + 2 * d->off[r0 + k],
                                  d->off[r0 + k + 1] - d->off[r0 + k]);
            if (!holes[nh])
                ok = 0;
            else
                nh++;
        }
        GEOSGeometry *shell =
            make_ring(g, d->xy + 2 * d->off[r0 + sh], d->off[r0 + sh + 1] - d->off[r0 + sh]);
        if (!shell || !ok) {
            for (size_t h = 0; h < nh; h++)
                GEOSGeom_destroy_r(g, holes[h]);
            if (shell)
                GEOSGeom_destroy_r(g, shell);
            goto done;
        }
        polys[np] = GEOSGeom_createPolygon_r(g, shell, holes, (unsigned)nh);
        if (!polys[np])
            goto done;
        np++;
    }
    result = np == 1 ? polys[0]
                     : GEOSGeom_createCollection_r(g, GEOS_MULTIPOLYGON, polys, (unsigned)np);
done:
    if (!result)
        for (size_t k = 0; k < np; k++)
            GEOSGeom_destroy_r(g, polys[k]);
    free(owner);
    free(polys);
    free(holes);
    return result;
}

/* GEOS accepts every ring build_geometry gives it: the shapefile reader
 * keeps closed rings of 4 or more vertices only. */
const GEOSGeometry *qsmap_district_geom_locked(qsmap_districts *d, size_t i, bool prepared)
{
    if (!d->polys && !(d->polys = calloc(1, sizeof *d->polys)))
        return NULL;
    qsmap_district_polys *p = d->polys;
    if (!p->h) {
        if (!(p->h = GEOS_init_r()))
            return NULL;
        GEOSContext_setErrorHandler_r(p->h, geos_quiet);
        GEOSContext_setNoticeHandler_r(p->h, geos_quiet);
    }
    if (!p->geom) {
        p->geom = calloc(d->n, sizeof *p->geom);
        p->prep = calloc(d->n, sizeof *p->prep);
        if (!p->geom || !p->prep) {
            free(p->geom), free(p->prep);
            p->geom = NULL, p->prep = NULL;
            return NULL;
        }
    }
    if (!p->geom[i] && !(p->geom[i] = build_geometry(d, i)))
        return NULL;
    if (prepared && !p->prep[i] && !(p->prep[i] = GEOSPrepare_r(p->h, p->geom[i])))
        return NULL;
    return p->geom[i];
}

void qsmap_district_polys_free(qsmap_district_polys *p, size_t n)
{
    if (!p)
        return;
    for (size_t i = 0; i < n; i++) {
        if (p->prep && p->prep[i])
            GEOSPreparedGeom_destroy_r(p->h, p->prep[i]);
        if (p->geom && p->geom[i])
            GEOSGeom_destroy_r(p->h, p->geom[i]);
    }
    if (p->h)
        GEOS_finish_r(p->h);
    free(p->prep);
    free(p->geom);
    free(p);
}

qsmap_geos *qsmap_geos_new(void)
{
    qsmap_geos *g = calloc(1, sizeof *g);
    if (g && !(g->h = GEOS_init_r())) {
        free(g);
        return NULL;
    }
    if (g) {
        GEOSContext_setErrorHandler_r(g->h, geos_quiet);
        GEOSContext_setNoticeHandler_r(g->h, geos_quiet);
    }
    return g;
}

void qsmap_geos_free(qsmap_geos *g)
{
    if (!g)
        return;
    GEOS_finish_r(g->h);
    free(g);
}
