/* xlsx_sheet.h — what qsmap's workbooks (render/xlsx.c: pairs and summary;
 * render/networks_xlsx.c: members and networks) share: typed cells written
 * as a flat list, the look of every sheet (bold filled header row that
 * stays in view, an autofilter over the table, column widths fitted to the
 * Thai text) and the making of the file with libxlsxwriter's stderr
 * silenced and its errors turned into qsmap's. Private to render/. */
#ifndef QSMAP_RENDER_XLSX_SHEET_H
#define QSMAP_RENDER_XLSX_SHEET_H

#include "qsmap/qsmap.h"
#include "report/rows.h"

#include <xlsxwriter.h>

#define QSMAP_SHEET_MAX_COLS 32 /* the widest table of any workbook */

/* The sheet being written: the next cell's place, the widest content per
 * column (in code points) and the first libxlsxwriter error, so that the
 * writing code can stay a flat list of cells and check once per sheet. */
typedef struct {
    lxw_worksheet *ws;
    lxw_row_t row;
    lxw_col_t col, ncols;
    size_t width[QSMAP_SHEET_MAX_COLS];
    lxw_error err;
} qsmap_sheet;

/* The formats every sheet uses: the header row's, and 2 decimals. */
typedef struct {
    lxw_format *head, *two;
} qsmap_sheet_formats;

/* Empty text is a blank cell. */
void qsmap_sheet_str(qsmap_sheet *sh, const char *s, lxw_format *fmt);
void qsmap_sheet_next_row(qsmap_sheet *sh);
/* A value as the sheet holds it: distances in km and ratios with 2
 * decimals, the other numbers as Excel's General shows them, text as it
 * is (ids stay text), a blank value as a blank cell. */
void qsmap_sheet_value(qsmap_sheet *sh, qsmap_val_kind kind, qsmap_row_value v,
                       const qsmap_sheet_formats *f);
/* Frozen header row, autofilter over header and data, fitted widths; the
 * sheet's first error. */
lxw_error qsmap_sheet_finish(qsmap_sheet *sh);

/* Fill the workbook: add its sheets and write them; the first error. */
typedef lxw_error (*qsmap_workbook_fill)(lxw_workbook *wb, const qsmap_sheet_formats *f,
                                         const void *ctx);
/* The workbook at path, filled by fill(ctx). A half-built one is removed;
 * errors are QSMAP_E_IO naming path and why. */
qsmap_status qsmap_workbook_write(const char *path, qsmap_workbook_fill fill, const void *ctx,
                                  qsmap_error *err);

#endif
