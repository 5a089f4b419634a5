/* map_rings.c — telling the map's rings apart, and what they share: each
 * ring carries a tag with its quality school's short name on its line,
 * where the ring is least crowded inside the frame (two rings of one
 * readiness colour look alike otherwise), and a network school's second
 * marker ring counts the rings drawn on this map, not every quality school
 * loaded. The rings themselves are drawn by map_layers.c. */
#include "render/map_impl.h"
#include "catchment/geodesic.h"
#include "render/table_text.h"

#include <math.h>
#include <stdlib.h>

size_t qsmap_map_ring_reach(const qsmap_report *r, uint32_t *rings)
{
    /* The map draws one ring per quality school of the report, and the
     * report has a pair for every network school each ring reaches: the
     * pairs of a school are the rings around it. */
    uint32_t *own = rings ? NULL : calloc(r->schools->n ? r->schools->n : 1, sizeof *own);
    uint32_t *count = rings ? rings : own;
    if (!count)
        return SIZE_MAX;
    if (rings)
        for (size_t i = 0; i < r->schools->n; i++)
            rings[i] = 0;
    size_t shared = 0;
    for (size_t i = 0; i < r->catchment->n; i++) {
        uint32_t n = r->catchment->v[i].network;
        if (n != QSMAP_NO_SCHOOL && ++count[n] == 2)
            shared++;
    }
    free(own);
    return shared;
}

#define TAG_SIZE 6.4   /* pt, the tag's text */
#define TAG_STEPS 72   /* candidate places on a ring, every 5 degrees */
#define TAG_PAD_X 2.0
#define TAG_PAD_Y 0.6
#define TAG_MAX_W 110.0 /* pt, longer names end in "…" */

static double overlap_area(const qsmap_rect *a, const qsmap_rect *b)
{
    double w = fmin(a->x1, b->x1) - fmax(a->x0, b->x0);
    double h = fmin(a->y1, b->y1) - fmax(a->y0, b->y0);
    return w > 0 && h > 0 ? w * h : 0;
}

typedef struct {
    const view *v;
    const qsmap_label_req *req; /* the markers */
    size_t nlabels;
    const double *cx, *cy, *radius; /* every ring's centre and radius on the page */
    size_t nq;
    const qsmap_rect *placed; /* tags of the rings before this one */
    size_t nplaced;
    const qsmap_rect *keep_out; /* scale bar, north arrow, inset */
    size_t nkeep;
} tag_scene;

/* What a tag at `box` (on ring k) would cover: markers (and the room by
 * them the labels will want), other tags and other rings' lines, as a
 * cost; INFINITY where it cannot go. */
static double tag_cost(const tag_scene *sc, size_t k, const qsmap_rect *box)
{
    const view *v = sc->v;
    if (box->x0 < v->fx0 + 3 || box->x1 > v->fx1 - 3 || box->y0 < v->fy0 + 3 ||
        box->y1 > v->fy1 - 3)
        return INFINITY;
    for (size_t o = 0; o < sc->nkeep; o++)
        if (qsmap_rect_overlap(box, &sc->keep_out[o]))
            return INFINITY;
    double area = (box->x1 - box->x0) * (box->y1 - box->y0), cost = 0;
    for (size_t i = 0; i < sc->nplaced; i++)
        cost += 50 * overlap_area(box, &sc->placed[i]) / area;
    for (size_t i = 0; i < sc->nlabels; i++) {
        const qsmap_label_req *q = &sc->req[i];
        qsmap_rect m = {q->x - q->marker_r, q->y - q->marker_r, q->x + q->marker_r,
                        q->y + q->marker_r};
        /* the label's likely room: its box's size to either side */
        qsmap_rect room = {q->x - q->w - q->marker_r, q->y - q->h / 2,
                           q->x + q->w + q->marker_r, q->y + q->h / 2};
        cost += 20 * overlap_area(box, &m) / area + 2 * overlap_area(box, &room) / area;
    }
    /* Where another ring's line runs through the tag it reads as that
     * ring's; inside another ring the map is busiest. */
    double mx = (box->x0 + box->x1) / 2, my = (box->y0 + box->y1) / 2,
           half = (box->x1 - box->x0) / 2;
    for (size_t j = 0; j < sc->nq; j++) {
        if (j == k)
            continue;
        double d = hypot(mx - sc->cx[j], my - sc->cy[j]);
        if (fabs(d - sc->radius[j]) < half)
            cost += 4;
        else if (d < sc->radius[j])
            cost += 0.5;
    }
    return cost;
}

/* The best box for ring k's tag of w × h, or false when none is in the frame. */
static bool tag_place(const tag_scene *sc, const qsmap_report *r, const qsmap_school *q,
                      size_t k, double w, double h, qsmap_rect *out)
{
    double best = INFINITY;
    for (int a = 0; a < TAG_STEPS; a++) {
        double la, lo, px, py;
        qsmap_geod_direct(q->lat, q->lon, a * 360.0 / TAG_STEPS, r->radius_m, &la, &lo);
        to_page(sc->v, lo, la, &px, &py);
        qsmap_rect box = {px - w / 2, py - h / 2, px + w / 2, py + h / 2};
        double c = tag_cost(sc, k, &box);
        if (c < best - 1e-9) /* ties: the first, from north clockwise */
            best = c, *out = box;
    }
    return isfinite(best);
}

static void tag_draw(cairo_t *cr, PangoLayout *l, const qsmap_rect *b, qsmap_color color)
{
    qsmap_rgb c = qsmap_style_color(color);
    double rad = (b->y1 - b->y0) / 2;
    cairo_new_sub_path(cr);
    cairo_arc(cr, b->x0 + rad, b->y0 + rad, rad, G_PI / 2, 3 * G_PI / 2);
    cairo_arc(cr, b->x1 - rad, b->y0 + rad, rad, -G_PI / 2, G_PI / 2);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, c.r * 0.8, c.g * 0.8, c.b * 0.8);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
    /* darker than the ring: a yellow ring's name must still read on white */
    cairo_set_source_rgb(cr, c.r * 0.5, c.g * 0.5, c.b * 0.5);
    qsmap_map_show_text(cr, l, b->x0 + TAG_PAD_X, b->y0 + TAG_PAD_Y, false);
}

/* Every ring's centre and radius on the page, for the scene. */
static void ring_geometry(const view *v, const qsmap_report *r, const uint32_t *quality,
                          size_t nq, double *cx, double *cy, double *radius)
{
    for (size_t k = 0; k < nq; k++) {
        const qsmap_school *q = &r->schools->v[quality[k]];
        double la, lo, px, py;
        to_page(v, q->lon, q->lat, &cx[k], &cy[k]);
        qsmap_geod_direct(q->lat, q->lon, 90, r->radius_m, &la, &lo);
        to_page(v, lo, la, &px, &py);
        radius[k] = hypot(px - cx[k], py - cy[k]);
    }
}

/* Ring k's tag text, measured: the short name, cut with "…" beyond
 * TAG_MAX_W (a name of a hundred letters would hide a stretch of its ring:
 * the tag tells rings apart, the school's own label gives the name). */
static PangoLayout *tag_layout(cairo_t *cr, const qsmap_school *q)
{
    char name[256];
    qsmap_table_short_name(q->name, name, sizeof name);
    PangoLayout *l = qsmap_style_layout(cr, QSMAP_FONT_LABEL, TAG_SIZE, true, name);
    pango_layout_set_width(l, (int)(TAG_MAX_W * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    return l;
}

qsmap_status qsmap_map_ring_tags_place(cairo_t *cr, const view *v, const qsmap_report *r,
                                       const uint32_t *quality, size_t nq,
                                       const qsmap_label_req *req, size_t nreq,
                                       const qsmap_rect *keep_out, size_t nkeep,
                                       qsmap_rect *tag, bool *tagged)
{
    double *geo = malloc((3 * nq + 1) * sizeof *geo);
    qsmap_rect *placed = malloc((nq + 1) * sizeof *placed);
    if (!geo || !placed) {
        free(geo), free(placed);
        return QSMAP_E_NOMEM;
    }
    tag_scene sc = {v,  req,    nreq, geo,     geo + nq, geo + 2 * nq,
                    nq, placed, 0,    keep_out, nkeep};
    ring_geometry(v, r, quality, nq, geo, geo + nq, geo + 2 * nq);
    for (size_t k = 0; k < nq; k++) {
        const qsmap_school *q = &r->schools->v[quality[k]];
        PangoLayout *l = tag_layout(cr, q);
        double w, h;
        qsmap_map_text_size(l, &w, &h);
        g_object_unref(l);
        tagged[k] = tag_place(&sc, r, q, k, w + 2 * TAG_PAD_X, h + 2 * TAG_PAD_Y, &tag[k]);
        if (tagged[k])
            placed[sc.nplaced++] = tag[k];
    }
    free(geo);
    free(placed);
    return QSMAP_OK;
}

void qsmap_map_ring_tags_draw(cairo_t *cr, const qsmap_report *r, const uint32_t *quality,
                              size_t nq, const qsmap_rect *tag, const bool *tagged)
{
    for (size_t k = 0; k < nq; k++) {
        if (!tagged[k])
            continue;
        const qsmap_school *q = &r->schools->v[quality[k]];
        PangoLayout *l = tag_layout(cr, q);
        tag_draw(cr, l, &tag[k], (qsmap_color)q->color);
        g_object_unref(l);
    }
}
