/* render_module.c — loading the renderer module (qsmap-render.so) on the
 * first map, atlas or workbook of a run (see render/module.h for why), from
 * where the install or the build tree puts it beside the executable. */
#define _GNU_SOURCE /* RTLD_NODELETE */
#include "render/module.h"

#include "base/paths.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MODULE_NAME "qsmap-render.so"

#ifndef QSMAP_MODULE_RELDIR
#define QSMAP_MODULE_RELDIR "../lib/qsmap"
#endif

/* dlopen the module at path and take its table of entry points. */
static qsmap_status load_module(const char *path, void **handle, const qsmap_render_api **api,
                                qsmap_error *err)
{
    /* NODELETE: GLib and fontconfig, which the module pulls in, are not
     * made to be unloaded; the module stays until the process ends. */
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!h) {
        const char *why = dlerror();
        return qsmap_error_set(err, QSMAP_E_RENDER, path, 0, "cannot load the map renderer: %s",
                               why ? why : "?");
    }
    const qsmap_render_api *(*entry)(void) = NULL;
    *(void **)&entry = dlsym(h, "qsmap_render_module");
    if (!entry) {
        dlclose(h);
        return qsmap_error_set(err, QSMAP_E_RENDER, path, 0,
                               "not a qsmap renderer (no qsmap_render_module)");
    }
    *handle = h;
    *api = entry();
    return QSMAP_OK;
}

/* Where the install puts the module, from the executable's directory
 * (<bindir>/../<libdir>/qsmap, relative so that any prefix works); then
 * beside the executable, as the build tree has it. */
qsmap_status qsmap_render_open(void **handle, const qsmap_render_api **api, qsmap_error *err)
{
    char dirs[2][PATH_MAX];
    if (qsmap_exe_relative(dirs[0], sizeof dirs[0], QSMAP_MODULE_RELDIR) != 0 ||
        qsmap_exe_dir(dirs[1], sizeof dirs[1]) != 0)
        return qsmap_error_set(err, QSMAP_E_RENDER, NULL, 0,
                               "the map renderer " MODULE_NAME " cannot be found: the path of "
                               "the running executable is unknown");
    for (int k = 0; k < 2; k++) {
        char path[PATH_MAX + 32];
        snprintf(path, sizeof path, "%s/%s", dirs[k], MODULE_NAME);
        if (access(path, R_OK) == 0)
            return load_module(path, handle, api, err);
    }
    return qsmap_error_set(err, QSMAP_E_RENDER, NULL, 0,
                           "the map renderer " MODULE_NAME " is missing (looked in %s/ and %s/): "
                           "build the qsmap-render target or reinstall",
                           dirs[0], dirs[1]);
}

void qsmap_render_close(void *handle)
{
    if (handle)
        dlclose(handle);
}
