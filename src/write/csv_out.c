/* csv_out.c — the report's row tables as CSV (csv_out.h). Each value is
 * formatted as the CSV has always had it: distances in metres with 4
 * decimals, areas as printf's %.10g, ratios and percentages with 2
 * decimals, counts as integers, blank values as empty fields; text that
 * a spreadsheet would take for a formula is prefixed with '. */
#include "write/csv_out.h"

#include "base/number.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Rows are put together in a buffer and written a block at a time: a
 * national table is ~8,000 rows, and stdio's per-call locking and printf's
 * number formatting were most of the cost of writing it. */
typedef struct {
    FILE *fp;
    size_t n;
    char buf[1 << 16];
} out_buf;

static void out_flush(out_buf *o)
{
    fwrite(o->buf, 1, o->n, o->fp);
    o->n = 0;
}

static out_buf *out_open(FILE *fp)
{
    out_buf *o = malloc(sizeof *o);
    if (o)
        o->fp = fp, o->n = 0;
    return o;
}

/* Write what is left and free the buffer: QSMAP_E_IO if any write failed. */
static qsmap_status out_close(out_buf *o)
{
    out_flush(o);
    FILE *fp = o->fp;
    free(o);
    return ferror(fp) ? QSMAP_E_IO : QSMAP_OK;
}

/* What does not fit: flush, then buffer it, or write it straight through
 * when it is larger than the buffer. Apart from out_mem, so that out_mem
 * stays small enough to be inlined at each of its calls. */
static void out_spill(out_buf *o, const char *s, size_t n)
{
    out_flush(o);
    if (n > sizeof o->buf) {
        fwrite(s, 1, n, o->fp);
        return;
    }
    memcpy(o->buf, s, n);
    o->n = n;
}

static inline void out_mem(out_buf *o, const char *s, size_t n)
{
    if (o->n + n > sizeof o->buf) {
        out_spill(o, s, n);
        return;
    }
    memcpy(o->buf + o->n, s, n);
    o->n += n;
}

static void out_str(out_buf *o, const char *s) { out_mem(o, s, strlen(s)); }

/* A byte without a call to memcpy: a separator follows every field. */
static void out_char(out_buf *o, char c)
{
    if (o->n == sizeof o->buf)
        out_flush(o);
    o->buf[o->n++] = c;
}

/* A text cell that Excel (and LibreOffice, Google Sheets) would read as a
 * formula: it begins with = + - @, a tab or a CR. A school named
 * =HYPERLINK(...) must not become a link in a planner's spreadsheet. */
static bool formula_like(const char *s)
{
    return *s && strchr("=+-@\t\r", *s);
}

/* RFC 4180: quoted when it holds a comma, a quote or a line break. One
 * pass: where strcspn reaches the end, it has also measured the field.
 * Text that looks like a formula is neutralised by a leading ' (OWASP's
 * advice for CSV injection), which Excel shows as text and hides. */
static void put_field(out_buf *o, const char *s)
{
    bool tick = formula_like(s);
    size_t plain = strcspn(s, ",\"\r\n");
    if (!s[plain]) {
        if (tick)
            out_char(o, '\'');
        out_mem(o, s, plain);
        return;
    }
    out_char(o, '"');
    if (tick)
        out_char(o, '\'');
    for (; *s; s++) {
        if (*s == '"')
            out_char(o, '"');
        out_char(o, *s);
    }
    out_char(o, '"');
}

static void put_uint(out_buf *o, unsigned long v)
{
    char tmp[24];
    size_t n = sizeof tmp;
    do
        tmp[--n] = (char)('0' + v % 10);
    while (v /= 10);
    out_mem(o, tmp + n, sizeof tmp - n);
}

static void put_long(out_buf *o, long v)
{
    if (v < 0) {
        out_char(o, '-');
        put_uint(o, 0ul - (unsigned long)v);
    } else {
        put_uint(o, (unsigned long)v);
    }
}

static void put_fixed(out_buf *o, double v, int decimals)
{
    char tmp[400];
    out_mem(o, tmp, qsmap_format_fixed(v, decimals, tmp, sizeof tmp));
}

static void put_g10(out_buf *o, double v)
{
    char tmp[40];
    out_mem(o, tmp, qsmap_format_g10(v, tmp, sizeof tmp));
}

/* One value as the CSV writes it (blank: nothing). */
static void put_value(out_buf *o, qsmap_val_kind kind, qsmap_row_value v)
{
    if (v.blank)
        return;
    switch (kind) {
    case QSMAP_VAL_TEXT: put_field(o, v.text); break;
    case QSMAP_VAL_INT: put_long(o, v.n); break;
    case QSMAP_VAL_METRES: put_fixed(o, v.x, 4); break;
    case QSMAP_VAL_AREA: put_g10(o, v.x); break;
    case QSMAP_VAL_RATIO: put_fixed(o, v.x, 2); break;
    }
}

qsmap_status qsmap_csv_write_rows(const qsmap_sink *out, const qsmap_report *r,
                                  const qsmap_row_table *t, qsmap_error *err)
{
    qsmap_row_cursor c;
    qsmap_row_cursor_init(&c, t, r);
    out_buf *o = out_open(out->fp);
    if (!o)
        return qsmap_error_set(err, QSMAP_E_NOMEM, out->path, 0, "write failed");
    out_str(o, "\xEF\xBB\xBF");
    for (size_t k = 0; k < c.ncols; k++) {
        if (k)
            out_char(o, ',');
        out_str(o, c.cols[k]->key);
    }
    out_str(o, "\r\n");
    while (qsmap_row_cursor_next(&c))
        for (size_t j = 0; j < c.n; j++) {
            for (size_t k = 0; k < c.ncols; k++) {
                if (k)
                    out_char(o, ',');
                put_value(o, c.cols[k]->kind, c.v[k][j]);
            }
            out_str(o, "\r\n");
        }
    qsmap_status st = out_close(o);
    return st ? qsmap_error_set(err, st, out->path, 0, "write failed") : QSMAP_OK;
}

qsmap_status qsmap_csv_write_net_table(const qsmap_sink *out, const qsmap_networks *nw,
                                       const qsmap_net_table *t, const qsmap_net_row_ref *refs,
                                       size_t n, qsmap_error *err)
{
    out_buf *o = out_open(out->fp);
    if (!o)
        return qsmap_error_set(err, QSMAP_E_NOMEM, out->path, 0, "write failed");
    out_str(o, "\xEF\xBB\xBF");
    for (size_t k = 0; k < t->ncols; k++) {
        if (k)
            out_char(o, ',');
        out_str(o, t->cols[k].key);
    }
    out_str(o, "\r\n");
    for (size_t j = 0; j < n; j++) {
        for (size_t k = 0; k < t->ncols; k++) {
            if (k)
                out_char(o, ',');
            put_value(o, t->cols[k].kind, t->cols[k].get(nw, &refs[j]));
        }
        out_str(o, "\r\n");
    }
    qsmap_status st = out_close(o);
    return st ? qsmap_error_set(err, st, out->path, 0, "write failed") : QSMAP_OK;
}

qsmap_status qsmap_csv_write_strings(const qsmap_sink *out, const char *const *cells,
                                     const bool *numeric, size_t nrows, size_t ncols,
                                     qsmap_error *err)
{
    out_buf *o = out_open(out->fp);
    if (!o)
        return qsmap_error_set(err, QSMAP_E_NOMEM, out->path, 0, "write failed");
    out_str(o, "\xEF\xBB\xBF");
    for (size_t r = 0; r < nrows; r++) {
        for (size_t k = 0; k < ncols; k++) {
            if (k)
                out_char(o, ',');
            /* the header is keys, a number is the caller's digits ("-3" is
             * a change, not a formula); the rest is text */
            if (r == 0 || numeric[k])
                out_str(o, cells[r * ncols + k]);
            else
                put_field(o, cells[r * ncols + k]);
        }
        out_str(o, "\r\n");
    }
    qsmap_status st = out_close(o);
    return st ? qsmap_error_set(err, st, out->path, 0, "write failed") : QSMAP_OK;
}
