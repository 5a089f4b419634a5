/* gdal_util.h — what the module's files share: opening a dataset with
 * GDAL's messages caught, naming layers, a growing text buffer, and the
 * transformation of a layer's CRS to WGS84 longitude/latitude. Only the
 * module's files include it (and GDAL's headers). */
#ifndef QSMAP_LOAD_GDAL_UTIL_H
#define QSMAP_LOAD_GDAL_UTIL_H

#include "load/gdal/module.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <stdbool.h>
#include <stddef.h>

/* Open path as a vector dataset; sheets (XLSX, ODS) without GDAL's header
 * guess and with every cell as text, so that the header row and ids such
 * as "0012" stay what the planner typed. */
qsmap_status qsmap_gdal_open(const char *path, GDALDatasetH *out, bool *sheet,
                             qsmap_error *err);
/* GDAL's last message on this thread, or `fallback`, on one line in buf. */
const char *qsmap_gdal_last_error(char *buf, size_t size, const char *fallback);

/* The layer named `name`, or QSMAP_E_USAGE (only --layer names one)
 * listing the layers there are. */
qsmap_status qsmap_gdal_layer_named(GDALDatasetH ds, const char *path, const char *name,
                                    bool sheet, OGRLayerH *out, qsmap_error *err);
/* "sheet X" or "layer X" for messages. */
void qsmap_gdal_part(OGRLayerH l, bool sheet, char *out, size_t size);

/* A transformation from the layer's CRS to WGS84 longitude/latitude, or
 * NULL in *out when the layer has none or is already WGS84 lon/lat. */
qsmap_status qsmap_gdal_to_wgs84(OGRLayerH l, const char *path, const char *part,
                                 OGRCoordinateTransformationH *out, qsmap_error *err);

/* A text that grows; `failed` once memory ran out. */
typedef struct {
    char *s;
    size_t len, cap;
    bool failed;
} qsmap_gdal_buf;
void qsmap_gdal_buf_add(qsmap_gdal_buf *b, const char *s, size_t n);
/* One CSV field, quoted; a line break inside it becomes a space. */
void qsmap_gdal_buf_field(qsmap_gdal_buf *b, const char *s, bool first);

/* A KML placemark's description as fields: "key: value" lines, "<br>"s,
 * or an HTML table of two columns, as Google Earth's users type them.
 * Calls each(ctx, key, value) per field. gdal_kml.c. */
typedef void (*qsmap_kml_field_fn)(void *ctx, const char *key, const char *value);
void qsmap_kml_description_fields(const char *html, qsmap_kml_field_fn each, void *ctx);

#endif
