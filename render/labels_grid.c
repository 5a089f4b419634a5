/* labels_grid.c — the label placer's bucket grid over the frame: each
 * marker, candidate envelope, placed box and leader line is hinted in the
 * cells its bounding box covers, one list per kind, so that the placer asks
 * only its neighbours. Hints are added as labels are placed and never
 * removed (see the grid in labels_impl.h); a query returns each item once,
 * by a per-item stamp. */
#include "render/labels_impl.h"

#include "base/array.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_CELLS_SIDE = 128 };

static int cell_of(double v, int n)
{
    if (!(v > 0))
        return 0; /* also NaN */
    if (v >= n - 1)
        return n - 1;
    return (int)v;
}

qsmap_status qsmap_lgrid_init(grid *g, qsmap_rect f, double cell, size_t n)
{
    double fw = f.x1 - f.x0, fh = f.y1 - f.y0;
    if (!isfinite(fw) || !isfinite(fh) || fw <= 0 || fh <= 0)
        fw = fh = 1;
    double side = fmax(fw, fh);
    if (!(cell > 0) || !isfinite(cell))
        cell = side;
    cell = fmax(cell, side / MAX_CELLS_SIDE);
    g->ox = isfinite(f.x0) ? f.x0 : 0;
    g->oy = isfinite(f.y0) ? f.y0 : 0;
    g->cs = cell;
    g->nx = (int)(fw / cell) + 1;
    g->ny = (int)(fh / cell) + 1;
    size_t heads = (size_t)g->nx * (size_t)g->ny * K_COUNT;
    g->head = malloc(heads * sizeof *g->head);
    g->nstamp = n * K_COUNT;
    g->stamp = calloc(g->nstamp, sizeof *g->stamp);
    g->res = malloc(n * sizeof *g->res);
    if (!g->head || !g->stamp || !g->res)
        return QSMAP_E_NOMEM;
    for (size_t i = 0; i < heads; i++)
        g->head[i] = -1;
    return QSMAP_OK;
}

void qsmap_lgrid_free(grid *g)
{
    free(g->head);
    free(g->node);
    free(g->stamp);
    free(g->res);
}

static void cell_range(const grid *g, const qsmap_rect *r, int c[4])
{
    c[0] = cell_of((r->x0 - g->ox) / g->cs, g->nx);
    c[1] = cell_of((r->y0 - g->oy) / g->cs, g->ny);
    c[2] = cell_of((r->x1 - g->ox) / g->cs, g->nx);
    c[3] = cell_of((r->y1 - g->oy) / g->cs, g->ny);
}

/* The list head of kind `kind` in cell (x, y): head is [kind][y][x]. */
static size_t cell_index(const grid *g, int kind, int x, int y)
{
    return ((size_t)kind * (size_t)g->ny + (size_t)y) * (size_t)g->nx + (size_t)x;
}

qsmap_status qsmap_lgrid_add(grid *g, size_t idx, int kind, qsmap_rect r)
{
    int c[4];
    cell_range(g, &r, c);
    size_t need = g->nnode + (size_t)(c[2] - c[0] + 1) * (size_t)(c[3] - c[1] + 1);
    if (need > INT32_MAX)
        return QSMAP_E_NOMEM;
    if (qsmap_array_reserve((void **)&g->node, &g->cap, need, sizeof *g->node, 256))
        return QSMAP_E_NOMEM;
    for (int y = c[1]; y <= c[3]; y++)
        for (int x = c[0]; x <= c[2]; x++) {
            size_t cell = cell_index(g, kind, x, y);
            g->node[g->nnode].item = (uint32_t)(idx * K_COUNT + (size_t)kind);
            g->node[g->nnode].next = g->head[cell];
            g->head[cell] = (int32_t)g->nnode++;
        }
    return QSMAP_OK;
}

/* Fill g->res with the distinct indices of items of `kind` hinted near r. */
void qsmap_lgrid_query(grid *g, const qsmap_rect *r, int kind)
{
    int c[4];
    cell_range(g, r, c);
    if (++g->tick == 0) {
        /* wrapped: forget every old stamp rather than confuse it with a new one */
        g->tick = 1;
        memset(g->stamp, 0, g->nstamp * sizeof *g->stamp);
    }
    g->nres = 0;
    for (int y = c[1]; y <= c[3]; y++)
        for (int x = c[0]; x <= c[2]; x++)
            for (int32_t k = g->head[cell_index(g, kind, x, y)]; k >= 0; k = g->node[k].next) {
                uint32_t it = g->node[k].item;
                if (g->stamp[it] == g->tick)
                    continue;
                g->stamp[it] = g->tick;
                g->res[g->nres++] = it / K_COUNT;
            }
}

/* Is some item of `kind` near r, other than label `self`'s, in the way?
 * Stops at the first; a hint met twice is merely tested twice. */
int qsmap_lgrid_any(const placer *P, const qsmap_rect *r, int kind, size_t self,
                    int (*hit)(const placer *, size_t, const void *), const void *shape)
{
    const grid *g = &P->g;
    int c[4];
    cell_range(g, r, c);
    for (int y = c[1]; y <= c[3]; y++)
        for (int x = c[0]; x <= c[2]; x++)
            for (int32_t k = g->head[cell_index(g, kind, x, y)]; k >= 0; k = g->node[k].next) {
                size_t j = g->node[k].item / K_COUNT;
                if ((kind == K_MARKER || j != self) && hit(P, j, shape))
                    return 1;
            }
    return 0;
}
