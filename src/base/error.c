/* error.c — the qsmap_status messages and the qsmap_error record that
 * carries file and line context from the readers up to the CLI. */
#include "qsmap/qsmap.h"
#include "base/utf8.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

static const char *const MESSAGES[QSMAP_STATUS_COUNT] = {
    [QSMAP_OK] = "success",
    [QSMAP_E_NOMEM] = "out of memory",
    [QSMAP_E_IO] = "cannot read or write a file",
    [QSMAP_E_EMPTY] = "no data",
    [QSMAP_E_FORMAT] = "malformed file",
    [QSMAP_E_COLUMN] = "missing column",
    [QSMAP_E_VALUE] = "bad value",
    [QSMAP_E_DUPLICATE] = "duplicate school id",
    [QSMAP_E_ENCODING] = "unknown text encoding",
    [QSMAP_E_NOT_FOUND] = "no such district or province",
    [QSMAP_E_AMBIGUOUS] = "ambiguous district name",
    [QSMAP_E_USAGE] = "bad command-line argument",
    [QSMAP_E_CRS] = "unsupported coordinate reference system",
    [QSMAP_E_GEOS] = "geometry error",
    [QSMAP_E_PROJ] = "projection error",
    [QSMAP_E_RENDER] = "rendering error",
};

const char *qsmap_status_message(qsmap_status s)
{
    if ((unsigned)s >= QSMAP_STATUS_COUNT)
        return "unknown status";
    return MESSAGES[s];
}

qsmap_status qsmap_error_set(qsmap_error *err, qsmap_status s, const char *file,
                             long line, const char *fmt, ...)
{
    if (!err)
        return s;
    err->status = s;
    err->line = line;
    err->origin = (qsmap_origin){{0}, {0}};
    /* A long path or a quoted name is cut, if at all, between characters:
     * the message stays UTF-8 the terminal can show. */
    qsmap_text_copy(err->file, sizeof err->file, file ? file : "");
    va_list ap;
    va_start(ap, fmt);
    qsmap_text_vprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return s;
}

void qsmap_where_format(const char *file, const qsmap_origin *o, long line, char *buf,
                        size_t size)
{
    bool part = o && o->part[0];
    if (part && line > 0)
        qsmap_text_printf(buf, size, "%s, %s, %s %ld", file, o->part, o->word, line);
    else if (part)
        qsmap_text_printf(buf, size, "%s, %s", file, o->part);
    else if (line > 0)
        qsmap_text_printf(buf, size, "%s:%ld", file, line);
    else
        qsmap_text_copy(buf, size, file);
}

void qsmap_error_format(const qsmap_error *err, char *buf, size_t size)
{
    const char *msg = err->msg[0] ? err->msg : qsmap_status_message(err->status);
    if (!err->file[0]) {
        qsmap_text_copy(buf, size, msg);
        return;
    }
    char where[768];
    qsmap_where_format(err->file, &err->origin, err->line, where, sizeof where);
    qsmap_text_printf(buf, size, "%s: %s", where, msg);
}
