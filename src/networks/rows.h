/* rows.h — the tables of `qsmap networks` as every format prints them,
 * declared once: the member table (one row per member of a selected
 * network) and the network table (one row per selected network). As in
 * report/rows.h, a column has the CSV key, the Thai heading of the
 * workbook, the kind of its value and a getter; the CSV writer and the
 * workbook (renderer module) loop over the same columns, so they cannot
 * drift. Unmatched schools are rows like any other: their id cell is
 * blank, their found cell says "ไม่พบในทะเบียน". */
#ifndef QSMAP_NETWORKS_ROWS_H
#define QSMAP_NETWORKS_ROWS_H

#include "qsmap/qsmap.h"
#include "report/rows.h"

#include <stddef.h>

/* What unmatched rows say wherever a school's name or status is shown. */
#define QSMAP_NET_NOT_FOUND "ไม่พบในทะเบียน"

/* The row a getter reads: the network and, for the member table, the member. */
typedef struct {
    const qsmap_network *net;
    const qsmap_net_row *lead;   /* the network's lead row */
    const qsmap_net_row *member; /* member table: the member; else NULL */
} qsmap_net_row_ref;

typedef struct {
    const char *key;     /* CSV header */
    const char *th;      /* workbook heading */
    qsmap_val_kind kind; /* QSMAP_VAL_METRES: metres in the CSV (4 decimals), km in the sheet */
    qsmap_row_value (*get)(const qsmap_networks *nw, const qsmap_net_row_ref *ref);
} qsmap_net_col;

typedef struct {
    const qsmap_net_col *cols;
    size_t ncols;
} qsmap_net_table;

extern const qsmap_net_table qsmap_net_members_table, qsmap_net_summary_table;

/* The member rows of the selected networks, in order: refs (malloc'd, *n
 * of them) for a writer to loop over; QSMAP_E_NOMEM. */
qsmap_status qsmap_net_member_refs(const qsmap_networks *nw, qsmap_net_row_ref **refs,
                                   size_t *n, qsmap_error *err);
/* The same for the network table: one per selected network. */
qsmap_status qsmap_net_summary_refs(const qsmap_networks *nw, qsmap_net_row_ref **refs,
                                    size_t *n, qsmap_error *err);

/* A school's display name in a row: the table's name, or as printed in the
 * list when unmatched. Its district and province ("" when none). */
const char *qsmap_net_row_name(const qsmap_networks *nw, const qsmap_net_row *row);
const char *qsmap_net_row_district(const qsmap_networks *nw, const qsmap_net_row *row);
const char *qsmap_net_row_province(const qsmap_networks *nw, const qsmap_net_row *row);
/* The suggestion for a member, in Thai ("" when none):
 * "แกนนำเครือข่าย 12 (ชื่อ) อยู่ห่าง 1.23 กม. ใกล้กว่าแกนนำของตน (4.56 กม.)" */
void qsmap_net_suggestion(const qsmap_networks *nw, const qsmap_net_row *member, char *buf,
                          size_t size);

#endif
