/* map.c — the map page: districts in the district's UTM zone, geodesic
 * rings around quality schools, school markers, labels placed by labels.c,
 * legend, scale bar, north arrow, title and fine print. Drawn in points on
 * any cairo surface, so the PDF and the PNG come from this one routine.
 *
 * This file frames the view and composes the page; the layers inside the
 * frame are drawn by map_layers.c, what lies around it by map_legend.c. */
#include "render/map_impl.h"
#include "catchment/geodesic.h"

#include <math.h>
#include <stdlib.h>

static void grow(double *b, double x, double y)
{
    b[0] = fmin(b[0], x), b[1] = fmin(b[1], y);
    b[2] = fmax(b[2], x), b[3] = fmax(b[3], y);
}

/* Per school: the nearest quality school's distance among this report's
 * pairs, or NAN for a school in no ring. */
static double *ring_distance(const qsmap_report *r)
{
    double *dist = malloc(r->schools->n * sizeof *dist);
    if (!dist)
        return NULL;
    for (size_t i = 0; i < r->schools->n; i++)
        dist[i] = NAN;
    for (size_t i = 0; i < r->catchment->n; i++) {
        const qsmap_pair *p = &r->catchment->v[i];
        if (p->network != QSMAP_NO_SCHOOL &&
            (isnan(dist[p->network]) || p->distance_m < dist[p->network]))
            dist[p->network] = p->distance_m;
    }
    return dist;
}

/* The quality schools of this report, in catchment order, each once. */
static size_t report_quality(const qsmap_report *r, uint32_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < r->catchment->n; i++)
        if (n == 0 || out[n - 1] != r->catchment->v[i].quality)
            out[n++] = r->catchment->v[i].quality;
    return n;
}

/* Does the district's projected bbox meet the view? */
static bool in_view(const view *v, const qsmap_district *t)
{
    double a[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    double corners[4][2] = {{t->min_lon, t->min_lat},
                            {t->min_lon, t->max_lat},
                            {t->max_lon, t->min_lat},
                            {t->max_lon, t->max_lat}};
    for (int k = 0; k < 4; k++) {
        double px, py;
        to_page(v, corners[k][0], corners[k][1], &px, &py);
        grow(a, px, py);
    }
    return a[2] >= v->fx0 && a[0] <= v->fx1 && a[3] >= v->fy0 && a[1] <= v->fy1;
}

static qsmap_status compute_view(const qsmap_report *r, const qsmap_projection *proj,
                                 const uint32_t *quality, size_t nq, view *v)
{
    double b[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    const double *xy;
    const uint32_t *off;
    size_t nr;
    qsmap_districts_rings(r->districts, &xy, &off, &nr);
    for (size_t k = 0; k < r->nselected; k++) {
        const qsmap_district *t = qsmap_districts_get(r->districts, r->selected[k]);
        for (uint32_t ring = t->first_ring; ring < t->first_ring + t->ring_count; ring++)
            for (uint32_t p = off[ring]; p < off[ring + 1]; p++) {
                double x, y;
                qsmap_projection_forward(proj, xy[2 * p], xy[2 * p + 1], &x, &y);
                grow(b, x, y);
            }
    }
    for (size_t k = 0; k < nq; k++) {
        /* a school no polygon covers, listed by its table's district, may
         * lie anywhere (0,0; the sea): the view keeps to the district */
        if (qsmap_report_by_table(r, quality[k]))
            continue;
        const qsmap_school *q = &r->schools->v[quality[k]];
        for (int a = 0; a < 360; a += 10) {
            double la, lo, x, y;
            qsmap_geod_direct(q->lat, q->lon, a, r->radius_m, &la, &lo);
            qsmap_projection_forward(proj, lo, la, &x, &y);
            grow(b, x, y);
        }
    }
    if (!isfinite(b[0]))
        return QSMAP_E_EMPTY;
    double mx = (b[2] - b[0]) * 0.04 + 500, my = (b[3] - b[1]) * 0.04 + 500;
    v->x0 = b[0] - mx, v->y0 = b[1] - my, v->x1 = b[2] + mx, v->y1 = b[3] + my;
    v->fx0 = MARGIN, v->fy0 = MARGIN + TITLE_H;
    v->fx1 = QSMAP_PAGE_W - MARGIN - PANEL_W - GAP, v->fy1 = QSMAP_PAGE_H - MARGIN;
    double sx = (v->fx1 - v->fx0) / (v->x1 - v->x0), sy = (v->fy1 - v->fy0) / (v->y1 - v->y0);
    v->scale = fmin(sx, sy);
    /* Centre the extent in the frame; the frame keeps its size, the view grows. */
    double cx = (v->x0 + v->x1) / 2, cy = (v->y0 + v->y1) / 2;
    double hw = (v->fx1 - v->fx0) / v->scale / 2, hh = (v->fy1 - v->fy0) / v->scale / 2;
    v->x0 = cx - hw, v->x1 = cx + hw, v->y0 = cy - hh, v->y1 = cy + hh;
    v->ox = v->fx0;
    v->oy = v->fy1;
    v->proj = proj;
    return QSMAP_OK;
}

/* The halo is a stroke of the glyph outlines under the text, like QGIS's
 * text buffer: wide enough that a 2.6 pt province line or a 1.6 pt district
 * outline crossing a name is cut back clear of every letter (3 pt for bold
 * names, thinner for the small labels, so that it takes as little as
 * possible of a neighbouring marker), opaque, with round joins and caps so
 * that it has no spikes at sharp glyph corners. */
void qsmap_map_show_text(cairo_t *cr, PangoLayout *l, double x, double y, bool halo)
{
    if (halo) {
        const PangoFontDescription *fd = pango_layout_get_font_description(l);
        double size = fd ? pango_font_description_get_size(fd) / (double)PANGO_SCALE : 8;
        bool bold = fd && pango_font_description_get_weight(fd) >= PANGO_WEIGHT_BOLD;
        double width = fmin(fmax(1.2 + 0.16 * size + (bold ? 0.3 : 0), 2.2), 3.0);
        cairo_save(cr);
        cairo_new_path(cr);
        cairo_move_to(cr, x, y);
        pango_cairo_layout_path(cr, l);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, width);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_stroke(cr);
        cairo_restore(cr);
    }
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
}

void qsmap_map_text_size(PangoLayout *l, double *w, double *h)
{
    int pw, ph;
    pango_layout_get_size(l, &pw, &ph);
    *w = (double)pw / PANGO_SCALE;
    *h = (double)ph / PANGO_SCALE;
}

typedef struct {
    cairo_t *cr;
} number_ctx;

static void number_size(void *ctx, int number, double *w, double *h)
{
    number_ctx *c = ctx;
    char buf[16];
    snprintf(buf, sizeof buf, "%d", number);
    PangoLayout *l = qsmap_style_layout(c->cr, QSMAP_FONT_LABEL, 6.5, true, buf);
    qsmap_map_text_size(l, w, h);
    g_object_unref(l);
}

/* The map's projection (the first district's UTM zone), its quality schools
 * and the view that frames them: what drawing and locating both need. */
typedef struct {
    qsmap_projection *proj;
    uint32_t *quality; /* the report's quality schools, in catchment order */
    size_t nq;
    view v;
} map_basis;

static qsmap_status open_view(const qsmap_report *r, map_basis *m, qsmap_error *err)
{
    m->proj = NULL;
    m->quality = NULL;
    m->nq = 0;
    if (r->nselected == 0)
        return qsmap_error_set(err, QSMAP_E_EMPTY, NULL, 0, "no district to draw");
    const qsmap_district *first = qsmap_districts_get(r->districts, r->selected[0]);
    qsmap_status st = qsmap_projection_new((first->min_lon + first->max_lon) / 2, &m->proj, err);
    if (st)
        return st;
    m->quality = malloc((r->catchment->n + 1) * sizeof *m->quality);
    if (!m->quality)
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    else if (m->nq = report_quality(r, m->quality),
             compute_view(r, m->proj, m->quality, m->nq, &m->v))
        st = qsmap_error_set(err, QSMAP_E_EMPTY, NULL, 0, "the district has no geometry");
    if (st) {
        free(m->quality);
        m->quality = NULL;
        qsmap_projection_free(m->proj);
        m->proj = NULL;
    }
    return st;
}

static void close_view(map_basis *m)
{
    free(m->quality);
    qsmap_projection_free(m->proj);
}

/* Per district: does its box meet the view? NULL when out of memory. */
static bool *visible_districts(const qsmap_report *r, const view *v)
{
    size_t nd = qsmap_districts_count(r->districts);
    bool *visible = calloc(nd, sizeof *visible);
    for (size_t i = 0; visible && i < nd; i++)
        visible[i] = in_view(v, qsmap_districts_get(r->districts, i));
    return visible;
}

/* Labels are placed before anything is drawn in the frame so that context
 * (district names) can give way to them. *pos has one entry per label. */
static qsmap_status place_labels(cairo_t *cr, const map_basis *m, const qsmap_report *r,
                                 const qsmap_render_opts *opt, const bool *visible,
                                 const double *dist, label_set *ls, qsmap_label_pos **pos,
                                 qsmap_label_stats *stats, qsmap_error *err)
{
    const view *v = &m->v;
    qsmap_rect obstacles[2] = {qsmap_map_scale_bar_box(v), qsmap_map_north_arrow_box(v)};
    if (qsmap_map_labels_build(cr, v, r, opt, m->quality, m->nq, dist, ls) != QSMAP_OK ||
        !(*pos = calloc(ls->n + 1, sizeof **pos)))
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    /* boundaries and rings: labels keep off them where there is room */
    label_lines ll;
    qsmap_status st = qsmap_map_label_lines(v, r, visible, m->quality, m->nq, &ll, err);
    qsmap_rect frame = {v->fx0 + 2, v->fy0 + 2, v->fx1 - 2, v->fy1 - 2};
    number_ctx nc = {cr};
    if (!st && (st = qsmap_labels_place_lines(ls->req, ls->n, obstacles, 2, ll.line, ll.n, frame,
                                              number_size, &nc, *pos, stats)))
        qsmap_error_set(err, st, NULL, 0, "label placement failed");
    qsmap_map_label_lines_free(&ll);
    return st;
}

/* Inside the frame, bottom to top; the labels last, over everything. */
static qsmap_status draw_layers(cairo_t *cr, const map_basis *m, const qsmap_report *r,
                                const qsmap_render_opts *opt, const bool *visible,
                                const double *dist, const label_set *ls,
                                const qsmap_label_pos *pos, qsmap_error *err)
{
    const view *v = &m->v;
    qsmap_map_districts(cr, v, r, visible);
    qsmap_map_rings(cr, v, r, m->quality, m->nq);
    qsmap_status st = qsmap_map_provinces(cr, v, r, visible, err);
    if (st)
        return st;
    qsmap_map_district_outlines(cr, v, r);
    qsmap_map_district_names(cr, v, r, opt->geos, visible, ls->req, pos, ls->n);
    if ((st = qsmap_map_schools(cr, v, r, m->quality, m->nq, dist)) ||
        (st = qsmap_map_ring_tags(cr, v, r, m->quality, m->nq, ls->req, pos, ls->n)))
        return qsmap_error_set(err, st, NULL, 0, "out of memory");
    qsmap_map_scale_bar(cr, v, opt->thai_digits);
    qsmap_map_north_arrow(cr, v);
    qsmap_map_labels_draw(cr, ls, pos, opt->thai_digits);
    return QSMAP_OK;
}

qsmap_status qsmap_map_draw(cairo_t *cr, const qsmap_report *r, const qsmap_render_opts *opt,
                            qsmap_label_stats *stats, qsmap_error *err)
{
    qsmap_label_stats none = {0};
    if (stats)
        *stats = none;
    map_basis m;
    qsmap_status st = open_view(r, &m, err);
    if (st)
        return st;
    const view *v = &m.v;
    double *dist = ring_distance(r);
    bool *visible = visible_districts(r, v);
    label_set ls = {0};
    qsmap_label_pos *pos = NULL;
    if (!dist || !visible) {
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
        goto done;
    }

    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    qsmap_map_title(cr, r, opt);
    cairo_save(cr);
    cairo_rectangle(cr, v->fx0, v->fy0, v->fx1 - v->fx0, v->fy1 - v->fy0);
    cairo_clip(cr);
    cairo_set_source_rgb(cr, 0.86, 0.91, 0.95); /* beyond the boundaries: sea, abroad */
    cairo_paint(cr);
    qsmap_label_stats ls_stats;
    st = place_labels(cr, &m, r, opt, visible, dist, &ls, &pos, &ls_stats, err);
    if (!st)
        st = draw_layers(cr, &m, r, opt, visible, dist, &ls, pos, err);
    if (!st && stats)
        *stats = ls_stats;
    cairo_restore(cr);
    if (!st) {
        cairo_rectangle(cr, v->fx0, v->fy0, v->fx1 - v->fx0, v->fy1 - v->fy0);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        cairo_set_line_width(cr, 0.8);
        cairo_stroke(cr);
        qsmap_map_legend(cr, r, opt, m.proj, pos, ls.school, ls.n, dist);
        if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
            st = qsmap_error_set(err, QSMAP_E_RENDER, NULL, 0, "cairo: %s",
                                 cairo_status_to_string(cairo_status(cr)));
    }
done:
    qsmap_map_labels_free(&ls);
    free(pos);
    free(visible);
    free(dist);
    close_view(&m);
    return st;
}

qsmap_status qsmap_map_page_point(const qsmap_report *r, double lat, double lon, double *px,
                                  double *py, qsmap_error *err)
{
    map_basis m;
    qsmap_status st = open_view(r, &m, err);
    if (st)
        return st;
    to_page(&m.v, lon, lat, px, py);
    close_view(&m);
    return QSMAP_OK;
}
