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
#include <string.h>

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

/* The projected extent to map, in metres (min x, min y, max x, max y): the
 * selected districts and the quality schools' rings, with a margin. */
static qsmap_status map_extent(const qsmap_report *r, const qsmap_projection *proj,
                               const uint32_t *quality, size_t nq, bool network, double *b)
{
    b[0] = b[1] = INFINITY, b[2] = b[3] = -INFINITY;
    const double *xy;
    const uint32_t *off;
    size_t nr;
    qsmap_districts_rings(r->districts, &xy, &off, &nr);
    /* a network's map is about its schools: the lead's ring and every
     * member, with the districts around them as context, not framed whole */
    for (size_t k = 0; network && k < r->catchment->n; k++) {
        const qsmap_pair *p = &r->catchment->v[k];
        if (p->network == QSMAP_NO_SCHOOL)
            continue;
        double x, y;
        const qsmap_school *m = &r->schools->v[p->network];
        qsmap_projection_forward(proj, m->lon, m->lat, &x, &y);
        grow(b, x, y);
    }
    for (size_t k = 0; !network && k < r->nselected; k++) {
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
    /* a network's members may lie at the edge of its extent: room for
     * their labels */
    double share = network ? 0.08 : 0.04, pad = network ? 1000 : 500;
    double mx = (b[2] - b[0]) * share + pad, my = (b[3] - b[1]) * share + pad;
    b[0] -= mx, b[1] -= my, b[2] += mx, b[3] += my;
    return QSMAP_OK;
}

/* The same extent's width and height in metres, roughly: the districts'
 * lon/lat boxes and the rings, at their middle latitude. The page is chosen
 * by it, so qsmap_map_page_size, asked before every map, needs no PROJ. */
static qsmap_status rough_size(const qsmap_report *r, const uint32_t *quality, size_t nq,
                               bool network, double *ew, double *eh)
{
    double b[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (size_t k = 0; !network && k < r->nselected; k++) {
        const qsmap_district *t = qsmap_districts_get(r->districts, r->selected[k]);
        if (t->ring_count)
            grow(b, t->min_lon, t->min_lat), grow(b, t->max_lon, t->max_lat);
    }
    for (size_t k = 0; network && k < r->catchment->n; k++)
        if (r->catchment->v[k].network != QSMAP_NO_SCHOOL) {
            const qsmap_school *m = &r->schools->v[r->catchment->v[k].network];
            grow(b, m->lon, m->lat);
        }
    for (size_t k = 0; k < nq; k++) {
        if (qsmap_report_by_table(r, quality[k]))
            continue;
        const qsmap_school *q = &r->schools->v[quality[k]];
        for (int a = 0; a < 360; a += 10) {
            double la, lo;
            qsmap_geod_direct(q->lat, q->lon, a, r->radius_m, &la, &lo);
            grow(b, lo, la);
        }
    }
    if (!isfinite(b[0]))
        return QSMAP_E_EMPTY;
    double w = (b[2] - b[0]) * cos((b[1] + b[3]) / 2 * G_PI / 180) * 111320,
           h = (b[3] - b[1]) * 110574;
    double share = network ? 1.16 : 1.08, pad = network ? 2000 : 1000; /* map_extent's margins */
    *ew = w * share + pad, *eh = h * share + pad;
    return QSMAP_OK;
}

/* The extent ext in frame f: the scale that fits it, centred; the frame
 * keeps its size, the view grows. */
static void frame_view(view *v, const double *ext, qsmap_rect f)
{
    v->fx0 = f.x0, v->fy0 = f.y0, v->fx1 = f.x1, v->fy1 = f.y1;
    double sx = (f.x1 - f.x0) / (ext[2] - ext[0]), sy = (f.y1 - f.y0) / (ext[3] - ext[1]);
    v->scale = fmin(sx, sy);
    double cx = (ext[0] + ext[2]) / 2, cy = (ext[1] + ext[3]) / 2;
    double hw = (f.x1 - f.x0) / v->scale / 2, hh = (f.y1 - f.y0) / v->scale / 2;
    v->x0 = cx - hw, v->x1 = cx + hw, v->y0 = cy - hh, v->y1 = cy + hh;
    v->ox = v->fx0;
    v->oy = v->fy1;
}

/* How large the extent ew × eh comes out in the frame of a page w × h with
 * the panel beside the frame or, band, under it (BAND_EST standing for the
 * band, before anything is measured). */
static double fit_scale(double w, double h, bool band, double ew, double eh)
{
    double fw = w - 2 * MARGIN - (band ? 0 : PANEL_W + GAP);
    double fh = h - 2 * MARGIN - TITLE_H - (band ? BAND_EST + GAP : 0);
    return fmin(fw / ew, fh / eh);
}

/* The paper, portrait or landscape as asked, or else as the extent comes
 * out larger: landscape (the layout of old, the panel beside the frame)
 * unless portrait gains a tenth. A portrait page puts the panel under the
 * frame (a squarish or moderately tall shape) or beside it (a very tall
 * one, like Prachuap Khiri Khan), whichever maps it larger. */
static page_shape choose_page(const qsmap_render_opts *opt, double ew, double eh)
{
    double s = opt->paper == QSMAP_PAPER_A3 ? 841.89 : QSMAP_PAGE_H,
           l = opt->paper == QSMAP_PAPER_A3 ? 1190.55 : QSMAP_PAGE_W;
    double land = fit_scale(l, s, false, ew, eh), side = fit_scale(s, l, false, ew, eh),
           band = fit_scale(s, l, true, ew, eh);
    bool portrait = opt->orientation == QSMAP_ORIENT_PORTRAIT ||
                    (opt->orientation == QSMAP_ORIENT_AUTO && fmax(side, band) > land * 1.1);
    return portrait ? (page_shape){s, l, band >= side} : (page_shape){l, s, false};
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

/* The map's projection (the first district's UTM zone), its quality schools,
 * the extent that frames them, the page, the panel and the view: what
 * drawing and locating need. */
typedef struct {
    qsmap_projection *proj;
    uint32_t *quality; /* the report's quality schools, in catchment order */
    size_t nq;
    double ext[4];     /* map_extent */
    page_shape shape;
    panel_layout panel;
    qsmap_rect inset;  /* the locator's box */
    qsmap_rect *tag;   /* each ring's tag, where tagged[k] (map_rings.c) */
    bool *tagged;
    view v;
} map_basis;

/* The page for r: the paper and orientation opt asks or its shape suits. */
static qsmap_status page_for(const qsmap_report *r, const qsmap_render_opts *opt,
                             const uint32_t *quality, size_t nq, page_shape *shape)
{
    double ew, eh;
    if (rough_size(r, quality, nq, opt->network_title != NULL, &ew, &eh))
        return QSMAP_E_EMPTY;
    *shape = choose_page(opt, ew, eh);
    return QSMAP_OK;
}

static qsmap_status open_view(const qsmap_report *r, const qsmap_render_opts *opt,
                              map_basis *m, qsmap_error *err)
{
    m->proj = NULL;
    m->quality = NULL;
    m->tag = NULL;
    m->tagged = NULL;
    m->nq = 0;
    if (r->nselected == 0)
        return qsmap_error_set(err, QSMAP_E_EMPTY, NULL, 0, "no district to draw");
    const qsmap_district *first = qsmap_districts_get(r->districts, r->selected[0]);
    qsmap_status st = qsmap_projection_new((first->min_lon + first->max_lon) / 2, &m->proj, err);
    if (st)
        return st;
    m->quality = malloc((r->catchment->n + 1) * sizeof *m->quality);
    m->tag = malloc((r->catchment->n + 1) * sizeof *m->tag);
    m->tagged = calloc(r->catchment->n + 1, sizeof *m->tagged);
    if (!m->quality || !m->tag || !m->tagged)
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    else if (m->nq = report_quality(r, m->quality),
             map_extent(r, m->proj, m->quality, m->nq, opt->network_title != NULL, m->ext) ||
                 page_for(r, opt, m->quality, m->nq, &m->shape))
        st = qsmap_error_set(err, QSMAP_E_EMPTY, NULL, 0, "the district has no geometry");
    if (st) {
        free(m->quality), free(m->tag), free(m->tagged);
        m->quality = NULL, m->tag = NULL, m->tagged = NULL;
        qsmap_projection_free(m->proj);
        m->proj = NULL;
        return st;
    }
    m->v = (view){.proj = m->proj, .network = opt->network_title != NULL};
    return QSMAP_OK;
}

static void close_view(map_basis *m)
{
    free(m->quality);
    free(m->tag);
    free(m->tagged);
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

/* What labels keep clear of besides each other and the markers: the
 * scale bar, the north arrow, the locator, then the ring tags; o holds
 * NFIXED + m->nq boxes. How many there are. */
enum { NFIXED = 3 };
static size_t obstacles(const map_basis *m, qsmap_rect *o)
{
    o[0] = qsmap_map_scale_bar_box(&m->v);
    o[1] = qsmap_map_north_arrow_box(&m->v);
    o[2] = m->inset;
    size_t n = NFIXED;
    for (size_t k = 0; k < m->nq; k++)
        if (m->tagged[k])
            o[n++] = m->tag[k];
    return n;
}

/* Labels are placed before anything is drawn in the frame so that context
 * (district names) can give way to them. *pos has one entry per label. */
static qsmap_status place_labels(cairo_t *cr, map_basis *m, const qsmap_report *r,
                                 const qsmap_render_opts *opt, const double *dist,
                                 label_set *ls, qsmap_label_pos **pos,
                                 qsmap_label_stats *stats, qsmap_error *err)
{
    const view *v = &m->v;
    if (qsmap_map_labels_build(cr, v, r, opt, m->quality, m->nq, dist, ls) != QSMAP_OK ||
        !(*pos = calloc(ls->n + 1, sizeof **pos)))
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    m->inset = qsmap_map_locator_box(v, r, ls->req, ls->n);
    qsmap_rect *obs = malloc((NFIXED + m->nq) * sizeof *obs);
    if (obs)
        obstacles(m, obs); /* the fixed ones come first: tags keep clear of them */
    /* a network's one ring needs no tag: its lead is labelled */
    if (!obs || (!v->network && qsmap_map_ring_tags_place(cr, v, r, m->quality, m->nq, ls->req,
                                                          ls->n, obs, NFIXED, m->tag, m->tagged))) {
        free(obs);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    size_t nobs = obstacles(m, obs);
    /* boundaries and rings: labels keep off them where there is room (the
     * districts of this pass's view: the frame changes as the panel grows) */
    bool *visible = visible_districts(r, v);
    if (!visible) {
        free(obs);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    label_lines ll;
    qsmap_status st = qsmap_map_label_lines(v, r, visible, m->quality, m->nq, &ll, err);
    free(visible);
    qsmap_rect frame = {v->fx0 + 2, v->fy0 + 2, v->fx1 - 2, v->fy1 - 2};
    number_ctx nc = {cr};
    if (!st && (st = qsmap_labels_place_lines(ls->req, ls->n, obs, nobs, ll.line, ll.n, frame,
                                              number_size, &nc, *pos, stats)))
        qsmap_error_set(err, st, NULL, 0, "label placement failed");
    qsmap_map_label_lines_free(&ll);
    free(obs);
    return st;
}

/* The frame, the labels in it and the panel beside or under it, which
 * depend on each other: the numbers the placer gives out need room in the
 * panel's key, and a panel grown for them narrows the frame, where the
 * labels are placed again. The panel only grows, so this ends; after the
 * third placing (or when no larger panel would help) the key is set small
 * enough to fit the panel it has. */
static qsmap_status lay_out(cairo_t *cr, map_basis *m, const qsmap_report *r,
                            const qsmap_render_opts *opt, const double *dist, label_set *ls,
                            qsmap_label_pos **pos, qsmap_label_stats *stats, qsmap_error *err)
{
    legend_src src = {r, opt, m->proj, NULL, NULL, 0, dist};
    m->panel = (panel_layout){0};
    qsmap_map_panel_fit(cr, &src, m->shape, true, &m->panel);
    for (int pass = 0;; pass++) {
        frame_view(&m->v, m->ext, qsmap_map_frame_of(m->shape, &m->panel));
        qsmap_status st = place_labels(cr, m, r, opt, dist, ls, pos, stats, err);
        if (st)
            return st;
        src.pos = *pos, src.labelled = ls->school, src.nlabels = ls->n;
        panel_layout kept = m->panel, need = m->panel;
        qsmap_map_panel_fit(cr, &src, m->shape, false, &kept);
        if (kept.key_pt >= KEY_PT || pass == 2) {
            m->panel = kept;
            return QSMAP_OK;
        }
        qsmap_map_panel_fit(cr, &src, m->shape, true, &need);
        if (m->shape.band ? need.box.y0 >= m->panel.box.y0 - 0.01
                          : need.box.x0 >= m->panel.box.x0 - 0.01) {
            m->panel = kept;
            return QSMAP_OK;
        }
        m->panel = need;
        qsmap_map_labels_free(ls);
        free(*pos);
        *ls = (label_set){0};
        *pos = NULL;
    }
}

/* District names give way to school labels and markers (map_layers.c) and
 * here also to the scale bar, north arrow, locator and ring tags: each is
 * handed over as one more placed box with no marker. */
static void district_names(cairo_t *cr, const map_basis *m, const qsmap_report *r,
                           const qsmap_render_opts *opt, const bool *visible,
                           const label_set *ls, const qsmap_label_pos *pos)
{
    size_t most = ls->n + NFIXED + m->nq;
    qsmap_label_req *req = malloc(most * sizeof *req);
    qsmap_label_pos *at = malloc(most * sizeof *at);
    qsmap_rect *obs = malloc((NFIXED + m->nq) * sizeof *obs);
    if (req && at && obs) {
        memcpy(req, ls->req, ls->n * sizeof *req);
        memcpy(at, pos, ls->n * sizeof *at);
        size_t nobs = obstacles(m, obs);
        for (size_t k = 0; k < nobs; k++) {
            req[ls->n + k] = (qsmap_label_req){(obs[k].x0 + obs[k].x1) / 2,
                                               (obs[k].y0 + obs[k].y1) / 2, 0, 0, 0, 0};
            at[ls->n + k] = (qsmap_label_pos){.box = obs[k]};
        }
        qsmap_map_district_names(cr, &m->v, r, opt->geos, visible, req, at, ls->n + nobs);
    }
    free(req);
    free(at);
    free(obs);
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
    district_names(cr, m, r, opt, visible, ls, pos);
    if (v->network)
        qsmap_map_member_lines(cr, v, r);
    if ((st = qsmap_map_schools(cr, v, r, m->quality, m->nq, dist)))
        return qsmap_error_set(err, st, NULL, 0, "out of memory");
    qsmap_map_ring_tags_draw(cr, r, m->quality, m->nq, m->tag, m->tagged);
    qsmap_map_scale_bar(cr, v, opt->thai_digits);
    qsmap_map_north_arrow(cr, v);
    qsmap_map_locator(cr, v, r, m->inset);
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
    qsmap_status st = open_view(r, opt, &m, err);
    if (st)
        return st;
    const view *v = &m.v;
    double *dist = ring_distance(r);
    bool *visible = NULL;
    label_set ls = {0};
    qsmap_label_pos *pos = NULL;
    qsmap_label_stats ls_stats;
    if (!dist) {
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
        goto done;
    }
    st = lay_out(cr, &m, r, opt, dist, &ls, &pos, &ls_stats, err);
    if (!st && !(visible = visible_districts(r, v)))
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    if (st)
        goto done;

    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    qsmap_map_title(cr, r, opt, m.shape.w);
    cairo_save(cr);
    cairo_rectangle(cr, v->fx0, v->fy0, v->fx1 - v->fx0, v->fy1 - v->fy0);
    cairo_clip(cr);
    cairo_set_source_rgb(cr, 0.86, 0.91, 0.95); /* beyond the boundaries: sea, abroad */
    cairo_paint(cr);
    st = draw_layers(cr, &m, r, opt, visible, dist, &ls, pos, err);
    ls_stats.key_pt = ls_stats.numbered ? m.panel.key_pt : 0;
    if (!st && stats)
        *stats = ls_stats;
    cairo_restore(cr);
    if (!st) {
        cairo_rectangle(cr, v->fx0, v->fy0, v->fx1 - v->fx0, v->fy1 - v->fy0);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        cairo_set_line_width(cr, 0.8);
        cairo_stroke(cr);
        legend_src src = {r, opt, m.proj, pos, ls.school, ls.n, dist};
        qsmap_map_legend(cr, &src, &m.panel);
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

qsmap_status qsmap_map_page_size(const qsmap_report *r, const qsmap_render_opts *opt,
                                 double *w, double *h, qsmap_error *err)
{
    if (r->nselected == 0)
        return qsmap_error_set(err, QSMAP_E_EMPTY, NULL, 0, "no district to draw");
    uint32_t *quality = malloc((r->catchment->n + 1) * sizeof *quality);
    if (!quality)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    page_shape shape;
    qsmap_status st = page_for(r, opt, quality, report_quality(r, quality), &shape);
    free(quality);
    if (st)
        return qsmap_error_set(err, QSMAP_E_EMPTY, NULL, 0, "the district has no geometry");
    *w = shape.w, *h = shape.h;
    return QSMAP_OK;
}

/* The frame depends on the labels (lay_out), so locating lays the page out
 * as drawing does, on a recording surface: the PDF's metrics. */
qsmap_status qsmap_map_page_point(const qsmap_report *r, const qsmap_render_opts *opt,
                                  double lat, double lon, double *px, double *py,
                                  qsmap_error *err)
{
    map_basis m;
    qsmap_status st = open_view(r, opt, &m, err);
    if (st)
        return st;
    double *dist = ring_distance(r);
    label_set ls = {0};
    qsmap_label_pos *pos = NULL;
    qsmap_label_stats stats;
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(s);
    if (!dist)
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    else
        st = lay_out(cr, &m, r, opt, dist, &ls, &pos, &stats, err);
    if (!st)
        to_page(&m.v, lon, lat, px, py);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    qsmap_map_labels_free(&ls);
    free(pos);
    free(dist);
    close_view(&m);
    return st;
}
