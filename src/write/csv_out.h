/* csv_out.h — a table of the report's rows (report/rows.h) as CSV: UTF-8
 * with a BOM so that Excel shows Thai, RFC 4180 quoting, CRLF, the column
 * keys as the header. The pair table (pairs_csv.c) and the summary
 * (summary_csv.c) are both written by it, through one output buffer. */
#ifndef QSMAP_WRITE_CSV_OUT_H
#define QSMAP_WRITE_CSV_OUT_H

#include "networks/rows.h"
#include "report/rows.h"
#include "write/write.h"

/* Every row of table t in r, to out; QSMAP_E_IO when a write failed. */
qsmap_status qsmap_csv_write_rows(const qsmap_sink *out, const qsmap_report *r,
                                  const qsmap_row_table *t, qsmap_error *err);

/* Rows refs[0..n) of a networks table (networks/rows.h), the same way. */
qsmap_status qsmap_csv_write_net_table(const qsmap_sink *out, const qsmap_networks *nw,
                                       const qsmap_net_table *t, const qsmap_net_row_ref *refs,
                                       size_t n, qsmap_error *err);

/* A grid of strings, cells[r * ncols + k], row 0 the header, the same way;
 * numeric[k]: column k holds numbers the caller formatted, written as they
 * are (a change of "-3" is no formula to guard against). */
qsmap_status qsmap_csv_write_strings(const qsmap_sink *out, const char *const *cells,
                                     const bool *numeric, size_t nrows, size_t ncols,
                                     qsmap_error *err);

/* write/i10_csv.c: the Indicator-10 figures of r as CSV. */
qsmap_status qsmap_write_i10_csv(const qsmap_sink *out, const qsmap_report *r,
                                 const qsmap_indicator10 *i, qsmap_error *err);

#endif
