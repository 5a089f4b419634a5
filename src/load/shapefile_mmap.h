/* shapefile_mmap.h — shapelib hooks reading each file from a memory map
 * (read-only use). The one header besides load/shapefile.c that sees
 * shapelib's. */
#ifndef QSMAP_LOAD_SHAPEFILE_MMAP_H
#define QSMAP_LOAD_SHAPEFILE_MMAP_H

#include <shapefil.h>

void qsmap_shapefile_hooks(SAHooks *hooks);

#endif
