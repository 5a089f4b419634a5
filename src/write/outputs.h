/* outputs.h — all the outputs of a run, written all or nothing: each to a
 * temporary file, committed only when every one is complete. */
#ifndef QSMAP_WRITE_OUTPUTS_H
#define QSMAP_WRITE_OUTPUTS_H

#include "write/write.h"

typedef struct {
    const char *path;
    const qsmap_format *format;
} qsmap_output;

/* Before any work: could this output be written (its directory exists and is
 * writable; for a directory format, the directory itself)? */
qsmap_status qsmap_output_check(const qsmap_output *o, qsmap_error *err);
/* An input of the run, for the check that no output replaces it. */
typedef struct {
    const char *path;   /* as named ("-" is stdin, never an output) */
    const char *option; /* what named it, for the message: "--schools" */
} qsmap_input_file;

/* Before any work: no output is one of the inputs and no two outputs are one
 * file. Files that exist are compared by device and inode, following
 * symlinks (so a hard link or a symlink to an input is caught, whatever its
 * name); an output not there yet by the real path of its directory and its
 * name. QSMAP_E_USAGE naming both files otherwise. */
qsmap_status qsmap_outputs_check_distinct(const qsmap_output *outs, size_t n,
                                          const qsmap_input_file *ins, size_t nins,
                                          qsmap_error *err);
/* Write every output: directory formats first (each file in them whole or
 * not at all), then the files, each to a temporary file; rename them into
 * place only when all are complete. "-" writes to stdout_fp. */
qsmap_status qsmap_write_outputs(const qsmap_output *outs, size_t n, const qsmap_report *r,
                                 qsmap_write_ctx *ctx, FILE *stdout_fp, qsmap_error *err);

/* The same for the networks of qsmap networks: every format of outs must
 * have a networks writer. */
qsmap_status qsmap_write_network_outputs(const qsmap_output *outs, size_t n,
                                         const qsmap_networks *nw, qsmap_write_ctx *ctx,
                                         FILE *stdout_fp, qsmap_error *err);

#endif
