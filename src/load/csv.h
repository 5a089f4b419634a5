/* csv.h — an RFC 4180 tokenizer reading a buffer it never writes. */
#ifndef QSMAP_LOAD_CSV_H
#define QSMAP_LOAD_CSV_H

#include "qsmap/qsmap.h"

#include <stddef.h>
#include <stdint.h>

/* A field: its bytes in the input (or, unescaped, in the tokenizer's
 * scratch space), not NUL-terminated. */
typedef struct {
    const char *s;
    size_t len;
} qsmap_field;

typedef struct {
    const char *p, *end;
    long line;  /* physical line of the cursor, 1-based */
    char delim;
    qsmap_field *fields; /* of the last record */
    size_t *scratch_at;  /* per field: offset in scratch, for escaped fields */
    size_t cap;
    char *scratch;       /* quoted fields with doubled quotes, unescaped */
    size_t scratch_len, scratch_cap;
    /* A text made from a sheet or layer: the row or feature number of each
     * line, which qsmap_csv_next gives as the line (load/gdal.h); NULL. */
    const uint32_t *units;
    size_t nunits;
} qsmap_csv;

void qsmap_csv_init(qsmap_csv *c, const char *buf, size_t len);
/* Next non-blank record: 1 and its fields (valid until the next call), 0 at
 * the end, or -1 with err set. *line is the line the record starts on. */
int qsmap_csv_next(qsmap_csv *c, const qsmap_field **fields, size_t *n, long *line,
                   const char *name, qsmap_error *err);
void qsmap_csv_free(qsmap_csv *c);
/* A field without the blanks (spaces, tabs) around it. */
qsmap_field qsmap_field_trim(qsmap_field f);

/* csv_file.c: read `file` ("-": stdin; `path` names it in errors) as school
 * tables are read (gzip, UTF-8 or CP874, BOM) and hand its tokenizer to
 * each(ctx, c, err), whose status is returned. */
typedef qsmap_status (*qsmap_csv_each)(void *ctx, qsmap_csv *c, qsmap_error *err);
qsmap_status qsmap_csv_read_file(const char *file, const char *path, qsmap_csv_each each,
                                 void *ctx, qsmap_error *err);
/* The same for bytes in memory (gzip too), named `path` in errors. */
qsmap_status qsmap_csv_read_memory(const char *data, size_t len, const char *path,
                                   qsmap_csv_each each, void *ctx, qsmap_error *err);

#endif
