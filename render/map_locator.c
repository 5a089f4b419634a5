/* map_locator.c — the locator inset: a small map in a corner of the frame
 * of the province (or provinces) the selected districts lie in, those
 * districts shaded, and the main map's view as a rectangle where it shows
 * only part of them. A map of a whole province shows its neighbours around
 * it instead, so that the inset still says where the map is. The corner is
 * the one the labels' anchors use least; the placer keeps labels off it
 * (render/map.c registers it with the scale bar and the north arrow). */
#include "render/map_impl.h"

#include <math.h>
#include <string.h>

#define INSET_MIN 60.0  /* the inset's longer side, points */
#define INSET_MAX 110.0
#define INSET_OFF 6.0   /* from the frame's edges and its other boxes */

static const qsmap_rgb INSET_SEA = {0.86, 0.91, 0.95}, INSET_OTHER = {0.85, 0.85, 0.85},
                       INSET_PROVINCE = {1, 1, 1}, INSET_SELECTED = {0.91, 0.55, 0.22};

static bool selected(const qsmap_report *r, size_t d)
{
    for (size_t k = 0; k < r->nselected; k++)
        if (r->selected[k] == d)
            return true;
    return false;
}

static bool in_selected_province(const qsmap_report *r, const qsmap_district *d)
{
    for (size_t k = 0; k < r->nselected; k++)
        if (!strcmp(qsmap_districts_get(r->districts, r->selected[k])->province_pcode,
                    d->province_pcode))
            return true;
    return false;
}

static void grow_box(double *e, const view *v, double lon, double lat)
{
    double x, y;
    qsmap_projection_forward(v->proj, lon, lat, &x, &y);
    e[0] = fmin(e[0], x), e[1] = fmin(e[1], y), e[2] = fmax(e[2], x), e[3] = fmax(e[3], y);
}

static void district_box(const view *v, const qsmap_district *t, double *e)
{
    e[0] = e[1] = INFINITY, e[2] = e[3] = -INFINITY;
    grow_box(e, v, t->min_lon, t->min_lat);
    grow_box(e, v, t->min_lon, t->max_lat);
    grow_box(e, v, t->max_lon, t->min_lat);
    grow_box(e, v, t->max_lon, t->max_lat);
}

/* The inset's extent in the map's metres (and in ll, padded, in lon/lat
 * for a quick first test): the selected districts' provinces, or around
 * them when every one of their districts is on the map. */
static void inset_extent(const view *v, const qsmap_report *r, double *e, double *ll)
{
    e[0] = e[1] = INFINITY, e[2] = e[3] = -INFINITY;
    ll[0] = ll[1] = INFINITY, ll[2] = ll[3] = -INFINITY;
    size_t nd = qsmap_districts_count(r->districts), in_province = 0;
    for (size_t i = 0; i < nd; i++) {
        const qsmap_district *t = qsmap_districts_get(r->districts, i);
        if (!in_selected_province(r, t))
            continue;
        in_province++;
        double b[4];
        district_box(v, t, b);
        e[0] = fmin(e[0], b[0]), e[1] = fmin(e[1], b[1]);
        e[2] = fmax(e[2], b[2]), e[3] = fmax(e[3], b[3]);
        ll[0] = fmin(ll[0], t->min_lon), ll[1] = fmin(ll[1], t->min_lat);
        ll[2] = fmax(ll[2], t->max_lon), ll[3] = fmax(ll[3], t->max_lat);
    }
    double side = fmax(e[2] - e[0], e[3] - e[1]);
    double share = in_province <= r->nselected ? 0.45 : 0.04;
    double pad = side * share, dpad = fmax(ll[2] - ll[0], ll[3] - ll[1]) * (share + 0.1);
    e[0] -= pad, e[1] -= pad, e[2] += pad, e[3] += pad;
    ll[0] -= dpad, ll[1] -= dpad, ll[2] += dpad, ll[3] += dpad;
}

/* The inset's size: its extent's shape, the longer side a fifth of the
 * frame's shorter one within INSET_MIN..INSET_MAX. */
static void inset_size(const view *v, const double *e, double *w, double *h)
{
    double side = fmax(INSET_MIN, fmin(INSET_MAX, 0.2 * fmin(v->fx1 - v->fx0, v->fy1 - v->fy0)));
    double ew = e[2] - e[0], eh = e[3] - e[1];
    *w = ew >= eh ? side : fmax(side * 0.5, side * ew / eh);
    *h = eh >= ew ? side : fmax(side * 0.5, side * eh / ew);
}

qsmap_rect qsmap_map_locator_box(const view *v, const qsmap_report *r,
                                 const qsmap_label_req *req, size_t n)
{
    double e[4], ll[4], w, h;
    inset_extent(v, r, e, ll);
    inset_size(v, e, &w, &h);
    qsmap_rect bar = qsmap_map_scale_bar_box(v), arrow = qsmap_map_north_arrow_box(v);
    double left = v->fx0 + INSET_OFF, top = v->fy0 + INSET_OFF;
    double right = v->fx1 - INSET_OFF, bottom = v->fy1 - INSET_OFF;
    /* bottom right first (where a locator is looked for), then top left */
    qsmap_rect corner[4] = {
        {right - w, bottom - h, right, bottom},
        {left, top, left + w, top + h},
        {arrow.x0 - INSET_OFF - w, top, arrow.x0 - INSET_OFF, top + h},
        {left, bar.y0 - INSET_OFF - h, left + w, bar.y0 - INSET_OFF},
    };
    int best = 0;
    double best_cost = INFINITY;
    for (int c = 0; c < 4; c++) {
        double cost = 0;
        for (size_t k = 0; k < n; k++) {
            /* an anchor near the box wants room for its label there too */
            double m = req[k].marker_r + 6;
            if (req[k].x > corner[c].x0 - m && req[k].x < corner[c].x1 + m &&
                req[k].y > corner[c].y0 - m && req[k].y < corner[c].y1 + m)
                cost += req[k].priority >= 10 ? 8 : 1;
        }
        if (cost < best_cost)
            best = c, best_cost = cost;
    }
    return corner[best];
}

typedef struct {
    const view *v;
    double e0, e1, scale, ox, oy; /* metres → inset points */
} inset_tf;

/* A ring in the inset, leaving out vertices too close to show apart. */
static void inset_ring(cairo_t *cr, const inset_tf *t, const double *xy, size_t n)
{
    double step = 0.4 / t->scale / 111000; /* degrees in 0.4 pt, near enough */
    double last_lon = INFINITY, last_lat = INFINITY;
    for (size_t k = 0; k < n; k++) {
        double lon = xy[2 * k], lat = xy[2 * k + 1];
        if (k && k + 1 < n && fabs(lon - last_lon) < step && fabs(lat - last_lat) < step)
            continue;
        last_lon = lon, last_lat = lat;
        double x, y;
        qsmap_projection_forward(t->v->proj, lon, lat, &x, &y);
        double px = t->ox + (x - t->e0) * t->scale, py = t->oy - (y - t->e1) * t->scale;
        if (k == 0)
            cairo_move_to(cr, px, py);
        else
            cairo_line_to(cr, px, py);
    }
    cairo_close_path(cr);
}

static void inset_districts(cairo_t *cr, const inset_tf *t, const qsmap_report *r,
                            const double *e, const double *ll)
{
    const double *xy;
    const uint32_t *off;
    size_t nr, nd = qsmap_districts_count(r->districts);
    qsmap_districts_rings(r->districts, &xy, &off, &nr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (size_t i = 0; i < nd; i++) {
        const qsmap_district *d = qsmap_districts_get(r->districts, i);
        if (d->max_lon < ll[0] || d->min_lon > ll[2] || d->max_lat < ll[1] || d->min_lat > ll[3])
            continue;
        double b[4];
        district_box(t->v, d, b);
        if (b[2] < e[0] || b[0] > e[2] || b[3] < e[1] || b[1] > e[3])
            continue;
        cairo_new_path(cr);
        for (uint32_t ring = d->first_ring; ring < d->first_ring + d->ring_count; ring++)
            inset_ring(cr, t, xy + 2 * off[ring], off[ring + 1] - off[ring]);
        qsmap_style_set(cr, selected(r, i)               ? INSET_SELECTED
                            : in_selected_province(r, d) ? INSET_PROVINCE
                                                         : INSET_OTHER);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
        cairo_set_line_width(cr, 0.25);
        cairo_stroke(cr);
    }
}

/* The outline of each selected district's province, once each. */
static void inset_provinces(cairo_t *cr, const inset_tf *t, const qsmap_report *r)
{
    for (size_t k = 0; k < r->nselected; k++) {
        const char *pc = qsmap_districts_get(r->districts, r->selected[k])->province_pcode;
        bool seen = !pc[0];
        for (size_t j = 0; j < k && !seen; j++)
            seen = !strcmp(pc, qsmap_districts_get(r->districts, r->selected[j])->province_pcode);
        const double *xy;
        const uint32_t *off;
        size_t nr;
        qsmap_error err = {0};
        /* outlines are computed before drawing threads start; none is no error */
        if (seen || qsmap_districts_province_rings(r->districts, pc, &xy, &off, &nr, &err))
            continue;
        cairo_new_path(cr);
        for (size_t ring = 0; ring < nr; ring++)
            inset_ring(cr, t, xy + 2 * off[ring], off[ring + 1] - off[ring]);
        cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
        cairo_set_line_width(cr, 0.8);
        cairo_stroke(cr);
    }
}

void qsmap_map_locator(cairo_t *cr, const view *v, const qsmap_report *r, qsmap_rect box)
{
    double e[4], ll[4];
    inset_extent(v, r, e, ll);
    double bw = box.x1 - box.x0, bh = box.y1 - box.y0;
    double s = fmin(bw / (e[2] - e[0]), bh / (e[3] - e[1]));
    inset_tf t = {v, e[0], e[1], s, box.x0 + (bw - (e[2] - e[0]) * s) / 2,
                  box.y1 - (bh - (e[3] - e[1]) * s) / 2};
    cairo_save(cr);
    cairo_rectangle(cr, box.x0, box.y0, bw, bh);
    qsmap_style_set(cr, INSET_SEA);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    inset_districts(cr, &t, r, e, ll);
    inset_provinces(cr, &t, r);
    /* the main map's view, where it is a part of the inset */
    if ((v->x1 - v->x0) * (v->y1 - v->y0) < 0.5 * (e[2] - e[0]) * (e[3] - e[1])) {
        cairo_rectangle(cr, t.ox + (v->x0 - e[0]) * s, t.oy - (v->y1 - e[1]) * s,
                        (v->x1 - v->x0) * s, (v->y1 - v->y0) * s);
        cairo_set_source_rgb(cr, 0.75, 0.1, 0.1);
        cairo_set_line_width(cr, 0.8);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
    cairo_rectangle(cr, box.x0, box.y0, bw, bh);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
}
