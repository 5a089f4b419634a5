/* networks_csv.c — the tables of qsmap networks as CSV: the member table
 * (-o FILE.csv, "-") and the network table (--summary FILE.csv), their
 * columns networks/rows.h's, written by write/csv_out.c. */
#include "write/csv_out.h"

#include <stdlib.h>

typedef qsmap_status refs_fn(const qsmap_networks *nw, qsmap_net_row_ref **refs, size_t *n,
                             qsmap_error *err);

static qsmap_status write_table(const qsmap_sink *out, const qsmap_networks *nw,
                                const qsmap_net_table *t, refs_fn *refs, qsmap_error *err)
{
    qsmap_net_row_ref *r;
    size_t n;
    qsmap_status st = refs(nw, &r, &n, err);
    if (!st)
        st = qsmap_csv_write_net_table(out, nw, t, r, n, err);
    free(r);
    return st;
}

qsmap_status qsmap_write_networks_csv(const qsmap_sink *out, const qsmap_networks *nw,
                                      qsmap_write_ctx *ctx, qsmap_error *err)
{
    (void)ctx;
    return write_table(out, nw, &qsmap_net_members_table, qsmap_net_member_refs, err);
}

qsmap_status qsmap_write_networks_summary(const qsmap_sink *out, const qsmap_networks *nw,
                                          qsmap_write_ctx *ctx, qsmap_error *err)
{
    (void)ctx;
    return write_table(out, nw, &qsmap_net_summary_table, qsmap_net_summary_refs, err);
}
