/* summary_csv.c — the merge-feasibility summary as CSV (--summary): a row
 * per quality school; its columns are report/rows.h's summary table
 * (with the participation counts when the school table reports them),
 * written by write/csv_out.c. */
#include "write/csv_out.h"

qsmap_status qsmap_write_summary_csv(const qsmap_sink *out, const qsmap_report *r,
                                     qsmap_write_ctx *ctx, qsmap_error *err)
{
    (void)ctx;
    return qsmap_csv_write_rows(out, r, &qsmap_summary_rows, err);
}
