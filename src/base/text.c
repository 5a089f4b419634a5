/* text.c — small UTF-8 helpers: the comparison key for names and headers,
 * prefix stripping (อำเภอ, เขต, จังหวัด), edit distance for suggestions, and
 * decoding input bytes (BOM, CP874) into UTF-8. */
#include "base/text.h"
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>

void qsmap_text_key(const char *s, char *out, size_t size)
{
    size_t n = 0;
    while (*s && n + 1 < size) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '\t' || c == '.' || c == '_' || c == '-' || c == '\r' ||
            c == '\n') {
            s++;
            continue;
        }
        if (c == 0xC2 && (unsigned char)s[1] == 0xA0) { /* NBSP */
            s += 2;
            continue;
        }
        out[n++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : (char)c;
        s++;
    }
    out[n] = '\0';
}

const char *qsmap_text_strip_prefix(const char *s, const char *const *prefixes)
{
    while (*s == ' ')
        s++;
    for (; *prefixes; prefixes++) {
        size_t n = strlen(*prefixes);
        if (strncmp(s, *prefixes, n) == 0 && s[n]) {
            s += n;
            while (*s == ' ')
                s++;
            return s;
        }
    }
    return s;
}

static size_t decode_cps(const char *s, uint32_t *cp, size_t max)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && n < max) {
        uint32_t c = *p;
        int k = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
        if (k)
            c &= 0x3F >> k;
        p++;
        while (k-- > 0 && (*p & 0xC0) == 0x80)
            c = (c << 6) | (*p++ & 0x3F);
        if (c >= 'A' && c <= 'Z')
            c += 32;
        cp[n++] = c;
    }
    return n;
}

size_t qsmap_text_distance(const char *a, const char *b)
{
    uint32_t ca[128], cb[128];
    size_t na = decode_cps(a, ca, 128), nb = decode_cps(b, cb, 128);
    size_t row[129];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (ca[i - 1] != cb[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

long qsmap_text_line_of(const char *buf, size_t off)
{
    long line = 1;
    /* LF, CRLF and a lone CR each end a line, as in the CSV tokenizer. */
    for (size_t i = 0; i < off; i++)
        if (buf[i] == '\n' || (buf[i] == '\r' && buf[i + 1] != '\n'))
            line++;
    return line;
}

qsmap_status qsmap_text_utf8(const char *in, size_t len, qsmap_encoding enc, const char *name,
                             const char **text, size_t *text_len, char **converted,
                             qsmap_error *err)
{
    *converted = NULL;
    if (len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
        in += 3, len -= 3;
        if (enc == QSMAP_ENC_AUTO)
            enc = QSMAP_ENC_UTF8;
    }
    const char *nul = memchr(in, '\0', len);
    if (nul)
        return qsmap_error_set(err, QSMAP_E_FORMAT, name,
                               qsmap_text_line_of(in, (size_t)(nul - in)),
                               "a NUL byte: this looks like a binary file, not a CSV "
                               "text table (save it as CSV)");
    if (enc != QSMAP_ENC_CP874) {
        size_t bad = qsmap_utf8_invalid_at(in, len);
        if (bad == len) {
            *text = in, *text_len = len;
            return QSMAP_OK;
        }
        if (enc == QSMAP_ENC_UTF8)
            return qsmap_error_set(err, QSMAP_E_ENCODING, name, qsmap_text_line_of(in, bad),
                                   "byte 0x%02X is not valid UTF-8 (for a TIS-620 file "
                                   "use --encoding cp874)",
                                   (unsigned char)in[bad]);
    }
    size_t where = 0;
    qsmap_status st = qsmap_cp874_to_utf8(in, len, converted, text_len, &where);
    if (st == QSMAP_E_ENCODING)
        return qsmap_error_set(err, st, name, qsmap_text_line_of(in, where),
                               "byte 0x%02X is neither UTF-8 nor CP874/TIS-620 text "
                               "(is this a CSV file?)",
                               (unsigned char)in[where]);
    if (st)
        return qsmap_error_set(err, st, name, 0, "out of memory");
    *text = *converted;
    return QSMAP_OK;
}

void qsmap_closest_add(qsmap_closest *c, const char *query, const char *cand)
{
    if (!cand[0])
        return;
    for (int k = 0; k < 3; k++)
        if (c->name[k] && strcmp(c->name[k], cand) == 0)
            return;
    size_t dist = qsmap_text_distance(query, cand);
    for (int k = 0; k < 3; k++)
        if (!c->name[k] || dist < c->dist[k]) {
            for (int m = 2; m > k; m--)
                c->name[m] = c->name[m - 1], c->dist[m] = c->dist[m - 1];
            c->name[k] = cand, c->dist[k] = dist;
            return;
        }
}

void qsmap_closest_format(const qsmap_closest *c, const char *sep, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (int k = 0; k < 3 && c->name[k]; k++)
        used += (size_t)qsmap_text_printf(out + used, size > used ? size - used : 0, "%s%s",
                                 k ? sep : "", c->name[k]);
}
