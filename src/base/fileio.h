/* fileio.h — whole input files (memory-mapped, or read once and inflated
 * from gzip in memory) and large allocations. Output files are
 * write/outfile.h's. */
#ifndef QSMAP_BASE_FILEIO_H
#define QSMAP_BASE_FILEIO_H

#include "qsmap/qsmap.h"

#include <stddef.h>

/* Memory for a large array, in transparent huge pages where allowed. */
void *qsmap_alloc_huge(size_t size);
/* A whole input file, read-only: a plain regular file is mapped (no copy, no
 * fresh memory); anything else — gzip, a pipe, /dev/stdin, /dev/fd/N — is
 * read once from its descriptor and, if gzip, inflated in memory. */
typedef struct {
    const char *data;
    size_t len;
    void *map;   /* munmap on release, or NULL */
    char *owned; /* free on release, or NULL */
} qsmap_input;
/* path "-" is stdin (left open); errors name the input `name`. */
qsmap_status qsmap_input_open(const char *path, const char *name, qsmap_input *in,
                              qsmap_error *err);
/* Bytes already in memory (an upload of qsmap serve): borrowed as they are,
 * or inflated into memory of their own when they begin as gzip, with the
 * same limits; nothing touches the disk. data must outlive *in. */
qsmap_status qsmap_input_memory(const char *data, size_t len, const char *name,
                                qsmap_input *in, qsmap_error *err);
void qsmap_input_release(qsmap_input *in);

#endif
