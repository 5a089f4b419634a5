/* docx_report.c — the district report as a Word document, for offices
 * that hand reports in as .docx: per district a Heading 1 (so Word's
 * navigation pane and table of contents list the districts), the map as
 * the PNG renderer draws it at 200 dpi, and per quality school a Heading 2
 * and a real, editable Word table of its network schools with totals; the
 * same words and figures as the PDF's table pages (render/table_text.h),
 * then the district's merge line, definitions and sources. The quality
 * schools without a network school in reach (the Stand Alone candidates)
 * close the document. The builder: render/docx.h. */
#include "base/number.h"
#include "base/vocab.h"
#include "render/docx.h"
#include "render/render.h"
#include "render/table_text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAP_DPI 200
#define MAP_MAX_H 11906 /* twips, 21 cm: a portrait map with its heading on a page */
/* Rows held with their neighbours: a header never alone at a page foot, a
 * totals row never alone at a page top (render/table.c's KEEP_ROWS). */
#define KEEP_ROWS 3
#define WARN_RED "C00000"

/* twips, 9071 in all: ลำดับ and นักเรียน on one line at 14 pt bold */
static const int NET_W[6] = {900, 3571, 1300, 1200, 1200, 900};
static const char *const NET_HEAD[6] = {"ลำดับ",         "ชื่อโรงเรียน", "ระยะทาง (กม.)",
                                        "พื้นที่ (ไร่)", "นักเรียน",     "ครู"};

typedef struct {
    qsmap_docx *d;
    const qsmap_render_opts *opt;
    bool thai;
    char km[64]; /* the radius as printed: "5", "2.5" */
} report_doc;

/* ---- one quality school ------------------------------------------------------ */

/* Heading 2: the name and its readiness colour as a swatch and a word;
 * then its own figures, as the PDF's block title gives them. */
static void school_heading(report_doc *rd, const qsmap_school *q)
{
    char hex[7], num[64], stats[256] = "";
    qsmap_docx_color_hex((qsmap_color)q->color, hex);
    const char *color = qsmap_color_name_th((qsmap_color)q->color);
    char *name = qsmap_style_printf(rd->thai, "%s  ", q->name);
    qsmap_docx_para pp = {.keep_next = true};
    qsmap_docx_p_begin(rd->d, QSMAP_DOCX_H2, &pp);
    qsmap_docx_run(rd->d, name, NULL);
    qsmap_docx_font swatch = {.color = hex};
    qsmap_docx_run(rd->d, "■ ", &swatch);
    qsmap_docx_run(rd->d, color[0] ? color : "ไม่ระบุสี", NULL);
    qsmap_docx_p_end(rd->d);
    g_free(name);
    if (q->students >= 0) {
        qsmap_table_count(q->students, rd->thai, num, sizeof num);
        snprintf(stats + strlen(stats), sizeof stats - strlen(stats), "นักเรียน %s คน   ", num);
    }
    if (q->teachers >= 0) {
        qsmap_table_count(q->teachers, rd->thai, num, sizeof num);
        snprintf(stats + strlen(stats), sizeof stats - strlen(stats), "ครู %s คน   ", num);
    }
    if (!isnan(q->area_rai)) {
        qsmap_table_area(q->area_rai, rd->thai, num, sizeof num);
        snprintf(stats + strlen(stats), sizeof stats - strlen(stats), "พื้นที่ %s ไร่", num);
    }
    if (stats[0]) {
        qsmap_docx_p_begin(rd->d, QSMAP_DOCX_NORMAL, &pp);
        qsmap_docx_run(rd->d, stats, NULL);
        qsmap_docx_p_end(rd->d);
    }
}

static void network_row(report_doc *rd, const qsmap_report *r, const qsmap_share_index *share,
                        size_t k, const qsmap_pair *p, bool keep)
{
    const qsmap_school *n = &r->schools->v[p->network];
    char idx[32], km[48], area[64], stu[48], tea[48], shared[1200];
    qsmap_table_count((long)k + 1, rd->thai, idx, sizeof idx);
    qsmap_number_km(p->distance_m, rd->thai, km, sizeof km);
    qsmap_table_area(n->area_rai, rd->thai, area, sizeof area);
    qsmap_table_count(n->students, rd->thai, stu, sizeof stu);
    qsmap_table_count(n->teachers, rd->thai, tea, sizeof tea);
    qsmap_table_shared_with(share, p->quality, p->network, rd->thai, shared, sizeof shared);
    char *name = qsmap_table_digits_dup(n->name, rd->thai);
    qsmap_docx_cell c[6] = {
        {.text = idx, .align = QSMAP_DOCX_CENTER},
        {.text = name ? name : n->name, .sub = shared},
        {.text = km, .align = QSMAP_DOCX_RIGHT},
        {.text = area, .align = QSMAP_DOCX_RIGHT},
        {.text = stu, .align = QSMAP_DOCX_RIGHT},
        {.text = tea, .align = QSMAP_DOCX_RIGHT},
    };
    qsmap_docx_row(rd->d, QSMAP_DOCX_ROW_BODY, c, 6, keep);
    free(name);
}

/* "รวม N โรงเรียน" and the sums of the values given ("–" when none is). */
static void total_row(report_doc *rd, const qsmap_report *r, const qsmap_pair *p, size_t m,
                      bool keep)
{
    qsmap_table_totals tt;
    qsmap_table_totals_of(r, p, m, rd->thai, &tt);
    qsmap_docx_cell c[5] = {
        {.text = tt.label, .align = QSMAP_DOCX_CENTER, .span = 2},
        {.text = ""},
        {.text = tt.area, .align = QSMAP_DOCX_RIGHT},
        {.text = tt.students, .align = QSMAP_DOCX_RIGHT},
        {.text = tt.teachers, .align = QSMAP_DOCX_RIGHT},
    };
    qsmap_docx_row(rd->d, QSMAP_DOCX_ROW_TOTAL, c, 5, keep);
}

/* One quality school: pairs p[0..n) share p[0].quality, either its network
 * schools by distance or a single QSMAP_NO_SCHOOL pair. */
static void school_block(report_doc *rd, const qsmap_report *r, const qsmap_share_index *share,
                         const qsmap_pair *p, size_t n)
{
    school_heading(rd, &r->schools->v[p[0].quality]);
    if (n == 1 && p[0].network == QSMAP_NO_SCHOOL) {
        char *line = qsmap_style_printf(rd->thai, "ไม่มีโรงเรียนเครือข่ายในรัศมี %s กม.", rd->km);
        qsmap_docx_para_text(rd->d, QSMAP_DOCX_NORMAL, line, NULL);
        g_free(line);
        return;
    }
    char merged[1200], shared[800] = "";
    qsmap_table_summary(r, p[0].quality, rd->thai, merged, sizeof merged);
    if (merged[0])
        qsmap_table_shared_note(share, p, n, rd->thai, shared, sizeof shared);

    qsmap_docx_table_begin(rd->d, NET_W, 6, 0);
    qsmap_docx_cell head[6];
    for (int c = 0; c < 6; c++)
        head[c] = (qsmap_docx_cell){.text = NET_HEAD[c]};
    qsmap_docx_row(rd->d, QSMAP_DOCX_ROW_HEAD, head, 6, true);
    for (size_t k = 0; k < n; k++) {
        /* a short table is held whole; a long one keeps KEEP_ROWS rows
         * with its header and with its totals */
        bool keep = n < 2 * KEEP_ROWS || k + 1 < KEEP_ROWS || k + KEEP_ROWS >= n;
        network_row(rd, r, share, k, &p[k], keep);
    }
    total_row(rd, r, p, n, merged[0] != '\0');
    qsmap_docx_table_end(rd->d);
    qsmap_docx_para pp = {.keep_next = shared[0] != '\0'};
    if (merged[0]) {
        qsmap_docx_p_begin(rd->d, QSMAP_DOCX_NOTE, &pp);
        qsmap_docx_run(rd->d, merged, NULL);
        qsmap_docx_p_end(rd->d);
    }
    if (shared[0])
        qsmap_docx_para_text(rd->d, QSMAP_DOCX_NOTE, shared, NULL);
}

/* ---- one district ------------------------------------------------------------ */

static const char *file_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

/* The district's map, drawn as the PNG output draws it, at MAP_DPI. */
static qsmap_status map_picture(report_doc *rd, const qsmap_report *r, const char *place,
                                qsmap_error *err)
{
    char *png = NULL;
    size_t len = 0;
    FILE *ms = open_memstream(&png, &len);
    if (!ms)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    qsmap_render_opts o = *rd->opt;
    o.dpi = MAP_DPI;
    qsmap_status st = qsmap_render_png(ms, r, &o, NULL, err);
    if (fclose(ms) != 0 && !st)
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    if (!st) {
        char *descr = qsmap_style_printf(rd->thai, "แผนที่โรงเรียนเครือข่ายในรัศมี %s กม. %s",
                                         rd->km, place);
        qsmap_docx_image(rd->d, png, len, MAP_MAX_H, descr);
        g_free(descr);
    }
    free(png);
    return st;
}

/* What closes a district: the merge line over its tables, what the words
 * mean, where the data come from, and the sample-data warning. */
static qsmap_status district_foot(report_doc *rd, const qsmap_report *r,
                                  const qsmap_share_index *share, long sel, size_t blocks,
                                  qsmap_error *err)
{
    const char *kind =
        sel < 0 ? qsmap_districts_kind(r->districts, r->selected, r->nselected)
                : qsmap_district_kind(qsmap_districts_get(r->districts, (size_t)sel));
    if (blocks >= 2 && r->nsummary) { /* one table's own line says it all */
        qsmap_merge_totals m;
        char tail[1200];
        if (qsmap_table_merge_totals(r, sel, &m))
            return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
        qsmap_table_merge_line(&m, sel < 0 ? "หมด" : kind, rd->thai, tail, sizeof tail);
        qsmap_docx_p_begin(rd->d, QSMAP_DOCX_NORMAL, &(qsmap_docx_para){.space_before = 160});
        qsmap_docx_run(rd->d, tail, &(qsmap_docx_font){.bold = true});
        qsmap_docx_p_end(rd->d);
    }
    char *defs = qsmap_table_definitions(share);
    if (defs) {
        qsmap_docx_p_begin(rd->d, QSMAP_DOCX_NOTE, &(qsmap_docx_para){.space_before = 160});
        qsmap_docx_run(rd->d, defs, NULL);
        qsmap_docx_p_end(rd->d);
    }
    g_free(defs);
    char *src = qsmap_style_printf(
        rd->thai,
        "แหล่งข้อมูล: ข้อมูลโรงเรียน %s\nขอบเขตการปกครอง: กรมแผนที่ทหาร / OCHA HDX (CC BY-IGO)\n"
        "รัศมี %s กม. ระยะทางจีโอเดสิกบนทรงรี WGS84%s%s · จัดทำด้วย qsmap %s",
        file_name(r->schools->path), rd->km, rd->opt->date && *rd->opt->date ? " · วันที่ " : "",
        rd->opt->date && *rd->opt->date ? rd->opt->date : "", QSMAP_VERSION);
    qsmap_docx_p_begin(rd->d, QSMAP_DOCX_NOTE, &(qsmap_docx_para){.space_before = 160});
    qsmap_docx_run(rd->d, src, NULL);
    qsmap_docx_p_end(rd->d);
    g_free(src);
    if (r->sample_data)
        qsmap_docx_para_text(rd->d, QSMAP_DOCX_NORMAL, QSMAP_SAMPLE_NOTE,
                             &(qsmap_docx_font){.bold = true, .color = WARN_RED});
    return QSMAP_OK;
}

/* One district of the report (r a slice of it, or the report itself when
 * it has one district; sel < 0: every table of r, without a map). */
static qsmap_status district(report_doc *rd, const qsmap_report *r, long sel, bool new_page,
                             qsmap_error *err)
{
    if (sel >= 0) {
        char place[512];
        qsmap_district_title(qsmap_districts_get(r->districts, (size_t)sel), place, sizeof place);
        qsmap_docx_heading(rd->d, 1, place, new_page);
        qsmap_status st = map_picture(rd, r, place, err);
        if (st)
            return st;
    }
    qsmap_share_index share;
    if (qsmap_share_index_init(&share, r))
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    const qsmap_catchment *c = r->catchment;
    size_t blocks = 0;
    for (size_t i = 0; i < c->n;) {
        size_t j = i;
        while (j < c->n && c->v[j].quality == c->v[i].quality)
            j++;
        if (sel < 0 || r->district_of[c->v[i].quality] == sel) {
            school_block(rd, r, &share, &c->v[i], j - i);
            blocks++;
        }
        i = j;
    }
    if (!blocks) {
        char noun[400];
        qsmap_report_quality_noun(r, noun, sizeof noun);
        char *none = g_strdup_printf(
            "ไม่มี%sใน%sนี้", noun,
            sel < 0 ? "รายงาน" : qsmap_district_kind(qsmap_districts_get(r->districts, (size_t)sel)));
        qsmap_docx_para_text(rd->d, QSMAP_DOCX_NORMAL, none, NULL);
        g_free(none);
    }
    qsmap_status st = district_foot(rd, r, &share, sel, blocks, err);
    qsmap_share_index_free(&share);
    return st;
}

/* ---- Stand Alone candidates --------------------------------------------------- */

static void stand_alone_row(report_doc *rd, const qsmap_report *r, uint32_t q, size_t k)
{
    const qsmap_school *s = &r->schools->v[q];
    char idx[32], stu[48], tea[48], hex[7];
    qsmap_table_count((long)k, rd->thai, idx, sizeof idx);
    qsmap_table_count(s->students, rd->thai, stu, sizeof stu);
    qsmap_table_count(s->teachers, rd->thai, tea, sizeof tea);
    qsmap_docx_color_hex((qsmap_color)s->color, hex);
    const char *color = qsmap_color_name_th((qsmap_color)s->color);
    char *name = qsmap_table_digits_dup(s->name, rd->thai);
    char *dist = qsmap_table_digits_dup(qsmap_report_district_name(r, q), rd->thai);
    qsmap_docx_cell c[6] = {
        {.text = idx, .align = QSMAP_DOCX_CENTER},
        {.text = dist ? dist : qsmap_report_district_name(r, q)},
        {.text = name ? name : s->name},
        {.text = color[0] ? color : "ไม่ระบุสี", .mark = hex},
        {.text = stu, .align = QSMAP_DOCX_RIGHT},
        {.text = tea, .align = QSMAP_DOCX_RIGHT},
    };
    qsmap_docx_row(rd->d, QSMAP_DOCX_ROW_BODY, c, 6, false);
    free(name);
    free(dist);
}

/* The report's quality schools with no network school within the radius:
 * those that may apply as Stand Alone schools. */
static void stand_alone(report_doc *rd, const qsmap_report *r)
{
    static const int W[6] = {900, 1600, 3300, 1300, 1100, 871};
    static const char *const HEAD[6] = {"ลำดับ", "อำเภอ", "ชื่อโรงเรียน", "สี", "นักเรียน", "ครู"};
    qsmap_docx_heading(rd->d, 1,
                       "โรงเรียนคุณภาพที่ไม่มีโรงเรียนเครือข่ายในรัศมี (ผู้สมัคร Stand Alone — "
                       "โรงเรียนที่สามารถดำรงตนอยู่ได้อย่างมีคุณภาพ)",
                       false);
    size_t n = 0;
    for (size_t i = 0; i < r->catchment->n; i++)
        n += r->catchment->v[i].network == QSMAP_NO_SCHOOL;
    if (!n) {
        char *line = qsmap_style_printf(
            rd->thai, "โรงเรียนคุณภาพทุกแห่งในรายงานนี้มีโรงเรียนเครือข่ายในรัศมี %s กม.", rd->km);
        qsmap_docx_para_text(rd->d, QSMAP_DOCX_NORMAL, line, NULL);
        g_free(line);
        return;
    }
    char *line = qsmap_style_printf(
        rd->thai, "โรงเรียนคุณภาพ %zu แห่งไม่มีโรงเรียนเครือข่ายในรัศมี %s กม.", n, rd->km);
    qsmap_docx_para_text(rd->d, QSMAP_DOCX_NORMAL, line, NULL);
    g_free(line);
    qsmap_docx_table_begin(rd->d, W, 6, 0);
    qsmap_docx_cell head[6];
    for (int c = 0; c < 6; c++)
        head[c] = (qsmap_docx_cell){.text = HEAD[c]};
    qsmap_docx_row(rd->d, QSMAP_DOCX_ROW_HEAD, head, 6, true);
    size_t k = 0;
    for (size_t i = 0; i < r->catchment->n; i++)
        if (r->catchment->v[i].network == QSMAP_NO_SCHOOL)
            stand_alone_row(rd, r, r->catchment->v[i].quality, ++k);
    qsmap_docx_table_end(rd->d);
}

/* ---- the document ------------------------------------------------------------- */

/* What the report covers, for its title: the office, the district, the
 * province, or how many districts. g_free it. */
char *qsmap_docx_scope(const qsmap_report *r)
{
    if (r->office)
        return g_strdup(qsmap_office_name(r->office));
    if (r->nselected == 0)
        return g_strdup("");
    const qsmap_district *d = qsmap_districts_get(r->districts, r->selected[0]);
    if (r->nselected == 1)
        return qsmap_style_place(d);
    for (size_t k = 1; k < r->nselected; k++)
        if (strcmp(qsmap_districts_get(r->districts, r->selected[k])->province_pcode,
                   d->province_pcode))
            return g_strdup_printf(
                "%zu %s", r->nselected,
                qsmap_districts_kind(r->districts, r->selected, r->nselected));
    bool bangkok = !strcmp(d->province_th, "กรุงเทพมหานคร");
    return g_strdup_printf("%s%s", bangkok ? "" : "จังหวัด", d->province_th);
}

static qsmap_status body(report_doc *rd, const qsmap_report *r, const char *title,
                         qsmap_error *err)
{
    qsmap_docx_para_text(rd->d, QSMAP_DOCX_TITLE, title, NULL);
    if (rd->opt->date && *rd->opt->date) {
        char *date = qsmap_style_printf(rd->thai, "วันที่ %s", rd->opt->date);
        qsmap_docx_para_text(rd->d, QSMAP_DOCX_SUBTITLE, date, NULL);
        g_free(date);
    }
    qsmap_status st = QSMAP_OK;
    if (r->nselected == 0)
        st = district(rd, r, -1, false, err);
    size_t shown = 0;
    for (size_t k = 0; k < r->nselected && !st; k++) {
        size_t pairs, sel = r->selected[k];
        if (rd->opt->skip_empty && qsmap_summary_district(r, sel, &pairs) == 0)
            continue; /* --skip-empty: as the atlas leaves it out */
        if (r->nselected == 1) {
            st = district(rd, r, (long)sel, false, err);
        } else {
            qsmap_report slice;
            if ((st = qsmap_report_slice(r, sel, &slice, err)))
                break;
            st = district(rd, &slice, (long)sel, shown > 0, err);
            qsmap_report_release(&slice);
        }
        shown++;
    }
    if (!st)
        stand_alone(rd, r);
    return st;
}

qsmap_status qsmap_docx_write_report(FILE *fp, const qsmap_report *r,
                                     const qsmap_render_opts *opt, qsmap_error *err)
{
    report_doc rd = {.opt = opt, .thai = opt->thai_digits};
    char raw[64];
    snprintf(raw, sizeof raw, "%g", r->radius_m / 1000.0);
    qsmap_number_digits(raw, rd.thai, rd.km, sizeof rd.km);
    char *scope = qsmap_docx_scope(r);
    char *title = qsmap_style_printf(rd.thai, "รายงานโรงเรียนเครือข่ายในรัศมี %s กม. ของโรงเรียนคุณภาพ %s",
                                     raw, scope);
    g_free(scope);
    qsmap_status st = qsmap_docx_new(title, rd.thai, &rd.d, err);
    if (!st)
        st = body(&rd, r, title, err);
    if (!st)
        st = qsmap_docx_finish(rd.d, fp, err);
    qsmap_docx_free(rd.d);
    g_free(title);
    return st;
}

qsmap_status qsmap_render_docx(FILE *fp, const qsmap_report *r, const qsmap_render_opts *opt,
                               const qsmap_indicator10 *i10, qsmap_error *err)
{
    static const qsmap_render_opts defaults = {0};
    if (!opt)
        opt = &defaults;
    return i10 ? qsmap_docx_write_i10(fp, r, opt, i10, err)
               : qsmap_docx_write_report(fp, r, opt, err);
}
