/* locate.c — which district covers a point, boundary included. A coarse
 * lon/lat grid over the districts' boxes names the few candidates; the
 * crossing rule over a candidate's vertices answers away from its edges,
 * and GEOS's prepared polygon (places/geos.c) only next to them, where
 * rounding could tell inside from boundary wrongly. */
#include "places/geos.h"
#include "places/places.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Point in district i by the crossing rule over all its rings (what GEOS's
 * IndexedPointInAreaLocator counts): 1 inside, 0 outside, or -1 when the
 * point lies within NEAR_DEG of an edge, where only an exact test can tell
 * inside from boundary. Away from the edges the one rounded value, the
 * edge's x at the point's y, is off by ~1e-13 degrees at most, so the
 * answer is exact; without building an index per polygon it costs a pass
 * over the vertices. */
#define NEAR_DEG 1e-9

static int crossing_parity(const qsmap_districts *d, size_t i, double x, double y)
{
    const qsmap_district *t = &d->v[i];
    int in = 0;
    for (uint32_t r = t->first_ring; r < t->first_ring + t->ring_count; r++) {
        const double *xy = d->xy + 2 * d->off[r];
        size_t n = d->off[r + 1] - d->off[r];
        for (size_t a = 0, b = n - 1; a < n; b = a++) {
            double xa = xy[2 * a], ya = xy[2 * a + 1], xb = xy[2 * b], yb = xy[2 * b + 1];
            if ((y < ya && y < yb) || (y > ya && y > yb))
                continue;
            if (ya == yb) { /* horizontal edge on the point's line */
                if (x >= fmin(xa, xb) - NEAR_DEG && x <= fmax(xa, xb) + NEAR_DEG)
                    return -1;
                continue;
            }
            double xc = xa + (xb - xa) * ((y - ya) / (yb - ya));
            if (fabs(x - xc) <= NEAR_DEG)
                return -1;
            if ((ya > y) != (yb > y) && x < xc)
                in = !in;
        }
    }
    return in;
}

int qsmap_districts_covers(const qsmap_districts *d, size_t i, double lat, double lon)
{
    const qsmap_district *t = &d->v[i];
    if (lon < t->min_lon || lon > t->max_lon || lat < t->min_lat || lat > t->max_lat)
        return 0;
    int in = crossing_parity(d, i, lon, lat);
    /* on or next to the boundary: GEOS decides, boundary included */
    return in >= 0 ? in : qsmap_districts_covers_geos(d, i, lat, lon);
}

int qsmap_districts_covers_geos(const qsmap_districts *cd, size_t i, double lat, double lon)
{
    qsmap_districts *d = (qsmap_districts *)cd; /* logically const: see geos_lock */
    char r = 0;
    pthread_mutex_lock(&d->geos_lock);
    GEOSGeometry *pt = qsmap_district_geom_locked(d, i, true)
                           ? GEOSGeom_createPointFromXY_r(d->polys->h, lon, lat)
                           : NULL;
    if (pt) {
        r = GEOSPreparedIntersects_r(d->polys->h, d->polys->prep[i], pt);
        GEOSGeom_destroy_r(d->polys->h, pt);
    }
    pthread_mutex_unlock(&d->geos_lock);
    return r == 1;
}

#define MAX_BOX_CELLS (1u << 20)

static void cell_range(const qsmap_districts *d, double lon0, double lat0, double lon1,
                       double lat1, uint32_t r[4])
{
    double c0 = floor((lon0 - d->cell_min_lon) / d->cell_deg);
    double c1 = floor((lon1 - d->cell_min_lon) / d->cell_deg);
    double r0 = floor((lat0 - d->cell_min_lat) / d->cell_deg);
    double r1 = floor((lat1 - d->cell_min_lat) / d->cell_deg);
    r[0] = (uint32_t)fmax(0, fmin(c0, d->cell_cols - 1));
    r[1] = (uint32_t)fmax(0, fmin(c1, d->cell_cols - 1));
    r[2] = (uint32_t)fmax(0, fmin(r0, d->cell_rows - 1));
    r[3] = (uint32_t)fmax(0, fmin(r1, d->cell_rows - 1));
}

qsmap_status qsmap_districts_build_cells(qsmap_districts *d, qsmap_error *err)
{
    double b[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (size_t i = 0; i < d->n; i++) {
        if (d->v[i].ring_count == 0)
            continue;
        b[0] = fmin(b[0], d->v[i].min_lon), b[1] = fmin(b[1], d->v[i].min_lat);
        b[2] = fmax(b[2], d->v[i].max_lon), b[3] = fmax(b[3], d->v[i].max_lat);
    }
    if (!isfinite(b[0]))
        b[0] = b[1] = b[2] = b[3] = 0;
    d->cell_deg = 0.1;
    while (((b[2] - b[0]) / d->cell_deg + 1) * ((b[3] - b[1]) / d->cell_deg + 1) > MAX_BOX_CELLS)
        d->cell_deg *= 2;
    d->cell_min_lon = b[0], d->cell_min_lat = b[1];
    d->cell_cols = (uint32_t)((b[2] - b[0]) / d->cell_deg) + 1;
    d->cell_rows = (uint32_t)((b[3] - b[1]) / d->cell_deg) + 1;
    size_t cells = (size_t)d->cell_cols * d->cell_rows, total = 0;
    d->cell_start = calloc(cells + 1, sizeof *d->cell_start);
    if (!d->cell_start)
        return qsmap_error_set(err, QSMAP_E_NOMEM, d->path, 0, "out of memory");
    /* two passes: count, then fill (file order within each cell) */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < d->n; i++) {
            const qsmap_district *t = &d->v[i];
            if (t->ring_count == 0)
                continue;
            uint32_t r[4];
            cell_range(d, t->min_lon, t->min_lat, t->max_lon, t->max_lat, r);
            for (uint32_t y = r[2]; y <= r[3]; y++)
                for (uint32_t x = r[0]; x <= r[1]; x++) {
                    size_t c = (size_t)y * d->cell_cols + x;
                    if (pass == 0)
                        d->cell_start[c + 1]++;
                    else
                        d->cell_item[d->cell_start[c]++] = (uint32_t)i;
                }
        }
        if (pass == 0) {
            for (size_t c = 0; c < cells; c++)
                d->cell_start[c + 1] += d->cell_start[c];
            total = d->cell_start[cells];
            d->cell_item = malloc((total ? total : 1) * sizeof *d->cell_item);
            if (!d->cell_item)
                return qsmap_error_set(err, QSMAP_E_NOMEM, d->path, 0, "out of memory");
        } else {
            memmove(d->cell_start + 1, d->cell_start, cells * sizeof *d->cell_start);
            d->cell_start[0] = 0;
        }
    }
    return QSMAP_OK;
}

long qsmap_districts_locate(const qsmap_districts *d, double lat, double lon)
{
    if (lon < d->cell_min_lon || lat < d->cell_min_lat ||
        lon > d->cell_min_lon + d->cell_cols * d->cell_deg ||
        lat > d->cell_min_lat + d->cell_rows * d->cell_deg)
        return -1;
    uint32_t r[4];
    cell_range(d, lon, lat, lon, lat, r);
    size_t c = (size_t)r[2] * d->cell_cols + r[0];
    /* items of a cell are in file order: the first that covers wins */
    for (uint32_t k = d->cell_start[c]; k < d->cell_start[c + 1]; k++)
        if (qsmap_districts_covers(d, d->cell_item[k], lat, lon))
            return (long)d->cell_item[k];
    return -1;
}
