/* outfile.h — an output file that appears under its name only when
 * complete: written to a temporary file in the same directory and renamed
 * on commit. "-" is stdout, written directly. */
#ifndef QSMAP_WRITE_OUTFILE_H
#define QSMAP_WRITE_OUTFILE_H

#include "qsmap/qsmap.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct {
    FILE *fp;
    char path[1024];
    char tmp[2100];
    bool is_stdout;
} qsmap_outfile;

qsmap_status qsmap_outfile_open(qsmap_outfile *o, const char *path, FILE *stdout_fp,
                                qsmap_error *err);
qsmap_status qsmap_outfile_commit(qsmap_outfile *o, qsmap_error *err);
void qsmap_outfile_abort(qsmap_outfile *o);
/* Check before any work that `path` could be created: its directory exists
 * and is writable, and it is not a directory itself. */
qsmap_status qsmap_outfile_check(const char *path, qsmap_error *err);

#endif
