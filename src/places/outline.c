/* outline.c — shapes made from the districts' GEOS polygons for drawing: a
 * point to put a district's name on (inside the part of it on the map), and
 * each province's outline as the union of its districts, kept once made. */
#include "places/geos.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int label_point(GEOSContextHandle_t h, const GEOSGeometry *geom, double min_lon,
                       double min_lat, double max_lon, double max_lat, double *lat, double *lon)
{
    GEOSGeometry *clip = GEOSClipByRect_r(h, geom, min_lon, min_lat, max_lon, max_lat);
    if (!clip)
        return 0;
    int ok = 0;
    GEOSGeometry *p = GEOSisEmpty_r(h, clip) ? NULL : GEOSPointOnSurface_r(h, clip);
    double x, y;
    if (p && GEOSGeomGetX_r(h, p, &x) == 1 && GEOSGeomGetY_r(h, p, &y) == 1)
        *lon = x, *lat = y, ok = 1;
    if (p)
        GEOSGeom_destroy_r(h, p);
    GEOSGeom_destroy_r(h, clip);
    return ok;
}

int qsmap_districts_label_point(const qsmap_districts *cd, qsmap_geos *g, size_t i,
                                double min_lon, double min_lat, double max_lon, double max_lat,
                                double *lat, double *lon)
{
    qsmap_districts *d = (qsmap_districts *)cd; /* logically const: see geos_lock */
    pthread_mutex_lock(&d->geos_lock);
    const GEOSGeometry *geom = qsmap_district_geom_locked(d, i, false);
    /* Once built a polygon is only read, so a caller's own context needs
     * the lock no longer; the shared one does. */
    if (g)
        pthread_mutex_unlock(&d->geos_lock);
    int ok = geom ? label_point(g ? g->h : d->polys->h, geom, min_lon, min_lat, max_lon,
                                max_lat, lat, lon)
                  : 0;
    if (!g)
        pthread_mutex_unlock(&d->geos_lock);
    return ok;
}

static qsmap_status append_ring(GEOSContextHandle_t h, const GEOSGeometry *ring, double **xy,
                                uint32_t **off, size_t *nr, size_t *nxy)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n))
        return QSMAP_E_GEOS;
    double *nx = realloc(*xy, (*nxy + n) * 2 * sizeof *nx);
    uint32_t *no = realloc(*off, (*nr + 2) * sizeof *no);
    if (nx)
        *xy = nx;
    if (no)
        *off = no;
    if (!nx || !no)
        return QSMAP_E_NOMEM;
    if (!GEOSCoordSeq_copyToBuffer_r(h, cs, *xy + 2 * *nxy, 0, 0))
        return QSMAP_E_GEOS;
    *nxy += n;
    (*off)[0] = (*nr == 0) ? 0 : (*off)[0];
    (*off)[++*nr] = (uint32_t)*nxy;
    return QSMAP_OK;
}

static qsmap_status union_province(qsmap_districts *d, const char *province_pcode,
                                   double **xy, uint32_t **off, size_t *nrings,
                                   qsmap_error *err)
{
    *xy = NULL, *off = NULL, *nrings = 0;
    GEOSGeometry **parts = malloc(d->n * sizeof *parts);
    if (!parts)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    unsigned np = 0;
    bool built = true;
    for (size_t i = 0; i < d->n && built; i++)
        if (!strcmp(d->v[i].province_pcode, province_pcode)) {
            const GEOSGeometry *g = qsmap_district_geom_locked(d, i, false);
            GEOSGeometry *c = g ? GEOSGeom_clone_r(d->polys->h, g) : NULL;
            if (c)
                parts[np++] = c;
            built = c != NULL;
        }
    /* No context only when no polygon was ever built (no district has this
     * pcode): GEOS answers NULL, and the province is not outlined. */
    GEOSContextHandle_t h = d->polys ? d->polys->h : NULL;
    GEOSGeometry *coll =
        built ? GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, np) : NULL;
    if (!built)
        for (unsigned k = 0; k < np; k++)
            GEOSGeom_destroy_r(h, parts[k]);
    free(parts);
    /* The districts tile the province, so a coverage union is exact and fast;
     * fall back to a full union where the simplified tiles do not match. */
    GEOSGeometry *u = coll ? GEOSCoverageUnion_r(h, coll) : NULL;
    if (coll && !u)
        u = GEOSUnaryUnion_r(h, coll);
    if (coll)
        GEOSGeom_destroy_r(h, coll);
    if (!u)
        return qsmap_error_set(err, QSMAP_E_GEOS, d->path, 0,
                               "cannot outline province %s", province_pcode);
    size_t nxy = 0;
    *off = malloc(sizeof **off);
    qsmap_status st = *off ? QSMAP_OK : QSMAP_E_NOMEM;
    if (*off)
        (*off)[0] = 0;
    int ng = GEOSGetNumGeometries_r(h, u);
    for (int g = 0; g < ng && !st; g++) {
        const GEOSGeometry *poly = GEOSGetGeometryN_r(h, u, g);
        if (GEOSGeomTypeId_r(h, poly) != GEOS_POLYGON)
            continue;
        st = append_ring(h, GEOSGetExteriorRing_r(h, poly), xy, off, nrings, &nxy);
        int nh = GEOSGetNumInteriorRings_r(h, poly);
        for (int k = 0; k < nh && !st; k++)
            st = append_ring(h, GEOSGetInteriorRingN_r(h, poly, k), xy, off, nrings, &nxy);
    }
    GEOSGeom_destroy_r(h, u);
    if (st) {
        free(*xy), free(*off);
        *xy = NULL, *off = NULL, *nrings = 0;
        return qsmap_error_set(err, st, d->path, 0, "cannot outline province %s",
                               province_pcode);
    }
    return QSMAP_OK;
}

/* Outlines are unions of many polygons: computed once per province and kept.
 * Not thread-safe while filling; qsmap_districts_outline_all fills every
 * province before threads start. */
qsmap_status qsmap_districts_province_rings(const qsmap_districts *cd,
                                            const char *province_pcode, const double **xy,
                                            const uint32_t **off, size_t *nrings,
                                            qsmap_error *err)
{
    /* The cache does not change what d describes: logically const. */
    qsmap_districts *d = (qsmap_districts *)cd;
    for (size_t k = 0; k < d->noutlines; k++)
        if (!strcmp(d->outlines[k].pcode, province_pcode)) {
            *xy = d->outlines[k].xy, *off = d->outlines[k].off, *nrings = d->outlines[k].nrings;
            return QSMAP_OK;
        }
    qsmap_province_outline *nv = realloc(d->outlines, (d->noutlines + 1) * sizeof *nv);
    if (!nv)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    d->outlines = nv;
    qsmap_province_outline *o = &d->outlines[d->noutlines];
    memset(o, 0, sizeof *o);
    snprintf(o->pcode, sizeof o->pcode, "%s", province_pcode);
    pthread_mutex_lock(&d->geos_lock);
    qsmap_status st = union_province(d, province_pcode, &o->xy, &o->off, &o->nrings, err);
    pthread_mutex_unlock(&d->geos_lock);
    if (st)
        return st;
    d->noutlines++;
    *xy = o->xy, *off = o->off, *nrings = o->nrings;
    return QSMAP_OK;
}

qsmap_status qsmap_districts_outline_all(const qsmap_districts *d, qsmap_error *err)
{
    for (size_t i = 0; i < d->n; i++) {
        const double *xy;
        const uint32_t *off;
        size_t nr;
        qsmap_status st =
            qsmap_districts_province_rings(d, d->v[i].province_pcode, &xy, &off, &nr, err);
        if (st)
            return st;
    }
    return QSMAP_OK;
}
