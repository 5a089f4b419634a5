/* networks.h — the networks stage: named school networks (a lead school and
 * its members, OBEC's IQA networks) read from a list (list.c), measured
 * against the school table and the boundaries (measure.c), selected for a
 * run (select.c) and laid out as the tables every format prints (rows.c,
 * rows.h). The data types and the library calls are in qsmap/qsmap.h. */
#ifndef QSMAP_NETWORKS_NETWORKS_H
#define QSMAP_NETWORKS_NETWORKS_H

#include "qsmap/qsmap.h"

/* Beyond this, a member is far by any reading of "nearby": the second
 * threshold of the summaries and the chart. */
#define QSMAP_NET_FAR_M 20000.0

/* --id 12,15: select only those networks; QSMAP_E_NOT_FOUND names an id
 * the list lacks and the closest ones it has. */
qsmap_status qsmap_networks_select_ids(qsmap_networks *nw, const char *ids, qsmap_error *err);
/* --office: select the networks with a matched school of the office (a
 * network may span offices: the lead's or any member's counts). How many. */
size_t qsmap_networks_select_office(qsmap_networks *nw, const qsmap_office *o);

#endif
