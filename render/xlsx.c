/* xlsx.c — the pair table and the summary as an Excel workbook
 * (libxlsxwriter): sheet "คู่โรงเรียน" holds the same rows and data as the
 * pairs CSV, sheet "สรุป" the same as the summary CSV, with Thai headers;
 * both sheets are written from the row tables of report/rows.h, which the
 * CSV writers read too, so the sheets cannot drift from the CSV.
 *
 * Unlike the CSV, cells are typed: distances (in km), areas, counts and
 * ratios are numbers so that planners can sort, filter and sum them; school
 * ids stay text because they are 10-digit codes, not quantities. Each sheet
 * has a bold, filled header row that stays in view (frozen pane), an
 * autofilter over the table and column widths fitted to the Thai text. */
#include "render/render.h"
#include "report/rows.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#define MAX_COLS QSMAP_ROW_MAX_COLS /* the widest row table */

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

/* A value as the sheet holds it: distances in km and ratios with 2
 * decimals (fmt `two`), the other numbers as Excel's General shows them,
 * a blank value as a blank cell. */
static void put_value(sheet *sh, qsmap_val_kind kind, qsmap_row_value v, lxw_format *two)
{
    if (v.blank) {
        put_blank(sh);
        return;
    }
    switch (kind) {
    case QSMAP_VAL_TEXT: put_str(sh, v.text, NULL); break;
    case QSMAP_VAL_INT: put_num(sh, (double)v.n, NULL, -1); break;
    case QSMAP_VAL_METRES: put_num(sh, v.x / 1000.0, two, 2); break;
    case QSMAP_VAL_AREA: put_num(sh, v.x, NULL, -1); break;
    case QSMAP_VAL_RATIO: put_num(sh, v.x, two, 2); break;
    }
}

/* A sheet of the rows of table t: the Thai headings, then a row each, the
 * same rows and columns as the table's CSV. */
static lxw_error write_table(sheet *sh, const qsmap_report *r, const qsmap_row_table *t,
                             lxw_format *head, lxw_format *two)
{
    qsmap_row_cursor c;
    qsmap_row_cursor_init(&c, t, r);
    for (size_t k = 0; k < c.ncols; k++) {
        char buf[128];
        put_str(sh, qsmap_row_col_heading(c.cols[k], r, buf, sizeof buf), head);
    }
    next_row(sh);
    while (!sh->err && qsmap_row_cursor_next(&c))
        for (size_t j = 0; j < c.n && !sh->err; j++) {
            for (size_t k = 0; k < c.ncols; k++)
                put_value(sh, c.cols[k]->kind, c.v[k][j], two);
            next_row(sh);
        }
    return finish(sh);
}

/* libxlsxwriter prints its errors and warnings on stderr itself (LXW_PRINTF,
 * fprintf(stderr, ...) compiled into the library; 1.1.4 has no option to
 * turn it off). qsmap reports an error once, as its own line, so stderr's
 * descriptor points at /dev/null while the workbook is made, and back
 * after. Nothing else of qsmap writes on stderr meanwhile: workbooks are
 * written by the main thread once any drawing workers are done, and the
 * signal thread prints nothing. Returns the saved stderr, or -1. */
static int stderr_off(void)
{
    fflush(stderr);
    int saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved >= 0 && (null < 0 || dup2(null, STDERR_FILENO) < 0)) {
        close(saved);
        saved = -1;
    }
    if (null >= 0)
        close(null);
    return saved;
}

static void stderr_on(int saved)
{
    if (saved < 0)
        return;
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
}

/* The workbook at path: both sheets, then workbook_close, which writes the
 * file. Nothing reaches the file before workbook_close, which also frees
 * the workbook whatever happens, so every path ends there exactly once.
 * The first error; *sys_errno is errno as workbook_close left it. */
static lxw_error make_workbook(const char *path, const qsmap_report *r, int *sys_errno)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
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
        e = write_table(&s1, r, &qsmap_pair_rows, head, two);
        if (!e)
            e = write_table(&s2, r, &qsmap_summary_rows, head, two);
    }
    errno = 0;
    lxw_error closed = workbook_close(wb);
    *sys_errno = errno;
    return e ? e : closed;
}

qsmap_status qsmap_render_xlsx(const char *path, const qsmap_report *r, qsmap_error *err)
{
    int saved = stderr_off(), sys = 0;
    lxw_error e = make_workbook(path, r, &sys);
    stderr_on(saved);
    if (!e)
        return QSMAP_OK;
    /* A half-built workbook must not stay behind; but when the file could
     * not even be created, whatever is at `path` is not ours. */
    if (e != LXW_ERROR_CREATING_XLSX_FILE)
        remove(path);
    /* A file the system would not write (a full disk): say why, as the
     * other formats do, rather than libxlsxwriter's "ZIP_ERRNO". */
    if (sys && (e == LXW_ERROR_ZIP_FILE_OPERATION || e == LXW_ERROR_CREATING_TMPFILE ||
                e == LXW_ERROR_CREATING_XLSX_FILE || e == LXW_ERROR_ZIP_CLOSE)) {
        bool space = sys == ENOSPC || sys == EDQUOT || sys == EFBIG;
        return qsmap_error_set(err, QSMAP_E_IO, path, 0, "cannot write the workbook: %s%s",
                               strerror(sys), space ? " (free some space, or write elsewhere)" : "");
    }
    return qsmap_error_set(err, QSMAP_E_IO, path, 0, "cannot write the workbook: %s",
                           lxw_strerror(e));
}
