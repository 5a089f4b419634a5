/* docx_i10.c — the quantitative part of the ministry's Indicator-10 form
 * (1.3.2.1 เชิงปริมาณ) as a Word document, in the form's own words and
 * numbering, filled with the figures of qsmap_indicator10: the network
 * schools counted (a real footnote says who is counted), how many study
 * with a quality school or share its resources, each with its ร้อยละ,
 * year against year when the table gives two academic years; the form's
 * free-text "เนื่องจาก" left as dotted lines for the office to fill in;
 * then the figures per quality school. */
#include "base/number.h"
#include "base/vocab.h"
#include "render/docx.h"
#include "render/render.h"
#include "render/table_text.h"

#include <stdlib.h>
#include <string.h>

#define WARN_RED "C00000"
#define INDENT 567 /* 1 cm: the form's items */
#define I10_TITLE "รายงานสรุปผลการดำเนินงานโครงการโรงเรียนคุณภาพ ตัวชี้วัดที่ 10"

typedef struct {
    qsmap_docx *d;
    const qsmap_report *r;
    const qsmap_indicator10 *i;
    bool thai;
    size_t last; /* the period the form reports: the later year */
    char km[64];
} i10_doc;

static void count_text(const i10_doc *x, long v, char *out, size_t size)
{
    qsmap_number_int(v, x->thai, out, size);
}

static void percent_text(const i10_doc *x, double p, char *out, size_t size)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%.2f", p);
    qsmap_number_digits(raw, x->thai, out, size);
}

/* A change as the form's เพิ่มขึ้น/ลดลง column shows it: +3, −2, 0. */
static void change_text(const i10_doc *x, double delta, int decimals, char *out, size_t size)
{
    char raw[64];
    double mag = delta < 0 ? -delta : delta;
    bool zero = mag < (decimals ? 0.005 : 0.5);
    snprintf(raw, sizeof raw, "%s%.*f", zero ? "" : delta > 0 ? "+" : "−", decimals,
             zero ? 0.0 : mag);
    qsmap_number_digits(raw, x->thai, out, size);
}

static void year_text(const i10_doc *x, size_t k, char *out, size_t size)
{
    char raw[32];
    snprintf(raw, sizeof raw, "%d", x->i->years[k]);
    qsmap_number_digits(raw, x->thai, out, size);
}

/* A line of the form; its numbering in Thai digits too when asked. */
static void item(i10_doc *x, int level, const char *text, const char *footnote)
{
    qsmap_docx_para pp = {.indent = INDENT * level, .keep_next = true};
    char *t = qsmap_style_printf(x->thai, "%s", text);
    qsmap_docx_p_begin(x->d, QSMAP_DOCX_NORMAL, &pp);
    qsmap_docx_run(x->d, t, NULL);
    g_free(t);
    if (footnote)
        qsmap_docx_footnote(x->d, footnote);
    qsmap_docx_p_end(x->d);
}

/* ---- year against year ------------------------------------------------------- */

/* ปีการศึกษา | <years[0]> | <years[1]> | เพิ่มขึ้น/ลดลง: the count, and its
 * ร้อยละ of the network schools counted. */
static void year_table(i10_doc *x, int level, const uint32_t v[QSMAP_I10_PERIODS])
{
    /* under its item, as far in; the first column gives what the indent takes */
    int indent = INDENT * level, w[4] = {3071 - indent, 2000, 2000, 2000};
    char y0[32], y1[32];
    year_text(x, 0, y0, sizeof y0);
    year_text(x, 1, y1, sizeof y1);
    qsmap_docx_table_begin(x->d, w, 4, indent);
    qsmap_docx_cell head[4] = {
        {.text = "ปีการศึกษา"}, {.text = y0}, {.text = y1}, {.text = "เพิ่มขึ้น/ลดลง"}};
    qsmap_docx_row(x->d, QSMAP_DOCX_ROW_HEAD, head, 4, true);
    char c0[48], c1[48], dc[48], p0[48], p1[48], dp[48];
    uint32_t n = x->i->total.network;
    double q0 = qsmap_i10_percent(v[0], n), q1 = qsmap_i10_percent(v[1], n);
    count_text(x, v[0], c0, sizeof c0);
    count_text(x, v[1], c1, sizeof c1);
    change_text(x, (double)v[1] - (double)v[0], 0, dc, sizeof dc);
    percent_text(x, q0, p0, sizeof p0);
    percent_text(x, q1, p1, sizeof p1);
    change_text(x, q1 - q0, 2, dp, sizeof dp);
    qsmap_docx_cell count[4] = {{.text = "จำนวน (โรงเรียน)"},
                                {.text = c0, .align = QSMAP_DOCX_RIGHT},
                                {.text = c1, .align = QSMAP_DOCX_RIGHT},
                                {.text = dc, .align = QSMAP_DOCX_RIGHT}};
    qsmap_docx_row(x->d, QSMAP_DOCX_ROW_BODY, count, 4, true);
    qsmap_docx_cell pct[4] = {{.text = "ร้อยละ"},
                              {.text = p0, .align = QSMAP_DOCX_RIGHT},
                              {.text = p1, .align = QSMAP_DOCX_RIGHT},
                              {.text = dp, .align = QSMAP_DOCX_RIGHT}};
    qsmap_docx_row(x->d, QSMAP_DOCX_ROW_BODY, pct, 4, false);
    qsmap_docx_table_end(x->d);
}

/* One of the form's figures: its line, the years' table when there are
 * two, and the form's "เนื่องจาก" to fill in. */
static void figure(i10_doc *x, int level, const char *label, const uint32_t v[QSMAP_I10_PERIODS])
{
    char num[48], pct[48];
    count_text(x, v[x->last], num, sizeof num);
    percent_text(x, qsmap_i10_percent(v[x->last], x->i->total.network), pct, sizeof pct);
    char *line = qsmap_style_printf(x->thai, "%s จำนวน %s โรงเรียน คิดเป็นร้อยละ %s", label, num, pct);
    item(x, level, line, NULL);
    g_free(line);
    if (x->i->nperiods == 2)
        year_table(x, level, v);
    qsmap_docx_fill_lines(x->d, "เนื่องจาก ", 2, INDENT * level);
}

static void quantity(i10_doc *x)
{
    const qsmap_i10_counts *t = &x->i->total;
    char *head = qsmap_style_printf(x->thai, "1.3.2.1 เชิงปริมาณ");
    qsmap_docx_heading(x->d, 2, head, false);
    g_free(head);
    char num[48];
    count_text(x, t->network, num, sizeof num);
    char *line = qsmap_style_printf(x->thai, "1) โรงเรียนเครือข่ายทั้งหมดจำนวน %s โรงเรียน", num);
    char *who = qsmap_style_printf(
        x->thai,
        "นับโรงเรียนเครือข่ายทุกแห่งที่อยู่ในรัศมี %s กม. (ระยะทางจีโอเดสิก) ของโรงเรียนคุณภาพ"
        "อย่างน้อยหนึ่งแห่งในรายงานนี้ โรงเรียนละหนึ่งครั้ง",
        x->km);
    item(x, 0, line, who);
    g_free(line);
    g_free(who);
    if (x->i->has_status && t->reported[x->last] < t->network) {
        char rep[48];
        count_text(x, t->reported[x->last], rep, sizeof rep);
        char *note = qsmap_style_printf(
            false, "ตารางโรงเรียนระบุสถานะการเข้าร่วมของโรงเรียนเครือข่าย %s จาก %s โรงเรียน "
                   "โรงเรียนที่ไม่ระบุไม่นับว่าเข้าร่วม",
            rep, num);
        qsmap_docx_p_begin(x->d, QSMAP_DOCX_NOTE, &(qsmap_docx_para){.indent = INDENT});
        qsmap_docx_run(x->d, note, NULL);
        qsmap_docx_p_end(x->d);
        g_free(note);
    }
    uint32_t both[QSMAP_I10_PERIODS];
    for (size_t k = 0; k < QSMAP_I10_PERIODS; k++)
        both[k] = t->joint[k] + t->shared[k];
    figure(x, 0,
           "2) เข้าร่วมในการจัดการเรียนรวม หรือมีการใช้ทรัพยากรร่วมกันกับโรงเรียนคุณภาพ", both);
    item(x, 0, "จำแนกเป็น", NULL);
    figure(x, 1, "2.1) เรียนรวม", t->joint);
    figure(x, 1, "2.2) ใช้ทรัพยากรร่วมกัน", t->shared);
}

/* ---- per quality school ------------------------------------------------------ */

static void school_head(i10_doc *x, bool two)
{
    if (!two) {
        static const char *const H[6] = {"ลำดับ",    "โรงเรียนคุณภาพ", "อำเภอ",
                                         "โรงเรียนเครือข่ายในรัศมี", "เรียนรวม",
                                         "ใช้ทรัพยากรร่วมกัน"};
        qsmap_docx_cell c[6];
        for (int k = 0; k < 6; k++)
            c[k] = (qsmap_docx_cell){.text = H[k]};
        qsmap_docx_row(x->d, QSMAP_DOCX_ROW_HEAD, c, 6, true);
        return;
    }
    /* two header rows: the years under their heading, the rest merged down */
    char y0[32], y1[32];
    year_text(x, 0, y0, sizeof y0);
    year_text(x, 1, y1, sizeof y1);
    qsmap_docx_cell top[6] = {{.text = "ลำดับ", .vmerge = 1},
                              {.text = "โรงเรียนคุณภาพ", .vmerge = 1},
                              {.text = "อำเภอ", .vmerge = 1},
                              {.text = "โรงเรียนเครือข่ายในรัศมี", .vmerge = 1},
                              {.text = "เรียนรวม", .span = 2},
                              {.text = "ใช้ทรัพยากรร่วมกัน", .span = 2}};
    qsmap_docx_row(x->d, QSMAP_DOCX_ROW_HEAD, top, 6, true);
    qsmap_docx_cell low[8] = {{.vmerge = 2}, {.vmerge = 2}, {.vmerge = 2}, {.vmerge = 2},
                              {.text = y0},  {.text = y1},  {.text = y0},  {.text = y1}};
    qsmap_docx_row(x->d, QSMAP_DOCX_ROW_HEAD, low, 8, true);
}

/* A row's figures: network schools, then joint and shared per period. */
static void figures_row(i10_doc *x, qsmap_docx_row_kind kind, qsmap_docx_cell *c, size_t lead,
                        const qsmap_i10_counts *v, char (*buf)[48])
{
    size_t np = x->i->nperiods, n = lead;
    count_text(x, v->network, buf[0], sizeof buf[0]);
    c[n++] = (qsmap_docx_cell){.text = buf[0], .align = QSMAP_DOCX_RIGHT};
    for (size_t k = 0; k < np; k++) {
        count_text(x, v->joint[k], buf[1 + k], sizeof buf[1 + k]);
        c[n++] = (qsmap_docx_cell){.text = buf[1 + k], .align = QSMAP_DOCX_RIGHT};
    }
    for (size_t k = 0; k < np; k++) {
        count_text(x, v->shared[k], buf[3 + k], sizeof buf[3 + k]);
        c[n++] = (qsmap_docx_cell){.text = buf[3 + k], .align = QSMAP_DOCX_RIGHT};
    }
    qsmap_docx_row(x->d, kind, c, n, false);
}

static void schools_table(i10_doc *x)
{
    static const int W1[6] = {900, 3600, 1500, 1171, 900, 1000};
    static const int W2[8] = {900, 2571, 1200, 1000, 850, 850, 850, 850};
    bool two = x->i->nperiods == 2;
    qsmap_docx_heading(x->d, 2, "จำนวนโรงเรียนเครือข่ายรายโรงเรียนคุณภาพ", false);
    if (!x->i->nrows) {
        char noun[400];
        qsmap_report_quality_noun(x->r, noun, sizeof noun);
        char *none = g_strdup_printf("ไม่มี%sในรายงานนี้", noun);
        qsmap_docx_para_text(x->d, QSMAP_DOCX_NORMAL, none, NULL);
        g_free(none);
        return;
    }
    qsmap_docx_table_begin(x->d, two ? W2 : W1, two ? 8 : 6, 0);
    school_head(x, two);
    char buf[5][48], idx[32];
    qsmap_docx_cell c[8];
    for (size_t k = 0; k < x->i->nrows; k++) {
        const qsmap_i10_row *row = &x->i->rows[k];
        uint32_t q = row->quality;
        char *name = qsmap_table_digits_dup(x->r->schools->v[q].name, x->thai);
        char *dist = qsmap_table_digits_dup(qsmap_report_district_name(x->r, q), x->thai);
        qsmap_table_count((long)k + 1, x->thai, idx, sizeof idx);
        c[0] = (qsmap_docx_cell){.text = idx, .align = QSMAP_DOCX_CENTER};
        c[1] = (qsmap_docx_cell){.text = name ? name : x->r->schools->v[q].name};
        c[2] = (qsmap_docx_cell){.text = dist ? dist : qsmap_report_district_name(x->r, q)};
        figures_row(x, QSMAP_DOCX_ROW_BODY, c, 3, &row->c, buf);
        free(name);
        free(dist);
    }
    c[0] = (qsmap_docx_cell){.text = "รวม (นับโรงเรียนละครั้ง)", .align = QSMAP_DOCX_CENTER,
                             .span = 3};
    figures_row(x, QSMAP_DOCX_ROW_TOTAL, c, 1, &x->i->total, buf);
    qsmap_docx_table_end(x->d);
    qsmap_docx_para_text(x->d, QSMAP_DOCX_NOTE,
                         "โรงเรียนเครือข่ายที่อยู่ในรัศมีของโรงเรียนคุณภาพหลายแห่งนับในแถวของ"
                         "แต่ละแห่ง แถวรวมนับโรงเรียนละครั้ง",
                         NULL);
}

/* ---- the document -------------------------------------------------------------- */

static void front(i10_doc *x)
{
    const qsmap_indicator10 *i = x->i;
    char *title = qsmap_style_printf(x->thai, "%s", I10_TITLE);
    qsmap_docx_para_text(x->d, QSMAP_DOCX_TITLE, title, NULL);
    g_free(title);
    char *scope = qsmap_docx_scope(x->r);
    char *sub = i->nperiods == 2
                    ? qsmap_style_printf(x->thai, "%s · ปีการศึกษา %d–%d", scope, i->years[0],
                                         i->years[1])
                    : qsmap_style_printf(x->thai, "%s", scope);
    if (sub[0])
        qsmap_docx_para_text(x->d, QSMAP_DOCX_SUBTITLE, sub, NULL);
    g_free(sub);
    g_free(scope);
    qsmap_docx_font warn = {.bold = true, .color = WARN_RED};
    if (x->r->sample_data)
        qsmap_docx_para_text(x->d, QSMAP_DOCX_NORMAL, QSMAP_SAMPLE_NOTE, &warn);
    if (!i->has_status)
        qsmap_docx_para_text(x->d, QSMAP_DOCX_NORMAL,
                             "ตารางโรงเรียนไม่ระบุสถานะการเข้าร่วมของโรงเรียนเครือข่าย (คอลัมน์ "
                             "network_status): จำนวนเรียนรวมและใช้ทรัพยากรร่วมกันด้านล่างเป็น 0 "
                             "เพราะไม่มีข้อมูล ไม่ใช่เพราะไม่มีโรงเรียนเข้าร่วม",
                             &warn);
    char *head = qsmap_style_printf(x->thai,
                                    "ตัวชี้วัดที่ 10 ร้อยละของโรงเรียนเครือข่ายที่เข้าร่วมในการจัดการ"
                                    "เรียนรวม หรือมีการใช้ทรัพยากรร่วมกันกับโรงเรียนคุณภาพ");
    qsmap_docx_heading(x->d, 1, head, false);
    g_free(head);
}

static void sources(i10_doc *x)
{
    const char *path = x->r->schools->path, *slash = strrchr(path, '/');
    char *src = qsmap_style_printf(
        x->thai,
        "แหล่งข้อมูล: ข้อมูลโรงเรียน %s · รัศมี %s กม. ระยะทางจีโอเดสิกบนทรงรี WGS84 · "
        "จัดทำด้วย qsmap %s",
        slash && slash[1] ? slash + 1 : path, x->km, QSMAP_VERSION);
    qsmap_docx_para_text(x->d, QSMAP_DOCX_NOTE, src, NULL);
    g_free(src);
}

qsmap_status qsmap_docx_write_i10(FILE *fp, const qsmap_report *r, const qsmap_render_opts *opt,
                                  const qsmap_indicator10 *i10, qsmap_error *err)
{
    i10_doc x = {.r = r, .i = i10, .thai = opt->thai_digits};
    if (i10->nperiods < 1 || i10->nperiods > QSMAP_I10_PERIODS)
        return qsmap_error_set(err, QSMAP_E_RENDER, NULL, 0,
                               "Indicator 10: %zu periods (1 or 2 expected)", i10->nperiods);
    x.last = i10->nperiods - 1;
    char raw[64];
    snprintf(raw, sizeof raw, "%g", r->radius_m / 1000.0);
    qsmap_number_digits(raw, x.thai, x.km, sizeof x.km);
    qsmap_status st = qsmap_docx_new(I10_TITLE, x.thai, &x.d, err);
    if (st)
        return st;
    front(&x);
    quantity(&x);
    schools_table(&x);
    sources(&x);
    st = qsmap_docx_finish(x.d, fp, err);
    qsmap_docx_free(x.d);
    return st;
}
