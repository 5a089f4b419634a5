/* module.h — loading one of qsmap's modules (the renderer, the GDAL reader)
 * with dlopen when a run first needs it, from where the install puts it
 * (<bindir>/../<libdir>/qsmap) or beside the executable, as the build tree
 * has it. A run that never needs one never maps its libraries. */
#ifndef QSMAP_BASE_MODULE_H
#define QSMAP_BASE_MODULE_H

#include "qsmap/qsmap.h"

/* Load `file` ("qsmap-render.so") and find its entry point `symbol`;
 * `what` ("the map renderer") names it in errors, with `status`. */
qsmap_status qsmap_module_open(const char *file, const char *symbol, const char *what,
                               qsmap_status status, void **handle, void **entry,
                               qsmap_error *err);
void qsmap_module_close(void *handle);

#endif
