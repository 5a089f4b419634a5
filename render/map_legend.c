/* map_legend.c — what the map page shows around its frame: the legend
 * panel (symbols, the key to numbered labels, the fine print), the scale
 * bar and north arrow at the frame's corners, and the title. */
#include "render/map_impl.h"
#include "base/number.h"
#include "base/vocab.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

qsmap_rect qsmap_map_scale_bar_box(const view *v)
{
    double len = scale_bar_km(v) * 1000 * v->scale, x = v->fx0 + 12, y = v->fy1 - 16;
    return (qsmap_rect){x - 6, y - 16, x + len + 30, v->fy1 - 2};
}

void qsmap_map_scale_bar(cairo_t *cr, const view *v, bool thai)
{
    double km = scale_bar_km(v);
    double len = km * 1000 * v->scale, x = v->fx0 + 12, y = v->fy1 - 16;
    qsmap_rect box = qsmap_map_scale_bar_box(v);
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
        qsmap_map_text_size(l, &w, &h);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        qsmap_map_show_text(cr, l, k == 0 ? x - w / 2 : x + len - 4, y - h - 1, false);
        g_object_unref(l);
    }
}

qsmap_rect qsmap_map_north_arrow_box(const view *v)
{
    double x = v->fx1 - 20, y = v->fy0 + 14;
    return (qsmap_rect){x - 12, y - 8, x + 12, y + 34};
}

void qsmap_map_north_arrow(cairo_t *cr, const view *v)
{
    double x = v->fx1 - 20, y = v->fy0 + 14;
    qsmap_rect box = qsmap_map_north_arrow_box(v);
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
    qsmap_map_text_size(l, &w, &h);
    qsmap_map_show_text(cr, l, x - w / 2, y + 20, false);
    g_object_unref(l);
}

typedef legend_panel panel;

static void panel_text(panel *p, const char *text, double size, bool bold, qsmap_rgb c,
                       double indent)
{
    PangoLayout *l = qsmap_style_layout(p->cr, QSMAP_FONT_TEXT, size, bold, text);
    pango_layout_set_width(l, (int)((p->w - indent) * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    double w, h;
    qsmap_map_text_size(l, &w, &h);
    qsmap_style_set(p->cr, c);
    qsmap_map_show_text(p->cr, l, p->x + indent, p->y, false);
    g_object_unref(l);
    p->y += h;
}

void qsmap_map_panel_text(legend_panel *p, const char *text, double size, bool bold, qsmap_rgb c,
                          double indent)
{
    panel_text(p, text, size, bold, c, indent);
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

/* Whether one of the map's quality schools has no readiness colour (an EMIS
 * table with --quality): its grey diamond then needs a legend line. */
static bool has_uncoloured(const qsmap_report *r)
{
    for (size_t i = 0; i < r->catchment->n; i++)
        if (r->schools->v[r->catchment->v[i].quality].color == QSMAP_COLOR_NONE)
            return true;
    return false;
}

/* The school symbols: quality by readiness, network (with the Indicator 10
 * status where the table gives one), context. */
/* A map of Bangkok's districts: they are เขต. */
static bool bangkok_map(const qsmap_report *r)
{
    return !strcmp(qsmap_districts_kind(r->districts, r->selected, r->nselected), "เขต");
}

/* With --office: is a quality school of another office in one of the
 * map's districts (the map draws it in its own frame)? */
static bool other_office_here(const qsmap_report *r)
{
    for (size_t i = 0; r->office && i < r->schools->n; i++)
        for (size_t k = 0; k < r->nselected; k++)
            if (r->district_of[i] == (long)r->selected[k] && qsmap_map_other_office(r, (uint32_t)i))
                return true;
    return false;
}

static void legend_schools(panel *p, const qsmap_report *r)
{
    cairo_t *cr = p->cr;
    panel_text(p, "โรงเรียนคุณภาพ (สีตามระดับความพร้อม)", 9.5, false, INK, 0);
    for (int c = QSMAP_COLOR_RED; c < QSMAP_COLOR_COUNT; c++) {
        qsmap_map_quality_marker(cr, p->x + 8, p->y + 7, 4.2, (qsmap_color)c);
        panel_text(p, qsmap_color_name_th((qsmap_color)c), 9.5, false, INK, 20);
    }
    if (has_uncoloured(r)) {
        qsmap_map_quality_marker(cr, p->x + 8, p->y + 7, 4.2, QSMAP_COLOR_NONE);
        panel_text(p, "ไม่ระบุสี", 9.5, false, INK, 20);
    }
    p->y += 3;
    qsmap_map_network_marker(cr, p->x + 8, p->y + 7, NETWORK_R, QSMAP_PART_NONE, false);
    panel_text(p, "โรงเรียนเครือข่ายในรัศมี (ชื่อ · ระยะทาง)", 9.5, false, INK, 20);
    /* Only where the map has one: it counts the rings drawn on this map. */
    if (qsmap_map_ring_reach(r, NULL) > 0) {
        qsmap_map_network_marker(cr, p->x + 8, p->y + 7, NETWORK_R, QSMAP_PART_NONE, true);
        panel_text(p, "อยู่ในวงรัศมีบนแผนที่นี้ 2 วงขึ้นไป (ใช้ร่วมกัน)", 9.5, false, INK, 20);
    }
    if (r->schools->has_participation)
        for (int k = QSMAP_PART_JOINT; k < QSMAP_PART_COUNT; k++) {
            qsmap_map_network_marker(cr, p->x + 8, p->y + 7, NETWORK_R, (qsmap_participation)k,
                                     false);
            panel_text(p, qsmap_participation_name_th((qsmap_participation)k), 9.5, false, INK,
                       20);
        }
    qsmap_map_context_dot(cr, p->x + 8, p->y + 7);
    panel_text(p, "โรงเรียนอื่นนอกรัศมี", 9.5, false, INK, 20);
    qsmap_map_quality_marker(cr, p->x + 8, p->y + 7, 3.0, QSMAP_COLOR_NONE);
    panel_text(p, bangkok_map(r) ? "โรงเรียนคุณภาพของเขต/อำเภออื่น" : "โรงเรียนคุณภาพของอำเภออื่น",
               9.5, false, INK, 20);
    if (other_office_here(r)) {
        qsmap_map_other_office_marker(cr, p->x + 8, p->y + 7, OTHER_OFFICE_R, QSMAP_COLOR_NONE);
        panel_text(p, "โรงเรียนคุณภาพของสังกัดอื่น", 9.5, false, INK, 20);
    }
}

/* The ring's tag, as map_rings.c draws it: a white pill on the line. */
static void legend_tag(panel *p)
{
    cairo_t *cr = p->cr;
    cairo_new_sub_path(cr);
    cairo_arc(cr, p->x + 4.5, p->y + 7, 3, G_PI / 2, 3 * G_PI / 2);
    cairo_arc(cr, p->x + 11.5, p->y + 7, 3, -G_PI / 2, G_PI / 2);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
    panel_text(p, "ป้ายบนวง: ชื่อโรงเรียนคุณภาพเจ้าของวง", 9.5, false, INK, 20);
}

/* The area symbols: the ring, selected and neighbouring districts, the
 * province boundary. */
static void legend_areas(panel *p, const qsmap_report *r, const qsmap_render_opts *opt)
{
    cairo_t *cr = p->cr;
    cairo_new_sub_path(cr);
    cairo_arc(cr, p->x + 8, p->y + 7, 5.5, 0, 2 * G_PI);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 1.1);
    cairo_stroke(cr);
    char raw[96], txt[200];
    bool net = opt->network_title != NULL;
    snprintf(raw, sizeof raw, net ? "รัศมี %g กม. รอบโรงเรียนแกนนำ"
                                  : "รัศมี %g กม. (วงกลมจีโอเดสิก)", r->radius_m / 1000);
    qsmap_number_digits(raw, opt->thai_digits, txt, sizeof txt);
    panel_text(p, txt, 9.5, false, INK, 20);
    if (!net) /* a network's map has no ring tag */
        legend_tag(p);
    panel_swatch(p, SELECTED_FILL, SELECTED_LINE, 1.4);
    /* a Bangkok map: the selected are เขต, their neighbours เขต or อำเภอ */
    bool bangkok = bangkok_map(r);
    static const char *const SELECTED[2][2] = {
        {"อำเภอที่เลือก", "เขตที่เลือก"},
        {"อำเภอที่ตั้งของโรงเรียนในเครือข่าย", "เขตที่ตั้งของโรงเรียนในเครือข่าย"}};
    panel_text(p, SELECTED[net][bangkok], 9.5, false, INK, 20);
    panel_swatch(p, NEIGHBOUR_FILL, NEIGHBOUR_LINE, 0.6);
    panel_text(p, bangkok ? "เขต/อำเภอข้างเคียง" : "อำเภอข้างเคียง", 9.5, false, INK, 20);
    cairo_move_to(cr, p->x + 2, p->y + 7);
    cairo_line_to(cr, p->x + 14, p->y + 7);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_set_line_width(cr, 2.6);
    cairo_stroke(cr);
    panel_text(p, "เขตจังหวัด", 9.5, false, INK, 20);
}

/* One line of the key to labels that had no room at their marker: number,
 * name, distance. */
static void key_line(panel *p, const legend_src *s, size_t i, double pt)
{
    uint32_t school = s->labelled[i];
    double d = s->dist[school];
    const char *name = s->r->schools->v[school].name;
    if (!isnan(d)) /* a network school: as its label would have said */
        name = qsmap_map_network_name(s->r, name);
    char raw[32], txt[64], km[32];
    qsmap_number_km(d, s->opt->thai_digits, km, sizeof km);
    snprintf(raw, sizeof raw, "%d", s->pos[i].number);
    qsmap_number_digits(raw, s->opt->thai_digits, txt, sizeof txt);
    char *line = isnan(d) ? g_strdup_printf("%s %s", txt, name)
                          : g_strdup_printf("%s %s · %s กม.", txt, name, km);
    panel_text(p, line, pt, false, INK, 4);
    g_free(line);
}

/* The sample warning in bold red: set by attributes over its bytes, not by
 * markup, so the text after it (the table's file name, --date) is never parsed. */
static void warn_attrs(PangoLayout *l, size_t len)
{
    PangoColor red;
    pango_color_parse(&red, "#BF1A1A");
    PangoAttrList *attrs = pango_attr_list_new();
    PangoAttribute *a[2] = {pango_attr_weight_new(PANGO_WEIGHT_BOLD),
                            pango_attr_foreground_new(red.red, red.green, red.blue)};
    for (int k = 0; k < 2; k++) {
        a[k]->start_index = 0;
        a[k]->end_index = (guint)len;
        pango_attr_list_insert(attrs, a[k]);
    }
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
}

/* The file name of the school table without its folders: the fine print is
 * printed and handed round, and a local path says nothing to its reader. */
static const char *file_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

/* Fine print at the foot of the panel: projection, sources, date, version.
 * Plain text throughout: the school table's file name and --date are shown
 * as they are, whatever '&' or '<' they hold, and Thai digits replace the
 * digits of the text only. */
static PangoLayout *fine_print(cairo_t *cr, const legend_src *s, double width)
{
    const qsmap_report *r = s->r;
    bool thai = s->opt->thai_digits, dated = s->opt->date && *s->opt->date;
    char *note = qsmap_style_printf(thai, "%s", r->sample_data ? QSMAP_SAMPLE_NOTE : "");
    char *fine = qsmap_style_printf(
        thai,
        "%s%sเส้นโครงแผนที่ UTM โซน %dN (WGS84); ระยะทางจีโอเดสิกบนทรงรี WGS84\n"
        "ขอบเขตการปกครอง: กรมแผนที่ทหาร / OCHA HDX (CC BY-IGO)\n"
        "ข้อมูลโรงเรียน: %s\n%s%s%sจัดทำด้วย qsmap %s",
        note, r->sample_data ? "\n" : "", qsmap_projection_zone(s->proj),
        r->sample_data ? "รายชื่อ สพฐ. ตำแหน่งและจำนวนเป็นข้อมูลสมมติ" : file_name(r->schools->path),
        dated ? "วันที่ " : "", dated ? s->opt->date : "", dated ? "\n" : "", QSMAP_VERSION);
    PangoLayout *l = qsmap_style_layout(cr, QSMAP_FONT_TEXT, 7.5, false, fine);
    if (r->sample_data)
        warn_attrs(l, strlen(note));
    g_free(note);
    g_free(fine);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    return l;
}

/* ---- the panel's flow ---------------------------------------------------
 * The panel's parts in reading order, flowed down its columns: the heading,
 * the school and area symbols, then the key: its heading and a line per
 * numbered label. The fine print has its own place at the panel's foot,
 * across it, and the columns end above it: nothing pushes it off the page. */

enum { IT_HEAD, IT_SCHOOLS, IT_AREAS, IT_KEY_HEAD, IT_KEY };
#define PAD_L 8.0  /* text from the panel's left edge (and 12 less than a column) */
#define PAD_T 6.0  /* the columns' top below the panel's */
#define FINE_GAP 6.0 /* between the columns' foot and the fine print */
#define FINE_PAD 4.0 /* the fine print's foot above the panel's */

typedef struct {
    int kind;
    size_t label; /* IT_KEY: index into src->pos */
} item;

static void item_draw(panel *p, const legend_src *s, const item *it, double key_pt)
{
    switch (it->kind) {
    case IT_HEAD:
        panel_text(p, "คำอธิบายสัญลักษณ์", 12, true, INK, 0);
        p->y += 3;
        break;
    case IT_SCHOOLS:
        if (s->opt->network_title)
            qsmap_map_legend_members(p, s->r, s->opt);
        else
            legend_schools(p, s->r);
        break;
    case IT_AREAS:
        legend_areas(p, s->r, s->opt);
        break;
    case IT_KEY_HEAD:
        p->y += 5;
        panel_text(p, "หมายเลขบนแผนที่", 9.5, true, INK, 0);
        break;
    default:
        key_line(p, s, it->label, key_pt);
    }
}

/* The panel's items; *n of them. NULL when out of memory. */
static item *panel_items(const legend_src *s, size_t *n)
{
    size_t numbered = 0;
    for (size_t i = 0; s->pos && i < s->nlabels; i++)
        numbered += s->pos[i].kind == QSMAP_LABEL_NUMBERED;
    item *it = malloc((4 + numbered) * sizeof *it);
    if (!it)
        return NULL;
    *n = 0;
    for (int k = IT_HEAD; k <= IT_AREAS; k++)
        it[(*n)++] = (item){k, 0};
    if (numbered)
        it[(*n)++] = (item){IT_KEY_HEAD, 0};
    for (size_t i = 0; numbered && i < s->nlabels; i++)
        if (s->pos[i].kind == QSMAP_LABEL_NUMBERED)
            it[(*n)++] = (item){IT_KEY, i};
    return it;
}

/* Item heights at column width w, measured by drawing each into a group
 * that is thrown away: the same text, the same target's metrics. The key's
 * lines (from `from` on) at key_pt. The clip keeps the group a point
 * square (a 300 dpi page's would be 35 MB). */
static void measure(cairo_t *cr, const legend_src *s, const item *it, size_t from, size_t n,
                    double w, double key_pt, double *h)
{
    cairo_save(cr);
    cairo_rectangle(cr, 0, 0, 1, 1);
    cairo_clip(cr);
    for (size_t k = from; k < n; k++) {
        panel p = {0, 0, w, cr};
        cairo_push_group(cr);
        item_draw(&p, s, &it[k], key_pt);
        cairo_pattern_destroy(cairo_pop_group(cr));
        h[k] = p.y;
    }
    cairo_restore(cr);
}

/* How many columns of height col_h the items take; with col and top, the
 * column and the top of each. A heading never ends a column: one that
 * would, even at a column's top, makes the flow fail (INT_MAX columns). */
static int flow(const item *it, const double *h, size_t n, double col_h, int *col, double *top)
{
    int c = 0, heading_col = -1;
    bool parted = false;
    double y = 0;
    for (size_t k = 0; k < n; k++) {
        bool heading = it[k].kind == IT_HEAD || it[k].kind == IT_KEY_HEAD;
        double need = h[k] + (heading && k + 1 < n ? h[k + 1] : 0);
        if (y > 0 && y + need > col_h)
            c++, y = 0;
        parted |= heading_col >= 0 && heading_col != c;
        heading_col = heading ? c : -1;
        if (col)
            col[k] = c, top[k] = y;
        y += h[k];
    }
    return parted ? INT_MAX : c + 1;
}

/* All the items' heights, the heading's and the symbols' from pl once they
 * are measured (they stay the same while the page is laid out). */
static void measure_items(cairo_t *cr, const legend_src *s, const item *it, size_t n,
                          panel_layout *pl, double key_pt, double *h)
{
    if (!pl->sym_ok) {
        measure(cr, s, it, 0, IT_KEY_HEAD, pl->col_w, key_pt, pl->sym_h);
        pl->sym_ok = true;
    }
    memcpy(h, pl->sym_h, sizeof pl->sym_h);
    measure(cr, s, it, IT_KEY_HEAD, n, pl->col_w, key_pt, h);
}

static double fine_height(cairo_t *cr, const legend_src *s, double width)
{
    PangoLayout *l = fine_print(cr, s, width);
    double w, h;
    qsmap_map_text_size(l, &w, &h);
    g_object_unref(l);
    return h;
}

/* The columns' height in a panel of box b whose fine print takes fine_h. */
static double column_height(qsmap_rect b, double fine_h)
{
    return b.y1 - FINE_PAD - fine_h - FINE_GAP - (b.y0 + PAD_T);
}

qsmap_rect qsmap_map_frame_of(page_shape shape, const panel_layout *pl)
{
    qsmap_rect f = {MARGIN, MARGIN + TITLE_H, shape.w - MARGIN, shape.h - MARGIN};
    if (shape.band)
        f.y1 = pl->box.y0 - (GAP - 6);
    else
        f.x1 = pl->box.x0 - (GAP - 6);
    return f;
}

/* The panel of ncols columns beside the frame, or a band `band` high under it. */
static qsmap_rect panel_box(page_shape shape, int ncols, double band)
{
    if (shape.band)
        return (qsmap_rect){MARGIN, shape.h - MARGIN - band, shape.w - MARGIN,
                            shape.h - MARGIN};
    return (qsmap_rect){shape.w - MARGIN - ncols * PANEL_W - 6, MARGIN + TITLE_H,
                        shape.w - MARGIN, shape.h - MARGIN};
}

/* grow: the smallest panel up to the frame's limit that holds items of
 * heights h; false when none does. */
static bool grow_panel(page_shape shape, const item *it, const double *h, size_t n,
                       double fine_h, panel_layout *pl)
{
    double body = shape.band ? shape.h - 2 * MARGIN - TITLE_H : shape.w - 2 * MARGIN;
    double room = body * (1 - FRAME_MIN_SHARE);
    if (!shape.band) {
        for (int k = 1; k == 1 || k * PANEL_W + 6 + 6 <= room; k++) {
            /* when none holds them: the widest, the caller's last try */
            pl->box = panel_box(shape, k, 0), pl->ncols = k;
            if (flow(it, h, n, column_height(pl->box, fine_h), NULL, NULL) <= k)
                return true;
        }
        return false;
    }
    double tallest = 0;
    for (size_t k = 0; k < n; k++)
        tallest = fmax(tallest, h[k]);
    for (double col = tallest;; col += 4) {
        double band = PAD_T + col + FINE_GAP + fine_h + FINE_PAD;
        bool last = band > room && col > tallest;
        pl->box = panel_box(shape, 0, last ? fmax(room, band - 4) : band);
        if (last)
            return false;
        if (flow(it, h, n, col, NULL, NULL) <= pl->ncols)
            return true;
    }
}

void qsmap_map_panel_fit(cairo_t *cr, const legend_src *src, page_shape shape, bool grow,
                         panel_layout *pl)
{
    if (grow) {
        double inner = shape.w - 2 * MARGIN;
        pl->ncols = shape.band ? (int)fmax(1, floor(inner / BAND_COL_MIN)) : 1;
        pl->col_w = (shape.band ? inner / pl->ncols : PANEL_W) - 12;
        pl->box = panel_box(shape, 1, 0);
    }
    size_t n = 0;
    item *it = panel_items(src, &n);
    double *h = malloc((n + 1) * sizeof *h);
    if (!it || !h) {
        free(it), free(h);
        pl->key_pt = KEY_PT;
        return;
    }
    /* the landscape panel's fine print is measured at one column, its
     * narrowest: the room it keeps is enough however wide the panel grows */
    double fine_h = fine_height(cr, src, shape.band || !grow
                                             ? pl->box.x1 - pl->box.x0 - 12 : pl->col_w);
    measure_items(cr, src, it, n, pl, KEY_PT, h);
    pl->key_pt = KEY_PT;
    /* the key at its size in the panel that holds it, growing one first;
     * where none does, the largest panel with the key set smaller */
    bool fits = grow ? grow_panel(shape, it, h, n, fine_h, pl)
                     : flow(it, h, n, column_height(pl->box, fine_h), NULL, NULL) <= pl->ncols;
    for (double pt = KEY_PT - 0.5; !fits && pt >= KEY_PT_MIN; pt -= 0.5) {
        measure(cr, src, it, IT_KEY_HEAD, n, pl->col_w, pt, h);
        pl->key_pt = pt;
        fits = flow(it, h, n, column_height(pl->box, fine_h), NULL, NULL) <= pl->ncols;
    }
    free(it);
    free(h);
}

void qsmap_map_legend(cairo_t *cr, const legend_src *src, panel_layout *pl)
{
    qsmap_rect b = pl->box;
    cairo_set_source_rgb(cr, 0.97, 0.97, 0.97);
    cairo_rectangle(cr, b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
    cairo_fill(cr);
    size_t n = 0;
    item *it = panel_items(src, &n);
    double *h = malloc((n + 1) * sizeof *h), *top = malloc((n + 1) * sizeof *top);
    int *col = malloc((n + 1) * sizeof *col);
    if (it && h && top && col) {
        measure_items(cr, src, it, n, pl, pl->key_pt, h);
        double fine_h = fine_height(cr, src, b.x1 - b.x0 - 12);
        flow(it, h, n, column_height(b, fine_h), col, top);
        for (size_t k = 0; k < n; k++) {
            panel p = {b.x0 + PAD_L + col[k] * (pl->col_w + 12), b.y0 + PAD_T + top[k],
                       pl->col_w, cr};
            item_draw(&p, src, &it[k], pl->key_pt);
        }
        PangoLayout *l = fine_print(cr, src, b.x1 - b.x0 - 12);
        qsmap_style_set(cr, MUTED);
        qsmap_map_show_text(cr, l, b.x0 + PAD_L, b.y1 - FINE_PAD - fine_h, false);
        g_object_unref(l);
    }
    free(it), free(h), free(top), free(col);
}

/* The title at 19 pt on one line; one too long for it (a district and a
 * province of many words) is set smaller, down to 12 pt, then wrapped onto
 * a second line, which the title's band holds, and ellipsized beyond. With
 * the sample's warning under it, it keeps to one line. */
static PangoLayout *title_layout(cairo_t *cr, const char *txt, bool one_line, double page_w)
{
    double avail = page_w - 2 * MARGIN, w, h;
    PangoLayout *l = qsmap_style_layout(cr, QSMAP_FONT_TEXT, 19, true, txt);
    qsmap_map_text_size(l, &w, &h);
    if (w <= avail)
        return l;
    g_object_unref(l);
    /* a little under the proportional size: text does not scale exactly */
    l = qsmap_style_layout(cr, QSMAP_FONT_TEXT, fmax(12, 19 * avail / w * 0.97), true, txt);
    pango_layout_set_width(l, (int)(avail * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_height(l, one_line ? -1 : -2);
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    return l;
}

void qsmap_map_title(cairo_t *cr, const qsmap_report *r, const qsmap_render_opts *opt,
                     double page_w)
{
    const qsmap_district *d = qsmap_districts_get(r->districts, r->selected[0]);
    char *place = qsmap_style_place(d), *txt;
    /* Bangkok is no จังหวัด, its districts are เขต */
    bool bangkok = bangkok_map(r);
    if (opt->network_title)
        txt = g_strdup(opt->network_title);
    else if (r->nselected == 1)
        txt = qsmap_style_printf(opt->thai_digits,
                                 "โรงเรียนเครือข่ายในรัศมี %g กม. ของโรงเรียนคุณภาพ %s",
                                 r->radius_m / 1000, place);
    else
        txt = qsmap_style_printf(
            opt->thai_digits,
            "โรงเรียนเครือข่ายในรัศมี %g กม. ของโรงเรียนคุณภาพ %s%s (%zu %s)",
            r->radius_m / 1000, bangkok ? "" : "จังหวัด", d->province_th, r->nselected,
            bangkok ? "เขต" : "อำเภอ");
    g_free(place);
    PangoLayout *l = title_layout(cr, txt, r->sample_data, page_w);
    g_free(txt);
    qsmap_style_set(cr, INK);
    qsmap_map_show_text(cr, l, MARGIN, MARGIN - 4, false);
    g_object_unref(l);
    if (r->sample_data) {
        l = qsmap_style_layout(cr, QSMAP_FONT_TEXT, 11, true,
                               QSMAP_SAMPLE_NOTE " — ห้ามใช้อ้างอิงตำแหน่งจริง");
        qsmap_style_set(cr, WARN);
        qsmap_map_show_text(cr, l, MARGIN, MARGIN + 22, false);
        g_object_unref(l);
    }
}
