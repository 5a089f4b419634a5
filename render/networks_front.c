/* networks_front.c — the front of a networks atlas: index pages, a line
 * per network (its lead, province, members, how many the school table
 * has, the farthest member, those beyond the radius) ending in the page of
 * its map, each line a link to it, the totals last; then the chart page
 * (networks_chart.c). Rows sit at fixed places, so the pages the index
 * takes follow from the number of networks. */
#include "base/number.h"
#include "base/vocab.h"
#include "render/networks_impl.h"

#include <math.h>
#include <string.h>

#define INDEX_ROWS 26
#define INDEX_NCOL 8
#define ROW_H 16.5
#define TABLE_TOP 112.0
#define SIZE_ROW 11.0

static const double IDX_W[INDEX_NCOL] = {58, 0, 120, 52, 74, 74, 60, 52};
static const net_align IDX_ALIGN[INDEX_NCOL] = {NET_CENTER, NET_LEFT,  NET_LEFT,  NET_RIGHT,
                                                NET_RIGHT,  NET_RIGHT, NET_RIGHT, NET_RIGHT};
static const char *const IDX_HEAD[INDEX_NCOL] = {"เครือข่าย",    "แกนนำ",       "จังหวัด",  "สมาชิก",
                                                 "พบในทะเบียน", "ไกลสุด (กม.)", "นอกรัศมี", "หน้า"};

size_t qsmap_net_index_pages(size_t n) { return (n + 1 + INDEX_ROWS - 1) / INDEX_ROWS; }

typedef struct {
    cairo_t *cr;
    const qsmap_networks *nw;
    const qsmap_render_opts *opt;
    double colx[INDEX_NCOL + 1];
} index_page;

/* One line of the index at y: cells cut to their column; the header's
 * centred, the totals' bold. */
static void index_line(const index_page *ip, char *const cell[INDEX_NCOL], double y, bool head,
                       bool bold, qsmap_rgb ink)
{
    for (int c = 0; c < INDEX_NCOL; c++) {
        double w = ip->colx[c + 1] - ip->colx[c] - 8;
        PangoLayout *l = qsmap_net_layout(ip->cr, SIZE_ROW, bold, cell[c], w,
                                          head ? NET_CENTER : IDX_ALIGN[c], 1);
        qsmap_net_show(ip->cr, l, ip->colx[c] + 4, y + (ROW_H - qsmap_net_layout_h(l)) / 2,
                       c == 1 ? ink : NET_INK);
        g_object_unref(l);
    }
}

static char *count(const index_page *ip, long v)
{
    char buf[64];
    qsmap_number_int(v, ip->opt->thai_digits, buf, sizeof buf);
    return g_strdup(buf);
}

static char *km(const index_page *ip, double m)
{
    char buf[64];
    if (isnan(m))
        return g_strdup("–");
    qsmap_number_km(m, ip->opt->thai_digits, buf, sizeof buf);
    return g_strdup(buf);
}

/* Network net's line, a link to its map on page `page`. */
static void network_line(const index_page *ip, const qsmap_network *net, size_t page, double y,
                         bool shade)
{
    const qsmap_networks *nw = ip->nw;
    const qsmap_net_row *lead = &nw->rows[net->first];
    bool found = lead->school != QSMAP_NO_SCHOOL;
    char *cell[INDEX_NCOL] = {
        qsmap_style_printf(ip->opt->thai_digits, "%s", net->id),
        found ? g_strdup(qsmap_net_row_name(nw, lead))
              : g_strdup_printf("%s (" QSMAP_NET_NOT_FOUND ")", qsmap_net_row_name(nw, lead)),
        g_strdup(qsmap_net_row_province(nw, lead)[0] ? qsmap_net_row_province(nw, lead) : "–"),
        count(ip, net->members),
        count(ip, net->matched_members),
        km(ip, net->farthest_m),
        count(ip, net->beyond),
        count(ip, (long)page)};
    if (shade) {
        qsmap_style_set(ip->cr, NET_ALT_FILL);
        cairo_rectangle(ip->cr, ip->colx[0], y, ip->colx[INDEX_NCOL] - ip->colx[0], ROW_H);
        cairo_fill(ip->cr);
    }
    char *id = g_strdup_printf("net-%s", net->id);
    char *link = qsmap_style_tag_attr("dest", id);
    cairo_tag_begin(ip->cr, CAIRO_TAG_LINK, link);
    index_line(ip, cell, y, false, false, found ? NET_INK : NET_WARN);
    cairo_tag_end(ip->cr, CAIRO_TAG_LINK);
    g_free(link);
    g_free(id);
    for (int c = 0; c < INDEX_NCOL; c++)
        g_free(cell[c]);
}

/* The totals over the selected networks, under the last line. */
static void totals_line(const index_page *ip, const qsmap_networks *nw, const size_t *sel, size_t n,
                        double y)
{
    qsmap_networks_totals t;
    qsmap_networks_total(nw, &t);
    long matched = 0;
    for (size_t k = 0; k < n; k++)
        matched += nw->v[sel[k]].matched_members;
    char *cell[INDEX_NCOL] = {
        g_strdup(""),
        qsmap_style_printf(ip->opt->thai_digits, "รวม %zu เครือข่าย", t.networks),
        g_strdup(""),
        count(ip, (long)t.members),
        count(ip, matched),
        km(ip, t.farthest == QSMAP_NO_SCHOOL ? NAN : nw->rows[t.farthest].distance_m),
        count(ip, (long)t.beyond),
        g_strdup("")};
    qsmap_net_hline(ip->cr, ip->colx[0], ip->colx[INDEX_NCOL], y, 0.7, NET_RULE_DARK);
    index_line(ip, cell, y + 1, false, true, NET_INK);
    for (int c = 0; c < INDEX_NCOL; c++)
        g_free(cell[c]);
}

/* The heading of index page `page` (0-based) of `pages`. */
static void index_heading(const index_page *ip, const size_t *sel, size_t n, size_t page,
                          size_t pages)
{
    const qsmap_networks *nw = ip->nw;
    bool thai = ip->opt->thai_digits;
    double w = QSMAP_PAGE_W - 2 * NET_MARGIN;
    char *title = qsmap_style_printf(
        thai, "เครือข่ายนวัตกรรมคุณภาพสถานศึกษา: สารบัญ %zu เครือข่าย (%zu/%zu)", n, page + 1, pages);
    qsmap_net_text(ip->cr, 18, true, title, NET_MARGIN, NET_MARGIN - 10, w, NET_LEFT, NET_INK);
    g_free(title);
    size_t members = 0, matched = 0;
    for (size_t k = 0; k < n; k++)
        members += nw->v[sel[k]].members, matched += nw->v[sel[k]].matched_members;
    const char *list = strrchr(nw->path, '/');
    /* Thai digits for the figures, not for the list's file name */
    char *figures = qsmap_style_printf(
        thai, "แกนนำ %zu แห่ง · ร่วมพัฒนา %zu แห่ง (พบในทะเบียน %zu) · รัศมี %g กม. รอบแกนนำ", n,
        members, matched, nw->radius_m / 1000);
    char *sub = g_strdup_printf("%s · รายชื่อ %s · แต่ละเครือข่าย: หน้าแผนที่ แล้วหน้าตาราง", figures,
                                list && list[1] ? list + 1 : nw->path);
    g_free(figures);
    PangoLayout *l = qsmap_net_layout(ip->cr, 11.5, false, sub, w, NET_LEFT, 1);
    qsmap_net_show(ip->cr, l, NET_MARGIN, NET_MARGIN + 18, NET_MUTED);
    g_object_unref(l);
    g_free(sub);
    if (nw->sample_data)
        qsmap_net_text(ip->cr, 11.5, true, QSMAP_SAMPLE_NOTE " — ห้ามใช้อ้างอิงตำแหน่งจริง", NET_MARGIN,
                       NET_MARGIN + 36, w, NET_LEFT, NET_WARN);
}

static void draw_index_page(const index_page *ip, const size_t *sel, size_t n, const size_t *first,
                            size_t page, size_t pages)
{
    cairo_t *cr = ip->cr;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    index_heading(ip, sel, n, page, pages);
    double x0 = ip->colx[0], x1 = ip->colx[INDEX_NCOL], y = TABLE_TOP - ROW_H - 4;
    qsmap_style_set(cr, NET_HEAD_FILL);
    cairo_rectangle(cr, x0, y, x1 - x0, ROW_H + 4);
    cairo_fill(cr);
    char *head[INDEX_NCOL];
    memcpy(head, IDX_HEAD, sizeof head);
    index_line(ip, head, y + 2, true, true, NET_INK);
    qsmap_net_hline(cr, x0, x1, y, 0.9, NET_RULE_DARK);
    qsmap_net_hline(cr, x0, x1, TABLE_TOP, 0.7, NET_RULE_DARK);
    size_t from = page * INDEX_ROWS;
    for (size_t k = from; k < n && k < from + INDEX_ROWS; k++)
        network_line(ip, &ip->nw->v[sel[k]], first[k], TABLE_TOP + (double)(k - from) * ROW_H,
                     (k - from) % 2 == 1);
    if (n >= from && n < from + INDEX_ROWS)
        totals_line(ip, ip->nw, sel, n, TABLE_TOP + (double)(n - from) * ROW_H);
    qsmap_net_foot_note(cr, ip->nw, ip->opt);
}

size_t qsmap_net_front(cairo_t *cr, const qsmap_networks *nw, const size_t *sel, size_t n,
                       const size_t *first, const qsmap_render_opts *opt)
{
    index_page ip = {.cr = cr, .nw = nw, .opt = opt};
    qsmap_table_columns(IDX_W, INDEX_NCOL, NET_MARGIN, ip.colx);
    size_t pages = qsmap_net_index_pages(n), page = 0;
    for (size_t p = 0; p < pages; p++) {
        draw_index_page(&ip, sel, n, first, p, pages);
        qsmap_atlas_page_number(cr, ++page, opt);
        cairo_show_page(cr);
    }
    qsmap_net_chart(cr, nw, sel, n, opt);
    qsmap_atlas_page_number(cr, ++page, opt);
    cairo_show_page(cr);
    return page;
}
