/* render_module.c — loading the renderer module (qsmap-render.so) on the
 * first map, atlas or workbook of a run (see render/module.h for why). */
#include "render/module.h"

#include "base/module.h"

qsmap_status qsmap_render_open(void **handle, const qsmap_render_api **api, qsmap_error *err)
{
    void *entry;
    qsmap_status st = qsmap_module_open("qsmap-render.so", "qsmap_render_module",
                                        "the map renderer", QSMAP_E_RENDER, handle, &entry, err);
    if (st)
        return st;
    const qsmap_render_api *(*fn)(void) = NULL;
    *(void **)&fn = entry;
    *api = fn();
    return QSMAP_OK;
}

void qsmap_render_close(void *handle)
{
    qsmap_module_close(handle);
}
