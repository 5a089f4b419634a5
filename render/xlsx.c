/* xlsx.c — the pair table and the summary as an Excel workbook
 * (libxlsxwriter): sheet "คู่โรงเรียน" holds the same rows and data as the
 * pairs CSV, sheet "สรุป" the same as the summary CSV, with Thai headers;
 * both sheets are written from the row tables of report/rows.h, which the
 * CSV writers read too, so the sheets cannot drift from the CSV. Cells,
 * look and file: render/xlsx_sheet.c. */
#include "render/render.h"
#include "render/xlsx_sheet.h"
#include "report/rows.h"

/* A sheet of the rows of table t: the Thai headings, then a row each, the
 * same rows and columns as the table's CSV. */
static lxw_error write_table(qsmap_sheet *sh, const qsmap_report *r, const qsmap_row_table *t,
                             const qsmap_sheet_formats *f)
{
    qsmap_row_cursor c;
    qsmap_row_cursor_init(&c, t, r);
    for (size_t k = 0; k < c.ncols; k++) {
        char buf[128];
        qsmap_sheet_str(sh, qsmap_row_col_heading(c.cols[k], r, buf, sizeof buf), f->head);
    }
    qsmap_sheet_next_row(sh);
    while (!sh->err && qsmap_row_cursor_next(&c))
        for (size_t j = 0; j < c.n && !sh->err; j++) {
            for (size_t k = 0; k < c.ncols; k++)
                qsmap_sheet_value(sh, c.cols[k]->kind, c.v[k][j], f);
            qsmap_sheet_next_row(sh);
        }
    return qsmap_sheet_finish(sh);
}

static lxw_error fill(lxw_workbook *wb, const qsmap_sheet_formats *f, const void *ctx)
{
    const qsmap_report *r = ctx;
    /* Sheet names are fixed and valid, so NULL can only mean no memory. */
    lxw_worksheet *ws1 = workbook_add_worksheet(wb, "คู่โรงเรียน");
    lxw_worksheet *ws2 = workbook_add_worksheet(wb, "สรุป");
    if (!ws1 || !ws2)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    qsmap_sheet s1 = {.ws = ws1}, s2 = {.ws = ws2};
    lxw_error e = write_table(&s1, r, &qsmap_pair_rows, f);
    return e ? e : write_table(&s2, r, &qsmap_summary_rows, f);
}

qsmap_status qsmap_render_xlsx(const char *path, const qsmap_report *r, qsmap_error *err)
{
    return qsmap_workbook_write(path, fill, r, err);
}
