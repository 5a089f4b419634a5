/* select.c — every district, and quality schools named by id: on the
 * command line (any number of them) or in a file, --quality @FILE (one id a
 * line, or a CSV whose header names the school id column). */
#include "select/select.h"

#include "load/columns.h"
#include "load/ids.h"
#include "load/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

qsmap_status qsmap_select_all(const qsmap_districts *d, size_t **idx, size_t *n,
                              qsmap_error *err)
{
    size_t count = qsmap_districts_count(d);
    size_t *sel = malloc((count ? count : 1) * sizeof *sel);
    if (!sel)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    for (size_t k = 0; k < count; k++)
        sel[k] = k;
    *idx = sel;
    *n = count;
    return QSMAP_OK;
}

/* Mark one id; an id the table lacks is an error at file:line (the id
 * file's) or, from the command line, at the table. */
static qsmap_status mark(qsmap_schools *s, const qsmap_id_index *x, const char *id, size_t n,
                         const char *file, long line, qsmap_error *err)
{
    long i = qsmap_id_index_find(x, s, id, n);
    if (i < 0 && !file)
        return qsmap_error_set(err, QSMAP_E_NOT_FOUND, s->path, 0,
                               "--quality: no school with id %.*s in the table", (int)n, id);
    if (i < 0)
        return qsmap_error_set(err, QSMAP_E_NOT_FOUND, file, line,
                               "--quality: no school with id %.*s in the table %s", (int)n,
                               id, s->path);
    s->v[i].role = QSMAP_ROLE_QUALITY;
    return QSMAP_OK;
}

/* The field of a header record that names the school id, or -1 (then the
 * file is one id a line and this record is the first id). */
static int id_column(const qsmap_field *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (qsmap_column_named(f[i].s, f[i].len) == COL_ID)
            return (int)i;
    return -1;
}

/* The records of an id file after its header (if any); *marked counts them. */
static qsmap_status mark_records(qsmap_schools *s, const qsmap_id_index *x, qsmap_csv *c,
                                 const char *path, size_t *marked, qsmap_error *err)
{
    const qsmap_field *f;
    size_t n, nheader = 0;
    long line;
    int r, col = -2; /* -2: before the first record */
    while ((r = qsmap_csv_next(c, &f, &n, &line, path, err)) > 0) {
        if (col == -2 && (col = id_column(f, n)) >= 0) {
            nheader = n;
            continue;
        }
        if (col < 0 && n != 1)
            return qsmap_error_set(err, QSMAP_E_FORMAT, path, line,
                                   "%zu fields: --quality @FILE takes one school id a line, "
                                   "or a CSV whose header names a school_id column",
                                   n);
        if (col >= 0 && n != nheader)
            return qsmap_error_set(err, QSMAP_E_FORMAT, path, line,
                                   "%zu fields where the header has %zu (an unquoted comma "
                                   "in a name? quote the field)",
                                   n, nheader);
        qsmap_field id = qsmap_field_trim(f[col >= 0 ? col : 0]);
        if (id.len == 0)
            return qsmap_error_set(err, QSMAP_E_VALUE, path, line, "empty school id");
        qsmap_status st = mark(s, x, id.s, id.len, path, line, err);
        if (st)
            return st;
        ++*marked;
    }
    return r < 0 ? err->status : QSMAP_OK;
}

typedef struct {
    qsmap_schools *s;
    const qsmap_id_index *x;
    const char *path;
    size_t marked;
} id_file;

static qsmap_status mark_file_records(void *ctx, qsmap_csv *c, qsmap_error *err)
{
    id_file *f = ctx;
    return mark_records(f->s, f->x, c, f->path, &f->marked, err);
}

/* --quality @FILE, read as school tables are (UTF-8 or CP874, a BOM, CRLF,
 * quotes, gzip, a pipe; "@-" is stdin). */
static qsmap_status mark_from_file(qsmap_schools *s, const qsmap_id_index *x, const char *file,
                                   qsmap_error *err)
{
    id_file f = {s, x, strcmp(file, "-") == 0 ? "(stdin)" : file, 0};
    qsmap_status st = qsmap_csv_read_file(file, f.path, mark_file_records, &f, err);
    if (!st && f.marked == 0)
        st = qsmap_error_set(err, QSMAP_E_EMPTY, f.path, 0,
                             "holds no school ids (give one id a line, or a CSV with a "
                             "school_id column)");
    return st;
}

qsmap_status qsmap_select_quality_ids(qsmap_schools *s, const char *ids, qsmap_error *err)
{
    /* an index, not a scan: --quality may name every quality school of the
     * country (1,223 ids against 29,579 schools); ids are unique by now */
    qsmap_id_index x;
    uint32_t dup, first;
    qsmap_status st = qsmap_id_index_build(&x, s, &dup, &first, err);
    if (st)
        return st;
    if (ids[0] == '@') {
        st = mark_from_file(s, &x, ids + 1, err);
    } else {
        static const char SEP[] = ", \t\r\n";
        for (const char *p = ids + strspn(ids, SEP); *p && !st; p += strspn(p, SEP)) {
            size_t n = strcspn(p, SEP);
            st = mark(s, &x, p, n, NULL, 0, err);
            p += n;
        }
    }
    qsmap_id_index_free(&x);
    return st;
}
