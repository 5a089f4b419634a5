/* districts.c — the districts container: what qsmap.h lets a caller read
 * (districts, their names and title, their rings), making and freeing it,
 * and which ring of a district is a shell and which a hole. Reading the
 * shapefile is load/shapefile.c's, point location places/locate.c's, the
 * GEOS polygons places/geos.c's, outlines and labels places/outline.c's. */
#include "base/utf8.h"
#include "places/districts_impl.h"
#include "places/places.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t qsmap_districts_count(const qsmap_districts *d) { return d->n; }

const qsmap_district *qsmap_districts_get(const qsmap_districts *d, size_t i)
{
    return i < d->n ? &d->v[i] : NULL;
}

const char *qsmap_districts_path(const qsmap_districts *d) { return d->path; }

void qsmap_districts_rings(const qsmap_districts *d, const double **xy,
                           const uint32_t **off, size_t *ring_count)
{
    *xy = d->xy;
    *off = d->off;
    *ring_count = d->nrings;
}

qsmap_districts *qsmap_districts_new(const char *shp_path)
{
    qsmap_districts *d = calloc(1, sizeof *d);
    if (d && pthread_mutex_init(&d->geos_lock, NULL) != 0)
        free(d), d = NULL;
    if (d)
        snprintf(d->path, sizeof d->path, "%s", shp_path);
    return d;
}

void qsmap_districts_free(qsmap_districts *d)
{
    if (!d)
        return;
    qsmap_district_polys_free(d->polys, d->n);
    for (size_t i = 0; i < d->noutlines; i++)
        free(d->outlines[i].xy), free(d->outlines[i].off);
    free(d->outlines);
    free(d->cell_start);
    free(d->cell_item);
    for (size_t i = 0; i < d->nstrings; i++)
        free(d->strings[i]);
    free(d->strings);
    pthread_mutex_destroy(&d->geos_lock);
    free(d->off);
    free(d->xy);
    free(d->v);
    free(d);
}

const char *qsmap_district_kind(const qsmap_district *d)
{
    return strcmp(d->province_pcode, "TH10") ? "อำเภอ" : "เขต";
}

const char *qsmap_districts_kind(const qsmap_districts *d, const size_t *sel, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(qsmap_districts_get(d, sel[k])->province_pcode, "TH10"))
            return "อำเภอ";
    return n ? "เขต" : "อำเภอ";
}

void qsmap_district_title(const qsmap_district *d, char *buf, size_t size)
{
    /* cut, if the buffer is short, between characters */
    if (!strcmp(d->province_pcode, "TH10"))
        qsmap_text_printf(buf, size, "เขต%s %s", d->name_th, d->province_th);
    else
        qsmap_text_printf(buf, size, "อำเภอ%s จังหวัด%s", d->name_th, d->province_th);
}

bool qsmap_district_set_box(qsmap_district *d, const double *xy, size_t v0, size_t v1)
{
    d->min_lon = d->max_lon = d->min_lat = d->max_lat = 0;
    for (size_t k = v0; k < v1; k++) {
        double x = xy[2 * k], y = xy[2 * k + 1];
        if (!(fabs(x) <= 180 && fabs(y) <= 90))
            return false;
        if (k == v0)
            d->min_lon = d->max_lon = x, d->min_lat = d->max_lat = y;
        d->min_lon = fmin(d->min_lon, x), d->max_lon = fmax(d->max_lon, x);
        d->min_lat = fmin(d->min_lat, y), d->max_lat = fmax(d->max_lat, y);
    }
    return true;
}

double qsmap_ring_signed_area(const double *xy, size_t n)
{
    double a = 0;
    for (size_t i = 0, j = n - 1; i < n; j = i++)
        a += xy[2 * j] * xy[2 * i + 1] - xy[2 * i] * xy[2 * j + 1];
    return a / 2;
}

/* The plain crossing rule: which shell holds a hole's first vertex. */
static int ring_contains(const double *xy, size_t n, double x, double y)
{
    int in = 0;
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        double xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
        if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
            in = !in;
    }
    return in;
}

/* Shapefiles order a polygon's rings freely: outer rings clockwise, holes
 * counter-clockwise. Each hole goes to the shell that contains it; a "hole"
 * inside no shell is an island, and a file wound the wrong way round (no
 * clockwise ring at all) has only shells. */
size_t qsmap_district_ring_owners(const qsmap_districts *d, size_t i, int *owner)
{
    const qsmap_district *dist = &d->v[i];
    uint32_t r0 = dist->first_ring, nr = dist->ring_count;
    size_t nshell = 0;
    for (uint32_t k = 0; k < nr; k++) {
        const double *xy = d->xy + 2 * d->off[r0 + k];
        size_t n = d->off[r0 + k + 1] - d->off[r0 + k];
        owner[k] = qsmap_ring_signed_area(xy, n) < 0 ? (int)k : -1;
        nshell += owner[k] >= 0;
    }
    if (nshell == 0) {
        for (uint32_t k = 0; k < nr; k++)
            owner[k] = (int)k;
        return nr;
    }
    for (uint32_t k = 0; k < nr; k++) {
        if (owner[k] >= 0)
            continue;
        const double *hxy = d->xy + 2 * d->off[r0 + k];
        for (uint32_t sh = 0; sh < nr && owner[k] < 0; sh++) {
            if (owner[sh] != (int)sh)
                continue;
            const double *sxy = d->xy + 2 * d->off[r0 + sh];
            size_t sn = d->off[r0 + sh + 1] - d->off[r0 + sh];
            if (ring_contains(sxy, sn, hxy[0], hxy[1]))
                owner[k] = (int)sh;
        }
        if (owner[k] < 0)
            owner[k] = (int)k, nshell++;
    }
    return nshell;
}
