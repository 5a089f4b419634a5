/* labels_leader.c — labels that find no room by their marker: first a
 * leader, the box moved out along one of 16 directions on one of three
 * rings and joined to the marker by a line; failing that a number by the
 * marker, keyed to the legend. A number's room is reserved as soon as a
 * label is doomed; the numbers themselves are handed out last, in request
 * order (labels.c runs these steps). */
#include "render/labels_impl.h"

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

/* Tests for qsmap_lgrid_any(): does item j of its kind get in the way of `shape`? */
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
    return !qsmap_lgrid_any(P, b, K_BOX, i, box_on_box, b) &&
           !qsmap_lgrid_any(P, b, K_MARKER, i, marker_on_box, b) &&
           !qsmap_lgrid_any(P, b, K_SEG, i, line_on_box, b);
}

/* Does label i's leader line s stay off every obstacle and placed box? */
static int line_clear(placer *P, size_t i, const seg_t *s)
{
    for (size_t k = 0; k < P->nobs; k++)
        if (seg_hits_rect(s, &P->obs[k]))
            return 0;
    qsmap_rect sb = seg_bbox(s);
    return !qsmap_lgrid_any(P, &sb, K_BOX, i, box_on_line, s);
}

/* Soft faults of a leader line: through another marker, across another line. */
static double leader_penalty(placer *P, size_t i, const seg_t *s)
{
    double pen = 0;
    qsmap_rect sb = seg_bbox(s);
    qsmap_lgrid_query(&P->g, &sb, K_MARKER);
    for (size_t m = 0; m < P->g.nres; m++) {
        size_t j = P->g.res[m];
        const qsmap_label_req *q = &P->req[j];
        if (j != i && seg_hits_circle(s, q->x, q->y, marker_r(q)))
            pen += LEADER_MARKER_PEN;
    }
    qsmap_lgrid_query(&P->g, &sb, K_SEG);
    for (size_t m = 0; m < P->g.nres; m++) {
        size_t j = P->g.res[m];
        if (j != i && P->st[j] == ST_LEADER && segs_cross(s, &P->seg[j]))
            pen += LEADER_CROSS_PEN;
    }
    return pen;
}

/* Give label i (whatever it holds now) a leader if some ring has room;
 * otherwise it keeps what it had. */
qsmap_status qsmap_lp_try_leader(placer *P, size_t i)
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
                          leader_penalty(P, i, &s) + LEADER_LINE_W * qsmap_sgrid_cost(&P->lg, &box) +
                          qsmap_lp_conflict(P, &box, &s, i);
            if (cost < best_cost)
                best_cost = cost, best = ring * NDIR + dir, best_box = box, best_seg = s;
        }
    if (best < 0) {
        P->leader_failed[i] = P->ngone + 1;
        return QSMAP_OK;
    }
    saved sv = qsmap_lp_take(P, i);
    qsmap_status st = qsmap_lp_forget(P, &sv);
    return st ? st : qsmap_lp_put(P, i, ST_LEADER, best_box, &best_seg, NPOS + best);
}

/* ---- numbers -------------------------------------------------------------- */

/* Reserve room for label i's number by its marker as soon as the label has
 * lost its last free candidate: claimed then, before the neighbours close
 * in, a small number box usually still finds room. Lacking room the label
 * waits (ST_PENDING) for the final least-bad placement. */
qsmap_status qsmap_lp_reserve_number(placer *P, size_t i)
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
        double cost = c + qsmap_sgrid_cost(&P->lg, &b) + qsmap_lp_conflict(P, &b, NULL, i);
        if (cost < best_cost)
            best_cost = cost, best = c, best_box = b;
    }
    if (best < 0) {
        P->st[i] = ST_PENDING;
        return QSMAP_OK;
    }
    return qsmap_lp_put(P, i, ST_NUMRES, best_box, NULL, best);
}

/* How badly a number box at b sits: 0 when clear of everything, with a
 * small gap (two numbers side by side read as one: "7" "8" as 78). */
#define NUMBER_GAP 1.2
static double number_badness(placer *P, size_t i, const qsmap_rect *box)
{
    qsmap_rect pad = {box->x0 - NUMBER_GAP, box->y0 - NUMBER_GAP / 2, box->x1 + NUMBER_GAP,
                      box->y1 + NUMBER_GAP / 2};
    const qsmap_rect *b = &pad;
    double bad = 0;
    if (!inside(box, &P->frame))
        bad += 1e6;
    for (size_t k = 0; k < P->nobs; k++)
        if (qsmap_rect_overlap(box, &P->obs[k]))
            bad += 1 + overlap_area(box, &P->obs[k]);
    qsmap_lgrid_query(&P->g, box, K_MARKER);
    for (size_t m = 0; m < P->g.nres; m++) {
        const qsmap_label_req *q = &P->req[P->g.res[m]];
        double r = marker_r(q);
        qsmap_rect mb = {q->x - r, q->y - r, q->x + r, q->y + r};
        if (circle_hits_rect(q->x, q->y, r, box))
            bad += MARKER_HIDDEN + overlap_area(box, &mb);
    }
    qsmap_lgrid_query(&P->g, b, K_BOX);
    for (size_t m = 0; m < P->g.nres; m++) {
        size_t j = P->g.res[m];
        if (j != i && has_box(P, j) && qsmap_rect_overlap(b, &P->out[j].box))
            bad += 1 + overlap_area(b, &P->out[j].box);
    }
    qsmap_lgrid_query(&P->g, b, K_SEG);
    for (size_t m = 0; m < P->g.nres; m++) {
        size_t j = P->g.res[m];
        if (P->st[j] == ST_LEADER && seg_hits_rect(&P->seg[j], b))
            bad += 1;
    }
    return bad;
}

void qsmap_lp_number_size(int num, void (*number_size)(void *, int, double *, double *),
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

/* No position by the marker is clear: the first clear box on rings
 * around it, a number's height apart, up to MOVE_RINGS out (the map joins
 * it to its marker with a line). True when one is found. */
#define MOVE_RINGS 6
#define MOVE_STEPS 16
static bool number_moved(placer *P, size_t i, double w, double h, qsmap_rect *out)
{
    const qsmap_label_req *q = &P->req[i];
    for (int ring = 1; ring <= MOVE_RINGS; ring++) {
        double d = marker_r(q) + (double)ring * h;
        for (int k = 0; k < MOVE_STEPS; k++) {
            double a = 6.283185307179586 * k / MOVE_STEPS;
            double cx = q->x + d * cos(a), cy = q->y + d * sin(a);
            qsmap_rect b = {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
            if (number_badness(P, i, &b) == 0) {
                *out = b;
                return true;
            }
        }
    }
    return false;
}

/* Numbers 1, 2, … in request order. A number at its actual size fits inside
 * its reservation (positions grow away from the marker), so the reserved
 * position comes first; then any clear position; last, the least bad one,
 * pulled inside the frame. */
qsmap_status qsmap_lp_number_all(placer *P,
                                 void (*number_size)(void *, int, double *, double *),
                                 void *ctx)
{
    int num = 0;
    for (size_t i = 0; i < P->n; i++) {
        if (P->st[i] != ST_NUMRES && P->st[i] != ST_PENDING)
            continue;
        num++;
        double w, h;
        qsmap_lp_number_size(num, number_size, ctx, &w, &h);
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
        if (best_bad > 0 && number_moved(P, i, w, h, &best_box))
            best = QSMAP_NUMBER_MOVED;
        P->out[i].kind = QSMAP_LABEL_NUMBERED;
        P->out[i].box = best_box;
        P->out[i].candidate = best;
        P->out[i].number = num;
        P->st[i] = ST_NUMBERED;
        qsmap_status st = qsmap_lgrid_add(&P->g, i, K_BOX, best_box);
        if (st)
            return st;
    }
    return QSMAP_OK;
}
