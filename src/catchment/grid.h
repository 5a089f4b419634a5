/* grid.h — points bucketed by latitude/longitude cell (CSR), the index the
 * join and the nearest-school search query by box. */
#ifndef QSMAP_CATCHMENT_GRID_H
#define QSMAP_CATCHMENT_GRID_H

#include "qsmap/qsmap.h"

#include <stddef.h>
#include <stdint.h>

typedef struct {
    double min_lat, min_lon, cell_deg;
    uint32_t rows, cols;
    uint32_t *start;  /* rows*cols+1 offsets into item */
    uint32_t *item;   /* point indices, grouped by cell */
    double *lat, *lon; /* per item, cell order, for a cache-friendly scan */
} qsmap_grid;

qsmap_status qsmap_grid_build(qsmap_grid *g, const double *lat, const double *lon,
                              const uint32_t *ids, size_t n, double cell_deg);
void qsmap_grid_free(qsmap_grid *g);
/* Call fn for every indexed point within the lat/lon box (inclusive). */
void qsmap_grid_query(const qsmap_grid *g, double lat0, double lat1, double lon0,
                      double lon1, void (*fn)(void *ctx, uint32_t id), void *ctx);

#endif
