/* labels_impl.h — what the files of the label placer share: its state, the
 * bucket grid over the frame, the costs, and the steps one file calls in
 * another. labels.c sets up and runs the phases (greedy, repair) and keeps
 * the page's books; labels_leader.c moves labels off their markers (leader
 * lines, numbers); labels_grid.c answers the neighbour queries;
 * labels_geom.h holds the predicates. Private to render/labels*.c.
 *
 * Names: qsmap_lgrid_* are the grid's, qsmap_lp_* the placer's steps. */
#ifndef QSMAP_RENDER_LABELS_IMPL_H
#define QSMAP_RENDER_LABELS_IMPL_H

#include "render/labels_geom.h"

#include <stdint.h>

enum { NPOS = 8, NRING = 3, NDIR = 16 };

/* Costs. One candidate rank is 1.0; spoiling part of a neighbour's free room
 * is cheaper than that, taking its last free spot dearer than any rank and
 * than sitting across a line (qsmap_label_line.cost, 8 for the thickest):
 * a label keeps off a line at its own expense, not by dooming a neighbour to
 * a leader or a number (at 3.0 it did: the province map lost 4 labels by
 * their markers when the line cost came in). */
#define CONFLICT_W 0.5
#define CONFLICT_KILL 10.0
#define LEADER_RING_W 20.0
#define LEADER_DIR_W 0.3
#define LEADER_MARKER_PEN 8.0 /* line through another school's marker reads wrong */
#define LEADER_CROSS_PEN 4.0
#define LEADER_LINE_W 0.25 /* a leader has room to dodge lines; the full cost moved
                              * leaders into each other's room */
#define MARKER_HIDDEN 100.0 /* a number over a marker hides a school: worse than over text */

enum { K_MARKER = 0, K_ENV, K_BOX, K_SEG, K_COUNT };
/* ST_NUMRES: no room by the marker or for a leader, a number box reserved
 * (at the largest size a number can take); ST_PENDING: the same, no room
 * even for the number yet. */
enum { ST_FREE = 0, ST_AT, ST_LEADER, ST_NUMRES, ST_PENDING, ST_NUMBERED };

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

/* The lines labels should keep off (boundaries, rings), cut into segments
 * and filed by cell once: they never move. A cell's segments are
 * seg[start[cell] .. start[cell + 1]), indices into s (and line, the line
 * each came from). */
typedef struct {
    double ox, oy, cs;
    int nx, ny;
    uint32_t *start, *seg;
    seg_t *s;
    uint32_t *line;
    size_t ns;
    const qsmap_label_line *lines;
} sgrid;

typedef struct {
    const qsmap_label_req *req;
    size_t n;
    const qsmap_rect *obs;
    size_t nobs;
    const qsmap_label_line *lines;
    size_t nlines;
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
    sgrid lg;
    double *linecost; /* per candidate: the lines crossing it (qsmap_sgrid_cost) */
} placer;

/* What `take` removed, for putting it back. */
typedef struct {
    unsigned char st;
    qsmap_rect box;
    seg_t seg;
    int cand;
} saved;

static inline int has_box(const placer *P, size_t i)
{
    return P->st[i] == ST_AT || P->st[i] == ST_LEADER || P->st[i] == ST_NUMRES ||
           P->st[i] == ST_NUMBERED;
}

/* ---- labels_grid.c: the bucket grid ------------------------------------ */
qsmap_status qsmap_lgrid_init(grid *g, qsmap_rect f, double cell, size_t n);
void qsmap_lgrid_free(grid *g);
qsmap_status qsmap_lgrid_add(grid *g, size_t idx, int kind, qsmap_rect r);
/* Fill g->res with the distinct indices of items of `kind` hinted near r. */
void qsmap_lgrid_query(grid *g, const qsmap_rect *r, int kind);
/* Is some item of `kind` near r, other than label `self`'s, in the way?
 * Stops at the first; a hint met twice is merely tested twice. */
int qsmap_lgrid_any(const placer *P, const qsmap_rect *r, int kind, size_t self,
                    int (*hit)(const placer *, size_t, const void *), const void *shape);

/* The line grid, on the cells of `cells`; lines must outlive it. */
qsmap_status qsmap_sgrid_init(sgrid *g, const grid *cells, const qsmap_rect *frame,
                              const qsmap_label_line *lines, size_t nlines);
void qsmap_sgrid_free(sgrid *g);
/* The sum of the costs of the lines that cross box b, each line once. */
double qsmap_sgrid_cost(const sgrid *g, const qsmap_rect *b);

/* ---- labels.c: the page's books ---------------------------------------- */
/* PAL's conflict cost: how much of the still-unplaced labels' free room a
 * box (and its leader line, if any) would take. */
double qsmap_lp_conflict(placer *P, const qsmap_rect *r, const seg_t *s, size_t owner);
/* Put label i's box (at candidate c, or the given leader box and line, or
 * a reserved number box) on the page and block what it covers. */
qsmap_status qsmap_lp_put(placer *P, size_t i, int st, qsmap_rect box, const seg_t *s, int c);
/* Take label i off the page (it becomes ST_PENDING). */
saved qsmap_lp_take(placer *P, size_t i);
/* Log the room a box (and line) taken off for good leaves behind. */
qsmap_status qsmap_lp_forget(placer *P, const saved *sv);

/* ---- labels_leader.c: labels away from their marker -------------------- */
/* Give label i (whatever it holds now) a leader if some ring has room;
 * otherwise it keeps what it had. */
qsmap_status qsmap_lp_try_leader(placer *P, size_t i);
/* Reserve room for label i's number by its marker (or leave it ST_PENDING). */
qsmap_status qsmap_lp_reserve_number(placer *P, size_t i);
/* Number every label left without a place, 1, 2, … in request order. */
qsmap_status qsmap_lp_number_all(placer *P,
                                 void (*number_size)(void *, int, double *, double *),
                                 void *ctx);
/* The size of the box for `num`: the caller's measure, or a fallback. */
void qsmap_lp_number_size(int num, void (*number_size)(void *, int, double *, double *),
                          void *ctx, double *w, double *h);

#endif
