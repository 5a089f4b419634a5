/* outputs.c — a run's outputs, all or nothing. */
#include "write/outputs.h"

#include "write/outfile.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILES 32

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

qsmap_status qsmap_write_outputs(const qsmap_output *outs, size_t n, const qsmap_report *r,
                                 qsmap_write_ctx *ctx, FILE *stdout_fp, qsmap_error *err)
{
    qsmap_status st = QSMAP_OK;
    for (size_t k = 0; k < n && !st; k++)
        if (outs[k].format->directory) {
            qsmap_sink sink = {.fp = NULL, .path = outs[k].path, .file = outs[k].path};
            st = write_one(&outs[k], &sink, r, ctx, err);
        }
    qsmap_outfile files[MAX_FILES];
    size_t opened = 0;
    for (size_t k = 0; k < n && !st; k++) {
        if (outs[k].format->directory)
            continue;
        if (opened == MAX_FILES) {
            st = qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0, "at most %d outputs", MAX_FILES);
            break;
        }
        st = qsmap_outfile_open(&files[opened], outs[k].path, stdout_fp, err);
        if (st)
            break;
        qsmap_sink sink = {.fp = files[opened].fp, .path = outs[k].path,
                           .file = files[opened].tmp};
        opened++;
        st = write_one(&outs[k], &sink, r, ctx, err);
    }
    /* Commit only when every output is complete: all or nothing. */
    for (size_t k = 0; k < opened; k++) {
        if (!st)
            st = qsmap_outfile_commit(&files[k], err);
        else
            qsmap_outfile_abort(&files[k]);
    }
    return st;
}
