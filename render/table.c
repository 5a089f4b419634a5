/* table.c — the table pages of the PDF: one block per quality school, its
 * network schools nearest first with totals, paginated so that no row is
 * split, no header is left alone at a page foot, and a table carried over
 * repeats its title ("(ต่อ)") and column header. */
#include "render/render.h"
#include "base/number.h"
#include "base/vocab.h"
#include "render/table_text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MARGIN 36.0
#define NCOL 6
#define PAD_X 5.0
#define PAD_Y 1.0
#define SIZE_HEADING 18.0
#define SIZE_TITLE 15.0
#define SIZE_CELL 14.0
#define SIZE_FOOT 12.0
#define SIZE_DEFS 11.0 /* the definitions line, and "ร่วมกับ" under a name */
#define BLOCK_GAP 18.0
/* A table starts on a page only if its header and this many rows fit, and
 * a table carried over brings at least this many rows along with its
 * totals: a header or a totals row with a single row reads as stranded. */
#define KEEP_ROWS 3

static const qsmap_rgb INK = {0.10, 0.10, 0.10};
static const qsmap_rgb MUTED = {0.35, 0.35, 0.35};
static const qsmap_rgb RULE = {0.62, 0.62, 0.62};
static const qsmap_rgb RULE_DARK = {0.20, 0.20, 0.20};
static const qsmap_rgb HEAD_FILL = {0.85, 0.89, 0.94};
static const qsmap_rgb ALT_FILL = {0.955, 0.962, 0.972};
static const qsmap_rgb TOTAL_FILL = {0.91, 0.92, 0.93};

typedef enum { AL_LEFT, AL_CENTER, AL_RIGHT } align;
typedef enum { ROW_HEAD, ROW_BODY, ROW_TOTAL } row_kind;

/* Widths in points; the name column takes what the others leave. */
static const double COL_W[NCOL] = {46, 0, 104, 84, 78, 62};
static const align COL_ALIGN[NCOL] = {AL_CENTER, AL_LEFT, AL_RIGHT, AL_RIGHT, AL_RIGHT, AL_RIGHT};
static const char *const COL_HEAD[NCOL] = {"ลำดับ",         "ชื่อโรงเรียน", "ระยะทาง (กม.)",
                                           "พื้นที่ (ไร่)", "นักเรียน",     "ครู"};

/* U+FFFC holds the place of the colour swatch inside the title text. */
#define SWATCH_CHAR "\xEF\xBF\xBC"

typedef struct {
    cairo_t *cr;
    const qsmap_report *r;
    bool thai;
    const char *date; /* --date, or NULL: printed in every page's footer */
    double colx[NCOL + 1];
    double top, bottom; /* the content area of every page */
    double y;           /* next free line on the open page */
    bool page_open;
    size_t pages;
    size_t first_page; /* number printed on the first page */
    const qsmap_page_sink *sink; /* where finished pages go (NULL: show_page) */
    char *heading; /* the open district's, g_malloc'd */
    qsmap_share_index share; /* for "ร่วมกับ …" */
    char *defs;    /* what "หากรวมกัน" and "ร่วมกับ" mean, above every page's foot */
} table;

/* ---- text ------------------------------------------------------------ */

static double layout_h(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

static PangoLayout *text_layout(table *t, double size, bool bold, const char *text,
                                double width, align al)
{
    PangoLayout *l = qsmap_style_layout(t->cr, QSMAP_FONT_TEXT, size, bold, text);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, al == AL_RIGHT    ? PANGO_ALIGN_RIGHT
                                  : al == AL_CENTER ? PANGO_ALIGN_CENTER
                                                    : PANGO_ALIGN_LEFT);
    return l;
}

static void show_at(table *t, PangoLayout *l, double x, double y, qsmap_rgb c)
{
    qsmap_style_set(t->cr, c);
    cairo_move_to(t->cr, x, y);
    pango_cairo_show_layout(t->cr, l);
}

static void hline(table *t, double x0, double x1, double y, double w, qsmap_rgb c)
{
    qsmap_style_set(t->cr, c);
    cairo_set_line_width(t->cr, w);
    cairo_move_to(t->cr, x0, y);
    cairo_line_to(t->cr, x1, y);
    cairo_stroke(t->cr);
}

/* ---- pages ----------------------------------------------------------- */

static void page_begin(table *t)
{
    double x1 = QSMAP_PAGE_W - MARGIN;
    PangoLayout *l = text_layout(t, SIZE_HEADING, true, t->heading, x1 - MARGIN, AL_LEFT);
    show_at(t, l, MARGIN, MARGIN, INK);
    double rule_y = MARGIN + layout_h(l) + 3;
    g_object_unref(l);
    hline(t, MARGIN, x1, rule_y, 0.9, RULE_DARK);
    t->top = t->y = rule_y + 12;
    t->page_open = true;
}

static qsmap_status page_end(table *t, qsmap_error *err)
{
    double x0 = MARGIN, x1 = QSMAP_PAGE_W - MARGIN;
    char raw[32], num[96];
    snprintf(raw, sizeof raw, "หน้า %zu", t->first_page + t->pages);
    qsmap_number_digits(raw, t->thai, num, sizeof num);
    PangoLayout *page = text_layout(t, SIZE_FOOT, false, num, 200, AL_RIGHT);
    double fy = QSMAP_PAGE_H - MARGIN - layout_h(page);
    if (t->defs) {
        PangoLayout *d = text_layout(t, SIZE_DEFS, false, t->defs, x1 - x0, AL_LEFT);
        show_at(t, d, x0, fy - 4 - layout_h(d), MUTED);
        g_object_unref(d);
    }
    hline(t, x0, x1, fy - 3, 0.5, RULE);
    show_at(t, page, x1 - 200, fy, MUTED);
    g_object_unref(page);
    if (t->r->sample_data || t->date) {
        /* the date beside the sample note, on the same line as the map's fine print
         * has it: kept to one line so that it never runs below the page */
        bool both = t->r->sample_data && t->date;
        char *txt = qsmap_style_printf(t->thai, "%s%s%s%s",
                                       t->r->sample_data ? QSMAP_SAMPLE_NOTE : "",
                                       both ? "  ·  " : "", t->date ? "วันที่ " : "",
                                       t->date ? t->date : "");
        PangoLayout *note = text_layout(t, SIZE_FOOT, false, txt, x1 - x0 - 220, AL_LEFT);
        g_free(txt);
        pango_layout_set_height(note, -1);
        pango_layout_set_ellipsize(note, PANGO_ELLIPSIZE_END);
        show_at(t, note, x0, fy, MUTED);
        g_object_unref(note);
    }
    if (t->sink)
        t->cr = t->sink->next_page(t->sink->ctx, t->cr);
    else
        cairo_show_page(t->cr);
    t->pages++;
    t->page_open = false;
    cairo_status_t cs = cairo_status(t->cr);
    if (cs != CAIRO_STATUS_SUCCESS)
        return qsmap_error_set(err, QSMAP_E_RENDER, NULL, 0, "table page %zu: %s", t->pages,
                               cairo_status_to_string(cs));
    return QSMAP_OK;
}

/* Make room for h points: a new page when the open one is too full. A
 * fresh page takes whatever comes, so an oversized item cannot loop. */
static qsmap_status need(table *t, double h, bool *fresh, qsmap_error *err)
{
    if (t->page_open && t->y > t->top && t->y + h > t->bottom) {
        qsmap_status st = page_end(t, err);
        if (st)
            return st;
    }
    if (!t->page_open)
        page_begin(t);
    *fresh = t->y <= t->top;
    return QSMAP_OK;
}

/* ---- block title ----------------------------------------------------- */

/* "ชื่อ (ต่อ)   ■ สี   นักเรียน … คน   ครู … คน   พื้นที่ … ไร่" as one
 * layout, so it wraps as a whole and the swatch flows with the text. */
static PangoLayout *title_layout(table *t, const qsmap_school *q, bool cont, double *sw,
                                 int *sw_index)
{
    double s = round(SIZE_TITLE * 0.62);
    char *name = qsmap_table_digits_dup(q->name, t->thai);
    const char *nm = name ? name : q->name;
    const char *color = qsmap_color_name_th((qsmap_color)q->color);
    char stats[256] = "", num[64];
    if (q->students >= 0) {
        qsmap_table_count(q->students, t->thai, num, sizeof num);
        snprintf(stats + strlen(stats), sizeof stats - strlen(stats), "   นักเรียน %s คน", num);
    }
    if (q->teachers >= 0) {
        qsmap_table_count(q->teachers, t->thai, num, sizeof num);
        snprintf(stats + strlen(stats), sizeof stats - strlen(stats), "   ครู %s คน", num);
    }
    if (!isnan(q->area_rai)) {
        qsmap_table_area(q->area_rai, t->thai, num, sizeof num);
        snprintf(stats + strlen(stats), sizeof stats - strlen(stats), "   พื้นที่ %s ไร่", num);
    }
    const char *more = cont ? " (ต่อ)" : "";
    size_t name_len = strlen(nm), at = name_len + strlen(more) + 3;
    size_t len = name_len + strlen(more) + strlen(color) + strlen(stats) + 64;
    char *text = malloc(len);
    PangoLayout *l;
    if (text) {
        snprintf(text, len, "%s%s   " SWATCH_CHAR " %s%s", nm, more,
                 color[0] ? color : "ไม่ระบุสี", stats);
        l = text_layout(t, SIZE_TITLE, false, text, QSMAP_PAGE_W - 2 * MARGIN, AL_LEFT);
        free(text);
    } else {
        l = text_layout(t, SIZE_TITLE, false, nm, QSMAP_PAGE_W - 2 * MARGIN, AL_LEFT);
        at = (size_t)-1;
    }
    free(name);
    PangoAttrList *attrs = pango_attr_list_new();
    PangoAttribute *a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
    a->start_index = 0;
    a->end_index = (guint)name_len;
    pango_attr_list_insert(attrs, a);
    if (at != (size_t)-1) {
        /* The swatch stands on the baseline like a letter. */
        PangoRectangle box = {0, (int)(-s * PANGO_SCALE), (int)(s * PANGO_SCALE),
                              (int)(s * PANGO_SCALE)};
        a = pango_attr_shape_new(&box, &box);
        a->start_index = (guint)at;
        a->end_index = (guint)(at + strlen(SWATCH_CHAR));
        pango_attr_list_insert(attrs, a);
    }
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
    *sw = s;
    *sw_index = at == (size_t)-1 ? -1 : (int)at;
    return l;
}

static double title(table *t, const qsmap_school *q, bool cont, bool draw)
{
    double s;
    int idx;
    PangoLayout *l = title_layout(t, q, cont, &s, &idx);
    double h = layout_h(l) + 4;
    if (draw) {
        show_at(t, l, MARGIN, t->y, INK);
        if (idx >= 0) {
            int line, x;
            pango_layout_index_to_line_x(l, idx, FALSE, &line, &x);
            PangoLayoutIter *it = pango_layout_get_iter(l);
            for (int k = 0; k < line; k++)
                pango_layout_iter_next_line(it);
            double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
            pango_layout_iter_free(it);
            cairo_rectangle(t->cr, MARGIN + (double)x / PANGO_SCALE, t->y + base - s, s, s);
            qsmap_style_set(t->cr, qsmap_style_color((qsmap_color)q->color));
            cairo_fill_preserve(t->cr);
            cairo_set_line_width(t->cr, 0.6);
            qsmap_style_set(t->cr, RULE_DARK);
            cairo_stroke(t->cr);
        }
        t->y += h;
    }
    g_object_unref(l);
    return h;
}

/* A line of text in the block (no network school, no quality school). */
static double note_line(table *t, const char *text, bool draw)
{
    PangoLayout *l =
        text_layout(t, SIZE_CELL, false, text, QSMAP_PAGE_W - 2 * MARGIN - 16, AL_LEFT);
    double h = layout_h(l) + 2;
    if (draw) {
        show_at(t, l, MARGIN + 16, t->y, MUTED);
        t->y += h;
    }
    g_object_unref(l);
    return h;
}

/* The district's "หากรวมกัน" under its last table, a little apart; 0 for none. */
static double tail_line(table *t, const char *text, bool draw)
{
    if (!text[0])
        return 0;
    if (draw)
        t->y += BLOCK_GAP / 2;
    return BLOCK_GAP / 2 + note_line(t, text, draw);
}

/* ---- rows ------------------------------------------------------------ */

/* Measure a row (draw false) or draw it at t->y; returns its height. On a
 * totals row the label spans the ลำดับ and name columns. */
static double row(table *t, row_kind kind, const char *const cell[NCOL], size_t sub_at,
                  bool shade, bool draw)
{
    PangoLayout *l[NCOL] = {0};
    double x0[NCOL], h = 0;
    int first = kind == ROW_TOTAL ? 1 : 0;
    for (int c = first; c < NCOL; c++) {
        x0[c] = t->colx[c == first ? 0 : c];
        align al = kind == ROW_HEAD || (kind == ROW_TOTAL && c == 1) ? AL_CENTER : COL_ALIGN[c];
        l[c] = text_layout(t, SIZE_CELL, kind != ROW_BODY, cell[c],
                           t->colx[c + 1] - x0[c] - 2 * PAD_X, al);
        if (c == 1 && sub_at)
            qsmap_table_sub_line(l[c], cell[c], sub_at, SIZE_DEFS, MUTED);
        double lh = layout_h(l[c]);
        if (lh > h)
            h = lh;
    }
    /* The font's line box already leaves room for stacked marks; header and
     * totals get a little more so they stand apart from the body. */
    h += 2 * (kind == ROW_BODY ? PAD_Y : PAD_Y + 1.5);
    if (draw) {
        cairo_t *cr = t->cr;
        double left = t->colx[0], right = t->colx[NCOL], y = t->y;
        if (kind != ROW_BODY || shade) {
            qsmap_style_set(cr, kind == ROW_HEAD    ? HEAD_FILL
                                : kind == ROW_TOTAL ? TOTAL_FILL
                                                    : ALT_FILL);
            cairo_rectangle(cr, left, y, right - left, h);
            cairo_fill(cr);
        }
        for (int c = first; c < NCOL; c++)
            show_at(t, l[c], x0[c] + PAD_X, y + (h - layout_h(l[c])) / 2, INK);
        qsmap_style_set(cr, RULE);
        cairo_set_line_width(cr, 0.4);
        for (int c = 0; c <= NCOL; c++) {
            if (c == 1 && kind == ROW_TOTAL)
                continue;
            cairo_move_to(cr, t->colx[c], y);
            cairo_line_to(cr, t->colx[c], y + h);
        }
        cairo_stroke(cr);
        /* Header and totals are set apart by darker rules. */
        if (kind == ROW_HEAD) {
            hline(t, left, right, y, 0.9, RULE_DARK);
            hline(t, left, right, y + h, 0.7, RULE_DARK);
        } else if (kind == ROW_TOTAL) {
            hline(t, left, right, y, 0.7, RULE_DARK);
            hline(t, left, right, y + h, 0.9, RULE_DARK);
        } else {
            hline(t, left, right, y + h, 0.4, RULE);
        }
        t->y += h;
    }
    for (int c = first; c < NCOL; c++)
        g_object_unref(l[c]);
    return h;
}

static double head_row(table *t, bool draw)
{
    return row(t, ROW_HEAD, COL_HEAD, 0, false, draw);
}

static double body_row(table *t, size_t k, const qsmap_pair *p, bool draw)
{
    const qsmap_school *n = &t->r->schools->v[p->network];
    char idx[32], km[48], area[64], stu[48], tea[48];
    qsmap_table_count((long)k + 1, t->thai, idx, sizeof idx);
    qsmap_number_km(p->distance_m, t->thai, km, sizeof km);
    qsmap_table_area(n->area_rai, t->thai, area, sizeof area);
    qsmap_table_count(n->students, t->thai, stu, sizeof stu);
    qsmap_table_count(n->teachers, t->thai, tea, sizeof tea);
    char *name = qsmap_table_digits_dup(n->name, t->thai), shared[1200];
    qsmap_table_shared_with(&t->share, p->quality, p->network, t->thai, shared, sizeof shared);
    /* The name, then (smaller, muted) the quality schools it is shared with. */
    char *both = shared[0] ? g_strdup_printf("%s  %s", name ? name : n->name, shared) : NULL;
    size_t at = both ? strlen(both) - strlen(shared) : 0;
    const char *cell[NCOL] = {idx, both ? both : name ? name : n->name, km, area, stu, tea};
    double h = row(t, ROW_BODY, cell, at, k % 2 == 1, draw);
    g_free(both);
    free(name);
    return h;
}

static double total_row(table *t, const qsmap_pair *p, size_t m, bool draw)
{
    qsmap_table_totals tt;
    qsmap_table_totals_of(t->r, p, m, t->thai, &tt);
    const char *cell[NCOL] = {"", tt.label, "", tt.area, tt.students, tt.teachers};
    return row(t, ROW_TOTAL, cell, 0, false, draw);
}

/* ---- blocks ---------------------------------------------------------- */

/* One quality school: pairs p[0..n) all share p[0].quality and are either
 * its network schools by distance or a single QSMAP_NO_SCHOOL pair. */
/* A quality school with no network school in reach: its title and a line
 * that says so. */
static qsmap_status empty_block(table *t, const qsmap_school *q, const char *tail, double gap,
                                qsmap_error *err)
{
    char raw[64], km[64], line[256];
    bool fresh;
    snprintf(raw, sizeof raw, "%g", t->r->radius_m / 1000.0);
    qsmap_number_digits(raw, t->thai, km, sizeof km);
    snprintf(line, sizeof line, "ไม่มีโรงเรียนเครือข่ายในรัศมี %s กม.", km);
    qsmap_status st = need(t,
                           gap + title(t, q, false, false) + note_line(t, line, false) +
                               tail_line(t, tail, false),
                           &fresh, err);
    if (st)
        return st;
    if (!fresh)
        t->y += gap;
    title(t, q, false, true);
    note_line(t, line, true);
    tail_line(t, tail, true);
    return QSMAP_OK;
}

static qsmap_status block(table *t, const qsmap_pair *p, size_t n, const char *tail,
                          qsmap_error *err)
{
    const qsmap_school *q = &t->r->schools->v[p[0].quality];
    bool fresh;
    qsmap_status st;
    double gap = t->page_open && t->y > t->top ? BLOCK_GAP : 0;

    if (n == 1 && p[0].network == QSMAP_NO_SCHOOL)
        return empty_block(t, q, tail, gap, err);

    /* Measure every row first so the page breaks can look ahead. */
    double *h = malloc(n * sizeof *h);
    if (!h)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    for (size_t k = 0; k < n; k++)
        h[k] = body_row(t, k, &p[k], false);
    char merged[1200], shared[800] = "";
    qsmap_table_summary(t->r, p[0].quality, t->thai, merged, sizeof merged);
    /* "หากรวมกัน" counts the shared schools too: say how many, and how much */
    if (merged[0])
        qsmap_table_shared_note(&t->share, p, n, t->thai, shared, sizeof shared);
    /* The summary lines travel with the totals row. */
    double head_h = head_row(t, false),
           total_h = total_row(t, p, n, false) + (merged[0] ? note_line(t, merged, false) : 0) +
                     (shared[0] ? note_line(t, shared, false) : 0) + tail_line(t, tail, false);

    /* A table too short to leave KEEP_ROWS on each side of a break is
     * kept whole: it moves to the next page if need be. */
    double first = title(t, q, false, false) + head_h;
    size_t keep = n < 2 * KEEP_ROWS ? n : KEEP_ROWS;
    for (size_t k = 0; k < keep; k++)
        first += h[k];
    if (keep == n)
        first += total_h;
    if ((st = need(t, gap + first, &fresh, err)))
        goto done;
    if (!fresh)
        t->y += gap;
    title(t, q, false, true);
    head_row(t, true);
    double rest = total_h;
    for (size_t k = 0; k < n; k++)
        rest += h[k];
    size_t on_page = 0;
    for (size_t k = 0; k < n; k++) {
        /* The last row carries the totals with it; when what is left will
         * not all fit, its last KEEP_ROWS rows go over together. */
        double req = h[k] + (k + 1 == n ? total_h : 0);
        bool widow = on_page > 0 && n - k <= KEEP_ROWS && t->y + rest > t->bottom;
        if (t->y + req > t->bottom || widow) {
            if ((st = page_end(t, err)))
                goto done;
            page_begin(t);
            title(t, q, true, true);
            head_row(t, true);
            on_page = 0;
        }
        body_row(t, k, &p[k], true);
        rest -= h[k];
        on_page++;
    }
    total_row(t, p, n, true);
    if (merged[0])
        note_line(t, merged, true);
    if (shared[0])
        note_line(t, shared, true);
    tail_line(t, tail, true);
done:
    free(h);
    return st;
}

static void set_heading(table *t, const qsmap_district *d)
{
    char raw[64], km[128];
    snprintf(raw, sizeof raw, "%g", t->r->radius_m / 1000.0);
    qsmap_number_digits(raw, t->thai, km, sizeof km);
    g_free(t->heading);
    if (!d) {
        t->heading = qsmap_style_printf(t->thai, "ตารางโรงเรียนเครือข่ายในรัศมี %s กม.", km);
    } else {
        char *place = qsmap_style_place(d);
        t->heading =
            qsmap_style_printf(t->thai, "ตารางโรงเรียนเครือข่ายในรัศมี %s กม. — %s", km, place);
        g_free(place);
    }
}

/* The blocks of one district (of all, when sel < 0), in catchment order. */
static qsmap_status district_pages(table *t, long sel, qsmap_error *err)
{
    const qsmap_catchment *c = t->r->catchment;
    const char *kind =
        sel < 0 ? qsmap_districts_kind(t->r->districts, t->r->selected, t->r->nselected)
                : qsmap_district_kind(qsmap_districts_get(t->r->districts, (size_t)sel));
    size_t blocks = 0, shown = 0;
    for (size_t i = 0; i < c->n; i++)
        blocks += (i == 0 || c->v[i - 1].quality != c->v[i].quality) &&
                  (sel < 0 || t->r->district_of[c->v[i].quality] == sel);
    /* With two tables or more, "หากรวมกัน" over them all, each school once:
     * it goes with the last table. */
    char tail[1200] = "";
    qsmap_merge_totals m;
    qsmap_status st;
    if (blocks >= 2 && t->r->nsummary) {
        if ((st = qsmap_table_merge_totals(t->r, sel, &m)))
            return qsmap_error_set(err, st, NULL, 0, "out of memory");
        qsmap_table_merge_line(&m, sel < 0 ? "หมด" : kind, t->thai, tail, sizeof tail);
    }
    for (size_t i = 0; i < c->n;) {
        uint32_t q = c->v[i].quality;
        size_t j = i;
        while (j < c->n && c->v[j].quality == q)
            j++;
        if (sel < 0 || t->r->district_of[q] == sel) {
            shown++;
            if ((st = block(t, &c->v[i], j - i, shown == blocks ? tail : "", err)))
                return st;
        }
        i = j;
    }
    if (!shown) {
        bool fresh;
        char noun[400], none[480];
        qsmap_report_quality_noun(t->r, noun, sizeof noun);
        snprintf(none, sizeof none, "ไม่มี%sใน%sนี้", noun, kind);
        if ((st = need(t, note_line(t, none, false), &fresh, err)))
            return st;
        note_line(t, none, true);
    }
    return QSMAP_OK;
}

qsmap_status qsmap_tables_draw(cairo_t *cr, const qsmap_report *r,
                               const qsmap_render_opts *opt, size_t *pages,
                               qsmap_error *err)
{
    return qsmap_tables_draw_to(&cr, NULL, r, opt, pages, err);
}

qsmap_status qsmap_tables_draw_to(cairo_t **crp, const qsmap_page_sink *sink,
                                  const qsmap_report *r, const qsmap_render_opts *opt,
                                  size_t *pages, qsmap_error *err)
{
    cairo_t *cr = *crp;
    *pages = 0;
    cairo_status_t cs = cairo_status(cr);
    if (cs != CAIRO_STATUS_SUCCESS)
        return qsmap_error_set(err, QSMAP_E_RENDER, NULL, 0, "table pages: %s",
                               cairo_status_to_string(cs));
    table t = {.cr = cr,
               .r = r,
               .thai = opt && opt->thai_digits,
               .date = opt && opt->date && *opt->date ? opt->date : NULL,
               .first_page = opt && opt->first_page ? opt->first_page : 1,
               .sink = sink};
    qsmap_table_columns(COL_W, NCOL, MARGIN, t.colx);
    if (qsmap_share_index_init(&t.share, r))
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    t.defs = qsmap_table_definitions(&t.share);
    PangoLayout *foot = text_layout(&t, SIZE_FOOT, false, "หน้า", 100, AL_LEFT);
    t.bottom = QSMAP_PAGE_H - MARGIN - layout_h(foot) - 10;
    g_object_unref(foot);
    if (t.defs) {
        foot = text_layout(&t, SIZE_DEFS, false, t.defs, QSMAP_PAGE_W - 2 * MARGIN, AL_LEFT);
        t.bottom -= layout_h(foot) + 2;
        g_object_unref(foot);
    }

    /* With a sink the context changes page by page: no save/restore span. */
    if (!sink)
        cairo_save(cr);
    qsmap_status st = QSMAP_OK;
    if (r->nselected == 0) {
        set_heading(&t, NULL);
        st = district_pages(&t, -1, err);
    }
    for (size_t k = 0; k < r->nselected && !st; k++) {
        /* Each district opens its own page so that the heading names it. */
        if (t.page_open && (st = page_end(&t, err)))
            break;
        set_heading(&t, qsmap_districts_get(r->districts, r->selected[k]));
        st = district_pages(&t, (long)r->selected[k], err);
    }
    if (!st && t.page_open)
        st = page_end(&t, err);
    if (!sink)
        cairo_restore(cr);
    g_free(t.heading);
    g_free(t.defs);
    qsmap_share_index_free(&t.share);
    *pages = t.pages;
    *crp = t.cr;
    if (!st && (cs = cairo_status(t.cr)) != CAIRO_STATUS_SUCCESS)
        st = qsmap_error_set(err, QSMAP_E_RENDER, NULL, 0, "table pages: %s",
                             cairo_status_to_string(cs));
    return st;
}
