/* grid.c — a uniform latitude/longitude grid over points, stored as
 * compressed rows (offsets + items, like CSR) with coordinates copied in
 * cell order so a query scans contiguous memory. */
#include "catchment/grid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CELLS (1u << 22)

void qsmap_grid_free(qsmap_grid *g)
{
    free(g->start);
    free(g->item);
    free(g->lat);
    free(g->lon);
    memset(g, 0, sizeof *g);
}

static uint32_t clampi(double v, uint32_t n)
{
    if (v < 0)
        return 0;
    if (v >= n)
        return n - 1;
    return (uint32_t)v;
}

qsmap_status qsmap_grid_build(qsmap_grid *g, const double *lat, const double *lon,
                              const uint32_t *ids, size_t n, double cell_deg)
{
    memset(g, 0, sizeof *g);
    double la0 = 90, la1 = -90, lo0 = 180, lo1 = -180;
    for (size_t i = 0; i < n; i++) {
        la0 = fmin(la0, lat[i]), la1 = fmax(la1, lat[i]);
        lo0 = fmin(lo0, lon[i]), lo1 = fmax(lo1, lon[i]);
    }
    if (n == 0)
        la0 = la1 = lo0 = lo1 = 0;
    if (!(cell_deg > 0))
        cell_deg = 0.05;
    /* Never more than MAX_CELLS cells, whatever the spread of the points. */
    while (((la1 - la0) / cell_deg + 1) * ((lo1 - lo0) / cell_deg + 1) > MAX_CELLS)
        cell_deg *= 2;
    g->min_lat = la0, g->min_lon = lo0, g->cell_deg = cell_deg;
    g->rows = (uint32_t)((la1 - la0) / cell_deg) + 1;
    g->cols = (uint32_t)((lo1 - lo0) / cell_deg) + 1;
    size_t cells = (size_t)g->rows * g->cols;
    g->start = calloc(cells + 1, sizeof *g->start);
    g->item = malloc((n ? n : 1) * sizeof *g->item);
    g->lat = malloc((n ? n : 1) * sizeof *g->lat);
    g->lon = malloc((n ? n : 1) * sizeof *g->lon);
    uint32_t *cell = malloc((n ? n : 1) * sizeof *cell);
    if (!g->start || !g->item || !g->lat || !g->lon || !cell) {
        free(cell);
        qsmap_grid_free(g);
        return QSMAP_E_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t r = clampi((lat[i] - la0) / cell_deg, g->rows);
        uint32_t c = clampi((lon[i] - lo0) / cell_deg, g->cols);
        cell[i] = r * g->cols + c;
        g->start[cell[i] + 1]++;
    }
    for (size_t k = 0; k < cells; k++)
        g->start[k + 1] += g->start[k];
    for (size_t i = 0; i < n; i++) {
        uint32_t at = g->start[cell[i]]++;
        g->item[at] = ids ? ids[i] : (uint32_t)i;
        g->lat[at] = lat[i];
        g->lon[at] = lon[i];
    }
    /* The fill advanced each start to the next cell's; shift back. */
    memmove(g->start + 1, g->start, cells * sizeof *g->start);
    g->start[0] = 0;
    free(cell);
    return QSMAP_OK;
}

static void query_span(const qsmap_grid *g, double lat0, double lat1, double lon0,
                       double lon1, void (*fn)(void *, uint32_t), void *ctx)
{
    double r0 = floor((lat0 - g->min_lat) / g->cell_deg);
    double r1 = floor((lat1 - g->min_lat) / g->cell_deg);
    double c0 = floor((lon0 - g->min_lon) / g->cell_deg);
    double c1 = floor((lon1 - g->min_lon) / g->cell_deg);
    if (r1 < 0 || c1 < 0 || r0 >= g->rows || c0 >= g->cols)
        return;
    uint32_t ra = clampi(r0, g->rows), rb = clampi(r1, g->rows);
    uint32_t ca = clampi(c0, g->cols), cb = clampi(c1, g->cols);
    for (uint32_t r = ra; r <= rb; r++) {
        uint32_t a = g->start[r * g->cols + ca], b = g->start[r * g->cols + cb + 1];
        for (uint32_t k = a; k < b; k++)
            if (g->lat[k] >= lat0 && g->lat[k] <= lat1 && g->lon[k] >= lon0 &&
                g->lon[k] <= lon1)
                fn(ctx, g->item[k]);
    }
}

void qsmap_grid_query(const qsmap_grid *g, double lat0, double lat1, double lon0,
                      double lon1, void (*fn)(void *ctx, uint32_t id), void *ctx)
{
    if (!g->start)
        return;
    /* A box across the antimeridian is two boxes (the wrapped part ends where
     * the box does, should the whole box lie past ±180°). */
    if (lon0 < -180) {
        query_span(g, lat0, lat1, lon0 + 360, fmin(lon1 + 360, 180), fn, ctx);
        lon0 = -180;
    }
    if (lon1 > 180) {
        query_span(g, lat0, lat1, fmax(lon0 - 360, -180), lon1 - 360, fn, ctx);
        lon1 = 180;
    }
    query_span(g, lat0, lat1, lon0, lon1, fn, ctx);
}
