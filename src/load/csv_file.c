/* csv_file.c — a small CSV file beside the school table (--quality @FILE,
 * --roles FILE) read as school tables are: gzip, a pipe or stdin, UTF-8
 * or CP874 with a BOM; its records go to the caller's function. */
#include "load/csv.h"

#include "base/fileio.h"
#include "base/text.h"

#include <stdlib.h>

qsmap_status qsmap_csv_read_file(const char *file, const char *path, qsmap_csv_each each,
                                 void *ctx, qsmap_error *err)
{
    qsmap_input in;
    qsmap_status st = qsmap_input_open(file, path, &in, err);
    if (st)
        return st;
    const char *text;
    size_t tlen;
    char *converted = NULL;
    st = qsmap_text_utf8(in.data, in.len, QSMAP_ENC_AUTO, path, &text, &tlen, &converted, err);
    if (!st) {
        qsmap_csv c;
        qsmap_csv_init(&c, text, tlen);
        st = each(ctx, &c, err);
        qsmap_csv_free(&c);
    }
    free(converted);
    qsmap_input_release(&in);
    return st;
}
