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

enum { MAX_CELLS_SIDE = 128, LINE_CELLS = 4 /* line grid cells per label grid cell, a side */ };

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

/* ---- the line grid: boundary and ring segments, fixed for the run ------- */

static void sgrid_range(const sgrid *g, const qsmap_rect *r, int c[4])
{
    c[0] = cell_of((r->x0 - g->ox) / g->cs, g->nx);
    c[1] = cell_of((r->y0 - g->oy) / g->cs, g->ny);
    c[2] = cell_of((r->x1 - g->ox) / g->cs, g->nx);
    c[3] = cell_of((r->y1 - g->oy) / g->cs, g->ny);
}

/* Segment k of line l (the closing one of a closed line wraps round). */
static seg_t line_seg(const qsmap_label_line *l, size_t k)
{
    size_t j = k + 1 < l->n ? k + 1 : 0;
    seg_t s = {l->xy[2 * k], l->xy[2 * k + 1], l->xy[2 * j], l->xy[2 * j + 1]};
    return s;
}

/* Each segment of a costly line that meets the frame, once per cell its
 * bounding box covers: counted first, then filled (the cells' lists lie
 * end to end in one array). */
static size_t sgrid_pass(sgrid *g, const qsmap_label_line *lines, size_t nlines,
                         const qsmap_rect *frame, uint32_t *fill)
{
    size_t total = 0;
    for (size_t l = 0; l < nlines; l++) {
        size_t nseg = lines[l].closed ? lines[l].n : lines[l].n - 1;
        for (size_t k = 0; lines[l].n >= 2 && lines[l].cost > 0 && k < nseg; k++) {
            seg_t s = line_seg(&lines[l], k);
            qsmap_rect b = seg_bbox(&s);
            if (!(b.x1 >= frame->x0 && b.x0 <= frame->x1 && b.y1 >= frame->y0 &&
                  b.y0 <= frame->y1))
                continue; /* NaN too */
            if (fill) {
                g->s[g->ns] = s;
                g->line[g->ns] = (uint32_t)l;
            }
            int c[4];
            sgrid_range(g, &b, c);
            for (int y = c[1]; y <= c[3]; y++)
                for (int x = c[0]; x <= c[2]; x++) {
                    size_t cell = (size_t)y * (size_t)g->nx + (size_t)x;
                    if (fill)
                        g->seg[--fill[cell]] = (uint32_t)g->ns;
                    else
                        g->start[cell + 1]++;
                    total++;
                }
            g->ns += fill != NULL;
        }
    }
    return total;
}

qsmap_status qsmap_sgrid_init(sgrid *g, const grid *cells, const qsmap_rect *frame,
                              const qsmap_label_line *lines, size_t nlines)
{
    memset(g, 0, sizeof *g);
    /* Finer than the label grid: boundaries wind, and a cell as big as a
     * label would hold dozens of segments that a box merely near them tests. */
    g->ox = cells->ox, g->oy = cells->oy, g->cs = cells->cs / LINE_CELLS;
    g->nx = cells->nx * LINE_CELLS, g->ny = cells->ny * LINE_CELLS;
    g->lines = lines;
    size_t ncell = (size_t)g->nx * (size_t)g->ny;
    g->start = calloc(ncell + 1, sizeof *g->start);
    if (!g->start)
        return QSMAP_E_NOMEM;
    if (nlines == 0)
        return QSMAP_OK;
    size_t total = sgrid_pass(g, lines, nlines, frame, NULL), nseg = 0;
    for (size_t l = 0; l < nlines; l++)
        nseg += lines[l].n;
    if (total > UINT32_MAX || nseg > UINT32_MAX)
        return QSMAP_E_NOMEM;
    for (size_t c = 0; c < ncell; c++)
        g->start[c + 1] += g->start[c];
    uint32_t *fill = malloc(ncell * sizeof *fill);
    g->seg = malloc((total ? total : 1) * sizeof *g->seg);
    g->s = malloc((nseg ? nseg : 1) * sizeof *g->s);
    g->line = malloc((nseg ? nseg : 1) * sizeof *g->line);
    if (!fill || !g->seg || !g->s || !g->line) {
        free(fill);
        return QSMAP_E_NOMEM;
    }
    for (size_t c = 0; c < ncell; c++)
        fill[c] = g->start[c + 1];
    sgrid_pass(g, lines, nlines, frame, fill);
    free(fill);
    return QSMAP_OK;
}

void qsmap_sgrid_free(sgrid *g)
{
    free(g->start);
    free(g->seg);
    free(g->s);
    free(g->line);
}

double qsmap_sgrid_cost(const sgrid *g, const qsmap_rect *b)
{
    enum { SEEN_MAX = 16 };
    uint32_t seen[SEEN_MAX];
    size_t nseen = 0;
    double cost = 0;
    int c[4];
    if (g->ns == 0)
        return 0;
    sgrid_range(g, b, c);
    for (int y = c[1]; y <= c[3]; y++)
        for (int x = c[0]; x <= c[2]; x++) {
            size_t cell = (size_t)y * (size_t)g->nx + (size_t)x;
            for (uint32_t k = g->start[cell]; k < g->start[cell + 1]; k++) {
                uint32_t s = g->seg[k], l = g->line[s];
                size_t m = 0;
                while (m < nseen && seen[m] != l)
                    m++;
                if (m < nseen || !seg_hits_rect(&g->s[s], b))
                    continue;
                /* past SEEN_MAX lines, a line may count twice: dearer, still a cost */
                if (nseen < SEEN_MAX)
                    seen[nseen++] = l;
                cost += g->lines[l].cost;
            }
        }
    return cost;
}
