/* labels_geom.h — the label placer's geometry: rectangle, segment and
 * circle predicates and the eight positions around a marker. Inline in a
 * header because they sit in the placer's innermost loops in every file of
 * it (labels.c, labels_grid.c, labels_leader.c), as they did when the
 * placer was one file. Private to render/labels*.c. */
#ifndef QSMAP_RENDER_LABELS_GEOM_H
#define QSMAP_RENDER_LABELS_GEOM_H

#include "render/render.h"

#include <float.h>
#include <math.h>

#define GAP 1.5 /* clearance between the marker's edge and its label */
#define SQRT1_2 0.70710678118654752440

typedef struct {
    double x0, y0, x1, y1;
} seg_t;

static inline int circle_hits_rect(double cx, double cy, double r, const qsmap_rect *b)
{
    double dx = fmax(fmax(b->x0 - cx, cx - b->x1), 0);
    double dy = fmax(fmax(b->y0 - cy, cy - b->y1), 0);
    return dx * dx + dy * dy < r * r;
}

static inline int inside(const qsmap_rect *b, const qsmap_rect *f)
{
    return b->x0 >= f->x0 && b->y0 >= f->y0 && b->x1 <= f->x1 && b->y1 <= f->y1;
}

/* Does the closed segment enter the open rectangle? (Liang–Barsky on open
 * slabs, so a line that only grazes an edge or ends on it does not count.) */
static inline int seg_hits_rect(const seg_t *s, const qsmap_rect *b)
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

static inline int seg_hits_circle(const seg_t *s, double cx, double cy, double r)
{
    double dx = s->x1 - s->x0, dy = s->y1 - s->y0, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((cx - s->x0) * dx + (cy - s->y0) * dy) / l2 : 0;
    t = fmin(fmax(t, 0), 1);
    double ex = s->x0 + t * dx - cx, ey = s->y0 + t * dy - cy;
    return ex * ex + ey * ey < r * r;
}

static inline double orient(double ax, double ay, double bx, double by, double cx, double cy)
{
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

static inline int segs_cross(const seg_t *a, const seg_t *b)
{
    double d1 = orient(a->x0, a->y0, a->x1, a->y1, b->x0, b->y0);
    double d2 = orient(a->x0, a->y0, a->x1, a->y1, b->x1, b->y1);
    double d3 = orient(b->x0, b->y0, b->x1, b->y1, a->x0, a->y0);
    double d4 = orient(b->x0, b->y0, b->x1, b->y1, a->x1, a->y1);
    return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) &&
           ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

static inline qsmap_rect seg_bbox(const seg_t *s)
{
    qsmap_rect r = {fmin(s->x0, s->x1), fmin(s->y0, s->y1), fmax(s->x0, s->x1),
                    fmax(s->y0, s->y1)};
    return r;
}

static inline double overlap_area(const qsmap_rect *a, const qsmap_rect *b)
{
    double w = fmin(a->x1, b->x1) - fmax(a->x0, b->x0);
    double h = fmin(a->y1, b->y1) - fmax(a->y0, b->y0);
    return w > 0 && h > 0 ? w * h : 0;
}

/* Position k (0 UR, 1 UL, 2 LR, 3 LL, 4 R, 5 L, 6 T, 7 B) for a w×h box.
 * Diagonal boxes put their corner at 45° just clear of the circle. */
static inline qsmap_rect pos_box(const qsmap_label_req *q, int k, double w, double h)
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

static inline double marker_r(const qsmap_label_req *q)
{
    return q->marker_r > 0 ? q->marker_r : 0;
}

#endif
