/* nearest.h — overlaps (how many quality schools reach a school) and the
 * nearest quality school, over an index of every quality school. */
#ifndef QSMAP_CATCHMENT_NEAREST_H
#define QSMAP_CATCHMENT_NEAREST_H

#include "qsmap/qsmap.h"

#include <stdint.h>

/* Two distances within a millimetre are a tie (then the smaller id wins). */
#define QSMAP_TIE_M 1e-3
typedef struct qsmap_nearest qsmap_nearest;
/* An index over every quality school in s. */
qsmap_status qsmap_nearest_new(const qsmap_schools *s, qsmap_nearest **out, qsmap_error *err);
void qsmap_nearest_free(qsmap_nearest *n);
/* How many quality schools lie within radius_m of (lat, lon), inclusive. */
uint32_t qsmap_nearest_count(const qsmap_nearest *n, double lat, double lon, double radius_m);
/* The nearest quality school (index into s) and its distance; ties within
 * 1 mm go to the smaller school_id. QSMAP_NO_SCHOOL when there is none. */
uint32_t qsmap_nearest_quality(const qsmap_nearest *n, double lat, double lon, double *dist_m);

#endif
