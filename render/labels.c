/* labels.c — label placement for the map page, after QGIS PAL: eight
 * candidate positions around each marker, a greedy conflict-aware choice
 * (priority first, then the most constrained label), leader lines and then
 * numbers for labels that find no room, and a repair pass that moves one
 * neighbour aside to win a label its marker position back. Deterministic:
 * every choice is by cost, ties broken by candidate rank and request index.
 * A bucket grid over the frame keeps the neighbour queries local.
 *
 * qsmap_label_pos.candidate: 0-7 by the marker (upper right, upper left,
 * lower right, lower left, right, left, top, bottom), also for numbers;
 * 8 + ring * 16 + direction for a leader (see leader_box). */
#include "render/render.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { NPOS = 8, NRING = 3, NDIR = 16, REPAIR_PASSES = 4, MAX_CELLS_SIDE = 128 };

#define GAP 1.5 /* clearance between the marker's edge and its label */
#define SQRT1_2 0.70710678118654752440
#define PI 3.14159265358979323846

/* Costs. One candidate rank is 1.0; spoiling part of a neighbour's free room
 * is cheaper than that, taking its last free spot is dearer than most ranks. */
#define CONFLICT_W 0.5
#define CONFLICT_KILL 3.0
#define LEADER_RING_W 20.0
#define LEADER_DIR_W 0.3
#define LEADER_MARKER_PEN 8.0 /* line through another school's marker reads wrong */
#define LEADER_CROSS_PEN 4.0
#define MARKER_HIDDEN 100.0 /* a number over a marker hides a school: worse than over text */

enum { K_MARKER = 0, K_ENV, K_BOX, K_SEG, K_COUNT };
/* ST_NUMRES: no room by the marker or for a leader, a number box reserved
 * (at the largest size a number can take); ST_PENDING: the same, no room
 * even for the number yet. */
enum { ST_FREE = 0, ST_AT, ST_LEADER, ST_NUMRES, ST_PENDING, ST_NUMBERED };

typedef struct {
    double x0, y0, x1, y1;
} seg_t;

typedef struct {
    uint32_t item;
    int32_t next;
} gnode;

/* Cells hold hints, one list per kind of item (item = index * K_COUNT +
 * kind). A hint only says "maybe here"; the item's current geometry decides,
 * so labels that move may leave stale hints: a wasted test, never a wrong
 * answer. */
typedef struct {
    double ox, oy, cs;
    int nx, ny;
    int32_t *head; /* [kind][cell] */
    gnode *node;
    size_t nnode, cap;
    uint32_t *stamp; /* per item: the query that last returned it */
    uint32_t tick;
    size_t nstamp;
    uint32_t *res; /* the last query's items, valid until the next query */
    size_t nres;
} grid;

typedef struct {
    const qsmap_label_req *req;
    size_t n;
    const qsmap_rect *obs;
    size_t nobs;
    qsmap_rect frame;
    double num_w[11], num_h[11]; /* reserved for a number of d digits: d nines */
    qsmap_label_pos *out;
    qsmap_rect *cand; /* n * NPOS */
    unsigned char *ok; /* candidate clear of frame edge, markers, obstacles */
    int *block;        /* placed boxes and leader lines covering the candidate */
    int *nfree;        /* candidates ok and unblocked, per label */
    qsmap_rect *env;   /* union of a label's candidates */
    seg_t *seg;        /* leader lines */
    unsigned char *st;
    size_t *order; /* priority desc, then index */
    /* Room only grows where something leaves the page for good; `gone` logs
     * those places, so that a leader search that failed is redone only when
     * room has appeared within its reach. */
    qsmap_rect *gone;
    size_t ngone, gone_cap;
    size_t *leader_failed; /* ngone + 1 at the last failed search, per label */
    double ux[NDIR], uy[NDIR];
    grid g;
} placer;

/* ---- geometry ---------------------------------------------------------- */

int qsmap_rect_overlap(const qsmap_rect *a, const qsmap_rect *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static int circle_hits_rect(double cx, double cy, double r, const qsmap_rect *b)
{
    double dx = fmax(fmax(b->x0 - cx, cx - b->x1), 0);
    double dy = fmax(fmax(b->y0 - cy, cy - b->y1), 0);
    return dx * dx + dy * dy < r * r;
}

static int inside(const qsmap_rect *b, const qsmap_rect *f)
{
    return b->x0 >= f->x0 && b->y0 >= f->y0 && b->x1 <= f->x1 && b->y1 <= f->y1;
}

/* Does the closed segment enter the open rectangle? (Liang–Barsky on open
 * slabs, so a line that only grazes an edge or ends on it does not count.) */
static int seg_hits_rect(const seg_t *s, const qsmap_rect *b)
{
    double lo = -DBL_MAX, hi = DBL_MAX;
    double p[2] = {s->x0, s->y0}, d[2] = {s->x1 - s->x0, s->y1 - s->y0};
    double mn[2] = {b->x0, b->y0}, mx[2] = {b->x1, b->y1};
    for (int k = 0; k < 2; k++) {
        if (d[k] == 0) {
            if (!(p[k] > mn[k] && p[k] < mx[k]))
                return 0;
            continue;
        }
        double t0 = (mn[k] - p[k]) / d[k], t1 = (mx[k] - p[k]) / d[k];
        if (t0 > t1) {
            double t = t0;
            t0 = t1, t1 = t;
        }
        lo = fmax(lo, t0), hi = fmin(hi, t1);
    }
    return lo < hi && lo < 1 && hi > 0;
}

static int seg_hits_circle(const seg_t *s, double cx, double cy, double r)
{
    double dx = s->x1 - s->x0, dy = s->y1 - s->y0, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((cx - s->x0) * dx + (cy - s->y0) * dy) / l2 : 0;
    t = fmin(fmax(t, 0), 1);
    double ex = s->x0 + t * dx - cx, ey = s->y0 + t * dy - cy;
    return ex * ex + ey * ey < r * r;
}

static double orient(double ax, double ay, double bx, double by, double cx, double cy)
{
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

static int segs_cross(const seg_t *a, const seg_t *b)
{
    double d1 = orient(a->x0, a->y0, a->x1, a->y1, b->x0, b->y0);
    double d2 = orient(a->x0, a->y0, a->x1, a->y1, b->x1, b->y1);
    double d3 = orient(b->x0, b->y0, b->x1, b->y1, a->x0, a->y0);
    double d4 = orient(b->x0, b->y0, b->x1, b->y1, a->x1, a->y1);
    return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) &&
           ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

static qsmap_rect seg_bbox(const seg_t *s)
{
    qsmap_rect r = {fmin(s->x0, s->x1), fmin(s->y0, s->y1), fmax(s->x0, s->x1),
                    fmax(s->y0, s->y1)};
    return r;
}

static double overlap_area(const qsmap_rect *a, const qsmap_rect *b)
{
    double w = fmin(a->x1, b->x1) - fmax(a->x0, b->x0);
    double h = fmin(a->y1, b->y1) - fmax(a->y0, b->y0);
    return w > 0 && h > 0 ? w * h : 0;
}

/* Position k (0 UR, 1 UL, 2 LR, 3 LL, 4 R, 5 L, 6 T, 7 B) for a w×h box.
 * Diagonal boxes put their corner at 45° just clear of the circle. */
static qsmap_rect pos_box(const qsmap_label_req *q, int k, double w, double h)
{
    double r = q->marker_r > 0 ? q->marker_r : 0;
    double d = r * SQRT1_2 + GAP, s = r + GAP;
    double x0, y0;
    switch (k) {
    case 0: x0 = q->x + d, y0 = q->y - d - h; break;
    case 1: x0 = q->x - d - w, y0 = q->y - d - h; break;
    case 2: x0 = q->x + d, y0 = q->y + d; break;
    case 3: x0 = q->x - d - w, y0 = q->y + d; break;
    case 4: x0 = q->x + s, y0 = q->y - h / 2; break;
    case 5: x0 = q->x - s - w, y0 = q->y - h / 2; break;
    case 6: x0 = q->x - w / 2, y0 = q->y - s - h; break;
    default: x0 = q->x - w / 2, y0 = q->y + s; break;
    }
    qsmap_rect b = {x0, y0, x0 + w, y0 + h};
    return b;
}

static double marker_r(const qsmap_label_req *q)
{
    return q->marker_r > 0 ? q->marker_r : 0;
}

/* ---- grid -------------------------------------------------------------- */

static int cell_of(double v, int n)
{
    if (!(v > 0))
        return 0; /* also NaN */
    if (v >= n - 1)
        return n - 1;
    return (int)v;
}

static qsmap_status grid_init(grid *g, qsmap_rect f, double cell, size_t n)
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

static void grid_free(grid *g)
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

static qsmap_status grid_add(grid *g, size_t idx, int kind, qsmap_rect r)
{
    int c[4];
    cell_range(g, &r, c);
    size_t need = g->nnode + (size_t)(c[2] - c[0] + 1) * (size_t)(c[3] - c[1] + 1);
    if (need > INT32_MAX)
        return QSMAP_E_NOMEM;
    if (need > g->cap) {
        size_t cap = g->cap ? g->cap : 256;
        while (cap < need)
            cap *= 2;
        gnode *p = realloc(g->node, cap * sizeof *p);
        if (!p)
            return QSMAP_E_NOMEM;
        g->node = p, g->cap = cap;
    }
    for (int y = c[1]; y <= c[3]; y++)
        for (int x = c[0]; x <= c[2]; x++) {
            size_t cell = ((size_t)kind * (size_t)g->ny + (size_t)y) * (size_t)g->nx + (size_t)x;
            g->node[g->nnode].item = (uint32_t)(idx * K_COUNT + (size_t)kind);
            g->node[g->nnode].next = g->head[cell];
            g->head[cell] = (int32_t)g->nnode++;
        }
    return QSMAP_OK;
}

/* Fill g->res with the distinct indices of items of `kind` hinted near r. */
static void grid_query(grid *g, const qsmap_rect *r, int kind)
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
            for (int32_t k = g->head[((size_t)kind * (size_t)g->ny + (size_t)y) * (size_t)g->nx +
                                     (size_t)x];
                 k >= 0; k = g->node[k].next) {
                uint32_t it = g->node[k].item;
                if (g->stamp[it] == g->tick)
                    continue;
                g->stamp[it] = g->tick;
                g->res[g->nres++] = it / K_COUNT;
            }
}

/* ---- bookkeeping ----------------------------------------------------------- */

static int has_box(const placer *P, size_t i)
{
    return P->st[i] == ST_AT || P->st[i] == ST_LEADER || P->st[i] == ST_NUMRES ||
           P->st[i] == ST_NUMBERED;
}

/* A placed box or leader line of `owner` (exactly one of r, s) covers or
 * uncovers (delta ±1) the candidates of every other label it touches. */
static void mark(placer *P, const qsmap_rect *r, const seg_t *s, size_t owner, int delta)
{
    qsmap_rect q = r ? *r : seg_bbox(s);
    grid_query(&P->g, &q, K_ENV);
    for (size_t m = 0; m < P->g.nres; m++) {
        size_t k = P->g.res[m];
        if (k == owner)
            continue;
        for (size_t c = k * NPOS; c < (k + 1) * NPOS; c++) {
            if (r ? !qsmap_rect_overlap(&P->cand[c], r) : !seg_hits_rect(s, &P->cand[c]))
                continue;
            int old = P->block[c];
            P->block[c] += delta;
            if (P->ok[c] && old == 0 && P->block[c] > 0)
                P->nfree[k]--;
            else if (P->ok[c] && old > 0 && P->block[c] == 0)
                P->nfree[k]++;
        }
    }
}

/* PAL's conflict cost: how much of the still-unplaced labels' free room a
 * box (and its leader line, if any) would take. */
static double conflict(placer *P, const qsmap_rect *r, const seg_t *s, size_t owner)
{
    qsmap_rect q = *r;
    if (s) {
        qsmap_rect b = seg_bbox(s);
        q.x0 = fmin(q.x0, b.x0), q.y0 = fmin(q.y0, b.y0);
        q.x1 = fmax(q.x1, b.x1), q.y1 = fmax(q.y1, b.y1);
    }
    grid_query(&P->g, &q, K_ENV);
    double cost = 0;
    for (size_t m = 0; m < P->g.nres; m++) {
        size_t k = P->g.res[m];
        if (k == owner || P->st[k] != ST_FREE || P->nfree[k] == 0)
            continue;
        int covered = 0;
        for (size_t c = k * NPOS; c < (k + 1) * NPOS; c++)
            if (P->ok[c] && P->block[c] == 0 &&
                (qsmap_rect_overlap(&P->cand[c], r) || (s && seg_hits_rect(s, &P->cand[c]))))
                covered++;
        if (covered)
            cost += covered == P->nfree[k] ? CONFLICT_KILL
                                            : CONFLICT_W * covered / P->nfree[k];
    }
    return cost;
}

/* Put label i's box (at candidate c, or the given leader box and line, or
 * a reserved number box) on the page and block what it covers. */
static qsmap_status put(placer *P, size_t i, int st, qsmap_rect box, const seg_t *s, int c)
{
    qsmap_label_pos *o = &P->out[i];
    o->kind = st == ST_AT ? QSMAP_LABEL_AT_MARKER
              : st == ST_LEADER ? QSMAP_LABEL_LEADER
                                : QSMAP_LABEL_NUMBERED;
    o->box = box;
    o->candidate = c;
    o->leader_x = s ? s->x1 : 0;
    o->leader_y = s ? s->y1 : 0;
    P->st[i] = (unsigned char)st;
    mark(P, &box, NULL, i, +1);
    qsmap_status r = grid_add(&P->g, i, K_BOX, box);
    if (s && !r) {
        P->seg[i] = *s;
        mark(P, NULL, s, i, +1);
        r = grid_add(&P->g, i, K_SEG, seg_bbox(s));
    }
    return r;
}

static qsmap_status put_at(placer *P, size_t i, int c)
{
    return put(P, i, ST_AT, P->cand[i * NPOS + (size_t)c], NULL, c);
}

/* What `take` removed, for putting it back. */
typedef struct {
    unsigned char st;
    qsmap_rect box;
    seg_t seg;
    int cand;
} saved;

static saved take(placer *P, size_t i)
{
    saved sv = {P->st[i], P->out[i].box, P->seg[i], P->out[i].candidate};
    if (has_box(P, i))
        mark(P, &P->out[i].box, NULL, i, -1);
    if (P->st[i] == ST_LEADER)
        mark(P, NULL, &P->seg[i], i, -1);
    P->st[i] = ST_PENDING;
    return sv;
}

static qsmap_status restore(placer *P, size_t i, const saved *sv)
{
    if (sv->st == ST_PENDING || sv->st == ST_FREE) {
        P->st[i] = sv->st;
        return QSMAP_OK;
    }
    return put(P, i, sv->st, sv->box, sv->st == ST_LEADER ? &sv->seg : NULL, sv->cand);
}

/* The cheapest free candidate of label i, or -1. */
static int best_candidate(placer *P, size_t i, int except)
{
    int best = -1;
    double best_cost = DBL_MAX;
    for (int c = 0; c < NPOS; c++) {
        size_t k = i * NPOS + (size_t)c;
        if (c == except || !P->ok[k] || P->block[k])
            continue;
        double cost = c + conflict(P, &P->cand[k], NULL, i);
        if (cost < best_cost)
            best_cost = cost, best = c;
    }
    return best;
}

/* Log the room a box (and line) taken off for good leaves behind. */
static qsmap_status forget(placer *P, const saved *sv)
{
    if (sv->st != ST_AT && sv->st != ST_LEADER && sv->st != ST_NUMRES)
        return QSMAP_OK;
    if (P->ngone + 2 > P->gone_cap) {
        size_t cap = P->gone_cap ? 2 * P->gone_cap : 64;
        qsmap_rect *g = realloc(P->gone, cap * sizeof *g);
        if (!g)
            return QSMAP_E_NOMEM;
        P->gone = g, P->gone_cap = cap;
    }
    P->gone[P->ngone++] = sv->box;
    if (sv->st == ST_LEADER)
        P->gone[P->ngone++] = seg_bbox(&sv->seg);
    return QSMAP_OK;
}

/* ---- leaders ------------------------------------------------------------- */

/* Ring `ring`, direction `dir` (0 = upper right, then clockwise on the page
 * in 22.5° steps): the box sits beyond the marker along that direction, its
 * near side 1.5, 3.5 or 6 label heights from the marker's edge... */
static qsmap_rect leader_box(const placer *P, const qsmap_label_req *q, int ring, int dir)
{
    static const double ring_f[NRING] = {1.5, 3.5, 6.0};
    double ux = P->ux[dir], uy = P->uy[dir];
    double hw = q->w / 2, hh = q->h / 2, t = DBL_MAX;
    if (fabs(ux) > 1e-12)
        t = hw / fabs(ux);
    if (fabs(uy) > 1e-12)
        t = fmin(t, hh / fabs(uy));
    double d = marker_r(q) + GAP + ring_f[ring] * fmax(q->h, 6.0) + t;
    double cx = q->x + d * ux, cy = q->y + d * uy;
    qsmap_rect b = {cx - hw, cy - hh, cx + hw, cy + hh};
    return b;
}

/* ...and the line runs from the marker's edge to the box's nearest point. */
static seg_t leader_line(const qsmap_label_req *q, const qsmap_rect *b)
{
    double qx = fmin(fmax(q->x, b->x0), b->x1), qy = fmin(fmax(q->y, b->y0), b->y1);
    double vx = qx - q->x, vy = qy - q->y, len = sqrt(vx * vx + vy * vy);
    double k = len > 0 ? marker_r(q) / len : 0;
    seg_t s = {q->x + vx * k, q->y + vy * k, qx, qy};
    return s;
}

/* Tests for any_hit(): does item j of its kind get in the way of `shape`? */
static int marker_on_box(const placer *P, size_t j, const void *shape)
{
    const qsmap_label_req *q = &P->req[j];
    return circle_hits_rect(q->x, q->y, marker_r(q), shape);
}

static int box_on_box(const placer *P, size_t j, const void *shape)
{
    return has_box(P, j) && qsmap_rect_overlap(&P->out[j].box, shape);
}

static int line_on_box(const placer *P, size_t j, const void *shape)
{
    return P->st[j] == ST_LEADER && seg_hits_rect(&P->seg[j], shape);
}

static int box_on_line(const placer *P, size_t j, const void *shape)
{
    return has_box(P, j) && seg_hits_rect(shape, &P->out[j].box);
}

/* Is some item of `kind` near r, other than label `self`'s, in the way?
 * Stops at the first; a hint met twice is merely tested twice. */
static int any_hit(const placer *P, const qsmap_rect *r, int kind, size_t self,
                   int (*hit)(const placer *, size_t, const void *), const void *shape)
{
    const grid *g = &P->g;
    int c[4];
    cell_range(g, r, c);
    for (int y = c[1]; y <= c[3]; y++)
        for (int x = c[0]; x <= c[2]; x++)
            for (int32_t k = g->head[((size_t)kind * (size_t)g->ny + (size_t)y) * (size_t)g->nx +
                                     (size_t)x];
                 k >= 0; k = g->node[k].next) {
                size_t j = g->node[k].item / K_COUNT;
                if ((kind == K_MARKER || j != self) && hit(P, j, shape))
                    return 1;
            }
    return 0;
}

/* Is box b clear of the frame edge, obstacles, every marker (label i's own
 * too), every placed box and every leader line? Label i's own boxes and
 * line don't count. Placed boxes are asked first: on a crowded page they
 * turn most candidates away. */
static int clear(placer *P, size_t i, const qsmap_rect *b)
{
    if (!inside(b, &P->frame))
        return 0;
    for (size_t k = 0; k < P->nobs; k++)
        if (qsmap_rect_overlap(b, &P->obs[k]))
            return 0;
    return !any_hit(P, b, K_BOX, i, box_on_box, b) &&
           !any_hit(P, b, K_MARKER, i, marker_on_box, b) &&
           !any_hit(P, b, K_SEG, i, line_on_box, b);
}

/* Does label i's leader line s stay off every obstacle and placed box? */
static int line_clear(placer *P, size_t i, const seg_t *s)
{
    for (size_t k = 0; k < P->nobs; k++)
        if (seg_hits_rect(s, &P->obs[k]))
            return 0;
    qsmap_rect sb = seg_bbox(s);
    return !any_hit(P, &sb, K_BOX, i, box_on_line, s);
}

/* Soft faults of a leader line: through another marker, across another line. */
static double leader_penalty(placer *P, size_t i, const seg_t *s)
{
    double pen = 0;
    qsmap_rect sb = seg_bbox(s);
    grid_query(&P->g, &sb, K_MARKER);
    for (size_t m = 0; m < P->g.nres; m++) {
        size_t j = P->g.res[m];
        const qsmap_label_req *q = &P->req[j];
        if (j != i && seg_hits_circle(s, q->x, q->y, marker_r(q)))
            pen += LEADER_MARKER_PEN;
    }
    grid_query(&P->g, &sb, K_SEG);
    for (size_t m = 0; m < P->g.nres; m++) {
        size_t j = P->g.res[m];
        if (j != i && P->st[j] == ST_LEADER && segs_cross(s, &P->seg[j]))
            pen += LEADER_CROSS_PEN;
    }
    return pen;
}

/* Give label i (whatever it holds now) a leader if some ring has room;
 * otherwise it keeps what it had. */
static qsmap_status try_leader(placer *P, size_t i)
{
    /* After a failed search only candidates touching room freed since can
     * have become clear. */
    enum { NEAR_MAX = 16 };
    qsmap_rect near[NEAR_MAX];
    int nnear = -1; /* -1: look at every candidate */
    if (P->leader_failed[i]) {
        const qsmap_label_req *q = &P->req[i];
        double R = marker_r(q) + GAP + 6.0 * fmax(q->h, 6.0) + fabs(q->w) + fabs(q->h);
        qsmap_rect reach = {q->x - R, q->y - R, q->x + R, q->y + R};
        nnear = 0;
        for (size_t k = P->leader_failed[i] - 1; k < P->ngone && nnear <= NEAR_MAX; k++)
            if (qsmap_rect_overlap(&reach, &P->gone[k]) && nnear++ < NEAR_MAX)
                near[nnear - 1] = P->gone[k];
        if (nnear == 0)
            return QSMAP_OK;
        if (nnear > NEAR_MAX)
            nnear = -1;
    }
    int best = -1;
    double best_cost = DBL_MAX;
    qsmap_rect best_box = {0, 0, 0, 0};
    seg_t best_seg = {0, 0, 0, 0};
    /* Every cost term but the ring's is >= 0: a ring can't beat an earlier
     * ring's best once that is below its own base cost. */
    for (int ring = 0; ring < NRING && !(best_cost < ring * LEADER_RING_W); ring++)
        for (int dir = 0; dir < NDIR; dir++) {
            qsmap_rect box = leader_box(P, &P->req[i], ring, dir);
            if (nnear > 0) {
                /* the line lies within the bounding box of marker and box */
                qsmap_rect hull = {fmin(box.x0, P->req[i].x), fmin(box.y0, P->req[i].y),
                                   fmax(box.x1, P->req[i].x), fmax(box.y1, P->req[i].y)};
                int k = 0;
                while (k < nnear && !qsmap_rect_overlap(&hull, &near[k]))
                    k++;
                if (k == nnear)
                    continue;
            }
            if (!clear(P, i, &box))
                continue;
            seg_t s = leader_line(&P->req[i], &box);
            if (!line_clear(P, i, &s))
                continue;
            int rank = dir <= NDIR / 2 ? dir : NDIR - dir;
            double cost = ring * LEADER_RING_W + rank * LEADER_DIR_W + (dir > NDIR / 2) * 0.1 +
                          leader_penalty(P, i, &s) + conflict(P, &box, &s, i);
            if (cost < best_cost)
                best_cost = cost, best = ring * NDIR + dir, best_box = box, best_seg = s;
        }
    if (best < 0) {
        P->leader_failed[i] = P->ngone + 1;
        return QSMAP_OK;
    }
    saved sv = take(P, i);
    qsmap_status st = forget(P, &sv);
    return st ? st : put(P, i, ST_LEADER, best_box, &best_seg, NPOS + best);
}

/* ---- numbers -------------------------------------------------------------- */

/* Reserve room for label i's number by its marker as soon as the label has
 * lost its last free candidate: claimed then, before the neighbours close
 * in, a small number box usually still finds room. Lacking room the label
 * waits (ST_PENDING) for the final least-bad placement. */
static qsmap_status reserve_number(placer *P, size_t i)
{
    /* Numbers go in request order, so label i's is at most i + 1. */
    int d = 1;
    for (size_t v = i + 1; v >= 10; v /= 10)
        d++;
    int best = -1;
    double best_cost = DBL_MAX;
    qsmap_rect best_box = {0, 0, 0, 0};
    for (int c = 0; c < NPOS; c++) {
        qsmap_rect b = pos_box(&P->req[i], c, P->num_w[d], P->num_h[d]);
        if (!clear(P, i, &b))
            continue;
        double cost = c + conflict(P, &b, NULL, i);
        if (cost < best_cost)
            best_cost = cost, best = c, best_box = b;
    }
    if (best < 0) {
        P->st[i] = ST_PENDING;
        return QSMAP_OK;
    }
    return put(P, i, ST_NUMRES, best_box, NULL, best);
}

/* How badly a number box at b sits: 0 when clear of everything. */
static double number_badness(placer *P, size_t i, const qsmap_rect *b)
{
    double bad = 0;
    if (!inside(b, &P->frame))
        bad += 1e6;
    for (size_t k = 0; k < P->nobs; k++)
        if (qsmap_rect_overlap(b, &P->obs[k]))
            bad += 1 + overlap_area(b, &P->obs[k]);
    grid_query(&P->g, b, K_MARKER);
    for (size_t m = 0; m < P->g.nres; m++) {
        const qsmap_label_req *q = &P->req[P->g.res[m]];
        double r = marker_r(q);
        qsmap_rect mb = {q->x - r, q->y - r, q->x + r, q->y + r};
        if (circle_hits_rect(q->x, q->y, r, b))
            bad += MARKER_HIDDEN + overlap_area(b, &mb);
    }
    grid_query(&P->g, b, K_BOX);
    for (size_t m = 0; m < P->g.nres; m++) {
        size_t j = P->g.res[m];
        if (j != i && has_box(P, j) && qsmap_rect_overlap(b, &P->out[j].box))
            bad += 1 + overlap_area(b, &P->out[j].box);
    }
    grid_query(&P->g, b, K_SEG);
    for (size_t m = 0; m < P->g.nres; m++) {
        size_t j = P->g.res[m];
        if (P->st[j] == ST_LEADER && seg_hits_rect(&P->seg[j], b))
            bad += 1;
    }
    return bad;
}

static void number_size_of(int num, void (*number_size)(void *, int, double *, double *),
                           void *ctx, double *w, double *h)
{
    *w = *h = -1;
    if (number_size)
        number_size(ctx, num, w, h);
    if (!number_size || !(*w >= 0) || !(*h >= 0) || !isfinite(*w) || !isfinite(*h)) {
        int digits = 1;
        for (int v = num; v >= 10; v /= 10)
            digits++;
        *w = 6.0 * digits, *h = 9.0;
    }
}

/* Numbers 1, 2, … in request order. A number at its actual size fits inside
 * its reservation (positions grow away from the marker), so the reserved
 * position comes first; then any clear position; last, the least bad one,
 * pulled inside the frame. */
static qsmap_status number_all(placer *P, void (*number_size)(void *, int, double *, double *),
                               void *ctx)
{
    int num = 0;
    for (size_t i = 0; i < P->n; i++) {
        if (P->st[i] != ST_NUMRES && P->st[i] != ST_PENDING)
            continue;
        num++;
        double w, h;
        number_size_of(num, number_size, ctx, &w, &h);
        /* Candidates no longer matter: off the page without unblocking them. */
        int reserved = P->st[i] == ST_NUMRES ? P->out[i].candidate : -1;
        P->st[i] = ST_PENDING;
        int best = -1;
        double best_bad = DBL_MAX;
        qsmap_rect best_box = {0, 0, 0, 0};
        for (int k = -1; k < NPOS && best_bad > 0; k++) {
            int c = k < 0 ? reserved : k;
            if (c < 0)
                continue;
            qsmap_rect b = pos_box(&P->req[i], c, w, h);
            /* pulled inside the frame (set, not shifted: no rounding past the edge) */
            if (b.x1 > P->frame.x1)
                b.x1 = P->frame.x1, b.x0 = b.x1 - w;
            if (b.x0 < P->frame.x0)
                b.x0 = P->frame.x0, b.x1 = b.x0 + w;
            if (b.y1 > P->frame.y1)
                b.y1 = P->frame.y1, b.y0 = b.y1 - h;
            if (b.y0 < P->frame.y0)
                b.y0 = P->frame.y0, b.y1 = b.y0 + h;
            double bad = number_badness(P, i, &b);
            if (bad < best_bad)
                best_bad = bad, best = c, best_box = b;
        }
        P->out[i].kind = QSMAP_LABEL_NUMBERED;
        P->out[i].box = best_box;
        P->out[i].candidate = best;
        P->out[i].number = num;
        P->st[i] = ST_NUMBERED;
        qsmap_status st = grid_add(&P->g, i, K_BOX, best_box);
        if (st)
            return st;
    }
    return QSMAP_OK;
}

/* ---- the phases ---------------------------------------------------------- */

typedef struct {
    int prio;
    size_t idx;
} prio_idx;

static int cmp_prio(const void *a, const void *b)
{
    const prio_idx *x = a, *y = b;
    if (x->prio != y->prio)
        return x->prio > y->prio ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static qsmap_status setup(placer *P)
{
    size_t n = P->n;
    P->cand = malloc(n * NPOS * sizeof *P->cand);
    P->ok = malloc(n * NPOS);
    P->block = calloc(n * NPOS, sizeof *P->block);
    P->nfree = calloc(n, sizeof *P->nfree);
    P->env = malloc(n * sizeof *P->env);
    P->seg = calloc(n, sizeof *P->seg);
    P->st = calloc(n, 1);
    P->order = malloc(n * sizeof *P->order);
    P->leader_failed = calloc(n, sizeof *P->leader_failed);
    prio_idx *pi = malloc(n * sizeof *pi);
    if (!P->cand || !P->ok || !P->block || !P->nfree || !P->env || !P->seg || !P->st ||
        !P->order || !P->leader_failed || !pi) {
        free(pi);
        return QSMAP_E_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        pi[i].prio = P->req[i].priority, pi[i].idx = i;
    qsort(pi, n, sizeof *pi, cmp_prio);
    for (size_t i = 0; i < n; i++)
        P->order[i] = pi[i].idx;
    free(pi);

    double size = 0;
    for (size_t i = 0; i < n; i++) {
        const qsmap_label_req *q = &P->req[i];
        qsmap_rect e = {DBL_MAX, DBL_MAX, -DBL_MAX, -DBL_MAX};
        for (int c = 0; c < NPOS; c++) {
            qsmap_rect b = pos_box(q, c, q->w, q->h);
            P->cand[i * NPOS + (size_t)c] = b;
            e.x0 = fmin(e.x0, b.x0), e.y0 = fmin(e.y0, b.y0);
            e.x1 = fmax(e.x1, b.x1), e.y1 = fmax(e.y1, b.y1);
        }
        P->env[i] = e;
        if (isfinite(q->w) && isfinite(q->h))
            size += (fabs(q->w) + fabs(q->h)) / 2;
    }
    qsmap_status st = grid_init(&P->g, P->frame, size / (double)n, n);
    for (size_t i = 0; i < n && !st; i++) {
        const qsmap_label_req *q = &P->req[i];
        double r = marker_r(q);
        qsmap_rect mb = {q->x - r, q->y - r, q->x + r, q->y + r};
        st = grid_add(&P->g, i, K_MARKER, mb);
        if (!st)
            st = grid_add(&P->g, i, K_ENV, P->env[i]);
    }
    if (st)
        return st;

    /* Static room: frame, obstacles and every marker, the label's own too. */
    for (size_t i = 0; i < n; i++)
        for (size_t c = i * NPOS; c < (i + 1) * NPOS; c++) {
            int good = inside(&P->cand[c], &P->frame);
            for (size_t k = 0; k < P->nobs && good; k++)
                good = !qsmap_rect_overlap(&P->cand[c], &P->obs[k]);
            if (good) {
                grid_query(&P->g, &P->cand[c], K_MARKER);
                for (size_t m = 0; m < P->g.nres && good; m++) {
                    const qsmap_label_req *q = &P->req[P->g.res[m]];
                    good = !circle_hits_rect(q->x, q->y, marker_r(q), &P->cand[c]);
                }
            }
            P->ok[c] = (unsigned char)good;
            P->nfree[i] += good;
        }
    return QSMAP_OK;
}

/* Labels of the class order[a..b) that have just lost their last free
 * candidate reserve their number now. A reservation can take another
 * label's last candidate in turn, hence the rounds. */
static qsmap_status doom(placer *P, size_t a, size_t b)
{
    int again = 1;
    while (again) {
        again = 0;
        for (size_t k = a; k < b; k++) {
            size_t i = P->order[k];
            if (P->st[i] != ST_FREE || P->nfree[i] != 0)
                continue;
            qsmap_status st = reserve_number(P, i);
            if (st)
                return st;
            again |= P->st[i] == ST_NUMRES;
        }
    }
    return QSMAP_OK;
}

/* Greedy, one priority class at a time so that better schools also get
 * first claim on leader room: the most constrained label of the class takes
 * its cheapest free candidate; the class's leftovers then try leaders. */
static qsmap_status greedy(placer *P)
{
    qsmap_status st = QSMAP_OK;
    for (size_t a = 0; a < P->n && !st;) {
        int prio = P->req[P->order[a]].priority;
        size_t b = a;
        while (b < P->n && P->req[P->order[b]].priority == prio)
            b++;
        st = doom(P, a, b);
        while (!st) {
            size_t pick = SIZE_MAX;
            for (size_t k = a; k < b; k++) {
                size_t i = P->order[k];
                if (P->st[i] == ST_FREE && P->nfree[i] > 0 &&
                    (pick == SIZE_MAX || P->nfree[i] < P->nfree[pick]))
                    pick = i;
            }
            if (pick == SIZE_MAX)
                break;
            st = put_at(P, pick, best_candidate(P, pick, -1));
            if (!st)
                st = doom(P, a, b);
        }
        for (size_t k = a; k < b && !st; k++)
            if (P->st[P->order[k]] == ST_NUMRES || P->st[P->order[k]] == ST_PENDING)
                st = try_leader(P, P->order[k]);
        a = b;
    }
    return st;
}

/* Would at-marker label j find another free candidate once label i has
 * left its present place (its own boxes block nothing of its own) for box b
 * by its marker? Judged from the counts, before anything moves. */
static int could_move(const placer *P, size_t j, size_t i, const qsmap_rect *b)
{
    for (int c = 0; c < NPOS; c++) {
        size_t k = j * NPOS + (size_t)c;
        if (c == P->out[j].candidate || !P->ok[k] || qsmap_rect_overlap(&P->cand[k], b))
            continue;
        int mine = has_box(P, i) && qsmap_rect_overlap(&P->cand[k], &P->out[i].box);
        mine += P->st[i] == ST_LEADER && seg_hits_rect(&P->seg[i], &P->cand[k]);
        if (P->block[k] == mine)
            return 1;
    }
    return 0;
}

/* Win label i a marker position: directly if earlier repairs made room,
 * else by moving the one at-marker neighbour that alone blocks one of its
 * candidates to another free candidate of that neighbour's own. */
static qsmap_status repair_one(placer *P, size_t i, int *won)
{
    qsmap_status st;
    /* Label i's own boxes never block its own candidates, so what follows
     * can be judged before they are taken off the page. */
    *won = 0;
    if (P->nfree[i] > 0) {
        saved sv = take(P, i);
        *won = 1;
        if ((st = forget(P, &sv)))
            return st;
        return put_at(P, i, best_candidate(P, i, -1));
    }
    for (int c = 0; c < NPOS; c++) {
        size_t ci = i * NPOS + (size_t)c;
        if (!P->ok[ci] || P->block[ci] != 1)
            continue;
        /* The one blocker must be an at-marker box, not a leader, its line
         * or a number. */
        size_t j = SIZE_MAX;
        grid_query(&P->g, &P->cand[ci], K_BOX);
        for (size_t m = 0; m < P->g.nres; m++) {
            size_t k = P->g.res[m];
            if (k != i && has_box(P, k) && qsmap_rect_overlap(&P->out[k].box, &P->cand[ci]))
                j = k;
        }
        if (j == SIZE_MAX || P->st[j] != ST_AT || !could_move(P, j, i, &P->cand[ci]))
            continue;
        saved sv = take(P, i);
        saved old = take(P, j);
        if ((st = put_at(P, i, c)))
            return st;
        int alt = best_candidate(P, j, old.cand);
        if (alt >= 0) {
            *won = 1;
            if ((st = forget(P, &sv)) || (st = forget(P, &old)))
                return st;
            return put_at(P, j, alt);
        }
        /* could_move() said yes; undo all the same should it ever be wrong */
        take(P, i);
        if ((st = restore(P, j, &old)) || (st = restore(P, i, &sv)))
            return st;
    }
    return QSMAP_OK;
}

static qsmap_status repair(placer *P)
{
    qsmap_status st = QSMAP_OK;
    for (int pass = 0; pass < REPAIR_PASSES; pass++) {
        int improved = 0;
        for (size_t k = 0; k < P->n; k++) {
            size_t i = P->order[k];
            if (P->st[i] != ST_LEADER && P->st[i] != ST_NUMRES && P->st[i] != ST_PENDING)
                continue;
            int won;
            if ((st = repair_one(P, i, &won)))
                return st;
            improved |= won;
        }
        if (!improved)
            break;
    }
    /* Labels that went back to their markers may have left leader room. */
    for (size_t k = 0; k < P->n && !st; k++) {
        size_t i = P->order[k];
        if (P->st[i] == ST_NUMRES || P->st[i] == ST_PENDING)
            st = try_leader(P, i);
        if (!st && P->st[i] == ST_PENDING)
            st = reserve_number(P, i);
    }
    return st;
}

qsmap_status qsmap_labels_place(const qsmap_label_req *req, size_t n,
                                const qsmap_rect *obstacles, size_t nobstacles,
                                qsmap_rect frame,
                                void (*number_size)(void *ctx, int number, double *w,
                                                    double *h),
                                void *ctx, qsmap_label_pos *out, qsmap_label_stats *stats)
{
    if (stats)
        memset(stats, 0, sizeof *stats);
    if (n == 0)
        return QSMAP_OK;
    if (!req || !out || (nobstacles && !obstacles))
        return QSMAP_E_VALUE;
    if (n > UINT32_MAX / K_COUNT || n > INT32_MAX || n > SIZE_MAX / (NPOS * sizeof(qsmap_rect)))
        return QSMAP_E_NOMEM;
    /* Whole structs zeroed, padding included, so equal runs compare equal bytewise. */
    memset(out, 0, n * sizeof *out);
    placer P;
    memset(&P, 0, sizeof P);
    P.req = req, P.n = n, P.obs = obstacles, P.nobs = nobstacles, P.frame = frame, P.out = out;
    long long nines = 9;
    for (int d = 1; d <= 10; d++, nines = nines * 10 + 9) {
        number_size_of((int)(nines < INT32_MAX ? nines : INT32_MAX), number_size, ctx,
                       &P.num_w[d], &P.num_h[d]);
        if (nines >= (long long)n)
            break;
    }

    for (int d = 0; d < NDIR; d++) {
        double a = (-45.0 + 22.5 * d) * PI / 180.0;
        P.ux[d] = cos(a), P.uy[d] = sin(a);
    }
    qsmap_status st = setup(&P);
    if (!st)
        st = greedy(&P);
    if (!st)
        st = repair(&P);
    if (!st)
        st = number_all(&P, number_size, ctx);
    if (!st && stats)
        for (size_t i = 0; i < n; i++) {
            if (out[i].kind == QSMAP_LABEL_AT_MARKER)
                stats->at_marker++;
            else if (out[i].kind == QSMAP_LABEL_LEADER)
                stats->leader++;
            else
                stats->numbered++;
        }
    grid_free(&P.g);
    free(P.cand);
    free(P.ok);
    free(P.block);
    free(P.nfree);
    free(P.env);
    free(P.seg);
    free(P.st);
    free(P.order);
    free(P.leader_failed);
    free(P.gone);
    return st;
}
