/* projection.h — lon/lat → metres in the district's UTM zone (PROJ), the
 * plane the maps are drawn in. */
#ifndef QSMAP_RENDER_PROJECTION_H
#define QSMAP_RENDER_PROJECTION_H

#include "qsmap/qsmap.h"

typedef struct qsmap_projection qsmap_projection;
qsmap_status qsmap_projection_new(double center_lon, qsmap_projection **out,
                                  qsmap_error *err);
void qsmap_projection_free(qsmap_projection *p);
int qsmap_projection_zone(const qsmap_projection *p);
void qsmap_projection_forward(const qsmap_projection *p, double lon, double lat, double *x,
                              double *y);
void qsmap_projection_inverse(const qsmap_projection *p, double x, double y, double *lon,
                              double *lat);

#endif
