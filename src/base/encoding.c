/* encoding.c — UTF-8 validation and CP874 (Windows-874, a superset of
 * TIS-620) to UTF-8 conversion. Text is UTF-8 everywhere inside qsmap;
 * these run at the edges, where files come in. */
#include "qsmap/qsmap.h"

#include "base/text.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

qsmap_status qsmap_encoding_parse(const char *name, qsmap_encoding *out)
{
    static const struct {
        const char *name;
        qsmap_encoding enc;
    } NAMES[] = {
        {"auto", QSMAP_ENC_AUTO},       {"utf-8", QSMAP_ENC_UTF8},
        {"utf8", QSMAP_ENC_UTF8},       {"cp874", QSMAP_ENC_CP874},
        {"874", QSMAP_ENC_CP874},       {"windows-874", QSMAP_ENC_CP874},
        {"tis-620", QSMAP_ENC_CP874},   {"tis620", QSMAP_ENC_CP874},
        {"iso-8859-11", QSMAP_ENC_CP874}, {"ldid/80", QSMAP_ENC_CP874},
    };
    char buf[32];
    size_t n = 0;
    for (const char *p = name; *p && n + 1 < sizeof buf; p++)
        if (*p != ' ')
            buf[n++] = *p;
    buf[n] = '\0';
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
        if (strcasecmp(buf, NAMES[i].name) == 0) {
            *out = NAMES[i].enc;
            return QSMAP_OK;
        }
    return QSMAP_E_ENCODING;
}

/* Well-formed UTF-8 by the byte ranges of Unicode's table 3-7: no code point
 * is decoded, which keeps a 10 MB Thai table to a few milliseconds. */
static size_t utf8_invalid_at(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        /* Most of a school table is ASCII: skip it eight bytes at a time. */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            i += 8;
        }
        /* Thai (U+0E00..U+0E7F) is E0 B8/B9 xx: runs of it in one test each. */
        while (i + 2 < len && s[i] == 0xE0 && (s[i + 1] & 0xE0) == 0xA0 &&
               (s[i + 2] & 0xC0) == 0x80)
            i += 3;
        if (i >= len)
            break;
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        unsigned lo = 0x80, hi = 0xBF; /* range of the second byte */
        size_t need;
        if (c >= 0xC2 && c <= 0xDF)
            need = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0; /* no overlongs */
            else if (c == 0xED)
                hi = 0x9F; /* no surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F; /* nothing past U+10FFFF */
        } else
            return i;
        if (i + need >= len || s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (size_t k = 2; k <= need; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        i += need + 1;
    }
    return len;
}

void qsmap_utf8_census(const char *s, size_t len, size_t *valid_multibyte, size_t *invalid)
{
    *valid_multibyte = *invalid = 0;
    for (size_t i = 0; i < len;) {
        size_t bad = utf8_invalid_at(s + i, len - i); /* stops at the first: O(len) in all */
        for (size_t k = i; k < i + bad; k++)
            *valid_multibyte += (unsigned char)s[k] >= 0xC0; /* one lead byte a sequence */
        if (bad == len - i)
            break;
        ++*invalid;
        i += bad + 1;
    }
}

typedef struct {
    const char *s;
    size_t len, bad;
} utf8_part;

static void *check_part(void *arg)
{
    utf8_part *p = arg;
    p->bad = utf8_invalid_at(p->s, p->len);
    return NULL;
}

/* A national table (10 MB) is checked in two halves side by side, split
 * before a byte that starts a character: a sequence cut by the split is one
 * the first half reports as invalid, as it is. */
#define PARALLEL_MIN_BYTES (1u << 20)

size_t qsmap_utf8_invalid_at(const char *str, size_t len)
{
    if (len < PARALLEL_MIN_BYTES || sysconf(_SC_NPROCESSORS_ONLN) < 2)
        return utf8_invalid_at(str, len);
    size_t mid = len / 2;
    while (mid < len && ((unsigned char)str[mid] & 0xC0) == 0x80)
        mid++;
    utf8_part second = {str + mid, len - mid, 0};
    pthread_t t;
    if (pthread_create(&t, NULL, check_part, &second) != 0)
        return utf8_invalid_at(str, len);
    size_t bad = utf8_invalid_at(str, mid);
    pthread_join(t, NULL);
    return bad < mid ? bad : mid + second.bad;
}

/* CP874 0x80..0xFF → Unicode; 0 marks a byte the code page leaves undefined. */
static unsigned cp874_high(unsigned char b)
{
    static const unsigned short C1[32] = {
        0x20AC, 0, 0, 0, 0, 0x2026, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0, 0, 0, 0, 0, 0, 0, 0,
    };
    if (b < 0xA0)
        return C1[b - 0x80];
    if (b == 0xA0)
        return 0x00A0;
    /* Thai block: A1..DA → U+0E01..U+0E3A, DF..FB → U+0E3F..U+0E5B. */
    if ((b >= 0xA1 && b <= 0xDA) || (b >= 0xDF && b <= 0xFB))
        return 0x0E00 + (b - 0xA0);
    return 0;
}

qsmap_status qsmap_cp874_to_utf8(const char *in, size_t len, char **out,
                                 size_t *out_len, size_t *bad_offset)
{
    char *buf = malloc(len * 3 + 1);
    if (!buf)
        return QSMAP_E_NOMEM;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)in[i];
        if (b < 0x80) {
            buf[o++] = (char)b;
            continue;
        }
        unsigned cp = cp874_high(b);
        if (!cp) {
            free(buf);
            if (bad_offset)
                *bad_offset = i;
            return QSMAP_E_ENCODING;
        }
        if (cp < 0x800) {
            buf[o++] = (char)(0xC0 | (cp >> 6));
        } else {
            buf[o++] = (char)(0xE0 | (cp >> 12));
            buf[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        }
        buf[o++] = (char)(0x80 | (cp & 0x3F));
    }
    buf[o] = '\0';
    *out = buf;
    if (out_len)
        *out_len = o;
    return QSMAP_OK;
}
