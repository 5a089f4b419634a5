/* places.h — what the other stages may use of the districts beyond
 * qsmap.h's accessors: the file they came from, for error messages; ring
 * winding and shells for writers that emit polygons; and the GEOS-only
 * point test that tests compare the fast one against. The container's
 * inside is places/districts_impl.h's, for places/ and the shapefile
 * reader alone. */
#ifndef QSMAP_PLACES_PLACES_H
#define QSMAP_PLACES_PLACES_H

#include "qsmap/qsmap.h"

#include <stddef.h>

/* The shapefile the districts were read from, as it was named. */
const char *qsmap_districts_path(const qsmap_districts *d);
/* Twice-signed shoelace area / 2 of a ring of (lon, lat): positive when
 * counter-clockwise. */
double qsmap_ring_signed_area(const double *xy, size_t n);
/* For each ring k of district i: owner[k] == k for an outer ring, else the
 * outer ring holding this hole. Returns the number of outer rings. */
size_t qsmap_district_ring_owners(const qsmap_districts *d, size_t i, int *owner);
/* qsmap_districts_covers by GEOS alone (its prepared polygon), the path
 * taken for points within 1e-9 degrees of an edge; tests compare the two. */
int qsmap_districts_covers_geos(const qsmap_districts *d, size_t i, double lat, double lon);

#endif
