/* map_layers.c — what the map page shows inside its frame, bottom to top:
 * district fills, geodesic rings, province lines, district outlines and
 * names, school markers, school labels (placed by labels.c). */
#include "render/map_impl.h"
#include "base/array.h"
#include "base/number.h"
#include "base/text.h"
#include "catchment/geodesic.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool is_selected(const qsmap_report *r, size_t d)
{
    for (size_t k = 0; k < r->nselected; k++)
        if (r->selected[k] == d)
            return true;
    return false;
}

static void trace_ring(cairo_t *cr, const view *v, const double *xy, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        double px, py;
        to_page(v, xy[2 * k], xy[2 * k + 1], &px, &py);
        if (k == 0)
            cairo_move_to(cr, px, py);
        else
            cairo_line_to(cr, px, py);
    }
    cairo_close_path(cr);
}

static void trace_district(cairo_t *cr, const view *v, const qsmap_districts *d, size_t i)
{
    const double *xy;
    const uint32_t *off;
    size_t nr;
    qsmap_districts_rings(d, &xy, &off, &nr);
    const qsmap_district *t = qsmap_districts_get(d, i);
    for (uint32_t r = t->first_ring; r < t->first_ring + t->ring_count; r++)
        trace_ring(cr, v, xy + 2 * off[r], off[r + 1] - off[r]);
}

void qsmap_map_quality_marker(cairo_t *cr, double x, double y, double s, qsmap_color c)
{
    /* A diamond: reads as "main school" apart from the round network markers. */
    cairo_move_to(cr, x, y - s * 1.25);
    cairo_line_to(cr, x + s, y);
    cairo_line_to(cr, x, y + s * 1.25);
    cairo_line_to(cr, x - s, y);
    cairo_close_path(cr);
    qsmap_style_set(cr, qsmap_style_color(c));
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
}

/* A quality school of another office in the run's districts: its colour
 * in a square frame, so that it reads neither as one of the office's nor
 * as another district's. */
void qsmap_map_other_office_marker(cairo_t *cr, double x, double y, double s, qsmap_color c)
{
    double h = s * 1.45;
    cairo_rectangle(cr, x - h, y - h, 2 * h, 2 * h);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 0.7);
    cairo_stroke(cr);
    qsmap_map_quality_marker(cr, x, y, s * 0.8, c);
}

bool qsmap_map_other_office(const qsmap_report *r, uint32_t school)
{
    const qsmap_school *s = &r->schools->v[school];
    return r->office && s->role == QSMAP_ROLE_QUALITY && !qsmap_office_has(r->office, s);
}

/* Network markers: the fill tells the Indicator 10 status where the table
 * gives one (white when it does not); a second ring marks a school within
 * reach of two or more quality schools. */
static const qsmap_rgb NETWORK_INK = {0.13, 0.22, 0.42};
static const qsmap_rgb STATUS_FILL[QSMAP_PART_COUNT] = {
    [QSMAP_PART_NONE] = {1, 1, 1},
    [QSMAP_PART_JOINT] = {0.13, 0.22, 0.42},
    [QSMAP_PART_SHARED] = {0.55, 0.78, 0.92},
    [QSMAP_PART_NOT_JOINED] = {1, 1, 1},
};

void qsmap_map_network_marker(cairo_t *cr, double x, double y, double s,
                              qsmap_participation st, bool overlap)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, x, y, s, 0, 2 * G_PI);
    qsmap_style_set(cr, STATUS_FILL[st < QSMAP_PART_COUNT ? st : 0]);
    cairo_fill_preserve(cr);
    qsmap_style_set(cr, NETWORK_INK);
    cairo_set_line_width(cr, 1.1);
    if (st == QSMAP_PART_NOT_JOINED) {
        double dash[] = {1.2, 0.9};
        cairo_set_dash(cr, dash, 2, 0);
    }
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    if (overlap) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, s + 1.7, 0, 2 * G_PI);
        cairo_set_line_width(cr, 0.8);
        cairo_stroke(cr);
    }
}

void qsmap_map_context_dot(cairo_t *cr, double x, double y)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, x, y, CONTEXT_R, 0, 2 * G_PI);
    cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
    cairo_fill(cr);
}

void qsmap_map_districts(cairo_t *cr, const view *v, const qsmap_report *r,
                         const bool *visible)
{
    size_t nd = qsmap_districts_count(r->districts);
    for (size_t i = 0; i < nd; i++) {
        if (!visible[i] || is_selected(r, i))
            continue;
        cairo_new_path(cr);
        trace_district(cr, v, r->districts, i);
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        qsmap_style_set(cr, NEIGHBOUR_FILL);
        cairo_fill_preserve(cr);
        qsmap_style_set(cr, NEIGHBOUR_LINE);
        cairo_set_line_width(cr, 0.6);
        cairo_stroke(cr);
    }
    for (size_t k = 0; k < r->nselected; k++) {
        cairo_new_path(cr);
        trace_district(cr, v, r->districts, r->selected[k]);
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        qsmap_style_set(cr, SELECTED_FILL);
        cairo_fill(cr);
    }
}

void qsmap_map_district_outlines(cairo_t *cr, const view *v, const qsmap_report *r)
{
    for (size_t k = 0; k < r->nselected; k++) {
        cairo_new_path(cr);
        trace_district(cr, v, r->districts, r->selected[k]);
        qsmap_style_set(cr, SELECTED_LINE);
        cairo_set_line_width(cr, 1.6);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
    }
}

/* The provinces of the visible districts, each once, in file order (at
 * most `max`, more than a map ever shows); how many. */
static size_t visible_provinces(const qsmap_report *r, const bool *visible, const char **pc,
                                size_t max)
{
    size_t nd = qsmap_districts_count(r->districts), n = 0;
    for (size_t i = 0; i < nd && n < max; i++) {
        const char *p = qsmap_districts_get(r->districts, i)->province_pcode;
        bool seen = !visible[i] || !p[0];
        for (size_t k = 0; k < n && !seen; k++)
            seen = !strcmp(pc[k], p);
        if (!seen)
            pc[n++] = p;
    }
    return n;
}

qsmap_status qsmap_map_provinces(cairo_t *cr, const view *v, const qsmap_report *r,
                                 const bool *visible, qsmap_error *err)
{
    const char *pc[64];
    size_t np = visible_provinces(r, visible, pc, 64);
    for (size_t k = 0; k < np; k++) {
        const double *xy;
        const uint32_t *off;
        size_t nr;
        qsmap_status st = qsmap_districts_province_rings(r->districts, pc[k], &xy, &off, &nr, err);
        if (st)
            return st;
        cairo_new_path(cr);
        for (size_t ring = 0; ring < nr; ring++)
            trace_ring(cr, v, xy + 2 * off[ring], off[ring + 1] - off[ring]);
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        cairo_set_line_width(cr, 2.6);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
    }
    return QSMAP_OK;
}

/* District names are context: one that would hide a school label or marker
 * is left out (the school labels are never dropped). */
void qsmap_map_district_names(cairo_t *cr, const view *v, const qsmap_report *r,
                              qsmap_geos *geos, const bool *visible,
                              const qsmap_label_req *req, const qsmap_label_pos *pos,
                              size_t nlabels)
{
    size_t nd = qsmap_districts_count(r->districts);
    for (size_t i = 0; i < nd; i++) {
        /* a catchment map's title names its districts; a network's map
         * names every district, its schools' too */
        if (!visible[i] || (!v->network && is_selected(r, i)))
            continue;
        /* Only the part of the district in the frame can carry its name. */
        double la, lo, px, py, lo0, la0, lo1, la1, inset = 30 / v->scale;
        qsmap_projection_inverse(v->proj, v->x0 + inset, v->y0 + inset, &lo0, &la0);
        qsmap_projection_inverse(v->proj, v->x1 - inset, v->y1 - inset, &lo1, &la1);
        if (!qsmap_districts_label_point(r->districts, geos, i, lo0, la0, lo1, la1, &la, &lo))
            continue;
        to_page(v, lo, la, &px, &py);
        if (px < v->fx0 + 20 || px > v->fx1 - 20 || py < v->fy0 + 10 || py > v->fy1 - 10)
            continue;
        PangoLayout *l =
            qsmap_style_layout(cr, QSMAP_FONT_TEXT, 10, false,
                               qsmap_districts_get(r->districts, i)->name_th);
        double w, h;
        qsmap_map_text_size(l, &w, &h);
        qsmap_rect box = {px - w / 2, py - h / 2, px + w / 2, py + h / 2};
        bool clash = false;
        for (size_t k = 0; k < nlabels && !clash; k++) {
            qsmap_rect m = {req[k].x - req[k].marker_r, req[k].y - req[k].marker_r,
                            req[k].x + req[k].marker_r, req[k].y + req[k].marker_r};
            clash = qsmap_rect_overlap(&box, &pos[k].box) || qsmap_rect_overlap(&box, &m);
        }
        if (!clash) {
            cairo_set_source_rgb(cr, 0.52, 0.52, 0.52);
            qsmap_map_show_text(cr, l, box.x0, box.y0, true);
        }
        g_object_unref(l);
    }
}

void qsmap_map_rings(cairo_t *cr, const view *v, const qsmap_report *r,
                     const uint32_t *quality, size_t nq)
{
    size_t n = qsmap_geod_circle_vertices(r->radius_m);
    double *lat = malloc(n * sizeof *lat), *lon = malloc(n * sizeof *lon);
    if (!lat || !lon) {
        free(lat), free(lon);
        return;
    }
    for (size_t k = 0; k < nq; k++) {
        const qsmap_school *q = &r->schools->v[quality[k]];
        qsmap_geod_circle(q->lat, q->lon, r->radius_m, n, lat, lon);
        cairo_new_path(cr);
        for (size_t i = 0; i < n; i++) {
            double px, py;
            to_page(v, lon[i], lat[i], &px, &py);
            if (i == 0)
                cairo_move_to(cr, px, py);
            else
                cairo_line_to(cr, px, py);
        }
        cairo_close_path(cr);
        qsmap_rgb c = qsmap_style_color((qsmap_color)q->color);
        cairo_set_source_rgba(cr, c.r, c.g, c.b, 0.10);
        cairo_fill_preserve(cr);
        cairo_set_source_rgba(cr, c.r * 0.8, c.g * 0.8, c.b * 0.8, 0.95);
        cairo_set_line_width(cr, 1.3);
        cairo_stroke(cr);
    }
    free(lat);
    free(lon);
}

/* ---- labels --------------------------------------------------------------- */

/* What a label box crossed by each kind of line costs the placer: the thick
 * province line and the selected district's black outline more than any
 * candidate rank, a neighbour's thin grey outline less, a ring only enough
 * to choose between otherwise equal places. */
#define LINE_COST_PROVINCE 8.0
#define LINE_COST_SELECTED 8.0
#define LINE_COST_NEIGHBOUR 3.0
#define LINE_COST_RING 1.0

/* Append n (lon, lat) points, projected to the page, as one line. */
static qsmap_status add_line(const view *v, label_lines *ll, const double *lonlat, size_t n,
                             double cost, size_t *xycap, size_t *linecap)
{
    if (qsmap_array_reserve((void **)&ll->xy, xycap, ll->nxy + 2 * n, sizeof *ll->xy, 4096) ||
        qsmap_array_reserve((void **)&ll->line, linecap, ll->n + 1, sizeof *ll->line, 64))
        return QSMAP_E_NOMEM;
    /* xy may move as it grows: the lines get their points once all are in */
    ll->line[ll->n++] = (qsmap_label_line){NULL, n, true, cost};
    for (size_t k = 0; k < n; k++) {
        to_page(v, lonlat[2 * k], lonlat[2 * k + 1], &ll->xy[ll->nxy], &ll->xy[ll->nxy + 1]);
        ll->nxy += 2;
    }
    return QSMAP_OK;
}

/* The province lines of the visible districts' provinces, as drawn. */
static qsmap_status add_province_lines(const view *v, const qsmap_report *r,
                                       const bool *visible, label_lines *ll, size_t *xycap,
                                       size_t *linecap, qsmap_error *err)
{
    const char *pc[64];
    size_t np = visible_provinces(r, visible, pc, 64);
    qsmap_status st = QSMAP_OK;
    for (size_t k = 0; k < np && !st; k++) {
        const double *xy;
        const uint32_t *off;
        size_t nr;
        st = qsmap_districts_province_rings(r->districts, pc[k], &xy, &off, &nr, err);
        for (size_t ring = 0; ring < nr && !st; ring++)
            st = add_line(v, ll, xy + 2 * off[ring], off[ring + 1] - off[ring],
                          LINE_COST_PROVINCE, xycap, linecap);
    }
    return st;
}

qsmap_status qsmap_map_label_lines(const view *v, const qsmap_report *r, const bool *visible,
                                   const uint32_t *quality, size_t nq, label_lines *ll,
                                   qsmap_error *err)
{
    size_t xycap = 0, linecap = 0, nd = qsmap_districts_count(r->districts), nr;
    const double *xy;
    const uint32_t *off;
    qsmap_districts_rings(r->districts, &xy, &off, &nr);
    memset(ll, 0, sizeof *ll);
    qsmap_status st = QSMAP_OK;
    for (size_t i = 0; i < nd && !st; i++) {
        if (!visible[i])
            continue;
        const qsmap_district *t = qsmap_districts_get(r->districts, i);
        double cost = is_selected(r, i) ? LINE_COST_SELECTED : LINE_COST_NEIGHBOUR;
        for (uint32_t k = t->first_ring; k < t->first_ring + t->ring_count && !st; k++)
            st = add_line(v, ll, xy + 2 * off[k], off[k + 1] - off[k], cost, &xycap, &linecap);
    }
    if (!st)
        st = add_province_lines(v, r, visible, ll, &xycap, &linecap, err);
    size_t n = qsmap_geod_circle_vertices(r->radius_m);
    double *lat = malloc(n * sizeof *lat), *lon = malloc(n * sizeof *lon),
           *ring = malloc(2 * n * sizeof *ring);
    if (!st && (!lat || !lon || !ring))
        st = QSMAP_E_NOMEM;
    for (size_t k = 0; k < nq && !st; k++) {
        const qsmap_school *q = &r->schools->v[quality[k]];
        qsmap_geod_circle(q->lat, q->lon, r->radius_m, n, lat, lon);
        for (size_t i = 0; i < n; i++)
            ring[2 * i] = lon[i], ring[2 * i + 1] = lat[i];
        st = add_line(v, ll, ring, n, LINE_COST_RING, &xycap, &linecap);
    }
    free(lat), free(lon), free(ring);
    for (size_t k = 0, at = 0; k < ll->n; at += 2 * ll->line[k++].n)
        ll->line[k].xy = ll->xy + at;
    if (st == QSMAP_E_NOMEM)
        qsmap_error_set(err, st, NULL, 0, "out of memory");
    return st;
}

void qsmap_map_label_lines_free(label_lines *ll)
{
    free(ll->line);
    free(ll->xy);
}

void qsmap_map_labels_free(label_set *ls)
{
    for (size_t i = 0; i < ls->n; i++)
        if (ls->layout[i])
            g_object_unref(ls->layout[i]);
    free(ls->school);
    free(ls->req);
    free(ls->layout);
}

static double measure_text(void *ctx, const char *s, size_t len)
{
    int w, h;
    pango_layout_set_text(ctx, s, (int)len);
    pango_layout_get_size(ctx, &w, &h);
    return (double)w / PANGO_SCALE;
}

/* text's lines in layout m's font, joined by '\n'; *widest: the widest. */
static char *wrap_text(PangoLayout *m, const char *text, double wrap, double *widest)
{
    qsmap_text_span *lines;
    size_t n;
    if (qsmap_label_wrap(text, wrap, measure_text, m, &lines, &n))
        return NULL;
    *widest = 0;
    for (size_t k = 0; k < n; k++)
        *widest =
            fmax(*widest, measure_text(m, text + lines[k].start, lines[k].end - lines[k].start));
    char *out = qsmap_label_join(text, lines, n);
    free(lines);
    return out;
}

/* A label's layout: the text broken into lines only where labels_text.c
 * allows. A chunk too wide for a line first shrinks the font a little (to
 * LABEL_SHRINK of its size at the least) rather than stick out; no Pango
 * wrapping, which would break inside Thai words. The layout measures its
 * own lines (one layout a label, as layouts are dear to make). NULL when
 * out of memory. */
static PangoLayout *label_layout(cairo_t *cr, const char *text, bool is_q)
{
    const double LABEL_SHRINK = 0.85, wrap = is_q ? 150 : LABEL_WRAP;
    double size = is_q ? 10.5 : 6.3, widest;
    PangoLayout *l =
        qsmap_style_layout(cr, is_q ? QSMAP_FONT_TEXT : QSMAP_FONT_LABEL, size, is_q, "");
    char *lines = wrap_text(l, text, wrap, &widest);
    if (lines && widest > wrap) {
        g_free(lines);
        PangoFontDescription *fd = pango_font_description_copy(pango_layout_get_font_description(l));
        pango_font_description_set_absolute_size(fd, size * fmax(LABEL_SHRINK, wrap / widest) *
                                                         PANGO_SCALE);
        pango_layout_set_font_description(l, fd);
        pango_font_description_free(fd);
        lines = wrap_text(l, text, wrap, &widest);
    }
    if (!lines) {
        g_object_unref(l);
        return NULL;
    }
    pango_layout_set_text(l, lines, -1);
    g_free(lines);
    return l;
}

static bool page_inside(const view *v, double px, double py)
{
    return px >= v->fx0 && px <= v->fx1 && py >= v->fy0 && py <= v->fy1;
}

/* A network school's name on the map. An overview of several districts
 * drops the word โรงเรียน that every name begins with: the map is dense,
 * the name stays whole (brackets included), and the tables give it in full. */
const char *qsmap_map_network_name(const qsmap_report *r, const char *name)
{
    static const char *const WORD[] = {"โรงเรียน", NULL};
    return r->nselected > 1 ? qsmap_text_strip_prefix(name, WORD) : name;
}

qsmap_status qsmap_map_labels_build(cairo_t *cr, const view *v, const qsmap_report *r,
                                    const qsmap_render_opts *opt, const uint32_t *quality,
                                    size_t nq, const double *dist, label_set *ls)
{
    size_t cap = r->schools->n;
    ls->school = malloc(cap * sizeof *ls->school);
    ls->req = calloc(cap, sizeof *ls->req);
    ls->layout = calloc(cap, sizeof *ls->layout);
    ls->n = 0;
    if (!ls->school || !ls->req || !ls->layout)
        return QSMAP_E_NOMEM;
    for (size_t k = 0; k < nq; k++)
        ls->school[ls->n++] = quality[k];
    for (size_t i = 0; i < r->schools->n; i++)
        if (!isnan(dist[i]))
            ls->school[ls->n++] = (uint32_t)i;
    /* With --office, another office's quality schools in the map's
     * districts are named too: the planner must see who else is there. */
    size_t others = ls->n;
    for (size_t i = 0; r->office && i < r->schools->n; i++)
        if (isnan(dist[i]) && r->district_of[i] >= 0 && is_selected(r, (size_t)r->district_of[i]) &&
            qsmap_map_other_office(r, (uint32_t)i))
            ls->school[ls->n++] = (uint32_t)i;
    /* Room for the second marker ring where the map draws one. */
    uint32_t *rings = malloc((r->schools->n ? r->schools->n : 1) * sizeof *rings);
    if (!rings)
        return QSMAP_E_NOMEM;
    qsmap_map_ring_reach(r, rings);
    size_t kept = 0;
    for (size_t k = 0; k < ls->n; k++) {
        uint32_t s = ls->school[k];
        const qsmap_school *sc = &r->schools->v[s];
        double px, py;
        to_page(v, sc->lon, sc->lat, &px, &py);
        if (!page_inside(v, px, py))
            continue;
        bool is_q = k < nq, other = k >= others;
        char km[32], *text;
        if (is_q || other) {
            text = g_strdup(sc->name);
        } else {
            qsmap_number_km(dist[s], opt->thai_digits, km, sizeof km);
            text = g_strdup_printf("%s · %s กม.", qsmap_map_network_name(r, sc->name), km);
        }
        PangoLayout *l = label_layout(cr, text, is_q);
        g_free(text);
        if (!l) {
            free(rings);
            return QSMAP_E_NOMEM;
        }
        double w, h;
        qsmap_map_text_size(l, &w, &h);
        ls->school[kept] = s;
        ls->layout[kept] = l;
        double marker_r = is_q                       ? QUALITY_R * 1.25
                          : other                    ? OTHER_OFFICE_R * 1.45
                          : rings[s] >= 2            ? NETWORK_R + 2.3
                                                     : NETWORK_R + 0.6;
        ls->req[kept] = (qsmap_label_req){px, py, marker_r, w + 1, h, is_q ? 10 : other ? 5 : 1};
        kept++;
    }
    free(rings);
    ls->n = kept;
    return QSMAP_OK;
}

/* A leader line from the edge of q's marker to (x, y). */
static void leader(cairo_t *cr, const qsmap_label_req *q, double x, double y)
{
    double dx = x - q->x, dy = y - q->y, d = hypot(dx, dy);
    if (d <= q->marker_r)
        return;
    cairo_move_to(cr, q->x + dx / d * q->marker_r, q->y + dy / d * q->marker_r);
    cairo_line_to(cr, x, y);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_set_line_width(cr, 0.45);
    cairo_stroke(cr);
}

void qsmap_map_labels_draw(cairo_t *cr, const label_set *ls, const qsmap_label_pos *pos,
                           bool thai)
{
    for (size_t i = 0; i < ls->n; i++) {
        const qsmap_label_req *q = &ls->req[i];
        if (pos[i].kind == QSMAP_LABEL_LEADER)
            leader(cr, q, pos[i].leader_x, pos[i].leader_y);
        if (pos[i].kind == QSMAP_LABEL_NUMBERED && pos[i].candidate == QSMAP_NUMBER_MOVED) {
            /* a number moved off a crowded marker: a line to the box's
             * nearest point says whose it is */
            const qsmap_rect *b = &pos[i].box;
            leader(cr, q, fmin(fmax(q->x, b->x0), b->x1), fmin(fmax(q->y, b->y0), b->y1));
        }
        if (pos[i].kind == QSMAP_LABEL_NUMBERED) {
            char raw[16], txt[48];
            snprintf(raw, sizeof raw, "%d", pos[i].number);
            qsmap_number_digits(raw, thai, txt, sizeof txt);
            PangoLayout *l = qsmap_style_layout(cr, QSMAP_FONT_LABEL, 6.5, true, txt);
            cairo_set_source_rgb(cr, 0.13, 0.22, 0.42);
            qsmap_map_show_text(cr, l, pos[i].box.x0, pos[i].box.y0, true);
            g_object_unref(l);
            continue;
        }
        /* The lines of a label lean towards its marker: right-aligned left
         * of it, centred above or below it. */
        const qsmap_rect *b = &pos[i].box;
        pango_layout_set_alignment(ls->layout[i], b->x1 <= q->x   ? PANGO_ALIGN_RIGHT
                                                  : b->x0 >= q->x ? PANGO_ALIGN_LEFT
                                                                  : PANGO_ALIGN_CENTER);
        cairo_set_source_rgb(cr, 0.08, 0.08, 0.08);
        qsmap_map_show_text(cr, ls->layout[i], b->x0, b->y0, true);
    }
}

qsmap_status qsmap_map_schools(cairo_t *cr, const view *v, const qsmap_report *r,
                               const uint32_t *quality, size_t nq, const double *dist)
{
    /* The second marker ring: two or more of the rings drawn here reach the
     * school (the map's own, not every quality school loaded). */
    uint32_t *rings = malloc((r->schools->n ? r->schools->n : 1) * sizeof *rings);
    if (!rings)
        return QSMAP_E_NOMEM;
    qsmap_map_ring_reach(r, rings);
    /* Context first, so the schools that matter sit on top. */
    for (size_t i = 0; i < r->schools->n; i++) {
        const qsmap_school *s = &r->schools->v[i];
        if (!isnan(dist[i]))
            continue;
        double px, py;
        to_page(v, s->lon, s->lat, &px, &py);
        if (!page_inside(v, px, py))
            continue;
        bool mine = false;
        for (size_t k = 0; k < nq && !mine; k++)
            mine = quality[k] == i;
        if (mine)
            continue;
        if (qsmap_map_other_office(r, (uint32_t)i)) {
            qsmap_map_other_office_marker(cr, px, py, OTHER_OFFICE_R, (qsmap_color)s->color);
        } else if (s->role == QSMAP_ROLE_QUALITY) {
            /* another district's quality school: its colour, smaller */
            qsmap_map_quality_marker(cr, px, py, 3.0, (qsmap_color)s->color);
        } else {
            qsmap_map_context_dot(cr, px, py);
        }
    }
    for (size_t i = 0; i < r->schools->n; i++) {
        if (isnan(dist[i]))
            continue;
        double px, py;
        to_page(v, r->schools->v[i].lon, r->schools->v[i].lat, &px, &py);
        if (page_inside(v, px, py))
            qsmap_map_network_marker(cr, px, py, NETWORK_R,
                                     (qsmap_participation)r->schools->v[i].participation,
                                     rings[i] >= 2);
    }
    free(rings);
    for (size_t k = 0; k < nq; k++) {
        const qsmap_school *q = &r->schools->v[quality[k]];
        double px, py;
        to_page(v, q->lon, q->lat, &px, &py);
        if (v->network)
            qsmap_map_lead_marker(cr, px, py, QUALITY_R);
        else
            qsmap_map_quality_marker(cr, px, py, QUALITY_R, (qsmap_color)q->color);
    }
    return QSMAP_OK;
}
