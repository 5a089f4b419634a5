/* radius.h — the catchment radius as people write it. */
#ifndef QSMAP_CATCHMENT_RADIUS_H
#define QSMAP_CATCHMENT_RADIUS_H

#include "qsmap/qsmap.h"

#include <stddef.h>

/* "5km", "2.5km", "750m": how a radius is written in file names and titles. */
void qsmap_radius_label(double radius_m, char *buf, size_t size);
/* Parse "5km", "5000m", "2.5 km", "5 กม."; refuses ≤ 0 and > 100 km. */
qsmap_status qsmap_radius_parse(const char *s, double *radius_m, qsmap_error *err);

#endif
