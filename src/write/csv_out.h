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

#endif
