/* module.h — what the core sees of the GDAL/OGR reader: school tables and
 * roles lists from spreadsheets and GIS layers (.xlsx, .ods, .gpkg,
 * .geojson, .kml/.kmz, point shapefiles, PostGIS), and district polygons in
 * any CRS PROJ knows, reprojected to WGS84. GDAL pulls in ~150 libraries,
 * so it lives in a module (qsmap-gdal.so) that a run loads only when one of
 * its inputs needs it (load/gdal.h); a CSV + WGS84-shapefile run never maps
 * it. The module hands back plain data — a CSV text, rings — and the core's
 * own readers parse and check it, so every format obeys the same rules. */
#ifndef QSMAP_LOAD_GDAL_MODULE_H
#define QSMAP_LOAD_GDAL_MODULE_H

#include "qsmap/qsmap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define QSMAP_GDAL_API_VERSION 2

/* Does a layer whose header row holds these names hold the table the
 * caller wants? QSMAP_GDAL_TAKE as it is; QSMAP_GDAL_TAKE_POINTS with
 * latitude and longitude from the layer's point geometry (has_points);
 * QSMAP_GDAL_SKIP with `why` saying what is missing. own[k] marks the
 * format's own fields (a KML placemark's Name): where one names the same
 * column as a field of the planner's, the callback empties it (names[k][0]
 * = '\0') and the planner's is read. */
enum { QSMAP_GDAL_SKIP = -1, QSMAP_GDAL_TAKE = 0, QSMAP_GDAL_TAKE_POINTS = 1 };
typedef int (*qsmap_gdal_accept_fn)(void *ctx, char **names, const bool *own, size_t n,
                                    bool has_points, char *why, size_t why_size);

typedef struct {
    const char *layer;           /* --layer / --sheet; NULL: the first the callback takes */
    qsmap_gdal_accept_fn accept;
    void *ctx;
} qsmap_gdal_table_opts;

/* A layer or sheet as UTF-8 CSV: the header on line 1, then one record a
 * line (a line break inside a value becomes a space), every field quoted.
 * units[L] is the row (sheets) or feature number (layers) of text line L. */
typedef struct {
    char *text;
    size_t len;
    uint32_t *units;
    size_t nunits;
    qsmap_origin origin; /* part ("sheet X", "layer Y") and word ("row", "feature") */
} qsmap_gdal_table;

/* The district names of the polygon layer, in the order of
 * qsmap_district's fields; NULL where a field is absent. */
enum { QSMAP_GDAL_ADM2_TH, QSMAP_GDAL_ADM2_EN, QSMAP_GDAL_ADM2_PCODE, QSMAP_GDAL_ADM1_TH,
       QSMAP_GDAL_ADM1_EN, QSMAP_GDAL_ADM1_PCODE, QSMAP_GDAL_NNAMES };

/* A polygon layer's districts in WGS84 longitude/latitude: district i has
 * rings first[i] .. first[i]+count[i]-1, ring r the vertices off[r] ..
 * off[r+1]-1 of xy, closed, wound as the layer winds them; shell[r] says
 * whether it is a polygon's exterior (the core winds them as shapefiles
 * do: boundaries_gdal.c). */
typedef struct {
    size_t n;
    char **names;      /* n * QSMAP_GDAL_NNAMES, UTF-8, owned */
    uint32_t *feature; /* feature number of district i, for messages */
    uint32_t *first, *count;
    double *xy;
    uint32_t *off;
    uint8_t *shell;
    size_t nrings;
    qsmap_origin origin;
} qsmap_gdal_polys;

typedef struct {
    int version; /* QSMAP_GDAL_API_VERSION */
    /* Register GDAL's drivers once, on the loading thread, before any read. */
    void (*init)(void);
    qsmap_status (*table)(const char *path, const qsmap_gdal_table_opts *o,
                          qsmap_gdal_table *out, qsmap_error *err);
    void (*table_free)(qsmap_gdal_table *t);
    qsmap_status (*polygons)(const char *path, const char *layer, qsmap_gdal_polys *out,
                             qsmap_error *err);
    void (*polygons_free)(qsmap_gdal_polys *p);
    /* Bytes in memory as a file GDAL opens by the name written to path
     * (/vsimem/…/name: the extension picks the driver), nothing on disk;
     * the bytes are borrowed until mem_close. An upload of qsmap serve. */
    qsmap_status (*mem_open)(const char *name, const void *data, size_t len, char *path,
                             size_t size, qsmap_error *err);
    void (*mem_close)(const char *path);
} qsmap_gdal_api;

/* The module's one exported symbol. */
const qsmap_gdal_api *qsmap_gdal_module(void);

#endif
