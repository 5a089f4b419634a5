/* module.c — the entry point of qsmap-render.so: the renderer's functions
 * in one table for the executable that loads it (see module.h). */

#include "render/render.h"

static const qsmap_render_api API = {
    .pdf = qsmap_render_pdf,
    .png = qsmap_render_png,
    .atlas = qsmap_render_atlas,
    .png_dir = qsmap_render_png_dir,
    .xlsx = qsmap_render_xlsx,
    .networks_pdf = qsmap_render_networks_pdf,
    .networks_xlsx = qsmap_render_networks_xlsx,
    .docx = qsmap_render_docx,
};

const qsmap_render_api *qsmap_render_module(void)
{
    qsmap_style_fonts_init(); /* before anything draws, on the loading thread */
    return &API;
}
