/* networks_table.c — a named network's table pages (A4 landscape, as the
 * catchment tables): a heading with the network, its lead and where the
 * lead is, then a row per school of the network, the lead first and the
 * members in list order; a school the table lacks keeps its row, with its
 * name as the list prints it and "ไม่พบในทะเบียน". Every page ends with the
 * network's figures and what the columns mean.
 *
 * A page holds NET_ROWS_PAGE rows and a cell at most NET_CELL_LINES lines
 * (a long note is cut with "…"; the workbook has it whole), so the pages
 * a network takes follow from its rows alone (networks_impl.h). */
#include "base/number.h"
#include "render/networks_impl.h"
#include "render/table_text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NCOL 11
#define PAD_X 3.5
#define PAD_Y 2.0
#define SIZE_CELL 10.5
#define SIZE_HEAD 10.5
#define FOOT_TOP (QSMAP_PAGE_H - 112.0) /* the figures and definitions, to the foot margin */

enum { C_NO, C_ROLE, C_NAME, C_PLACE, C_KM, C_WITHIN, C_STU, C_TEA, C_LEAD, C_QUAL, C_NOTE };

/* Widths in points; the name column takes what the others leave. */
static const double COL_W[NCOL] = {34, 42, 0, 80, 46, 32, 44, 28, 80, 100, 150};
static const net_align COL_ALIGN[NCOL] = {NET_CENTER, NET_CENTER, NET_LEFT,  NET_LEFT,
                                          NET_RIGHT,  NET_CENTER, NET_RIGHT, NET_RIGHT,
                                          NET_LEFT,   NET_LEFT,   NET_LEFT};
static const char *const COL_HEAD[NCOL] = {
    "ลำดับ",   "บทบาท",  "ชื่อโรงเรียน", "อำเภอ / จังหวัด", "ระยะจากแกนนำ (กม.)",
    "ในรัศมี",  "นักเรียน", "ครู",        "แกนนำที่ใกล้ที่สุด",  "โรงเรียนคุณภาพที่ใกล้ที่สุด",
    "หมายเหตุ"};

typedef struct {
    cairo_t *cr;
    const qsmap_networks *nw;
    const qsmap_network *net;
    const qsmap_render_opts *opt;
    bool thai;
    double colx[NCOL + 1];
} sheet;

static const qsmap_school *school_of(const qsmap_networks *nw, const qsmap_net_row *row)
{
    return row->school == QSMAP_NO_SCHOOL ? NULL : &nw->schools->v[row->school];
}

/* "เครือข่าย 12 · 3.40 กม.", or the member's own lead. */
static char *nearest_lead_cell(const sheet *t, const qsmap_net_row *m)
{
    if (m->role == QSMAP_NET_LEAD || m->nearest_lead == QSMAP_NO_SCHOOL)
        return g_strdup("–");
    char km[48];
    qsmap_number_km(m->nearest_lead_m, t->thai, km, sizeof km);
    if (m->nearest_lead == t->net->first)
        return g_strdup_printf("แกนนำของตน · %s กม.", km);
    return qsmap_style_printf(t->thai, "เครือข่าย %s · %s กม.",
                              t->nw->v[t->nw->rows[m->nearest_lead].network].id, km);
}

static char *nearest_quality_cell(const sheet *t, const qsmap_net_row *m)
{
    if (m->role == QSMAP_NET_LEAD || m->nearest_quality == QSMAP_NO_SCHOOL)
        return g_strdup("–");
    char km[48];
    qsmap_number_km(m->nearest_quality_m, t->thai, km, sizeof km);
    char *name = qsmap_table_digits_dup(t->nw->schools->v[m->nearest_quality].name, t->thai);
    char *cell = g_strdup_printf("%s · %s กม.", name ? name : "", km);
    free(name);
    return cell;
}

/* What the row's school needs said: not found (with the list's note), the
 * suggestion to change networks, another district or province. */
static char *note_cell(const sheet *t, const qsmap_net_row *m)
{
    GString *s = g_string_new("");
    if (m->school == QSMAP_NO_SCHOOL) {
        g_string_append(s, QSMAP_NET_NOT_FOUND);
        if (m->note[0])
            g_string_append_printf(s, " — %s", m->note);
    }
    char buf[768], digits[1200];
    if (m->role == QSMAP_NET_MEMBER) {
        /* the short flag first: a long suggestion may be cut, the flag not */
        const char *flag = m->other_province ? "ต่างจังหวัดกับแกนนำ"
                           : m->other_district ? "ต่างอำเภอกับแกนนำ"
                                               : NULL;
        if (flag)
            g_string_append_printf(s, "%s%s", s->len ? " · " : "", flag);
        qsmap_net_suggestion(t->nw, m, buf, sizeof buf);
        qsmap_number_digits(buf, t->thai, digits, sizeof digits);
        if (digits[0])
            g_string_append_printf(s, "%s%s", s->len ? " · " : "", digits);
    }
    return g_string_free(s, FALSE);
}

/* The cells of row k (0: the lead) of the network; g_free each. */
static void row_cells(const sheet *t, size_t k, char *cell[NCOL])
{
    const qsmap_net_row *m = &t->nw->rows[t->net->first + k];
    const qsmap_school *s = school_of(t->nw, m);
    char buf[64];
    qsmap_table_count((long)k + 1, t->thai, buf, sizeof buf);
    cell[C_NO] = g_strdup(buf);
    cell[C_ROLE] = g_strdup(m->role == QSMAP_NET_LEAD ? "แกนนำ" : "ร่วมพัฒนา");
    char *name = qsmap_table_digits_dup(qsmap_net_row_name(t->nw, m), t->thai);
    cell[C_NAME] = g_strdup(name ? name : qsmap_net_row_name(t->nw, m));
    free(name);
    const char *d = qsmap_net_row_district(t->nw, m), *p = qsmap_net_row_province(t->nw, m);
    cell[C_PLACE] =
        d[0] || p[0] ? g_strdup_printf("%s / %s", d[0] ? d : "–", p[0] ? p : "–") : g_strdup("–");
    qsmap_number_km(m->distance_m, t->thai, buf, sizeof buf);
    bool measured = m->role == QSMAP_NET_MEMBER && !isnan(m->distance_m);
    cell[C_KM] = g_strdup(measured ? buf : "–");
    cell[C_WITHIN] = g_strdup(!measured ? "–" : m->beyond ? "ไม่" : "ใช่");
    qsmap_table_count(s ? s->students : -1, t->thai, buf, sizeof buf);
    cell[C_STU] = g_strdup(buf);
    qsmap_table_count(s ? s->teachers : -1, t->thai, buf, sizeof buf);
    cell[C_TEA] = g_strdup(buf);
    cell[C_LEAD] = nearest_lead_cell(t, m);
    cell[C_QUAL] = nearest_quality_cell(t, m);
    cell[C_NOTE] = note_cell(t, m);
}

/* A row (the header when head) at y; its height. A not-found row is set
 * in the warning colour, so that it stands out among the found. */
static double draw_row(const sheet *t, char *const cell[NCOL], bool head, bool shade, bool warn,
                       double y)
{
    cairo_t *cr = t->cr;
    PangoLayout *l[NCOL];
    double h = 0;
    for (int c = 0; c < NCOL; c++) {
        l[c] = qsmap_net_layout(cr, head ? SIZE_HEAD : SIZE_CELL, head, cell[c],
                                t->colx[c + 1] - t->colx[c] - 2 * PAD_X,
                                head ? NET_CENTER : COL_ALIGN[c], NET_CELL_LINES);
        h = fmax(h, qsmap_net_layout_h(l[c]));
    }
    h += 2 * PAD_Y + (head ? 3 : 0);
    double left = t->colx[0], right = t->colx[NCOL];
    if (head || shade) {
        qsmap_style_set(cr, head ? NET_HEAD_FILL : NET_ALT_FILL);
        cairo_rectangle(cr, left, y, right - left, h);
        cairo_fill(cr);
    }
    for (int c = 0; c < NCOL; c++) {
        qsmap_rgb ink = warn && (c == C_NAME || c == C_NOTE) ? NET_WARN : NET_INK;
        qsmap_net_show(cr, l[c], t->colx[c] + PAD_X, y + (h - qsmap_net_layout_h(l[c])) / 2, ink);
        g_object_unref(l[c]);
    }
    qsmap_style_set(cr, NET_RULE);
    cairo_set_line_width(cr, 0.4);
    for (int c = 0; c <= NCOL; c++) {
        cairo_move_to(cr, t->colx[c], y);
        cairo_line_to(cr, t->colx[c], y + h);
    }
    cairo_stroke(cr);
    if (head)
        qsmap_net_hline(cr, left, right, y, 0.9, NET_RULE_DARK);
    qsmap_net_hline(cr, left, right, y + h, head ? 0.7 : 0.4, head ? NET_RULE_DARK : NET_RULE);
    return h;
}

/* The page's heading: the network, (ต่อ) on a page carried over, and where
 * its lead is; where the rows start. */
static double heading(const sheet *t, bool cont)
{
    double w = QSMAP_PAGE_W - 2 * NET_MARGIN, y = NET_MARGIN - 8;
    char *title = qsmap_net_title(t->nw, t->net, t->thai);
    char *text = g_strdup_printf("%s%s", title, cont ? " (ต่อ)" : "");
    PangoLayout *l = qsmap_net_layout(t->cr, 16, true, text, w, NET_LEFT, 2);
    qsmap_net_show(t->cr, l, NET_MARGIN, y, NET_INK);
    y += qsmap_net_layout_h(l) + 1;
    g_object_unref(l);
    g_free(text);
    g_free(title);
    const qsmap_net_row *lead = &t->nw->rows[t->net->first];
    const qsmap_school *s = school_of(t->nw, lead);
    /* where the lead is: its polygon's district (เขต in Bangkok), else what
     * the school table says */
    char place[400];
    if (lead->district >= 0)
        qsmap_district_title(qsmap_districts_get(t->nw->districts, (size_t)lead->district), place,
                             sizeof place);
    else if (s)
        snprintf(place, sizeof place, "%s %s", s->district, s->province);
    else
        snprintf(place, sizeof place, QSMAP_NET_NOT_FOUND);
    char *sub = qsmap_style_printf(
        t->thai, "แกนนำ: %s · สังกัด %s · รัศมี %g กม. รอบโรงเรียนแกนนำ (ระยะจีโอเดสิก)", place,
        s && s->affiliation[0] ? s->affiliation : "–", t->nw->radius_m / 1000);
    y += qsmap_net_text(t->cr, 12, false, sub, NET_MARGIN, y, w, NET_LEFT, NET_MUTED) + 3;
    g_free(sub);
    qsmap_net_hline(t->cr, NET_MARGIN, QSMAP_PAGE_W - NET_MARGIN, y, 0.9, NET_RULE_DARK);
    return y + 8;
}

/* The network's figures and what the columns mean, at every page's foot. */
static void footer(const sheet *t)
{
    const qsmap_network *net = t->net;
    double w = QSMAP_PAGE_W - 2 * NET_MARGIN, y = FOOT_TOP;
    char far[600] = "–", km[48];
    if (net->farthest != QSMAP_NO_SCHOOL) {
        qsmap_number_km(net->farthest_m, t->thai, km, sizeof km);
        snprintf(far, sizeof far, "%s %s กม.",
                 qsmap_net_row_name(t->nw, &t->nw->rows[net->farthest]), km);
    }
    char *figures = qsmap_style_printf(
        t->thai,
        "ร่วมพัฒนา %u แห่ง · พบในทะเบียน %u · ไกลสุด %s · นอกรัศมี %u · ต่างอำเภอกับแกนนำ %u"
        " · ต่างจังหวัด %u · ข้อเสนอย้ายเครือข่าย %u",
        net->members, net->matched_members, far, net->beyond, net->other_district,
        net->other_province, net->suggestions);
    qsmap_net_hline(t->cr, NET_MARGIN, QSMAP_PAGE_W - NET_MARGIN, y, 0.5, NET_RULE);
    y += 3 + qsmap_net_text(t->cr, 11.5, true, figures, NET_MARGIN, y + 3, w, NET_LEFT, NET_INK);
    g_free(figures);
    char *defs = qsmap_style_printf(
        t->thai,
        "ในรัศมี: ระยะจีโอเดสิก (ทรงรี WGS84) จากโรงเรียนแกนนำไม่เกิน %g กม. · "
        "แกนนำที่ใกล้ที่สุด: แกนนำของเครือข่ายใดก็ได้ในรายชื่อที่อยู่ใกล้โรงเรียนนั้นที่สุด · "
        "ข้อเสนอย้ายเครือข่าย: มีแกนนำของเครือข่ายอื่นอยู่ใกล้กว่าแกนนำของตนเกิน %g กม. · "
        QSMAP_NET_NOT_FOUND ": รหัสโรงเรียนไม่มีในทะเบียน จึงแสดงชื่อตามประกาศและวัดระยะไม่ได้",
        t->nw->radius_m / 1000, t->nw->margin_m / 1000);
    qsmap_net_text(t->cr, 10.5, false, defs, NET_MARGIN, y + 2, w, NET_LEFT, NET_MUTED);
    g_free(defs);
    qsmap_net_foot_note(t->cr, t->nw, t->opt);
}

/* Rows first .. first + n of the network on one page. */
static void table_page(const sheet *t, size_t first, size_t n)
{
    cairo_set_source_rgb(t->cr, 1, 1, 1);
    cairo_paint(t->cr);
    double y = heading(t, first > 0);
    char *head[NCOL];
    memcpy(head, COL_HEAD, sizeof head);
    y += draw_row(t, head, true, false, false, y);
    for (size_t k = first; k < first + n; k++) {
        char *cell[NCOL];
        row_cells(t, k, cell);
        bool warn = t->nw->rows[t->net->first + k].school == QSMAP_NO_SCHOOL;
        y += draw_row(t, cell, false, (k - first) % 2 == 1, warn, y);
        for (int c = 0; c < NCOL; c++)
            g_free(cell[c]);
    }
    footer(t);
}

qsmap_status qsmap_net_tables_draw(cairo_t **cr, const qsmap_page_sink *sink,
                                   const qsmap_networks *nw, const qsmap_network *net,
                                   const qsmap_render_opts *opt, qsmap_error *err)
{
    sheet t = {.cr = *cr, .nw = nw, .net = net, .opt = opt, .thai = opt->thai_digits};
    qsmap_table_columns(COL_W, NCOL, NET_MARGIN, t.colx);
    size_t pages = qsmap_net_table_page_count(net);
    for (size_t p = 0; p < pages; p++) {
        size_t first = p * NET_ROWS_PAGE;
        table_page(&t, first,
                   net->count - first < NET_ROWS_PAGE ? net->count - first : NET_ROWS_PAGE);
        cairo_status_t cs = cairo_status(t.cr);
        t.cr = sink->next_page(sink->ctx, t.cr);
        if (cs != CAIRO_STATUS_SUCCESS) {
            *cr = t.cr;
            return qsmap_error_set(err, QSMAP_E_RENDER, NULL, 0, "network %s: %s", net->id,
                                   cairo_status_to_string(cs));
        }
    }
    *cr = t.cr;
    return QSMAP_OK;
}
