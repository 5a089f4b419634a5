/* filename.c — a name from the data as a safe file-name component
 * (filename.h). */
#include "write/filename.h"

#include <stdbool.h>
#include <string.h>

/* The length of the UTF-8 character at p, 0 when the bytes are not one. */
static size_t utf8_len(const unsigned char *p)
{
    unsigned char c = p[0];
    size_t n = c < 0x80                         ? 1
               : c >= 0xC2 && c < 0xE0          ? 2
               : (c & 0xF0) == 0xE0             ? 3
               : c >= 0xF0 && c <= 0xF4         ? 4
                                                : 0;
    for (size_t k = 1; k < n; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* A character no file name should hold: a path separator, a control
 * character (C0, DEL, C1), one that Windows refuses. */
static bool unsafe(const unsigned char *p, size_t n)
{
    if (n == 1)
        return *p < 0x20 || *p == 0x7F || strchr("/\\:*?\"<>|", *p);
    return n == 2 && p[0] == 0xC2 && p[1] < 0xA0;
}

size_t qsmap_safe_name(const char *in, size_t max, char *out, size_t size)
{
    if (size == 0)
        return 0;
    if (max > size - 1)
        max = size - 1;
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p;) {
        size_t n = utf8_len(p);
        const char *put = (const char *)p;
        size_t len = n;
        if (n == 0 || unsafe(p, n))
            put = "_", len = 1;
        if (o + len > max)
            break; /* whole characters only */
        memcpy(out + o, put, len);
        if (o == 0 && (out[0] == '.' || out[0] == '-'))
            out[0] = '_';
        o += len;
        p += n ? n : 1;
    }
    if (o == 0 && max > 0)
        out[o++] = '_';
    out[o] = '\0';
    return o;
}
