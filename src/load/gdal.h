/* gdal.h — reading school tables, roles lists and boundaries through the
 * GDAL module (load/gdal/module.h), from the core's side: which inputs need
 * it, loading it once per run, and handing what it reads to the same
 * parsers and checks as CSV files and shapefiles. */
#ifndef QSMAP_LOAD_GDAL_H
#define QSMAP_LOAD_GDAL_H

#include "load/columns.h"
#include "load/csv.h"
#include "load/gdal/module.h"

#include <stdbool.h>

/* Read a school table or roles list through GDAL: a spreadsheet, a GIS
 * layer, "PG:…"; not .csv (optionally .gz), "-" or a pipe. */
bool qsmap_gdal_wanted_table(const char *path);
/* Boundaries through GDAL: anything but a shapefile in WGS84 lon/lat. */
bool qsmap_gdal_wanted_boundaries(const char *path);

typedef struct qsmap_gdal qsmap_gdal;
/* Load the module (qsmap-gdal.so beside the renderer) and start GDAL. */
qsmap_status qsmap_gdal_new(qsmap_gdal **out, qsmap_error *err);
void qsmap_gdal_free(qsmap_gdal *g);
/* The module's entry points. */
const qsmap_gdal_api *qsmap_gdal_calls(const qsmap_gdal *g);

/* "PG:dbname=x password=secret" as messages may print it (password=***). */
void qsmap_gdal_display_name(const char *path, char *out, size_t size);

/* A school table from a sheet or layer (`layer`: --layer/--sheet, or NULL
 * for the first with the columns), parsed as CSV tables are (`enc` for a
 * shapefile without a .cpg); records and errors name the sheet and row or
 * layer and feature. */
qsmap_status qsmap_gdal_schools(qsmap_gdal *g, const char *path, const char *layer,
                                qsmap_encoding enc, qsmap_schools **out, qsmap_error *err);
/* Districts from a polygon layer in any CRS, reprojected to WGS84. */
qsmap_status qsmap_gdal_districts(qsmap_gdal *g, const char *path, const char *layer,
                                  qsmap_districts **out, qsmap_error *err);
/* Where a format's own field (a KML placemark's Name) names the same column
 * as one of the planner's fields, empty the format's (module.h). */
void qsmap_gdal_prefer_planner(char **names, const bool *own, size_t n);

/* Which columns a sheet's or layer's header names (have, by
 * load/columns.h's aliases), and the first of `need` it lacks, or NULL:
 * how the accept functions decide. */
const char *qsmap_gdal_lacking(char **names, size_t n, const qsmap_column *need, size_t nneed,
                               bool have[COL_COUNT]);

/* A small table (a roles list) from a sheet or layer, whose header accept
 * takes, handed to each() as qsmap_csv_read_file hands a CSV file; the
 * tokenizer's lines are the rows or features, and *origin says which. */
qsmap_status qsmap_gdal_read_table(qsmap_gdal *g, const char *path, const char *layer,
                                   qsmap_gdal_accept_fn accept, qsmap_csv_each each, void *ctx,
                                   qsmap_origin *origin, qsmap_error *err);

#endif
