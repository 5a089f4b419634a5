/* pairs_csv.c — the pair table as CSV (the format "csv", and "-"): a row
 * per quality→network pair, and one for a quality school with none in
 * reach; its columns are report/rows.h's pair table, written by
 * write/csv_out.c. */
#include "write/csv_out.h"

qsmap_status qsmap_write_pairs_csv(const qsmap_sink *out, const qsmap_report *r,
                                   qsmap_write_ctx *ctx, qsmap_error *err)
{
    /* --indicator10: the form's figures instead of the pairs */
    if (ctx->indicator10) {
        qsmap_indicator10 *i;
        qsmap_status st = qsmap_indicator10_new(r, &i, err);
        if (!st)
            st = qsmap_write_i10_csv(out, r, i, err);
        qsmap_indicator10_free(i);
        return st;
    }
    return qsmap_csv_write_rows(out, r, &qsmap_pair_rows, err);
}
