/* outfile.h — one output as a writer writes it. A regular file is written
 * to a temporary file beside it, created in the run's commit set
 * (write/commit.h), which renames it into place when every output of the
 * run is complete. A stream is written as it is, with no temporary and no
 * rename: "-" and /dev/stdout (the caller's stdout), /dev/stderr and
 * /dev/fd/N (that descriptor, as it is open: nothing truncated), a FIFO.
 * Any other device, or a symlink to one, is refused and left alone. */
#ifndef QSMAP_WRITE_OUTFILE_H
#define QSMAP_WRITE_OUTFILE_H

#include "qsmap/qsmap.h"
#include "write/commit.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct {
    FILE *fp;
    char path[1024];  /* the name the user gave, for messages */
    const char *tmp;  /* the temporary file (the commit set's); NULL for a stream */
    int fd;           /* what fp writes to */
    int write_errno;  /* the first failed write's errno; 0 while none failed */
    bool borrowed;    /* fp is the caller's stdout: flushed, not closed */
} qsmap_outfile;

/* Open `path` for writing (see above); stdout_fp stands for "-" and
 * /dev/stdout. A temporary goes in `commit`. o must stay where it is until
 * qsmap_outfile_finish: its stream writes through it. */
qsmap_status qsmap_outfile_open(qsmap_outfile *o, const char *path, FILE *stdout_fp,
                                qsmap_commit *commit, qsmap_error *err);
/* Close the stream (flush stdout) once the writer returned `st`. A write
 * that failed (a full disk) is the error, whatever the writer made of it
 * (cairo, libpng): QSMAP_E_IO, the file named, the system's reason. A
 * temporary stays in the commit set either way, for the run to commit or
 * abort with the others. */
qsmap_status qsmap_outfile_finish(qsmap_outfile *o, qsmap_status st, qsmap_error *err);

/* Check before any work that `path` could be written: a stream, or a file
 * whose directory exists and is writable; not a directory, not a device. */
qsmap_status qsmap_outfile_check(const char *path, qsmap_error *err);

#endif
