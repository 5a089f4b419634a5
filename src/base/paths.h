/* paths.h — where the files that ship with qsmap are, seen from the running
 * executable: an install then works at any prefix, and still after the
 * prefix is moved, because nothing depends on where it was configured. */
#ifndef QSMAP_BASE_PATHS_H
#define QSMAP_BASE_PATHS_H

#include <stddef.h>

/* The directory of the running executable (/proc/self/exe, symlinks
 * resolved), without a trailing '/' (but "/" for the root). 0, or -1 when
 * it cannot be known or does not fit in size. */
int qsmap_exe_dir(char *buf, size_t size);

/* <executable's directory>/<rel>, each leading "../" of rel taken off the
 * directory (exact, as that directory has no symlinks left): "../lib/qsmap"
 * from /opt/q/bin gives /opt/q/lib/qsmap. rel as CMake's file(RELATIVE_PATH)
 * makes it; "" gives the directory itself. 0, or -1 as qsmap_exe_dir. */
int qsmap_exe_relative(char *buf, size_t size, const char *rel);

/* The extension after the last dot of a path's file name ("" when none):
 * what picks an output's format and tells a shapefile from other files. */
const char *qsmap_path_extension(const char *path);

#endif
