/* shapefile.h — the files a shapefile is made of. The reader itself is
 * qsmap_districts_load (qsmap/qsmap.h); the run asks for the parts so that
 * no output may replace one of them. */
#ifndef QSMAP_LOAD_SHAPEFILE_H
#define QSMAP_LOAD_SHAPEFILE_H

#include <stdbool.h>
#include <stddef.h>

#define QSMAP_SHAPEFILE_PATH 1024
/* Room for every part qsmap_shapefile_parts names. */
#define QSMAP_SHAPEFILE_NPARTS 10

/* The paths of the shapefile named by shp_path: its .shp, .shx, .dbf, .prj
 * and .cpg, in lower and in upper case, whether they exist or not (the
 * reader opens either). Returns how many were written, at most max. */
size_t qsmap_shapefile_parts(const char *shp_path, char (*parts)[QSMAP_SHAPEFILE_PATH],
                             size_t max);

/* Whether the shapefile's .prj (or its absence) says WGS84 longitude and
 * latitude, which the shapelib reader reads; any other CRS goes through
 * the GDAL reader, which reprojects (load/gdal.h). */
bool qsmap_shapefile_lonlat_wgs84(const char *shp_path);

#endif
