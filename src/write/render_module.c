/* render_loader.c — loading the renderer module (qsmap-render.so) on the
 * first map, atlas or workbook of a run; see render/module.h for why. */
#define _GNU_SOURCE /* RTLD_NODELETE */
#include "render/module.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MODULE_NAME "qsmap-render.so"

/* The directory of the running executable, with a trailing '/'. */
static int exe_dir(char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n <= 0 || (size_t)n >= size - 1)
        return -1;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash)
        return -1;
    slash[1] = '\0';
    return 0;
}

qsmap_status qsmap_render_open(void **handle, const qsmap_render_api **api, qsmap_error *err)
{
    char here[PATH_MAX];
    const char *dirs[2] = {NULL, QSMAP_MODULE_DIR "/"};
    if (exe_dir(here, sizeof here) == 0)
        dirs[0] = here;
    for (int k = 0; k < 2; k++) {
        char path[PATH_MAX + 32];
        if (!dirs[k])
            continue;
        snprintf(path, sizeof path, "%s%s", dirs[k], MODULE_NAME);
        if (access(path, R_OK) != 0)
            continue;
        /* NODELETE: GLib and fontconfig, which the module pulls in, are not
         * made to be unloaded; the module stays until the process ends. */
        void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
        if (!h) {
            const char *why = dlerror();
            return qsmap_error_set(err, QSMAP_E_RENDER, path, 0,
                                   "cannot load the map renderer: %s", why ? why : "?");
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
    return qsmap_error_set(err, QSMAP_E_RENDER, NULL, 0,
                           "the map renderer " MODULE_NAME " is missing (looked in %s and %s/): "
                           "build the qsmap-render target or reinstall",
                           dirs[0] ? dirs[0] : "(no executable path)", QSMAP_MODULE_DIR);
}

void qsmap_render_close(void *handle)
{
    if (handle)
        dlclose(handle);
}
