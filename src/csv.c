/* csv.c — an RFC 4180 tokenizer that splits records in place: quoted fields
 * with commas, doubled quotes and newlines, CRLF or LF, blank lines skipped.
 * Fields point into the caller's buffer, so a 10 MB table costs no copies. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

void qsmap_csv_init(qsmap_csv *c, char *buf, size_t len)
{
    memset(c, 0, sizeof *c);
    c->p = buf;
    c->end = buf + len;
    c->line = 1;
    /* A header with no comma but tabs or semicolons names its delimiter. The
     * header is the first non-blank line, ended by LF, CRLF or a lone CR. */
    const char *h = buf, *end = buf + len, *e;
    for (;;) {
        const char *q = h;
        e = h;
        while (e < end && *e != '\n' && *e != '\r')
            e++;
        while (q < e && (*q == ' ' || *q == '\t'))
            q++;
        if (q < e || e >= end)
            break;
        h = e + 1;
    }
    size_t hlen = (size_t)(e - h);
    c->delim = ',';
    if (!memchr(h, ',', hlen)) {
        if (memchr(h, '\t', hlen))
            c->delim = '\t';
        else if (memchr(h, ';', hlen))
            c->delim = ';';
    }
}

void qsmap_csv_free(qsmap_csv *c)
{
    free(c->fields);
    free(c->lens);
    c->fields = NULL;
    c->lens = NULL;
    c->cap = 0;
}

static int push_field(qsmap_csv *c, size_t n, char *f, size_t len)
{
    if (n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        char **nf = realloc(c->fields, cap * sizeof *nf);
        if (nf)
            c->fields = nf;
        size_t *nl = nf ? realloc(c->lens, cap * sizeof *nl) : NULL;
        if (!nl)
            return -1;
        c->lens = nl;
        c->cap = cap;
    }
    c->fields[n] = f;
    c->lens[n] = len;
    return 0;
}

/* The end of an unquoted field: the first delimiter, CR or LF at or after p.
 * Eight bytes at a time (the zero-byte test of "Bit Twiddling Hacks"): a
 * 10 MB table is mostly field text, and this loop is where it is read. */
static char *field_end(char *p, const char *end, char delim)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    const uint64_t d = ones * (unsigned char)delim, lf = ones * '\n', cr = ones * '\r';
    while (end - p >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        uint64_t a = w ^ d, b = w ^ lf, e = w ^ cr;
        uint64_t hit = ((a - ones) & ~a) | ((b - ones) & ~b) | ((e - ones) & ~e);
        hit &= highs;
        /* Borrows only run upwards: the lowest flagged byte is a real match. */
        if (hit)
            return p + __builtin_ctzll(hit) / 8;
        p += 8;
    }
#endif
    while (p < end && *p != delim && *p != '\n' && *p != '\r')
        p++;
    return p;
}

/* A blank line, or a row of bare delimiters (",,,,": what Excel writes for
 * formatted but empty rows), holds no record. */
static int blank_record(char **f, const size_t *len, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < len[i]; k++)
            if (f[i][k] != ' ' && f[i][k] != '\t')
                return 0;
    return 1;
}

int qsmap_csv_next(qsmap_csv *c, char ***fields, size_t *nfields, long *line,
                   const char *name, qsmap_error *err)
{
    for (;;) {
        if (c->p >= c->end)
            return 0;
        long start_line = c->line;
        size_t n = 0;
        char *p = c->p;
        int record_done = 0;
        while (!record_done) {
            char *out = p, *field = p;
            if (p < c->end && *p == '"') {
                long quote_line = c->line;
                p++;
                for (;;) {
                    if (p >= c->end) {
                        qsmap_error_set(err, QSMAP_E_FORMAT, name, quote_line,
                                        "a quoted field opened here never closes "
                                        "(add the closing \")");
                        return -1;
                    }
                    if (*p == '"') {
                        if (p + 1 < c->end && p[1] == '"') {
                            *out++ = '"';
                            p += 2;
                            continue;
                        }
                        p++;
                        break;
                    }
                    /* LF, CRLF and a lone CR end a line, as outside quotes */
                    if (*p == '\n' || (*p == '\r' && (p + 1 >= c->end || p[1] != '\n')))
                        c->line++;
                    *out++ = *p++;
                }
                if (p < c->end && *p != c->delim && *p != '\n' && *p != '\r') {
                    qsmap_error_set(err, QSMAP_E_FORMAT, name, c->line,
                                    "text after a closing quote in field %zu "
                                    "(a quote inside a quoted field must be doubled: \"\")",
                                    n + 1);
                    return -1;
                }
            } else {
                p = out = field_end(p, c->end, c->delim);
            }
            /* p is at a delimiter, a line end or the end of the buffer. */
            if (p >= c->end) {
                record_done = 1;
            } else if (*p == c->delim) {
                p++;
            } else {
                if (*p == '\r' && p + 1 < c->end && p[1] == '\n')
                    p++;
                p++;
                c->line++;
                record_done = 1;
            }
            *out = '\0';
            if (push_field(c, n++, field, (size_t)(out - field)) < 0) {
                qsmap_error_set(err, QSMAP_E_NOMEM, name, start_line, "out of memory");
                return -1;
            }
        }
        c->p = p;
        if (blank_record(c->fields, c->lens, n))
            continue;
        *fields = c->fields;
        *nfields = n;
        *line = start_line;
        return 1;
    }
}
