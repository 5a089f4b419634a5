/* map.c — the map page: districts in the district's UTM zone, geodesic
 * rings around quality schools, school markers, labels placed by labels.c,
 * legend, scale bar, north arrow, title and fine print. Drawn in points on
 * any cairo surface, so the PDF and the PNG come from this one routine. */
#include "render/render.h"
#include "base/number.h"
#include "base/vocab.h"
#include "catchment/geodesic.h"
#include "render/projection.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Page layout, in points (A4 landscape). */
#define MARGIN 22.0
#define TITLE_H 46.0
#define PANEL_W 222.0
#define GAP 12.0

#define QUALITY_R 5.2  /* half-size of the quality school marker */
#define NETWORK_R 2.6
#define CONTEXT_R 1.1
#define LABEL_WRAP 120.0 /* widest label before a name wraps */

/* District fills and lines, shared by the map and its legend. */
static const qsmap_rgb SELECTED_FILL = {1.0, 0.96, 0.84}, SELECTED_LINE = {0.15, 0.15, 0.15},
                       NEIGHBOUR_FILL = {0.93, 0.93, 0.93}, NEIGHBOUR_LINE = {0.66, 0.66, 0.66};

typedef struct {
    double x0, y0, x1, y1; /* projected extent, metres */
    double fx0, fy0, fx1, fy1; /* frame on the page */
    double scale;              /* points per metre */
    double ox, oy;             /* page offset of the extent's corner */
    const qsmap_projection *proj;
} view;

static void to_page(const view *v, double lon, double lat, double *px, double *py)
{
    double x, y;
    qsmap_projection_forward(v->proj, lon, lat, &x, &y);
    *px = v->ox + (x - v->x0) * v->scale;
    *py = v->oy - (y - v->y0) * v->scale;
}

static void grow(double *b, double x, double y)
{
    b[0] = fmin(b[0], x), b[1] = fmin(b[1], y);
    b[2] = fmax(b[2], x), b[3] = fmax(b[3], y);
}

static bool is_selected(const qsmap_report *r, size_t d)
{
    for (size_t k = 0; k < r->nselected; k++)
        if (r->selected[k] == d)
            return true;
    return false;
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

static void draw_text(cairo_t *cr, PangoLayout *l, double x, double y, bool halo)
{
    cairo_save(cr);
    cairo_move_to(cr, x, y);
    if (halo) {
        pango_cairo_layout_path(cr, l);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.92);
        cairo_set_line_width(cr, 2.2);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        cairo_move_to(cr, x, y);
    }
    cairo_restore(cr);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
}

static void text_size(PangoLayout *l, double *w, double *h)
{
    int pw, ph;
    pango_layout_get_size(l, &pw, &ph);
    *w = (double)pw / PANGO_SCALE;
    *h = (double)ph / PANGO_SCALE;
}

static void quality_marker(cairo_t *cr, double x, double y, double s, qsmap_color c)
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

static void network_marker(cairo_t *cr, double x, double y, double s, qsmap_participation st,
                           bool overlap)
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

static void context_dot(cairo_t *cr, double x, double y)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, x, y, CONTEXT_R, 0, 2 * G_PI);
    cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
    cairo_fill(cr);
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
    text_size(l, w, h);
    g_object_unref(l);
}

/* Scale bar: the longest round length under a quarter of the frame. */
static double scale_bar_km(const view *v)
{
    static const double STEPS[] = {0.5, 1, 2, 5, 10, 20, 50, 100};
    double max_m = (v->fx1 - v->fx0) * 0.25 / v->scale, km = 0.5;
    for (size_t i = 0; i < sizeof STEPS / sizeof STEPS[0]; i++)
        if (STEPS[i] * 1000 <= max_m)
            km = STEPS[i];
    return km;
}

static qsmap_rect scale_bar_box(const view *v)
{
    double len = scale_bar_km(v) * 1000 * v->scale, x = v->fx0 + 12, y = v->fy1 - 16;
    return (qsmap_rect){x - 6, y - 16, x + len + 30, v->fy1 - 2};
}

static void draw_scale_bar(cairo_t *cr, const view *v, bool thai)
{
    double km = scale_bar_km(v);
    double len = km * 1000 * v->scale, x = v->fx0 + 12, y = v->fy1 - 16;
    qsmap_rect box = scale_bar_box(v);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_rectangle(cr, box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
    cairo_fill(cr);
    for (int k = 0; k < 4; k++) {
        cairo_rectangle(cr, x + len * k / 4, y, len / 4, 4);
        if (k % 2 == 0)
            cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        else
            cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_set_line_width(cr, 0.5);
        cairo_stroke(cr);
    }
    char raw[32], txt[64];
    for (int k = 0; k <= 1; k++) {
        if (k == 0)
            snprintf(raw, sizeof raw, "0");
        else
            snprintf(raw, sizeof raw, "%g กม.", km);
        qsmap_number_digits(raw, thai, txt, sizeof txt);
        PangoLayout *l = qsmap_style_layout(cr, QSMAP_FONT_LABEL, 6.5, false, txt);
        double w, h;
        text_size(l, &w, &h);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        draw_text(cr, l, k == 0 ? x - w / 2 : x + len - 4, y - h - 1, false);
        g_object_unref(l);
    }
}

static qsmap_rect north_arrow_box(const view *v)
{
    double x = v->fx1 - 20, y = v->fy0 + 14;
    return (qsmap_rect){x - 12, y - 8, x + 12, y + 34};
}

static void draw_north_arrow(cairo_t *cr, const view *v)
{
    double x = v->fx1 - 20, y = v->fy0 + 14;
    qsmap_rect box = north_arrow_box(v);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_rectangle(cr, box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
    cairo_fill(cr);
    cairo_move_to(cr, x, y + 2);
    cairo_line_to(cr, x + 6, y + 20);
    cairo_line_to(cr, x, y + 16);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_fill(cr);
    cairo_move_to(cr, x, y + 2);
    cairo_line_to(cr, x - 6, y + 20);
    cairo_line_to(cr, x, y + 16);
    cairo_close_path(cr);
    cairo_set_line_width(cr, 0.7);
    cairo_stroke(cr);
    PangoLayout *l = qsmap_style_layout(cr, QSMAP_FONT_TEXT, 9, true, "N");
    double w, h;
    text_size(l, &w, &h);
    draw_text(cr, l, x - w / 2, y + 20, false);
    g_object_unref(l);
}

typedef struct {
    double x, y; /* panel cursor */
    double w;
    cairo_t *cr;
} panel;

static void panel_text(panel *p, const char *text, double size, bool bold, qsmap_rgb c,
                       double indent)
{
    PangoLayout *l = qsmap_style_layout(p->cr, QSMAP_FONT_TEXT, size, bold, text);
    pango_layout_set_width(l, (int)((p->w - indent) * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    double w, h;
    text_size(l, &w, &h);
    qsmap_style_set(p->cr, c);
    draw_text(p->cr, l, p->x + indent, p->y, false);
    g_object_unref(l);
    p->y += h;
}

static const qsmap_rgb INK = {0.1, 0.1, 0.1}, MUTED = {0.38, 0.38, 0.38},
                       WARN = {0.75, 0.1, 0.1};

/* A legend swatch: a small filled and outlined rectangle at the cursor. */
static void panel_swatch(panel *p, qsmap_rgb fill, qsmap_rgb line, double width)
{
    cairo_rectangle(p->cr, p->x + 2, p->y + 3, 12, 8);
    qsmap_style_set(p->cr, fill);
    cairo_fill_preserve(p->cr);
    qsmap_style_set(p->cr, line);
    cairo_set_line_width(p->cr, width);
    cairo_stroke(p->cr);
}

static void draw_legend(cairo_t *cr, const qsmap_report *r, const qsmap_render_opts *opt,
                        const qsmap_projection *proj, const qsmap_label_pos *pos,
                        const uint32_t *labelled, size_t nlabels, const double *dist)
{
    panel p = {QSMAP_PAGE_W - MARGIN - PANEL_W, MARGIN + TITLE_H, PANEL_W, cr};
    cairo_set_source_rgb(cr, 0.97, 0.97, 0.97);
    cairo_rectangle(cr, p.x - 6, p.y, PANEL_W + 6, QSMAP_PAGE_H - MARGIN - p.y);
    cairo_fill(cr);
    p.x += 4, p.w -= 8, p.y += 6;
    panel_text(&p, "คำอธิบายสัญลักษณ์", 12, true, INK, 0);
    p.y += 3;
    panel_text(&p, "โรงเรียนคุณภาพ (สีตามระดับความพร้อม)", 9.5, false, INK, 0);
    for (int c = QSMAP_COLOR_RED; c < QSMAP_COLOR_COUNT; c++) {
        quality_marker(cr, p.x + 8, p.y + 7, 4.2, (qsmap_color)c);
        panel_text(&p, qsmap_color_name_th((qsmap_color)c), 9.5, false, INK, 20);
    }
    p.y += 3;
    network_marker(cr, p.x + 8, p.y + 7, NETWORK_R, QSMAP_PART_NONE, false);
    panel_text(&p, "โรงเรียนเครือข่ายในรัศมี (ชื่อ · ระยะทาง)", 9.5, false, INK, 20);
    network_marker(cr, p.x + 8, p.y + 7, NETWORK_R, QSMAP_PART_NONE, true);
    panel_text(&p, "อยู่ในรัศมีโรงเรียนคุณภาพ 2 แห่งขึ้นไป", 9.5, false, INK, 20);
    if (r->schools->has_participation)
        for (int k = QSMAP_PART_JOINT; k < QSMAP_PART_COUNT; k++) {
            network_marker(cr, p.x + 8, p.y + 7, NETWORK_R, (qsmap_participation)k, false);
            panel_text(&p, qsmap_participation_name_th((qsmap_participation)k), 9.5, false, INK, 20);
        }
    context_dot(cr, p.x + 8, p.y + 7);
    panel_text(&p, "โรงเรียนอื่นนอกรัศมี", 9.5, false, INK, 20);
    quality_marker(cr, p.x + 8, p.y + 7, 3.0, QSMAP_COLOR_NONE);
    panel_text(&p, "โรงเรียนคุณภาพของอำเภออื่น", 9.5, false, INK, 20);
    cairo_new_sub_path(cr);
    cairo_arc(cr, p.x + 8, p.y + 7, 5.5, 0, 2 * G_PI);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 1.1);
    cairo_stroke(cr);
    char raw[96], txt[200];
    snprintf(raw, sizeof raw, "รัศมี %g กม. (วงกลมจีโอเดสิก)", r->radius_m / 1000);
    qsmap_number_digits(raw, opt->thai_digits, txt, sizeof txt);
    panel_text(&p, txt, 9.5, false, INK, 20);
    panel_swatch(&p, SELECTED_FILL, SELECTED_LINE, 1.4);
    panel_text(&p, "อำเภอที่เลือก", 9.5, false, INK, 20);
    panel_swatch(&p, NEIGHBOUR_FILL, NEIGHBOUR_LINE, 0.6);
    panel_text(&p, "อำเภอข้างเคียง", 9.5, false, INK, 20);
    cairo_move_to(cr, p.x + 2, p.y + 7);
    cairo_line_to(cr, p.x + 14, p.y + 7);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_set_line_width(cr, 2.6);
    cairo_stroke(cr);
    panel_text(&p, "เขตจังหวัด", 9.5, false, INK, 20);

    /* Key for labels that had no room at their marker. */
    size_t numbered = 0;
    for (size_t i = 0; i < nlabels; i++)
        numbered += pos[i].kind == QSMAP_LABEL_NUMBERED;
    if (numbered) {
        p.y += 5;
        panel_text(&p, "หมายเลขบนแผนที่", 9.5, true, INK, 0);
        for (size_t i = 0; i < nlabels; i++) {
            if (pos[i].kind != QSMAP_LABEL_NUMBERED)
                continue;
            const qsmap_school *s = &r->schools->v[labelled[i]];
            char line[400], km[32];
            qsmap_number_km(dist[labelled[i]], opt->thai_digits, km, sizeof km);
            snprintf(raw, sizeof raw, "%d", pos[i].number);
            qsmap_number_digits(raw, opt->thai_digits, txt, sizeof txt);
            if (isnan(dist[labelled[i]]))
                snprintf(line, sizeof line, "%s %s", txt, s->name);
            else
                snprintf(line, sizeof line, "%s %s · %s กม.", txt, s->name, km);
            panel_text(&p, line, 7.5, false, INK, 4);
        }
    }

    /* Fine print at the foot of the panel. */
    char fine[1200];
    size_t used = 0;
    if (r->sample_data)
        used += (size_t)snprintf(fine + used, sizeof fine - used,
                                 "<b><span foreground='#BF1A1A'>" QSMAP_SAMPLE_NOTE
                                 "</span></b>\n");
    used += (size_t)snprintf(fine + used, sizeof fine - used,
                             "เส้นโครงแผนที่ UTM โซน %dN (WGS84); ระยะทางจีโอเดสิกบนทรงรี WGS84\n"
                             "ขอบเขตการปกครอง: กรมแผนที่ทหาร / OCHA HDX (CC BY-IGO)\n"
                             "ข้อมูลโรงเรียน: %s\n",
                             qsmap_projection_zone(proj),
                             r->sample_data ? "รายชื่อ สพฐ. ตำแหน่งและจำนวนเป็นข้อมูลสมมติ"
                                            : r->schools->path);
    if (opt->date && *opt->date)
        used += (size_t)snprintf(fine + used, sizeof fine - used, "วันที่ %s\n", opt->date);
    snprintf(fine + used, sizeof fine - used, "จัดทำด้วย qsmap %s", QSMAP_VERSION);
    char fine_digits[2400];
    qsmap_number_digits(fine, opt->thai_digits, fine_digits, sizeof fine_digits);
    PangoLayout *l = qsmap_style_layout(cr, QSMAP_FONT_TEXT, 7.5, false, "");
    pango_layout_set_markup(l, fine_digits, -1);
    pango_layout_set_width(l, (int)(p.w * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    double w, h;
    text_size(l, &w, &h);
    qsmap_style_set(cr, MUTED);
    double fy = QSMAP_PAGE_H - MARGIN - h - 4;
    draw_text(cr, l, p.x, fmax(fy, p.y + 4), false);
    g_object_unref(l);
}

static void draw_title(cairo_t *cr, const qsmap_report *r, const qsmap_render_opts *opt)
{
    const qsmap_district *d = qsmap_districts_get(r->districts, r->selected[0]);
    char raw[600], txt[1200];
    char place[400];
    qsmap_district_title(d, place, sizeof place);
    if (r->nselected == 1)
        snprintf(raw, sizeof raw, "โรงเรียนเครือข่ายในรัศมี %g กม. ของโรงเรียนคุณภาพ %s",
                 r->radius_m / 1000, place);
    else
        snprintf(raw, sizeof raw,
                 "โรงเรียนเครือข่ายในรัศมี %g กม. ของโรงเรียนคุณภาพ จังหวัด%s (%zu อำเภอ)",
                 r->radius_m / 1000, d->province_th, r->nselected);
    qsmap_number_digits(raw, opt->thai_digits, txt, sizeof txt);
    PangoLayout *l = qsmap_style_layout(cr, QSMAP_FONT_TEXT, 19, true, txt);
    qsmap_style_set(cr, INK);
    draw_text(cr, l, MARGIN, MARGIN - 4, false);
    g_object_unref(l);
    if (r->sample_data) {
        l = qsmap_style_layout(cr, QSMAP_FONT_TEXT, 11, true,
                               QSMAP_SAMPLE_NOTE " — ห้ามใช้อ้างอิงตำแหน่งจริง");
        qsmap_style_set(cr, WARN);
        draw_text(cr, l, MARGIN, MARGIN + 22, false);
        g_object_unref(l);
    }
}

static void draw_districts(cairo_t *cr, const view *v, const qsmap_report *r,
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

static void draw_district_outlines(cairo_t *cr, const view *v, const qsmap_report *r)
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

static qsmap_status draw_provinces(cairo_t *cr, const view *v, const qsmap_report *r,
                                   const bool *visible, qsmap_error *err)
{
    size_t nd = qsmap_districts_count(r->districts);
    const char *done[64];
    size_t ndone = 0;
    for (size_t i = 0; i < nd && ndone < 64; i++) {
        if (!visible[i])
            continue;
        const char *pc = qsmap_districts_get(r->districts, i)->province_pcode;
        bool seen = !pc[0];
        for (size_t k = 0; k < ndone && !seen; k++)
            seen = !strcmp(done[k], pc);
        if (seen)
            continue;
        done[ndone++] = pc;
        const double *xy;
        const uint32_t *off;
        size_t nr;
        qsmap_status st = qsmap_districts_province_rings(r->districts, pc, &xy, &off, &nr, err);
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
static void draw_district_names(cairo_t *cr, const view *v, const qsmap_report *r,
                                qsmap_geos *geos, const bool *visible, const qsmap_label_req *req,
                                const qsmap_label_pos *pos, size_t nlabels)
{
    size_t nd = qsmap_districts_count(r->districts);
    for (size_t i = 0; i < nd; i++) {
        if (!visible[i] || is_selected(r, i))
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
        text_size(l, &w, &h);
        qsmap_rect box = {px - w / 2, py - h / 2, px + w / 2, py + h / 2};
        bool clash = false;
        for (size_t k = 0; k < nlabels && !clash; k++) {
            qsmap_rect m = {req[k].x - req[k].marker_r, req[k].y - req[k].marker_r,
                            req[k].x + req[k].marker_r, req[k].y + req[k].marker_r};
            clash = qsmap_rect_overlap(&box, &pos[k].box) || qsmap_rect_overlap(&box, &m);
        }
        if (!clash) {
            cairo_set_source_rgb(cr, 0.52, 0.52, 0.52);
            draw_text(cr, l, box.x0, box.y0, false);
        }
        g_object_unref(l);
    }
}

static void draw_rings(cairo_t *cr, const view *v, const qsmap_report *r,
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

typedef struct {
    uint32_t *school; /* labelled schools: quality first */
    qsmap_label_req *req;
    PangoLayout **layout;
    size_t n;
} label_set;

static void label_set_free(label_set *ls)
{
    for (size_t i = 0; i < ls->n; i++)
        if (ls->layout[i])
            g_object_unref(ls->layout[i]);
    free(ls->school);
    free(ls->req);
    free(ls->layout);
}

static bool page_inside(const view *v, double px, double py)
{
    return px >= v->fx0 && px <= v->fx1 && py >= v->fy0 && py <= v->fy1;
}

static qsmap_status build_labels(cairo_t *cr, const view *v, const qsmap_report *r,
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
    size_t kept = 0;
    for (size_t k = 0; k < ls->n; k++) {
        uint32_t s = ls->school[k];
        const qsmap_school *sc = &r->schools->v[s];
        double px, py;
        to_page(v, sc->lon, sc->lat, &px, &py);
        if (!page_inside(v, px, py))
            continue;
        bool is_q = k < nq;
        char text[600], km[32];
        if (is_q)
            snprintf(text, sizeof text, "%s", sc->name);
        else {
            qsmap_number_km(dist[s], opt->thai_digits, km, sizeof km);
            snprintf(text, sizeof text, "%s · %s กม.", sc->name, km);
        }
        PangoLayout *l = qsmap_style_layout(cr, is_q ? QSMAP_FONT_TEXT : QSMAP_FONT_LABEL,
                                            is_q ? 10.5 : 6.3, is_q, text);
        pango_layout_set_width(l, (int)((is_q ? 150 : LABEL_WRAP) * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD);
        double w, h;
        text_size(l, &w, &h);
        /* Pango reports the wrap width when a line wraps; take the ink width. */
        PangoRectangle ink, logical;
        pango_layout_get_extents(l, &ink, &logical);
        w = (double)logical.width / PANGO_SCALE;
        ls->school[kept] = s;
        ls->layout[kept] = l;
        double marker_r = is_q                       ? QUALITY_R * 1.25
                          : r->quality_count[s] >= 2 ? NETWORK_R + 2.3
                                                     : NETWORK_R + 0.6;
        ls->req[kept] = (qsmap_label_req){px, py, marker_r, w + 1, h, is_q ? 10 : 1};
        kept++;
    }
    ls->n = kept;
    return QSMAP_OK;
}

static void draw_labels(cairo_t *cr, const label_set *ls, const qsmap_label_pos *pos,
                        bool thai)
{
    for (size_t i = 0; i < ls->n; i++) {
        const qsmap_label_req *q = &ls->req[i];
        if (pos[i].kind == QSMAP_LABEL_LEADER) {
            double dx = pos[i].leader_x - q->x, dy = pos[i].leader_y - q->y;
            double d = hypot(dx, dy);
            if (d > q->marker_r) {
                cairo_move_to(cr, q->x + dx / d * q->marker_r, q->y + dy / d * q->marker_r);
                cairo_line_to(cr, pos[i].leader_x, pos[i].leader_y);
                cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
                cairo_set_line_width(cr, 0.45);
                cairo_stroke(cr);
            }
        }
        if (pos[i].kind == QSMAP_LABEL_NUMBERED) {
            char raw[16], txt[48];
            snprintf(raw, sizeof raw, "%d", pos[i].number);
            qsmap_number_digits(raw, thai, txt, sizeof txt);
            PangoLayout *l = qsmap_style_layout(cr, QSMAP_FONT_LABEL, 6.5, true, txt);
            cairo_set_source_rgb(cr, 0.13, 0.22, 0.42);
            draw_text(cr, l, pos[i].box.x0, pos[i].box.y0, true);
            g_object_unref(l);
            continue;
        }
        cairo_set_source_rgb(cr, 0.08, 0.08, 0.08);
        draw_text(cr, ls->layout[i], pos[i].box.x0, pos[i].box.y0, true);
    }
}

static void draw_schools(cairo_t *cr, const view *v, const qsmap_report *r,
                         const uint32_t *quality, size_t nq, const double *dist)
{
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
        if (s->role == QSMAP_ROLE_QUALITY) {
            /* another district's quality school: its colour, smaller */
            quality_marker(cr, px, py, 3.0, (qsmap_color)s->color);
        } else {
            context_dot(cr, px, py);
        }
    }
    for (size_t i = 0; i < r->schools->n; i++) {
        if (isnan(dist[i]))
            continue;
        double px, py;
        to_page(v, r->schools->v[i].lon, r->schools->v[i].lat, &px, &py);
        if (page_inside(v, px, py))
            network_marker(cr, px, py, NETWORK_R, (qsmap_participation)r->schools->v[i].participation,
                           r->quality_count[i] >= 2);
    }
    for (size_t k = 0; k < nq; k++) {
        const qsmap_school *q = &r->schools->v[quality[k]];
        double px, py;
        to_page(v, q->lon, q->lat, &px, &py);
        quality_marker(cr, px, py, QUALITY_R, (qsmap_color)q->color);
    }
}

/* The map's projection (the first district's UTM zone), its quality schools
 * and the view that frames them: what drawing and locating both need. */
static qsmap_status open_view(const qsmap_report *r, qsmap_projection **proj,
                              uint32_t **quality, size_t *nq, view *v, qsmap_error *err)
{
    *quality = NULL;
    if (r->nselected == 0)
        return qsmap_error_set(err, QSMAP_E_EMPTY, NULL, 0, "no district to draw");
    const qsmap_district *first = qsmap_districts_get(r->districts, r->selected[0]);
    qsmap_status st = qsmap_projection_new((first->min_lon + first->max_lon) / 2, proj, err);
    if (st)
        return st;
    *quality = malloc((r->catchment->n + 1) * sizeof **quality);
    if (!*quality)
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    else if (*nq = report_quality(r, *quality), compute_view(r, *proj, *quality, *nq, v))
        st = qsmap_error_set(err, QSMAP_E_EMPTY, NULL, 0, "the district has no geometry");
    if (st) {
        free(*quality);
        *quality = NULL;
        qsmap_projection_free(*proj);
        *proj = NULL;
    }
    return st;
}

qsmap_status qsmap_map_draw(cairo_t *cr, const qsmap_report *r, const qsmap_render_opts *opt,
                            qsmap_label_stats *stats, qsmap_error *err)
{
    qsmap_label_stats none = {0};
    if (stats)
        *stats = none;
    qsmap_projection *proj;
    uint32_t *quality;
    size_t nq;
    view v;
    qsmap_status st = open_view(r, &proj, &quality, &nq, &v, err);
    if (st)
        return st;
    double *dist = ring_distance(r);
    size_t nd = qsmap_districts_count(r->districts);
    bool *visible = calloc(nd, sizeof *visible);
    label_set ls = {0};
    qsmap_label_pos *pos = NULL;
    if (!dist || !visible) {
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nd; i++)
        visible[i] = in_view(&v, qsmap_districts_get(r->districts, i));

    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    draw_title(cr, r, opt);
    cairo_save(cr);
    cairo_rectangle(cr, v.fx0, v.fy0, v.fx1 - v.fx0, v.fy1 - v.fy0);
    cairo_clip(cr);
    cairo_set_source_rgb(cr, 0.86, 0.91, 0.95); /* beyond the boundaries: sea, abroad */
    cairo_paint(cr);
    /* Labels are placed first so that context (district names) can give way. */
    qsmap_rect obstacles[2] = {scale_bar_box(&v), north_arrow_box(&v)};
    if (build_labels(cr, &v, r, opt, quality, nq, dist, &ls) != QSMAP_OK ||
        !(pos = calloc(ls.n + 1, sizeof *pos))) {
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
        goto done_clip;
    }
    qsmap_rect frame = {v.fx0 + 2, v.fy0 + 2, v.fx1 - 2, v.fy1 - 2};
    number_ctx nc = {cr};
    qsmap_label_stats ls_stats;
    st = qsmap_labels_place(ls.req, ls.n, obstacles, 2, frame, number_size, &nc, pos,
                            &ls_stats);
    if (st) {
        qsmap_error_set(err, st, NULL, 0, "label placement failed");
        goto done_clip;
    }
    draw_districts(cr, &v, r, visible);
    draw_rings(cr, &v, r, quality, nq);
    if ((st = draw_provinces(cr, &v, r, visible, err)))
        goto done_clip;
    draw_district_outlines(cr, &v, r);
    draw_district_names(cr, &v, r, opt->geos, visible, ls.req, pos, ls.n);
    draw_schools(cr, &v, r, quality, nq, dist);
    draw_scale_bar(cr, &v, opt->thai_digits);
    draw_north_arrow(cr, &v);
    draw_labels(cr, &ls, pos, opt->thai_digits);
    if (stats)
        *stats = ls_stats;
done_clip:
    cairo_restore(cr);
    if (!st) {
        cairo_rectangle(cr, v.fx0, v.fy0, v.fx1 - v.fx0, v.fy1 - v.fy0);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        cairo_set_line_width(cr, 0.8);
        cairo_stroke(cr);
        draw_legend(cr, r, opt, proj, pos, ls.school, ls.n, dist);
        if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
            st = qsmap_error_set(err, QSMAP_E_RENDER, NULL, 0, "cairo: %s",
                                 cairo_status_to_string(cairo_status(cr)));
    }
done:
    label_set_free(&ls);
    free(pos);
    free(visible);
    free(dist);
    free(quality);
    qsmap_projection_free(proj);
    return st;
}

qsmap_status qsmap_map_page_point(const qsmap_report *r, double lat, double lon, double *px,
                                  double *py, qsmap_error *err)
{
    qsmap_projection *proj;
    uint32_t *quality;
    size_t nq;
    view v;
    qsmap_status st = open_view(r, &proj, &quality, &nq, &v, err);
    if (st)
        return st;
    to_page(&v, lon, lat, px, py);
    free(quality);
    qsmap_projection_free(proj);
    return st;
}
