/* module.c — dlopen of qsmap's modules (base/module.h). */
#define _GNU_SOURCE /* RTLD_NODELETE */
#include "base/module.h"

#include "base/paths.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef QSMAP_MODULE_RELDIR
#define QSMAP_MODULE_RELDIR "../lib/qsmap"
#endif

static qsmap_status load_at(const char *path, const char *symbol, const char *what,
                            qsmap_status status, void **handle, void **entry, qsmap_error *err)
{
    /* NODELETE: GLib, fontconfig and GDAL, which the modules pull in, are
     * not made to be unloaded; a module stays until the process ends. */
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!h) {
        const char *why = dlerror();
        return qsmap_error_set(err, status, path, 0, "cannot load %s: %s", what,
                               why ? why : "?");
    }
    void *e = dlsym(h, symbol);
    if (!e) {
        dlclose(h);
        return qsmap_error_set(err, status, path, 0, "not %s (no %s)", what, symbol);
    }
    *handle = h;
    *entry = e;
    return QSMAP_OK;
}

qsmap_status qsmap_module_open(const char *file, const char *symbol, const char *what,
                               qsmap_status status, void **handle, void **entry,
                               qsmap_error *err)
{
    /* QSMAP_MODULE_DIR first: programs that run qsmap in-process (the
     * tests) live elsewhere than the modules; then the install's place,
     * then beside the executable */
    char dirs[3][PATH_MAX];
    int nd = 0;
    const char *env = getenv("QSMAP_MODULE_DIR");
    if (env && *env)
        snprintf(dirs[nd++], sizeof dirs[0], "%s", env);
    if (qsmap_exe_relative(dirs[nd], sizeof dirs[0], QSMAP_MODULE_RELDIR) != 0 ||
        qsmap_exe_dir(dirs[nd + 1], sizeof dirs[0]) != 0)
        return qsmap_error_set(err, status, NULL, 0,
                               "%s %s cannot be found: the path of the running executable is "
                               "unknown",
                               what, file);
    nd += 2;
    char looked[3 * PATH_MAX + 16] = "";
    for (int k = 0; k < nd; k++) {
        char path[PATH_MAX + 64];
        snprintf(path, sizeof path, "%s/%s", dirs[k], file);
        if (access(path, R_OK) == 0)
            return load_at(path, symbol, what, status, handle, entry, err);
        size_t used = strlen(looked);
        snprintf(looked + used, sizeof looked - used, "%s%s/", k ? " and " : "", dirs[k]);
    }
    return qsmap_error_set(err, status, NULL, 0,
                           "%s %s is missing (looked in %s): build it or reinstall", what, file,
                           looked);
}

void qsmap_module_close(void *handle)
{
    if (handle)
        dlclose(handle);
}
