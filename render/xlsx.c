/* export_xlsx.c — the pair table and the summary as an Excel workbook
 * (libxlsxwriter): sheet "คู่โรงเรียน" holds the same rows and data as the
 * pairs CSV, sheet "สรุป" the same as the summary CSV, with Thai headers.
 *
 * Unlike the CSV, cells are typed: distances (in km), areas, counts and
 * ratios are numbers so that planners can sort, filter and sum them; school
 * ids stay text because they are 10-digit codes, not quantities. Each sheet
 * has a bold, filled header row that stays in view (frozen pane), an
 * autofilter over the table and column widths fitted to the Thai text. */
#include "render/render.h"
#include "base/vocab.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#define MAX_COLS 24

/* The sheet being written: the next cell's place, the widest content per
 * column (in code points) and the first libxlsxwriter error, so that the
 * writing code can stay a flat list of cells and check once per sheet. */
typedef struct {
    lxw_worksheet *ws;
    lxw_row_t row;
    lxw_col_t col, ncols;
    size_t width[MAX_COLS];
    lxw_error err;
} sheet;

/* Code points, not bytes: a Thai character is three bytes in UTF-8 but
 * about one character wide. Marks above and below the line count too,
 * which errs towards wider columns. */
static size_t code_points(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void note(sheet *sh, lxw_error e, size_t len)
{
    if (e && !sh->err)
        sh->err = e;
    if (sh->col < MAX_COLS && len > sh->width[sh->col])
        sh->width[sh->col] = len;
    sh->col++;
}

static void next_row(sheet *sh)
{
    if (sh->col > sh->ncols)
        sh->ncols = sh->col;
    sh->row++;
    sh->col = 0;
}

/* Empty text is a cell left blank: libxlsxwriter refuses an empty string
 * without a format (LXW_ERROR_NULL_PARAMETER_IGNORED), and blank is what an
 * empty CSV field means. */
static void put_str(sheet *sh, const char *s, lxw_format *fmt)
{
    lxw_error e = LXW_NO_ERROR;
    if (s && *s)
        e = worksheet_write_string(sh->ws, sh->row, sh->col, s, fmt);
    note(sh, e, s ? code_points(s) : 0);
}

static void put_blank(sheet *sh) { note(sh, LXW_NO_ERROR, 0); }

/* A number shown with `decimals` places (fmt must say the same), or as
 * Excel's General format shows it with decimals < 0. NaN is left blank. */
static void put_num(sheet *sh, double v, lxw_format *fmt, int decimals)
{
    if (isnan(v)) {
        put_blank(sh);
        return;
    }
    char shown[64];
    if (decimals >= 0)
        snprintf(shown, sizeof shown, "%.*f", decimals, v);
    else
        snprintf(shown, sizeof shown, "%.10g", v);
    note(sh, worksheet_write_number(sh->ws, sh->row, sh->col, v, fmt), strlen(shown));
}

/* Counts from the school table: missing values stay blank, not 0. */
static void put_count(sheet *sh, int32_t v)
{
    if (v == QSMAP_MISSING_INT)
        put_blank(sh);
    else
        put_num(sh, v, NULL, -1);
}

static void put_header(sheet *sh, const char *const *names, size_t n, lxw_format *fmt)
{
    for (size_t i = 0; i < n; i++)
        put_str(sh, names[i], fmt);
}

/* Frozen header row, autofilter over header and data, fitted widths. */
static lxw_error finish(sheet *sh)
{
    if (sh->err)
        return sh->err;
    if (sh->ncols == 0)
        return LXW_NO_ERROR;
    worksheet_freeze_panes(sh->ws, 1, 0);
    lxw_error e = worksheet_autofilter(sh->ws, 0, 0, sh->row - 1, sh->ncols - 1);
    for (lxw_col_t c = 0; !e && c < sh->ncols && c < MAX_COLS; c++) {
        /* +1 per column leaves room for the autofilter's drop-down arrow */
        double w = fmin(60.0, fmax(8.0, 1.1 * (double)sh->width[c] + 1.0));
        e = worksheet_set_column(sh->ws, c, c, w, NULL);
    }
    return e;
}

static lxw_error write_pairs(sheet *sh, const qsmap_report *r, lxw_format *head,
                             lxw_format *two)
{
    static const char *const HEAD[] = {
        "อำเภอ", "รหัสอำเภอ", "รหัสโรงเรียนคุณภาพ", "โรงเรียนคุณภาพ", "สี",
        "รหัสโรงเรียนเครือข่าย", "โรงเรียนเครือข่าย", "อำเภอของโรงเรียนเครือข่าย",
        "ระยะทาง (กม.)", "พื้นที่ (ไร่)", "นักเรียน", "ครู",
        "จำนวนโรงเรียนคุณภาพในรัศมี", "โรงเรียนคุณภาพที่ใกล้ที่สุด (id)"};
    const size_t ncols = sizeof HEAD / sizeof *HEAD;
    put_header(sh, HEAD, ncols, head);
    if (r->sample_data)
        put_str(sh, "หมายเหตุ", head);
    next_row(sh);
    const qsmap_school *v = r->schools->v;
    for (size_t i = 0; i < r->catchment->n && !sh->err; i++) {
        const qsmap_pair *p = &r->catchment->v[i];
        const qsmap_school *q = &v[p->quality];
        const qsmap_district *d =
            qsmap_districts_get(r->districts, (size_t)r->district_of[p->quality]);
        put_str(sh, d->name_th, NULL);
        put_str(sh, d->pcode, NULL);
        put_str(sh, q->id, NULL);
        put_str(sh, q->name, NULL);
        put_str(sh, qsmap_color_name_th((qsmap_color)q->color), NULL);
        if (p->network == QSMAP_NO_SCHOOL) {
            /* the quality school keeps its row, as in the CSV */
            for (size_t k = 5; k < ncols; k++)
                put_blank(sh);
        } else {
            const qsmap_school *n = &v[p->network];
            uint32_t near = r->nearest_quality[p->network];
            put_str(sh, n->id, NULL);
            put_str(sh, n->name, NULL);
            put_str(sh, qsmap_report_district_name(r, p->network), NULL);
            put_num(sh, p->distance_m / 1000.0, two, 2);
            put_num(sh, n->area_rai, NULL, -1);
            put_count(sh, n->students);
            put_count(sh, n->teachers);
            put_num(sh, r->quality_count[p->network], NULL, -1);
            put_str(sh, near != QSMAP_NO_SCHOOL ? v[near].id : "", NULL);
        }
        if (r->sample_data)
            put_str(sh, QSMAP_SAMPLE_NOTE, NULL);
        next_row(sh);
    }
    return finish(sh);
}

static lxw_error write_summary(sheet *sh, const qsmap_report *r, lxw_format *head,
                               lxw_format *two)
{
    char small[128];
    snprintf(small, sizeof small, "โรงเรียนขนาดเล็ก (≤%d คน)", r->small_max);
    const char *const HEAD[] = {
        "อำเภอ", "รหัสโรงเรียนคุณภาพ", "โรงเรียนคุณภาพ", "สี", "นักเรียน", "ครู",
        "พื้นที่ (ไร่)", "จำนวนโรงเรียนเครือข่าย", "นักเรียนเครือข่าย", "ครูเครือข่าย",
        small, "นักเรียนหากรวม", "ครูหากรวม", "นักเรียนต่อครูหากรวม"};
    bool status = r->schools->has_participation;
    put_header(sh, HEAD, sizeof HEAD / sizeof *HEAD, head);
    if (status)
        for (int k = QSMAP_PART_JOINT; k < QSMAP_PART_COUNT; k++) {
            char pct[128];
            const char *name = qsmap_participation_name_th((qsmap_participation)k);
            snprintf(pct, sizeof pct, "ร้อยละ%s", name);
            put_str(sh, name, head);
            put_str(sh, pct, head);
        }
    /* the summary CSV carries the note too: a copied sheet keeps it */
    if (r->sample_data)
        put_str(sh, "หมายเหตุ", head);
    next_row(sh);
    for (size_t i = 0; i < r->nsummary && !sh->err; i++) {
        const qsmap_summary_row *s = &r->summary[i];
        const qsmap_school *q = &r->schools->v[s->quality];
        put_str(sh, qsmap_report_district_name(r, s->quality), NULL);
        put_str(sh, q->id, NULL);
        put_str(sh, q->name, NULL);
        put_str(sh, qsmap_color_name_th((qsmap_color)q->color), NULL);
        put_count(sh, q->students);
        put_count(sh, q->teachers);
        put_num(sh, q->area_rai, NULL, -1);
        put_num(sh, s->network_count, NULL, -1);
        put_num(sh, (double)s->network_students, NULL, -1);
        put_num(sh, (double)s->network_teachers, NULL, -1);
        put_num(sh, s->small_schools, NULL, -1);
        put_num(sh, (double)s->students_if_merged, NULL, -1);
        put_num(sh, (double)s->teachers_if_merged, NULL, -1);
        put_num(sh, s->students_per_teacher_if_merged, two, 2);
        if (status)
            for (int k = QSMAP_PART_JOINT; k < QSMAP_PART_COUNT; k++) {
                put_num(sh, s->participation_count[k], NULL, -1);
                put_num(sh, qsmap_summary_percent(s, (qsmap_participation)k), two, 2);
            }
        if (r->sample_data)
            put_str(sh, QSMAP_SAMPLE_NOTE, NULL);
        next_row(sh);
    }
    return finish(sh);
}

qsmap_status qsmap_render_xlsx(const char *path, const qsmap_report *r, qsmap_error *err)
{
    /* Nothing reaches the file before workbook_close, which also frees the
     * workbook whatever happens, so every path below ends there exactly once. */
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return qsmap_error_set(err, QSMAP_E_IO, path, 0, "cannot write the workbook: %s",
                               lxw_strerror(LXW_ERROR_MEMORY_MALLOC_FAILED));
    lxw_error e = LXW_NO_ERROR;
    lxw_format *head = workbook_add_format(wb), *two = workbook_add_format(wb);
    /* Sheet names are fixed and valid, so NULL can only mean no memory. */
    lxw_worksheet *ws1 = workbook_add_worksheet(wb, "คู่โรงเรียน");
    lxw_worksheet *ws2 = workbook_add_worksheet(wb, "สรุป");
    if (!head || !two || !ws1 || !ws2) {
        e = LXW_ERROR_MEMORY_MALLOC_FAILED;
    } else {
        format_set_bold(head);
        format_set_pattern(head, LXW_PATTERN_SOLID);
        format_set_bg_color(head, 0xDDEBF7);
        format_set_border(head, LXW_BORDER_THIN);
        format_set_num_format(two, "0.00");
        sheet s1 = {.ws = ws1}, s2 = {.ws = ws2};
        e = write_pairs(&s1, r, head, two);
        if (!e)
            e = write_summary(&s2, r, head, two);
    }
    lxw_error closed = workbook_close(wb);
    if (!e)
        e = closed;
    if (e) {
        /* A half-built workbook must not stay behind; but when the file could
         * not even be created, whatever is at `path` is not ours. */
        if (e != LXW_ERROR_CREATING_XLSX_FILE)
            remove(path);
        return qsmap_error_set(err, QSMAP_E_IO, path, 0, "cannot write the workbook: %s",
                               lxw_strerror(e));
    }
    return QSMAP_OK;
}
