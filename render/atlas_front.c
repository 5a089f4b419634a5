/* atlas_front.c — the front of the atlas (render/atlas.c): a cover with
 * the totals and an index map of every district, then index pages listing
 * each district (those without a quality school too), each line a link to
 * the district's map and ending in its page number. Bangkok's districts are
 * เขต, not อำเภอ: an atlas of Bangkok alone says so. */
#include "render/render.h"
#include "base/number.h"
#include "base/vocab.h"

#include <math.h>
#include <string.h>

#define INDEX_ROWS 34
#define INDEX_COLS 2

static void show(cairo_t *cr, const char *family, double size, bool bold, const char *text,
                 double x, double y, double width, qsmap_rgb c)
{
    PangoLayout *l = qsmap_style_layout(cr, family, size, bold, text);
    if (width > 0) {
        /* Index lines are cut to their column; prose wraps. */
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        if (strchr(text, '\n'))
            pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        else
            pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    }
    qsmap_style_set(cr, c);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
}

/* An atlas page's number, small in the bottom margin at the right: below
 * a map page's frame and the legend's fine print, which both end
 * MAP_MARGIN above the page foot (render/map_impl.h). */
#define MAP_MARGIN 22.0
void qsmap_atlas_page_number(cairo_t *cr, size_t number, const qsmap_render_opts *opt)
{
    char *txt = qsmap_style_printf(opt->thai_digits, "หน้า %zu", number);
    PangoLayout *l = qsmap_style_layout(cr, QSMAP_FONT_TEXT, 9, false, txt);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    double tw = (double)w / PANGO_SCALE, th = (double)h / PANGO_SCALE;
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_move_to(cr, QSMAP_PAGE_W - MAP_MARGIN - tw,
                  QSMAP_PAGE_H - MAP_MARGIN + (MAP_MARGIN - th) / 2);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
    g_free(txt);
}

/* A page number in the index, its right edge at x. */
static void show_right(cairo_t *cr, const char *text, double right, double y)
{
    PangoLayout *l = qsmap_style_layout(cr, QSMAP_FONT_TEXT, 9.5, false, text);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, right - (double)w / PANGO_SCALE, y);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
}

/* The cover's shades: districts by how many quality schools they have
 * (none, 1, 2, 3 or more), light to dark. */
#define SHADES 4
static const qsmap_rgb SHADE[SHADES] = {
    {0.97, 0.90, 0.80}, {0.78, 0.87, 0.94}, {0.52, 0.72, 0.87}, {0.25, 0.50, 0.72}};

static int shade_of(size_t quality) { return quality >= SHADES - 1 ? SHADES - 1 : (int)quality; }

/* Beyond this many districts the names would be too small to read. */
#define NAMED_MAX 150

/* The plate carrée of the index map (an overview, not a measuring map):
 * longitudes scaled by the cosine of the mean latitude. */
typedef struct {
    double b[4]; /* lon/lat box */
    double k_lon, s, ox, oy;
} index_view;

static void index_point(const index_view *v, double lon, double lat, double *px, double *py)
{
    *px = v->ox + (lon - v->b[0]) * v->k_lon * v->s;
    *py = v->oy + (v->b[3] - lat) * v->s;
}

static index_view index_frame(const qsmap_report *r, double x0, double y0, double w, double h)
{
    index_view v = {{INFINITY, INFINITY, -INFINITY, -INFINITY}, 0, 0, 0, 0};
    for (size_t k = 0; k < r->nselected; k++) {
        const qsmap_district *t = qsmap_districts_get(r->districts, r->selected[k]);
        v.b[0] = fmin(v.b[0], t->min_lon), v.b[1] = fmin(v.b[1], t->min_lat);
        v.b[2] = fmax(v.b[2], t->max_lon), v.b[3] = fmax(v.b[3], t->max_lat);
    }
    v.k_lon = cos((v.b[1] + v.b[3]) / 2 * G_PI / 180);
    v.s = fmin(w / ((v.b[2] - v.b[0]) * v.k_lon), h / (v.b[3] - v.b[1]));
    v.ox = x0 + (w - (v.b[2] - v.b[0]) * v.k_lon * v.s) / 2;
    v.oy = y0 + (h - (v.b[3] - v.b[1]) * v.s) / 2;
    return v;
}

/* District k's name at its label point, on a halo, when it fits inside
 * the district's box on the page (a name that does not would cover its
 * neighbours' shades). */
static void index_name(cairo_t *cr, const index_view *v, const qsmap_report *r, size_t k,
                       qsmap_geos *geos, double size)
{
    const qsmap_district *t = qsmap_districts_get(r->districts, r->selected[k]);
    double la, lo, px, py, x0, y0, x1, y1;
    if (!qsmap_districts_label_point(r->districts, geos, r->selected[k], t->min_lon, t->min_lat,
                                     t->max_lon, t->max_lat, &la, &lo))
        return;
    index_point(v, lo, la, &px, &py);
    index_point(v, t->min_lon, t->max_lat, &x0, &y0);
    index_point(v, t->max_lon, t->min_lat, &x1, &y1);
    PangoLayout *l = qsmap_style_layout(cr, QSMAP_FONT_TEXT, size, false, t->name_th);
    int pw, ph;
    pango_layout_get_size(l, &pw, &ph);
    double w = (double)pw / PANGO_SCALE, h = (double)ph / PANGO_SCALE;
    if (w <= (x1 - x0) * 1.1 && h <= (y1 - y0)) {
        cairo_move_to(cr, px - w / 2, py - h / 2);
        pango_cairo_layout_path(cr, l);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
        cairo_set_line_width(cr, 2.0);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_move_to(cr, px - w / 2, py - h / 2);
        pango_cairo_show_layout(cr, l);
    }
    g_object_unref(l);
}

/* The index map: every district of the atlas, shaded by its quality
 * schools, named where the name fits. */
static void draw_index_map(cairo_t *cr, const qsmap_report *r, double x0, double y0, double w,
                           double h)
{
    const qsmap_districts *d = r->districts;
    index_view v = index_frame(r, x0, y0, w, h);
    const double *xy;
    const uint32_t *off;
    size_t nr;
    qsmap_districts_rings(d, &xy, &off, &nr);
    for (size_t k = 0; k < r->nselected; k++) {
        const qsmap_district *t = qsmap_districts_get(d, r->selected[k]);
        cairo_new_path(cr);
        for (uint32_t ring = t->first_ring; ring < t->first_ring + t->ring_count; ring++) {
            for (uint32_t p = off[ring]; p < off[ring + 1]; p++) {
                double px, py;
                index_point(&v, xy[2 * p], xy[2 * p + 1], &px, &py);
                if (p == off[ring])
                    cairo_move_to(cr, px, py);
                else
                    cairo_line_to(cr, px, py);
            }
            cairo_close_path(cr);
        }
        size_t pairs;
        qsmap_style_set(cr, SHADE[shade_of(qsmap_summary_district(r, r->selected[k], &pairs))]);
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        cairo_set_line_width(cr, r->nselected > 100 ? 0.2 : 0.6);
        cairo_stroke(cr);
    }
    if (r->nselected > NAMED_MAX)
        return;
    /* The cover is drawn while atlas workers use their own GEOS contexts:
     * this one is the cover's. */
    qsmap_geos *geos = qsmap_geos_new();
    double size = r->nselected > 40 ? 6.5 : r->nselected > 12 ? 8 : 10;
    for (size_t k = 0; geos && k < r->nselected; k++)
        index_name(cr, &v, r, k, geos, size);
    qsmap_geos_free(geos);
}

static const qsmap_rgb INK = {0.1, 0.1, 0.1}, MUTED = {0.4, 0.4, 0.4},
                       WARN = {0.75, 0.1, 0.1};

static size_t index_pages(size_t n)
{
    return (n + INDEX_ROWS * INDEX_COLS - 1) / (INDEX_ROWS * INDEX_COLS);
}

size_t qsmap_atlas_front_pages(size_t ndistricts)
{
    return 1 + index_pages(ndistricts);
}

/* The word for the atlas's districts: เขต when every one is Bangkok's. */
static const char *district_word(const qsmap_report *r)
{
    return qsmap_districts_kind(r->districts, r->selected, r->nselected);
}

static void draw_cover(cairo_t *cr, const qsmap_report *r, const char *scope,
                       const qsmap_render_opts *opt, size_t without)
{
    char raw[600], txt[1400];
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    snprintf(raw, sizeof raw, "แผนที่โรงเรียนเครือข่ายในรัศมี %g กม. ของโรงเรียนคุณภาพ",
             r->radius_m / 1000);
    qsmap_number_digits(raw, opt->thai_digits, txt, sizeof txt);
    show(cr, QSMAP_FONT_TEXT, 22, true, txt, 36, 30, 0, INK);
    show(cr, QSMAP_FONT_TEXT, 16, true, scope, 36, 62, 0, INK);
    size_t quality = r->nsummary, pairs = 0;
    for (size_t i = 0; i < r->nsummary; i++)
        pairs += r->summary[i].network_count;
    const char *w = district_word(r);
    char noun[400];
    qsmap_report_quality_noun(r, noun, sizeof noun);
    snprintf(raw, sizeof raw,
             "%zu %s · %s %zu แห่ง · คู่โรงเรียนคุณภาพ–เครือข่าย %zu คู่ · "
             "%sที่ไม่มี%s %zu %s",
             r->nselected, w, noun, quality, pairs, w, noun, without, w);
    qsmap_number_digits(raw, opt->thai_digits, txt, sizeof txt);
    show(cr, QSMAP_FONT_TEXT, 12, false, txt, 36, 90, QSMAP_PAGE_W - 72, INK);
    if (r->sample_data)
        show(cr, QSMAP_FONT_TEXT, 12, true, QSMAP_SAMPLE_NOTE " — ห้ามใช้อ้างอิงตำแหน่งจริง",
             36, 108, 0, WARN);
    draw_index_map(cr, r, 36, 130, QSMAP_PAGE_W - 300, QSMAP_PAGE_H - 170);
    double lx = QSMAP_PAGE_W - 250, ly = 150;
    snprintf(raw, sizeof raw, "%sที่มี%s", w, noun);
    show(cr, QSMAP_FONT_TEXT, 11, true, raw, lx, ly, 230, INK);
    static const char *const CLASS[SHADES] = {"ไม่มี", "1 แห่ง", "2 แห่ง", "3 แห่งขึ้นไป"};
    for (int c = 0; c < SHADES; c++) {
        double y = ly + 22 + 18 * c;
        cairo_rectangle(cr, lx, y + 3, 14, 9);
        qsmap_style_set(cr, SHADE[c]);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        cairo_set_line_width(cr, 0.5);
        cairo_stroke(cr);
        qsmap_number_digits(CLASS[c], opt->thai_digits, txt, sizeof txt);
        show(cr, QSMAP_FONT_TEXT, 11, false, txt, lx + 20, y, 0, INK);
    }
    ly += 22 + 18 * SHADES - 20;
    snprintf(raw, sizeof raw,
             "ขอบเขตการปกครอง: กรมแผนที่ทหาร /\nOCHA HDX (CC BY-IGO)\n"
             "แต่ละ%s: หน้าแผนที่ ตามด้วยหน้าตาราง\nดูบุ๊กมาร์กของไฟล์ PDF",
             w);
    show(cr, QSMAP_FONT_TEXT, 9, false, raw, lx, ly + 50, 240, MUTED);
    if (opt->date && *opt->date) {
        char *date = g_strdup_printf("วันที่ %s", opt->date);
        show(cr, QSMAP_FONT_TEXT, 9, false, date, lx, ly + 110, 0, MUTED);
        g_free(date);
    }
}

/* The width of the page-number column at the end of each index line. */
#define PAGE_COL_W 34.0

/* Index pages: every district with its quality schools and pairs, or the
 * note that it has no quality school; each line links to the district's map
 * (a named destination) and ends with its page, right-aligned. A district
 * left out (first[k] == 0) is listed without link or page. */
static void draw_index(cairo_t *cr, const qsmap_report *r, const qsmap_render_opts *opt,
                       const size_t *first_page, size_t page)
{
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    char raw[600], txt[1400];
    snprintf(raw, sizeof raw, "สารบัญ%s (%zu/%zu)", district_word(r), page + 1,
             index_pages(r->nselected));
    qsmap_number_digits(raw, opt->thai_digits, txt, sizeof txt);
    show(cr, QSMAP_FONT_TEXT, 16, true, txt, 36, 24, 0, INK);
    double colw = (QSMAP_PAGE_W - 72) / INDEX_COLS, rowh = (QSMAP_PAGE_H - 80) / INDEX_ROWS;
    size_t first = page * INDEX_ROWS * INDEX_COLS;
    char noun[400];
    qsmap_report_quality_noun(r, noun, sizeof noun);
    for (size_t k = first; k < r->nselected && k < first + INDEX_ROWS * INDEX_COLS; k++) {
        size_t slot = k - first, col = slot / INDEX_ROWS, row = slot % INDEX_ROWS;
        const qsmap_district *d = qsmap_districts_get(r->districts, r->selected[k]);
        size_t pairs, q = qsmap_summary_district(r, r->selected[k], &pairs);
        char *line =
            q ? qsmap_style_printf(opt->thai_digits,
                                   "%s %s (%s) — โรงเรียนคุณภาพ %zu แห่ง, คู่เครือข่าย %zu คู่",
                                   d->pcode, d->name_th, d->province_th, q, pairs)
              : qsmap_style_printf(opt->thai_digits, "%s %s (%s) — ไม่มี%s", d->pcode,
                                   d->name_th, d->province_th, noun);
        double x = 36 + (double)col * colw, y = 52 + (double)row * rowh;
        size_t at = first_page[k];
        char *link = at ? qsmap_style_tag_attr("dest", d->pcode) : NULL;
        if (link)
            cairo_tag_begin(cr, CAIRO_TAG_LINK, link);
        show(cr, QSMAP_FONT_TEXT, 9.5, false, line, x, y, colw - 8 - PAGE_COL_W,
             q ? INK : WARN);
        if (at) {
            char *num = qsmap_style_printf(opt->thai_digits, "%zu", at);
            show_right(cr, num, x + colw - 8, y);
            g_free(num);
        }
        if (link)
            cairo_tag_end(cr, CAIRO_TAG_LINK);
        g_free(link);
        g_free(line);
    }
}

/* The cover, then the index pages; how many pages they take. */
size_t qsmap_atlas_front(cairo_t *cr, const qsmap_report *all, const char *scope,
                         const qsmap_render_opts *opt, const size_t *first,
                         qsmap_atlas_stats *stats)
{
    size_t n = all->nselected, without = 0;
    for (size_t k = 0; k < n; k++) {
        size_t pairs;
        without += qsmap_summary_district(all, all->selected[k], &pairs) == 0;
    }
    draw_cover(cr, all, scope, opt, without);
    qsmap_atlas_page_number(cr, 1, opt);
    cairo_show_page(cr);
    size_t page = 1;
    for (size_t ip = 0, nindex = index_pages(n); ip < nindex; ip++) {
        draw_index(cr, all, opt, first, ip);
        qsmap_atlas_page_number(cr, ++page, opt);
        cairo_show_page(cr);
    }
    stats->cover_pages = page;
    stats->without_quality = without;
    return page;
}
