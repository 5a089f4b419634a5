/* shapefile.h — the files a shapefile is made of. The reader itself is
 * qsmap_districts_load (qsmap/qsmap.h); the run asks for the parts so that
 * no output may replace one of them. */
#ifndef QSMAP_LOAD_SHAPEFILE_H
#define QSMAP_LOAD_SHAPEFILE_H

#include <stddef.h>

#define QSMAP_SHAPEFILE_PATH 1024
/* Room for every part qsmap_shapefile_parts names. */
#define QSMAP_SHAPEFILE_NPARTS 10

/* The paths of the shapefile named by shp_path: its .shp, .shx, .dbf, .prj
 * and .cpg, in lower and in upper case, whether they exist or not (the
 * reader opens either). Returns how many were written, at most max. */
size_t qsmap_shapefile_parts(const char *shp_path, char (*parts)[QSMAP_SHAPEFILE_PATH],
                             size_t max);

#endif
