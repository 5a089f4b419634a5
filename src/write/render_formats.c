/* render_formats.c — the formats drawn by the renderer module: a PDF (one
 * district's map and tables, or an atlas of several), a PNG map, an Excel
 * workbook, and a directory of PNGs. The module is loaded by the run before
 * any of these is called (ctx->render). */
#include "base/clock.h"
#include "write/write.h"

#include <stdio.h>

static qsmap_status write_atlas(const qsmap_sink *out, const qsmap_report *r,
                                qsmap_write_ctx *ctx, qsmap_error *err)
{
    double t0 = qsmap_clock_ms();
    qsmap_atlas_stats st;
    qsmap_status s = ctx->render->atlas(out->fp, r, ctx->scope, &ctx->render_opts, ctx->threads,
                                        ctx->progress, ctx->progress_ctx, &st, err);
    if (!s) {
        ctx->labels = st.labels;
        ctx->atlas = st;
        ctx->atlas_seconds = (qsmap_clock_ms() - t0) / 1e3;
    }
    return s;
}

qsmap_status qsmap_write_pdf(const qsmap_sink *out, const qsmap_report *r,
                             qsmap_write_ctx *ctx, qsmap_error *err)
{
    if (r->nselected > 1)
        return write_atlas(out, r, ctx, err);
    return ctx->render->pdf(out->fp, r, &ctx->render_opts, &ctx->labels, err);
}

qsmap_status qsmap_write_png(const qsmap_sink *out, const qsmap_report *r,
                             qsmap_write_ctx *ctx, qsmap_error *err)
{
    return ctx->render->png(out->fp, r, &ctx->render_opts, &ctx->labels, err);
}

qsmap_status qsmap_write_xlsx(const qsmap_sink *out, const qsmap_report *r,
                              qsmap_write_ctx *ctx, qsmap_error *err)
{
    /* libxlsxwriter writes by name: into the temporary file, renamed on
     * commit like every other output; messages name the user's file. */
    qsmap_status st = ctx->render->xlsx(out->file, r, err);
    if (st)
        snprintf(err->file, sizeof err->file, "%s", out->path);
    return st;
}

qsmap_status qsmap_write_png_dir(const qsmap_sink *out, const qsmap_report *r,
                                 qsmap_write_ctx *ctx, qsmap_error *err)
{
    /* Each PNG is a temporary in the run's commit set, renamed into the
     * directory with the run's other outputs, not as it is drawn. */
    return ctx->render->png_dir(out->file, r, ctx->radius_label, &ctx->render_opts,
                                ctx->threads, ctx->progress, ctx->progress_ctx, ctx->commit,
                                &ctx->labels, err);
}
