/* text.c — small UTF-8 helpers: the comparison key for names and headers,
 * prefix stripping (อำเภอ, เขต, จังหวัด), edit distance for suggestions, and
 * decoding input bytes (BOM, CP874) into UTF-8. */
#include "base/text.h"
#include "base/utf8.h"

#include <stdbool.h>
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
        /* NIKHAHIT + SARA AA, as many registries type SARA AM (กําแพงเพชร):
         * the same letter to a reader, so the same key. */
        if (!strncmp(s, "\xE0\xB9\x8D\xE0\xB8\xB2", 6) && n + 3 < size) {
            memcpy(out + n, "\xE0\xB8\xB3", 3);
            n += 3, s += 6;
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

/* The column of byte `off` on its line, in characters of the reading that
 * failed: UTF-8 sequences (what an editor shows), or CP874's single bytes. */
static long column_of(const char *buf, size_t off, bool utf8)
{
    size_t start = off;
    while (start > 0 && buf[start - 1] != '\n' && buf[start - 1] != '\r')
        start--;
    long col = 1;
    for (size_t i = start; i < off; i++)
        col += !utf8 || ((unsigned char)buf[i] & 0xC0) != 0x80;
    return col;
}

/* UTF-16 (Excel's "Unicode text", Notepad's "Unicode"): a byte order mark,
 * or, with `nuls`, a first line whose every other byte is the high byte of
 * ASCII (NUL) or of Thai (0E). Read as bytes it is all NULs and garbage. */
static bool looks_utf16(const unsigned char *s, size_t len, bool nuls)
{
    if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
        return true;
    for (int high = 0; nuls && high < 2; high++) { /* 0: big-endian, 1: little */
        size_t pairs = 0, zeros = 0, i = 0;
        for (; i + 1 < len && pairs < 256; i += 2, pairs++) {
            unsigned char hi = s[i + (size_t)high], lo = s[i + 1 - (size_t)high];
            if (hi == 0 && (lo == '\n' || lo == '\r'))
                break;
            if (hi != 0 && hi != 0x0E)
                break;
            zeros += hi == 0;
        }
        bool line_ends = i + 1 >= len || pairs == 256 || s[i + (size_t)high] == 0;
        if (line_ends && pairs >= 2 && zeros > 0)
            return true;
    }
    return false;
}

/* Neither UTF-8 nor CP874 reads the file: report the byte of the reading
 * the file is closer to — UTF-8 when its valid multi-byte sequences
 * outnumber the bytes that break it (a UTF-8 table with one bad byte),
 * else CP874 (a TIS-620 table with a byte the code page leaves undefined) —
 * on its line and column, and the other reading's first failure too. */
static qsmap_status neither_reading(const char *in, size_t len, size_t bad_utf8,
                                    size_t bad_cp874, const char *name, qsmap_error *err)
{
    size_t valid, invalid;
    qsmap_utf8_census(in, len, &valid, &invalid);
    bool utf8 = valid >= invalid;
    size_t at = utf8 ? bad_utf8 : bad_cp874, other = utf8 ? bad_cp874 : bad_utf8;
    return qsmap_error_set(err, QSMAP_E_ENCODING, name, qsmap_text_line_of(in, at),
                           "byte 0x%02X (column %ld) is not %s, and the file does not read "
                           "as %s either (byte 0x%02X on line %ld): correct that byte, or "
                           "save the table again as CSV UTF-8",
                           (unsigned char)in[at], column_of(in, at, utf8),
                           utf8 ? "UTF-8" : "CP874/TIS-620", utf8 ? "CP874/TIS-620" : "UTF-8",
                           (unsigned char)in[other], qsmap_text_line_of(in, other));
}

qsmap_status qsmap_text_utf8(const char *in, size_t len, qsmap_encoding enc, const char *name,
                             const char **text, size_t *text_len, char **converted,
                             qsmap_error *err)
{
    *converted = NULL;
    const char *nul = memchr(in, '\0', len);
    if (looks_utf16((const unsigned char *)in, len, nul != NULL))
        return qsmap_error_set(err, QSMAP_E_ENCODING, name, 0,
                               "UTF-16 text: save it as CSV UTF-8 (in Excel: Save As, "
                               "CSV UTF-8)");
    if (len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
        in += 3, len -= 3;
        if (enc == QSMAP_ENC_AUTO)
            enc = QSMAP_ENC_UTF8;
    }
    if (nul) /* the BOM holds none: the same NUL */
        return qsmap_error_set(err, QSMAP_E_FORMAT, name,
                               qsmap_text_line_of(in, (size_t)(nul - in)),
                               "a NUL byte: this looks like a binary file, not a CSV "
                               "text table (save it as CSV)");
    size_t bad = len;
    if (enc != QSMAP_ENC_CP874) {
        bad = qsmap_utf8_invalid_at(in, len);
        if (bad == len) {
            *text = in, *text_len = len;
            return QSMAP_OK;
        }
        if (enc == QSMAP_ENC_UTF8)
            return qsmap_error_set(err, QSMAP_E_ENCODING, name, qsmap_text_line_of(in, bad),
                                   "byte 0x%02X (column %ld) is not valid UTF-8 (for a "
                                   "TIS-620 file use --encoding cp874)",
                                   (unsigned char)in[bad], column_of(in, bad, true));
    }
    size_t where = 0;
    qsmap_status st = qsmap_cp874_to_utf8(in, len, converted, text_len, &where);
    if (st == QSMAP_E_ENCODING && bad < len)
        return neither_reading(in, len, bad, where, name, err);
    if (st == QSMAP_E_ENCODING)
        return qsmap_error_set(err, st, name, qsmap_text_line_of(in, where),
                               "byte 0x%02X (column %ld) is not CP874/TIS-620 text (is this "
                               "a CSV file? for UTF-8 use --encoding utf-8)",
                               (unsigned char)in[where], column_of(in, where, false));
    if (st)
        return qsmap_error_set(err, st, name, 0, "out of memory");
    *text = *converted;
    return QSMAP_OK;
}

void qsmap_closest_add(qsmap_closest *c, const char *query, const char *cand)
{
    if (cand[0])
        qsmap_closest_add_scored(c, cand, qsmap_text_distance(query, cand));
}

void qsmap_closest_add_scored(qsmap_closest *c, const char *cand, size_t dist)
{
    if (!cand[0])
        return;
    for (int k = 0; k < 3; k++)
        if (c->name[k] && strcmp(c->name[k], cand) == 0)
            return;
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
