/* csv_file.c — a small CSV file beside the school table (--quality @FILE,
 * --roles FILE, an upload of qsmap serve) read as school tables are: gzip,
 * a pipe or stdin, UTF-8 or CP874 with a BOM; its records go to the
 * caller's function. */
#include "load/csv.h"

#include "base/fileio.h"
#include "base/text.h"

#include <stdlib.h>

static qsmap_status read_input(const qsmap_input *in, const char *path, qsmap_csv_each each,
                               void *ctx, qsmap_error *err)
{
    const char *text;
    size_t tlen;
    char *converted = NULL;
    qsmap_status st =
        qsmap_text_utf8(in->data, in->len, QSMAP_ENC_AUTO, path, &text, &tlen, &converted, err);
    if (!st) {
        qsmap_csv c;
        qsmap_csv_init(&c, text, tlen);
        st = each(ctx, &c, err);
        qsmap_csv_free(&c);
    }
    free(converted);
    return st;
}

qsmap_status qsmap_csv_read_file(const char *file, const char *path, qsmap_csv_each each,
                                 void *ctx, qsmap_error *err)
{
    qsmap_input in;
    qsmap_status st = qsmap_input_open(file, path, &in, err);
    if (!st)
        st = read_input(&in, path, each, ctx, err);
    qsmap_input_release(&in);
    return st;
}

qsmap_status qsmap_csv_read_memory(const char *data, size_t len, const char *path,
                                   qsmap_csv_each each, void *ctx, qsmap_error *err)
{
    qsmap_input in;
    qsmap_status st = qsmap_input_memory(data, len, path, &in, err);
    if (!st)
        st = read_input(&in, path, each, ctx, err);
    qsmap_input_release(&in);
    return st;
}
