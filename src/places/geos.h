/* geos.h — the districts as GEOS polygons, for the files of places/ that
 * call GEOS (geos.c, locate.c, outline.c): the exact test next to an edge,
 * labels and province outlines need them; nothing else sees GEOS types. */
#ifndef QSMAP_PLACES_GEOS_H
#define QSMAP_PLACES_GEOS_H

#include "places/districts_impl.h"

#include <geos_c.h>
#include <stdbool.h>
#include <stddef.h>

struct qsmap_district_polys {
    GEOSContextHandle_t h; /* the districts' own context: use under geos_lock */
    GEOSGeometry **geom;   /* per district, NULL until built */
    const GEOSPreparedGeometry **prep;
};

struct qsmap_geos {
    GEOSContextHandle_t h;
};

/* District i's polygon (prepared too when asked, as d->polys->prep[i]),
 * built on first use; NULL only when memory runs out. Call with
 * d->geos_lock held; on success d->polys->h is the context to use it in. */
const GEOSGeometry *qsmap_district_geom_locked(qsmap_districts *d, size_t i, bool prepared);

#endif
