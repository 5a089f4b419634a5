/* districts_impl.h — the inside of the districts container. Only the files of
 * places/ and the shapefile reader that fills it (load/shapefile.c) include
 * this; every other stage goes through qsmap.h and places/places.h, so the
 * layout can change here without them. GEOS stays out of it: the polygons
 * live behind one pointer, in places/geos.h. */
#ifndef QSMAP_PLACES_DISTRICTS_IMPL_H
#define QSMAP_PLACES_DISTRICTS_IMPL_H

#include "qsmap/qsmap.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A province's outline, the union of its districts, in the ring layout of
 * qsmap_districts_rings. */
typedef struct {
    char pcode[16];
    double *xy;
    uint32_t *off;
    size_t nrings;
} qsmap_province_outline;

/* The districts' GEOS polygons and their context (places/geos.h). */
typedef struct qsmap_district_polys qsmap_district_polys;

struct qsmap_districts {
    qsmap_district *v;
    size_t n;
    double *xy;      /* all ring vertices, (lon, lat) interleaved */
    uint32_t *off;   /* ring r: vertices off[r] .. off[r+1]-1 */
    size_t nrings;
    /* GEOS polygons are built the first time something needs one (a point
     * within NEAR_DEG of an edge, a label, a province outline): a national
     * table run needs almost none of the 928, and building them all cost
     * ~1,100 page faults. geos_lock guards building and every use of the
     * shared context in `polys`; the cache does not change what d describes. */
    pthread_mutex_t geos_lock;
    qsmap_district_polys *polys; /* NULL until the first polygon is wanted */
    char **strings; /* every name, owned */
    size_t nstrings;
    /* Districts by bounding box on a coarse lon/lat grid (CSR): a point
     * tests only the few districts whose box covers its cell, in file order. */
    double cell_min_lon, cell_min_lat, cell_deg;
    uint32_t cell_cols, cell_rows;
    uint32_t *cell_start, *cell_item;
    qsmap_province_outline *outlines; /* one per province, filled on demand */
    size_t noutlines;
    char path[512];
};

/* An empty container for the districts of shp_path (the name errors give),
 * its lock ready; NULL when memory runs out. districts.c. */
qsmap_districts *qsmap_districts_new(const char *shp_path);
/* The district's box from its vertices v0 .. v1-1 (lon, lat pairs of xy),
 * not from any header a file gives; false when one lies outside the
 * longitude/latitude range (a projected file). Every reader's. districts.c. */
bool qsmap_district_set_box(qsmap_district *d, const double *xy, size_t v0, size_t v1);
/* Build the cell index over the districts' boxes, once they are read.
 * locate.c. */
qsmap_status qsmap_districts_build_cells(qsmap_districts *d, qsmap_error *err);
/* Free the polygons built for d's n districts, and their context. geos.c. */
void qsmap_district_polys_free(qsmap_district_polys *p, size_t n);

#endif
