/* outputs.c — a run's outputs, all or nothing: every file goes to a
 * temporary of the run's commit set (write/commit.h), the PNGs of a
 * directory too, and the set is committed only when every output is
 * complete. */
#include "write/outputs.h"

#include "write/outfile.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static qsmap_status check_dir(const char *p, qsmap_error *err)
{
    struct stat st;
    if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))
        return qsmap_error_set(err, QSMAP_E_IO, p, 0,
                               "directory does not exist (create it first)");
    if (access(p, W_OK | X_OK) != 0)
        return qsmap_error_set(err, QSMAP_E_IO, p, 0, "directory is not writable");
    return QSMAP_OK;
}

qsmap_status qsmap_output_check(const qsmap_output *o, qsmap_error *err)
{
    return o->format->directory ? check_dir(o->path, err) : qsmap_outfile_check(o->path, err);
}

/* Run one writer; a message that names no file names the output. */
static qsmap_status write_one(const qsmap_output *o, const qsmap_sink *sink,
                              const qsmap_report *r, qsmap_write_ctx *ctx, qsmap_error *err)
{
    qsmap_status st = o->format->write(sink, r, ctx, err);
    if (st && !err->file[0])
        snprintf(err->file, sizeof err->file, "%s", o->path);
    return st;
}

/* One output file: its temporary (or stdout), the writer, the close. */
static qsmap_status write_file(const qsmap_output *o, const qsmap_report *r,
                               qsmap_write_ctx *ctx, FILE *stdout_fp, qsmap_error *err)
{
    qsmap_outfile of;
    qsmap_status st = qsmap_outfile_open(&of, o->path, stdout_fp, ctx->commit, err);
    if (st)
        return st;
    qsmap_sink sink = {.fp = of.fp, .path = o->path, .file = of.tmp};
    st = write_one(o, &sink, r, ctx, err);
    return qsmap_outfile_finish(&of, st, err);
}

static qsmap_status write_each(const qsmap_output *outs, size_t n, const qsmap_report *r,
                               qsmap_write_ctx *ctx, FILE *stdout_fp, qsmap_error *err)
{
    qsmap_status st = QSMAP_OK;
    for (size_t k = 0; k < n && !st; k++)
        if (outs[k].format->directory) {
            qsmap_sink sink = {.fp = NULL, .path = outs[k].path, .file = outs[k].path};
            st = write_one(&outs[k], &sink, r, ctx, err);
        }
    for (size_t k = 0; k < n && !st; k++)
        if (!outs[k].format->directory)
            st = write_file(&outs[k], r, ctx, stdout_fp, err);
    return st;
}

qsmap_status qsmap_write_outputs(const qsmap_output *outs, size_t n, const qsmap_report *r,
                                 qsmap_write_ctx *ctx, FILE *stdout_fp, qsmap_error *err)
{
    qsmap_commit own;
    bool borrowed = ctx->commit != NULL;
    if (!borrowed) {
        qsmap_commit_init(&own);
        ctx->commit = &own;
    }
    qsmap_status st = write_each(outs, n, r, ctx, stdout_fp, err);
    /* Commit only when every output is complete: all or nothing. */
    if (!st)
        st = qsmap_commit_run(ctx->commit, err);
    else
        qsmap_commit_abort(ctx->commit);
    if (!borrowed) {
        qsmap_commit_destroy(&own);
        ctx->commit = NULL;
    }
    return st;
}
