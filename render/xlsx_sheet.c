/* xlsx_sheet.c — the cells, the look and the file of qsmap's workbooks
 * (xlsx_sheet.h), for render/xlsx.c and render/networks_xlsx.c.
 *
 * Cells are typed: distances (in km), areas, counts and ratios are numbers
 * so that planners can sort, filter and sum them; school ids stay text
 * because they are 10-digit codes, not quantities. */
#include "render/xlsx_sheet.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

static void note(qsmap_sheet *sh, lxw_error e, size_t len)
{
    if (e && !sh->err)
        sh->err = e;
    if (sh->col < QSMAP_SHEET_MAX_COLS && len > sh->width[sh->col])
        sh->width[sh->col] = len;
    sh->col++;
}

void qsmap_sheet_next_row(qsmap_sheet *sh)
{
    if (sh->col > sh->ncols)
        sh->ncols = sh->col;
    sh->row++;
    sh->col = 0;
}

/* Empty text is a cell left blank: libxlsxwriter refuses an empty string
 * without a format (LXW_ERROR_NULL_PARAMETER_IGNORED), and blank is what an
 * empty CSV field means. */
void qsmap_sheet_str(qsmap_sheet *sh, const char *s, lxw_format *fmt)
{
    lxw_error e = LXW_NO_ERROR;
    if (s && *s)
        e = worksheet_write_string(sh->ws, sh->row, sh->col, s, fmt);
    note(sh, e, s ? code_points(s) : 0);
}

static void put_blank(qsmap_sheet *sh) { note(sh, LXW_NO_ERROR, 0); }

/* A number shown with `decimals` places (fmt must say the same), or as
 * Excel's General format shows it with decimals < 0. NaN is left blank. */
static void put_num(qsmap_sheet *sh, double v, lxw_format *fmt, int decimals)
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

lxw_error qsmap_sheet_finish(qsmap_sheet *sh)
{
    if (sh->err)
        return sh->err;
    if (sh->ncols == 0)
        return LXW_NO_ERROR;
    worksheet_freeze_panes(sh->ws, 1, 0);
    lxw_error e = worksheet_autofilter(sh->ws, 0, 0, sh->row - 1, sh->ncols - 1);
    for (lxw_col_t c = 0; !e && c < sh->ncols && c < QSMAP_SHEET_MAX_COLS; c++) {
        /* +1 per column leaves room for the autofilter's drop-down arrow */
        double w = fmin(60.0, fmax(8.0, 1.1 * (double)sh->width[c] + 1.0));
        e = worksheet_set_column(sh->ws, c, c, w, NULL);
    }
    return e;
}

void qsmap_sheet_value(qsmap_sheet *sh, qsmap_val_kind kind, qsmap_row_value v,
                       const qsmap_sheet_formats *f)
{
    if (v.blank) {
        put_blank(sh);
        return;
    }
    switch (kind) {
    case QSMAP_VAL_TEXT: qsmap_sheet_str(sh, v.text, NULL); break;
    case QSMAP_VAL_INT: put_num(sh, (double)v.n, NULL, -1); break;
    case QSMAP_VAL_METRES: put_num(sh, v.x / 1000.0, f->two, 2); break;
    case QSMAP_VAL_AREA: put_num(sh, v.x, NULL, -1); break;
    case QSMAP_VAL_RATIO: put_num(sh, v.x, f->two, 2); break;
    }
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

/* The workbook at path, filled, then workbook_close, which writes the
 * file. Nothing reaches the file before workbook_close, which also frees
 * the workbook whatever happens, so every path ends there exactly once.
 * The first error; *sys_errno is errno as workbook_close left it. */
static lxw_error make_workbook(const char *path, qsmap_workbook_fill fill, const void *ctx,
                               int *sys_errno)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    /* A fixed creation date, as the PDFs have: the same report gives the
     * same bytes whenever it is written (qsmap serve's downloads equal the
     * CLI's; a rerun changes no file). */
    lxw_doc_properties props = {.created = 946684800}; /* 2000-01-01T00:00:00Z */
    lxw_error e = workbook_set_properties(wb, &props);
    qsmap_sheet_formats f = {workbook_add_format(wb), workbook_add_format(wb)};
    if (!e && (!f.head || !f.two)) {
        e = LXW_ERROR_MEMORY_MALLOC_FAILED;
    } else if (!e) {
        format_set_bold(f.head);
        format_set_pattern(f.head, LXW_PATTERN_SOLID);
        format_set_bg_color(f.head, 0xDDEBF7);
        format_set_border(f.head, LXW_BORDER_THIN);
        format_set_num_format(f.two, "0.00");
        e = fill(wb, &f, ctx);
    }
    errno = 0;
    lxw_error closed = workbook_close(wb);
    *sys_errno = errno;
    return e ? e : closed;
}

qsmap_status qsmap_workbook_write(const char *path, qsmap_workbook_fill fill, const void *ctx,
                                  qsmap_error *err)
{
    int saved = stderr_off(), sys = 0;
    lxw_error e = make_workbook(path, fill, ctx, &sys);
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
                               strerror(sys),
                               space ? " (free some space, or write elsewhere)" : "");
    }
    return qsmap_error_set(err, QSMAP_E_IO, path, 0, "cannot write the workbook: %s",
                           lxw_strerror(e));
}
