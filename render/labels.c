/* labels.c — label placement for the map page, after QGIS PAL: eight
 * candidate positions around each marker, a greedy conflict-aware choice
 * (priority first, then the most constrained label), leader lines and then
 * numbers for labels that find no room, and a repair pass that moves one
 * neighbour aside to win a label its marker position back. Deterministic:
 * every choice is by cost, ties broken by candidate rank and request index.
 * A bucket grid over the frame keeps the neighbour queries local.
 *
 * This file sets up, runs the phases and keeps the page's books (what is
 * placed, what it blocks); labels_leader.c holds leaders and numbers,
 * labels_grid.c the grid, labels_geom.h the predicates.
 *
 * qsmap_label_pos.candidate: 0-7 by the marker (upper right, upper left,
 * lower right, lower left, right, left, top, bottom), also for numbers;
 * 8 + ring * 16 + direction for a leader (see leader_box). */
#include "render/labels_impl.h"

#include <stdlib.h>
#include <string.h>

enum { REPAIR_PASSES = 4 };
#define PI 3.14159265358979323846

int qsmap_rect_overlap(const qsmap_rect *a, const qsmap_rect *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* ---- bookkeeping ----------------------------------------------------------- */

/* A placed box or leader line of `owner` (exactly one of r, s) covers or
 * uncovers (delta ±1) the candidates of every other label it touches. */
static void mark(placer *P, const qsmap_rect *r, const seg_t *s, size_t owner, int delta)
{
    qsmap_rect q = r ? *r : seg_bbox(s);
    qsmap_lgrid_query(&P->g, &q, K_ENV);
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
double qsmap_lp_conflict(placer *P, const qsmap_rect *r, const seg_t *s, size_t owner)
{
    qsmap_rect q = *r;
    if (s) {
        qsmap_rect b = seg_bbox(s);
        q.x0 = fmin(q.x0, b.x0), q.y0 = fmin(q.y0, b.y0);
        q.x1 = fmax(q.x1, b.x1), q.y1 = fmax(q.y1, b.y1);
    }
    qsmap_lgrid_query(&P->g, &q, K_ENV);
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
qsmap_status qsmap_lp_put(placer *P, size_t i, int st, qsmap_rect box, const seg_t *s, int c)
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
    qsmap_status r = qsmap_lgrid_add(&P->g, i, K_BOX, box);
    if (s && !r) {
        P->seg[i] = *s;
        mark(P, NULL, s, i, +1);
        r = qsmap_lgrid_add(&P->g, i, K_SEG, seg_bbox(s));
    }
    return r;
}

static qsmap_status put_at(placer *P, size_t i, int c)
{
    return qsmap_lp_put(P, i, ST_AT, P->cand[i * NPOS + (size_t)c], NULL, c);
}

saved qsmap_lp_take(placer *P, size_t i)
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
    return qsmap_lp_put(P, i, sv->st, sv->box, sv->st == ST_LEADER ? &sv->seg : NULL, sv->cand);
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
        double cost = c + P->linecost[k] + qsmap_lp_conflict(P, &P->cand[k], NULL, i);
        if (cost < best_cost)
            best_cost = cost, best = c;
    }
    return best;
}

/* Log the room a box (and line) taken off for good leaves behind. */
qsmap_status qsmap_lp_forget(placer *P, const saved *sv)
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
    P->linecost = calloc(n * NPOS, sizeof *P->linecost);
    prio_idx *pi = malloc(n * sizeof *pi);
    if (!P->cand || !P->ok || !P->block || !P->nfree || !P->env || !P->seg || !P->st ||
        !P->order || !P->leader_failed || !P->linecost || !pi) {
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
    qsmap_status st = qsmap_lgrid_init(&P->g, P->frame, size / (double)n, n);
    for (size_t i = 0; i < n && !st; i++) {
        const qsmap_label_req *q = &P->req[i];
        double r = marker_r(q);
        qsmap_rect mb = {q->x - r, q->y - r, q->x + r, q->y + r};
        st = qsmap_lgrid_add(&P->g, i, K_MARKER, mb);
        if (!st)
            st = qsmap_lgrid_add(&P->g, i, K_ENV, P->env[i]);
    }
    if (!st)
        st = qsmap_sgrid_init(&P->lg, &P->g, &P->frame, P->lines, P->nlines);
    if (st)
        return st;
    for (size_t c = 0; c < n * NPOS; c++)
        P->linecost[c] = qsmap_sgrid_cost(&P->lg, &P->cand[c]);

    /* Static room: frame, obstacles and every marker, the label's own too. */
    for (size_t i = 0; i < n; i++)
        for (size_t c = i * NPOS; c < (i + 1) * NPOS; c++) {
            int good = inside(&P->cand[c], &P->frame);
            for (size_t k = 0; k < P->nobs && good; k++)
                good = !qsmap_rect_overlap(&P->cand[c], &P->obs[k]);
            if (good) {
                qsmap_lgrid_query(&P->g, &P->cand[c], K_MARKER);
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
            qsmap_status st = qsmap_lp_reserve_number(P, i);
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
                st = qsmap_lp_try_leader(P, P->order[k]);
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
        saved sv = qsmap_lp_take(P, i);
        *won = 1;
        if ((st = qsmap_lp_forget(P, &sv)))
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
        qsmap_lgrid_query(&P->g, &P->cand[ci], K_BOX);
        for (size_t m = 0; m < P->g.nres; m++) {
            size_t k = P->g.res[m];
            if (k != i && has_box(P, k) && qsmap_rect_overlap(&P->out[k].box, &P->cand[ci]))
                j = k;
        }
        if (j == SIZE_MAX || P->st[j] != ST_AT || !could_move(P, j, i, &P->cand[ci]))
            continue;
        saved sv = qsmap_lp_take(P, i);
        saved old = qsmap_lp_take(P, j);
        if ((st = put_at(P, i, c)))
            return st;
        int alt = best_candidate(P, j, old.cand);
        if (alt >= 0) {
            *won = 1;
            if ((st = qsmap_lp_forget(P, &sv)) || (st = qsmap_lp_forget(P, &old)))
                return st;
            return put_at(P, j, alt);
        }
        /* could_move() said yes; undo all the same should it ever be wrong */
        qsmap_lp_take(P, i);
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
            st = qsmap_lp_try_leader(P, i);
        if (!st && P->st[i] == ST_PENDING)
            st = qsmap_lp_reserve_number(P, i);
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
    return qsmap_labels_place_lines(req, n, obstacles, nobstacles, NULL, 0, frame, number_size,
                                    ctx, out, stats);
}

size_t qsmap_labels_crossed(const qsmap_label_pos *pos, size_t n, const qsmap_label_line *lines,
                            size_t nlines, double min_cost)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        bool hit = false;
        for (size_t l = 0; l < nlines && !hit; l++) {
            const qsmap_label_line *L = &lines[l];
            size_t nseg = L->n < 2 ? 0 : L->closed ? L->n : L->n - 1;
            for (size_t k = 0; L->cost >= min_cost && k < nseg && !hit; k++) {
                size_t j = k + 1 < L->n ? k + 1 : 0;
                seg_t s = {L->xy[2 * k], L->xy[2 * k + 1], L->xy[2 * j], L->xy[2 * j + 1]};
                hit = seg_hits_rect(&s, &pos[i].box);
            }
        }
        count += hit;
    }
    return count;
}

qsmap_status qsmap_labels_place_lines(const qsmap_label_req *req, size_t n,
                                      const qsmap_rect *obstacles, size_t nobstacles,
                                      const qsmap_label_line *lines, size_t nlines,
                                      qsmap_rect frame,
                                      void (*number_size)(void *ctx, int number, double *w,
                                                          double *h),
                                      void *ctx, qsmap_label_pos *out,
                                      qsmap_label_stats *stats)
{
    if (stats)
        memset(stats, 0, sizeof *stats);
    if (n == 0)
        return QSMAP_OK;
    if (!req || !out || (nobstacles && !obstacles) || (nlines && !lines))
        return QSMAP_E_VALUE;
    for (size_t l = 0; l < nlines; l++)
        if (lines[l].n && !lines[l].xy)
            return QSMAP_E_VALUE;
    if (n > UINT32_MAX / K_COUNT || n > INT32_MAX || n > SIZE_MAX / (NPOS * sizeof(qsmap_rect)))
        return QSMAP_E_NOMEM;
    /* Whole structs zeroed, padding included, so equal runs compare equal bytewise. */
    memset(out, 0, n * sizeof *out);
    placer P;
    memset(&P, 0, sizeof P);
    P.req = req, P.n = n, P.obs = obstacles, P.nobs = nobstacles, P.frame = frame, P.out = out;
    P.lines = lines, P.nlines = nlines;
    long long nines = 9;
    for (int d = 1; d <= 10; d++, nines = nines * 10 + 9) {
        qsmap_lp_number_size((int)(nines < INT32_MAX ? nines : INT32_MAX), number_size, ctx,
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
        st = qsmap_lp_number_all(&P, number_size, ctx);
    if (!st && stats)
        for (size_t i = 0; i < n; i++) {
            if (out[i].kind == QSMAP_LABEL_AT_MARKER)
                stats->at_marker++;
            else if (out[i].kind == QSMAP_LABEL_LEADER)
                stats->leader++;
            else
                stats->numbered++;
        }
    qsmap_lgrid_free(&P.g);
    qsmap_sgrid_free(&P.lg);
    free(P.linecost);
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
