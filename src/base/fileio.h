/* fileio.h — whole input files (memory-mapped, or decompressed from gzip)
 * and large allocations. Output files are write/outfile.h's. */
#ifndef QSMAP_BASE_FILEIO_H
#define QSMAP_BASE_FILEIO_H

#include "qsmap/qsmap.h"

#include <stddef.h>

/* Memory for a large array, in transparent huge pages where allowed. */
void *qsmap_alloc_huge(size_t size);
/* Read a whole file (gzip-compressed or plain) into a NUL-terminated buffer. */
qsmap_status qsmap_read_file(const char *path, char **buf, size_t *len, qsmap_error *err);
/* A whole input file, read-only: a plain file is mapped (no copy, no fresh
 * memory), a gzip one decompressed into memory. */
typedef struct {
    const char *data;
    size_t len;
    void *map;   /* munmap on release, or NULL */
    char *owned; /* free on release, or NULL */
} qsmap_input;
qsmap_status qsmap_input_open(const char *path, qsmap_input *in, qsmap_error *err);
void qsmap_input_release(qsmap_input *in);

#endif
