/* render_formats.c — the formats drawn by the renderer module: a PDF (one
 * district's map and tables, or an atlas of several), a PNG map, an Excel
 * workbook, and a directory of PNGs. The module is loaded by the run before
 * any of these is called (ctx->render). */
#include "base/clock.h"
#include "write/write.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

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

/* libxlsxwriter writes by name, and seeks back in what it wrote: a stream
 * (stdout, a FIFO, /dev/fd/N) gets the workbook through an unnamed scratch
 * file, which it writes under its /proc/self/fd name, copied when complete. */
typedef struct {
    const qsmap_render_api *render;
    const qsmap_report *r;
    const qsmap_networks *nw;
} xlsx_job;

/* The workbook of a report or of networks, by name. */
static qsmap_status xlsx_named(const xlsx_job *job, const char *name, qsmap_error *err)
{
    return job->nw ? job->render->networks_xlsx(name, job->nw, err)
                   : job->render->xlsx(name, job->r, err);
}

static qsmap_status xlsx_to_stream(const qsmap_sink *out, const xlsx_job *job,
                                   qsmap_error *err)
{
    FILE *scratch = tmpfile();
    if (!scratch)
        return qsmap_error_set(err, QSMAP_E_IO, out->path, 0,
                               "cannot make a scratch file for the workbook: %s",
                               strerror(errno));
    char name[64];
    snprintf(name, sizeof name, "/proc/self/fd/%d", fileno(scratch));
    qsmap_status st = xlsx_named(job, name, err);
    char buf[1 << 16];
    size_t n;
    if (!st && fseek(scratch, 0, SEEK_SET) != 0)
        st = qsmap_error_set(err, QSMAP_E_IO, out->path, 0, "cannot read the workbook back");
    while (!st && (n = fread(buf, 1, sizeof buf, scratch)) > 0)
        if (fwrite(buf, 1, n, out->fp) != n)
            st = qsmap_error_set(err, QSMAP_E_IO, out->path, 0, "write failed: %s",
                                 strerror(errno));
    if (!st && ferror(scratch))
        st = qsmap_error_set(err, QSMAP_E_IO, out->path, 0, "cannot read the workbook back");
    fclose(scratch);
    return st;
}

static qsmap_status write_workbook(const qsmap_sink *out, const xlsx_job *job,
                                   qsmap_error *err)
{
    /* A file: libxlsxwriter writes the temporary by name, renamed on commit
     * like every other output. Messages name the user's file. */
    qsmap_status st = out->file ? xlsx_named(job, out->file, err)
                                : xlsx_to_stream(out, job, err);
    if (st)
        snprintf(err->file, sizeof err->file, "%s", out->path);
    return st;
}

qsmap_status qsmap_write_xlsx(const qsmap_sink *out, const qsmap_report *r,
                              qsmap_write_ctx *ctx, qsmap_error *err)
{
    xlsx_job job = {ctx->render, r, NULL};
    return write_workbook(out, &job, err);
}

qsmap_status qsmap_write_networks_xlsx(const qsmap_sink *out, const qsmap_networks *nw,
                                       qsmap_write_ctx *ctx, qsmap_error *err)
{
    xlsx_job job = {ctx->render, NULL, nw};
    return write_workbook(out, &job, err);
}

/* One network: its pages; several: the atlas with its index and chart. */
qsmap_status qsmap_write_networks_pdf(const qsmap_sink *out, const qsmap_networks *nw,
                                      qsmap_write_ctx *ctx, qsmap_error *err)
{
    double t0 = qsmap_clock_ms();
    qsmap_atlas_stats st;
    qsmap_status s = ctx->render->networks_pdf(out->fp, nw, &ctx->render_opts, ctx->threads,
                                               ctx->progress, ctx->progress_ctx, &st, err);
    if (!s) {
        ctx->atlas = st;
        ctx->atlas_seconds = (qsmap_clock_ms() - t0) / 1e3;
    }
    return s;
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

/* The district report, or with --indicator10 the form's figures; both
 * written by the module (libzip and libxml2 are its libraries, not the
 * executable's). */
qsmap_status qsmap_write_docx(const qsmap_sink *out, const qsmap_report *r,
                              qsmap_write_ctx *ctx, qsmap_error *err)
{
    if (!ctx->render->docx) /* a module older than the executable */
        return qsmap_error_set(err, QSMAP_E_RENDER, out->path, 0,
                               "the renderer module has no Word writer (reinstall qsmap)");
    qsmap_indicator10 *i = NULL;
    qsmap_status st = ctx->indicator10 ? qsmap_indicator10_new(r, &i, err) : QSMAP_OK;
    if (!st)
        st = ctx->render->docx(out->fp, r, &ctx->render_opts, i, err);
    qsmap_indicator10_free(i);
    return st;
}
