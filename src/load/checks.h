/* checks.h — what is checked of a school table as a whole, once every row
 * is read: one row per school id, and latitude and longitude not
 * exchanged. */
#ifndef QSMAP_LOAD_CHECKS_H
#define QSMAP_LOAD_CHECKS_H

#include "qsmap/qsmap.h"

/* QSMAP_E_DUPLICATE naming both lines of the first id seen twice. */
qsmap_status qsmap_check_duplicates(const qsmap_schools *s, qsmap_error *err);
/* QSMAP_E_VALUE when most points fall outside Thailand as given and inside
 * once swapped. */
qsmap_status qsmap_check_swapped(const qsmap_schools *s, qsmap_error *err);

#endif
