/* utf8.c — UTF-8 text cut at character boundaries, and the code points that
 * are refused at input (utf8.h). Text inside qsmap is valid UTF-8 (it is
 * checked or converted where files come in); these keep it valid where a
 * fixed buffer cuts it, and keep out what is valid UTF-8 but no output can
 * hold. */
#include "base/utf8.h"

#include <stdio.h>
#include <string.h>

size_t qsmap_utf8_cut(const char *s, size_t n)
{
    /* Back over at most three continuation bytes to the lead byte. */
    size_t lead = n;
    while (lead > 0 && n - lead < 3 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead == 0)
        return n;
    unsigned char c = (unsigned char)s[lead - 1];
    if (c < 0xC0)
        return n; /* ASCII (or, in text that is not UTF-8, a stray byte) */
    size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    return lead - 1 + need > n ? lead - 1 : n;
}

int qsmap_text_vprintf(char *out, size_t size, const char *fmt, va_list ap)
{
    int n = vsnprintf(out, size, fmt, ap);
    if (size && n >= 0 && (size_t)n >= size)
        out[qsmap_utf8_cut(out, size - 1)] = '\0';
    return n;
}

int qsmap_text_printf(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = qsmap_text_vprintf(out, size, fmt, ap);
    va_end(ap);
    return n;
}

void qsmap_text_copy(char *out, size_t size, const char *s)
{
    qsmap_text_printf(out, size, "%s", s);
}

/* The code point whose sequence starts at p (valid UTF-8, k = 3 or 4 bytes). */
static uint32_t decode(const unsigned char *p, int k)
{
    uint32_t c = p[0] & (0x7F >> k);
    for (int i = 1; i < k; i++)
        c = (c << 6) | (p[i] & 0x3F);
    return c;
}

size_t qsmap_utf8_unusable_at(const char *s, size_t len, bool breaks, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        /* Thai is E0 xx xx: only C0 bytes, EF (U+FDD0.., U+FFFE..) and the
         * four-byte leads (planes 1-16) need a closer look. */
        if (c >= 0x20 && c != 0xEF && c < 0xF0)
            continue;
        uint32_t u;
        if (c < 0x20) {
            if (breaks && (c == '\t' || c == '\n' || c == '\r'))
                continue;
            u = c;
        } else if (c == 0xEF && i + 2 < len) {
            u = decode(p + i, 3);
        } else if (c >= 0xF0 && i + 3 < len) {
            u = decode(p + i, 4);
        } else {
            continue;
        }
        if (u < 0x20 || (u >= 0xFDD0 && u <= 0xFDEF) || (u & 0xFFFE) == 0xFFFE) {
            *cp = u;
            return i;
        }
    }
    return len;
}

/* 1 for a byte that may start an unusable code point: a C0 control (with
 * `breaks`, not tab, LF or CR), or EF and up, the lead bytes of U+Exxx..
 * and of the planes above. Written without branches for the vectoriser. */
static inline unsigned char suspect_breaks(unsigned char c)
{
    return (unsigned char)(((c < 0x20) & (c != '\t') & (c != '\n') & (c != '\r')) | (c >= 0xEF));
}

static inline unsigned char suspect(unsigned char c)
{
    return (unsigned char)((c < 0x20) | (c >= 0xEF));
}

bool qsmap_utf8_may_be_unusable(const char *s, size_t len, bool breaks)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    /* blocks of a fixed count with no exit inside: GCC vectorises them at
     * -O2 (a 10 MB table in about a millisecond) */
    for (; i + 64 <= len; i += 64) {
        unsigned char any = 0;
        if (breaks)
            for (int k = 0; k < 64; k++)
                any |= suspect_breaks(p[i + k]);
        else
            for (int k = 0; k < 64; k++)
                any |= suspect(p[i + k]);
        if (any)
            return true;
    }
    for (; i < len; i++)
        if (breaks ? suspect_breaks(p[i]) : suspect(p[i]))
            return true;
    return false;
}

void qsmap_utf8_describe(uint32_t cp, const char *s, size_t off, char *out, size_t size)
{
    int n = snprintf(out, size, "the %s U+%04X",
                     cp < 0x20 ? "control character" : "Unicode noncharacter", (unsigned)cp);
    if (!s || n < 0 || (size_t)n >= size)
        return;
    size_t at = 1;
    for (size_t i = 0; i < off; i++)
        at += ((unsigned char)s[i] & 0xC0) != 0x80;
    snprintf(out + n, size - (size_t)n, " at character %zu", at);
}

bool qsmap_utf8_uncarried(const char *s, char *what, size_t size)
{
    size_t len = strlen(s);
    uint32_t cp;
    size_t at = qsmap_utf8_unusable_at(s, len, false, &cp);
    if (at == len)
        return false;
    qsmap_utf8_describe(cp, s, at, what, size);
    return true;
}
