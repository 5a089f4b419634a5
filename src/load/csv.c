/* csv.c — an RFC 4180 tokenizer: quoted fields with commas, doubled quotes
 * and newlines, CRLF, LF or a lone CR, blank lines skipped. It never writes
 * its input, so a 10 MB table is read straight from its memory map: fields
 * are pointers and lengths into it; only a quoted field with doubled quotes
 * is unescaped, into scratch space of the tokenizer's own. */
#include "load/csv.h"

#include "base/array.h"

#include <stdlib.h>
#include <string.h>

void qsmap_csv_init(qsmap_csv *c, const char *buf, size_t len)
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
    free(c->scratch_at);
    free(c->scratch);
    memset(c, 0, sizeof *c);
}

static int push_field(qsmap_csv *c, size_t n, const char *s, size_t len, size_t scratch_at)
{
    if (n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        qsmap_field *nf = realloc(c->fields, cap * sizeof *nf);
        if (nf)
            c->fields = nf;
        size_t *na = nf ? realloc(c->scratch_at, cap * sizeof *na) : NULL;
        if (!na)
            return -1;
        c->scratch_at = na;
        c->cap = cap;
    }
    c->fields[n] = (qsmap_field){s, len};
    c->scratch_at[n] = scratch_at;
    return 0;
}

/* Append n bytes to the scratch space; its offset, or SIZE_MAX out of memory. */
static size_t scratch_put(qsmap_csv *c, const char *s, size_t n)
{
    if (qsmap_array_reserve((void **)&c->scratch, &c->scratch_cap, c->scratch_len + n, 1, 256))
        return SIZE_MAX;
    memcpy(c->scratch + c->scratch_len, s, n);
    c->scratch_len += n;
    return c->scratch_len - n;
}

/* The end of an unquoted field: the first delimiter, CR or LF at or after p.
 * Eight bytes at a time (the zero-byte test of "Bit Twiddling Hacks"): a
 * 10 MB table is mostly field text, and this loop is where it is read. */
static const char *field_end(const char *p, const char *end, char delim)
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

/* Line breaks (LF, CRLF, a lone CR) in [p, e): inside quotes they are data
 * but still move the line count. */
static long line_breaks(const char *p, const char *e, const char *end)
{
    long n = 0;
    for (; p < e; p++)
        n += *p == '\n' || (*p == '\r' && (p + 1 >= end || p[1] != '\n'));
    return n;
}

/* A quoted field from just after its opening quote: its content (in the
 * input, or unescaped into scratch), p moved past the closing quote.
 * 0, or -1 when the quote never closes. */
static int quoted_field(qsmap_csv *c, const char **pp, qsmap_field *f, size_t *scratch_at)
{
    const char *start = *pp, *p = start, *q;
    bool escaped = false;
    *scratch_at = SIZE_MAX;
    for (;;) {
        q = memchr(p, '"', (size_t)(c->end - p));
        if (!q)
            return -1;
        if (q + 1 < c->end && q[1] == '"') { /* a doubled quote: data */
            escaped = true;
            p = q + 2;
            continue;
        }
        break;
    }
    c->line += line_breaks(start, q, c->end);
    *pp = q + 1;
    if (!escaped) {
        *f = (qsmap_field){start, (size_t)(q - start)};
        return 0;
    }
    size_t at = c->scratch_len, len = 0;
    for (p = start; p < q;) {
        const char *dq = memchr(p, '"', (size_t)(q - p));
        const char *stop = dq ? dq + 1 : q; /* keep one quote of each pair */
        if (scratch_put(c, p, (size_t)(stop - p)) == SIZE_MAX)
            return -2;
        len += (size_t)(stop - p);
        p = dq ? dq + 2 : q;
    }
    *f = (qsmap_field){NULL, len};
    *scratch_at = at;
    return 0;
}

/* A blank line, or a row of bare delimiters (",,,,": what Excel writes for
 * formatted but empty rows), holds no record. */
static int blank_record(const qsmap_field *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < f[i].len; k++)
            if (f[i].s[k] != ' ' && f[i].s[k] != '\t')
                return 0;
    return 1;
}

int qsmap_csv_next(qsmap_csv *c, const qsmap_field **fields, size_t *nfields, long *line,
                   const char *name, qsmap_error *err)
{
    for (;;) {
        if (c->p >= c->end)
            return 0;
        long start_line = c->line;
        size_t n = 0;
        const char *p = c->p;
        int record_done = 0;
        c->scratch_len = 0;
        while (!record_done) {
            qsmap_field f;
            size_t at = SIZE_MAX;
            if (p < c->end && *p == '"') {
                long quote_line = c->line;
                p++;
                int r = quoted_field(c, &p, &f, &at);
                if (r == -1) {
                    qsmap_error_set(err, QSMAP_E_FORMAT, name, quote_line,
                                    "a quoted field opened here never closes "
                                    "(add the closing \")");
                    return -1;
                }
                if (r < 0) {
                    qsmap_error_set(err, QSMAP_E_NOMEM, name, quote_line, "out of memory");
                    return -1;
                }
                if (p < c->end && *p != c->delim && *p != '\n' && *p != '\r') {
                    qsmap_error_set(err, QSMAP_E_FORMAT, name, c->line,
                                    "text after a closing quote in field %zu "
                                    "(a quote inside a quoted field must be doubled: \"\")",
                                    n + 1);
                    return -1;
                }
            } else {
                const char *e = field_end(p, c->end, c->delim);
                f = (qsmap_field){p, (size_t)(e - p)};
                p = e;
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
            if (push_field(c, n++, f.s, f.len, at) < 0) {
                qsmap_error_set(err, QSMAP_E_NOMEM, name, start_line, "out of memory");
                return -1;
            }
        }
        c->p = p;
        /* unescaped fields point into scratch, now that it has stopped moving */
        for (size_t i = 0; i < n; i++)
            if (c->scratch_at[i] != SIZE_MAX)
                c->fields[i].s = c->scratch + c->scratch_at[i];
        if (blank_record(c->fields, n))
            continue;
        *fields = c->fields;
        *nfields = n;
        *line = c->units && (size_t)start_line < c->nunits ? (long)c->units[start_line]
                                                           : start_line;
        return 1;
    }
}

qsmap_field qsmap_field_trim(qsmap_field f)
{
    while (f.len && (f.s[0] == ' ' || f.s[0] == '\t'))
        f.s++, f.len--;
    while (f.len && (f.s[f.len - 1] == ' ' || f.s[f.len - 1] == '\t'))
        f.len--;
    return f;
}
