/* outputs.c — a run's outputs, all or nothing: every file goes to a
 * temporary of the run's commit set (write/commit.h), the PNGs of a
 * directory too, and the set is committed only when every output is
 * complete. None of them may be an input or written twice. */
#define _DEFAULT_SOURCE /* realpath */
#include "write/outputs.h"

#include "write/outfile.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* What a path names: an existing file by device and inode (names do not
 * tell: ./x, a hard link or a symlink are the same file), one not there yet
 * by its directory's real path and its name. */
typedef struct {
    bool exists;
    dev_t dev;
    ino_t ino;
    char real[PATH_MAX + 256];
} file_id;

static void file_id_of(const char *path, file_id *id)
{
    struct stat st;
    id->exists = stat(path, &st) == 0;
    id->dev = id->exists ? st.st_dev : 0;
    id->ino = id->exists ? st.st_ino : 0;
    id->real[0] = '\0';
    if (id->exists)
        return;
    char dir[PATH_MAX], resolved[PATH_MAX];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    const char *name = slash ? slash + 1 : path;
    if (realpath(dir, resolved))
        snprintf(id->real, sizeof id->real, "%s/%s", resolved, name);
    else
        snprintf(id->real, sizeof id->real, "%s", path);
}

static bool same_file(const char *a, const char *b)
{
    if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
        return strcmp(a, b) == 0; /* stdout, named twice */
    file_id x, y;
    file_id_of(a, &x);
    file_id_of(b, &y);
    if (x.exists != y.exists)
        return false;
    return x.exists ? x.dev == y.dev && x.ino == y.ino : strcmp(x.real, y.real) == 0;
}

qsmap_status qsmap_outputs_check_distinct(const qsmap_output *outs, size_t n,
                                          const qsmap_input_file *ins, size_t nins,
                                          qsmap_error *err)
{
    for (size_t k = 0; k < n; k++) {
        const char *out = outs[k].path;
        for (size_t i = 0; i < nins; i++)
            if (strcmp(out, "-") != 0 && strcmp(ins[i].path, "-") != 0 &&
                same_file(out, ins[i].path))
                return qsmap_error_set(err, QSMAP_E_USAGE, out, 0,
                                       "is the input %s (%s): an output never replaces an "
                                       "input; write it under another name",
                                       ins[i].path, ins[i].option);
        for (size_t j = 0; j < k; j++)
            if (same_file(out, outs[j].path))
                return qsmap_error_set(err, QSMAP_E_USAGE, out, 0,
                                       "is the same file as the output %s: each output is "
                                       "written once; give them different names",
                                       outs[j].path);
    }
    return QSMAP_OK;
}

/* What the writers write: a report, or the networks of qsmap networks. */
typedef struct {
    const qsmap_report *r;
    const qsmap_networks *nw;
} write_job;

/* Run one writer; a message that names no file names the output. */
static qsmap_status write_one(const qsmap_output *o, const qsmap_sink *sink,
                              const write_job *job, qsmap_write_ctx *ctx, qsmap_error *err)
{
    qsmap_status st = job->nw ? o->format->networks(sink, job->nw, ctx, err)
                              : o->format->write(sink, job->r, ctx, err);
    if (st && !err->file[0])
        snprintf(err->file, sizeof err->file, "%s", o->path);
    return st;
}

/* One output file: its temporary (or stdout), the writer, the close. */
static qsmap_status write_file(const qsmap_output *o, const write_job *job,
                               qsmap_write_ctx *ctx, FILE *stdout_fp, qsmap_error *err)
{
    qsmap_outfile of;
    qsmap_status st = qsmap_outfile_open(&of, o->path, stdout_fp, ctx->commit, err);
    if (st)
        return st;
    qsmap_sink sink = {.fp = of.fp, .path = o->path, .file = of.tmp};
    st = write_one(o, &sink, job, ctx, err);
    return qsmap_outfile_finish(&of, st, err);
}

static qsmap_status write_each(const qsmap_output *outs, size_t n, const write_job *job,
                               qsmap_write_ctx *ctx, FILE *stdout_fp, qsmap_error *err)
{
    qsmap_status st = QSMAP_OK;
    for (size_t k = 0; k < n && !st; k++)
        if (outs[k].format->directory) {
            qsmap_sink sink = {.fp = NULL, .path = outs[k].path, .file = outs[k].path};
            st = write_one(&outs[k], &sink, job, ctx, err);
        }
    for (size_t k = 0; k < n && !st; k++)
        if (!outs[k].format->directory)
            st = write_file(&outs[k], job, ctx, stdout_fp, err);
    return st;
}

static qsmap_status write_all(const qsmap_output *outs, size_t n, const write_job *job,
                              qsmap_write_ctx *ctx, FILE *stdout_fp, qsmap_error *err)
{
    qsmap_commit own;
    bool borrowed = ctx->commit != NULL;
    if (!borrowed) {
        qsmap_commit_init(&own);
        ctx->commit = &own;
    }
    qsmap_status st = write_each(outs, n, job, ctx, stdout_fp, err);
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

qsmap_status qsmap_write_outputs(const qsmap_output *outs, size_t n, const qsmap_report *r,
                                 qsmap_write_ctx *ctx, FILE *stdout_fp, qsmap_error *err)
{
    write_job job = {r, NULL};
    return write_all(outs, n, &job, ctx, stdout_fp, err);
}

qsmap_status qsmap_write_network_outputs(const qsmap_output *outs, size_t n,
                                         const qsmap_networks *nw, qsmap_write_ctx *ctx,
                                         FILE *stdout_fp, qsmap_error *err)
{
    write_job job = {NULL, nw};
    return write_all(outs, n, &job, ctx, stdout_fp, err);
}
