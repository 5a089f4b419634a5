/* number.c — decimal text to numbers for the table readers, and numbers
 * back to text for the table writers. Coordinates,
 * counts and areas are read ~90,000 times for the national table, and
 * strtod costs more than the rest of a record; the common shapes ("13.762918",
 * "-0.5", "182") take an exact fast path, longer decimals go to strtod.
 * Only plain decimals are numbers here: strtod's exponents, hexadecimal,
 * infinities and NaNs ("1e3", "0xE.9", "inf") are not how a table writes a
 * coordinate or an area, and reading them would hide a column of something
 * else.
 * Writing, printf's "%.4f" and "%.10g" are likewise the cost of a row: the
 * formatters here give the same text, and leave the rare ambiguous value to
 * snprintf. */
#include "base/number.h"
#include "base/utf8.h"

#include <stdint.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 10^0 … 10^22 are exact doubles. */
static const double POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* [+-]digits[.digits] with at most 19 digits in all: the digits as an
 * integer m and the count of decimals. 0 when s has any other shape. */
static int decimal_shape(const char *s, uint64_t *m, int *decimals, int *negative)
{
    *negative = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    uint64_t v = 0;
    int digits = 0, dec = 0, dot = 0;
    for (;; s++) {
        if (*s >= '0' && *s <= '9') {
            if (++digits > 19)
                return 0;
            v = v * 10 + (uint64_t)(*s - '0');
            dec += dot;
        } else if (*s == '.' && !dot) {
            dot = 1;
        } else {
            break;
        }
    }
    if (*s || digits == 0)
        return 0;
    *m = v;
    *decimals = dec;
    return 1;
}

/* [+-]digits[.digits] with any number of digits (".5" and "5." too). */
static int plain_decimal(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    int digits = 0, dot = 0;
    for (;; s++) {
        if (*s >= '0' && *s <= '9')
            digits = 1;
        else if (*s == '.' && !dot)
            dot = 1;
        else
            break;
    }
    return !*s && digits;
}

int qsmap_parse_double(const char *s, double *out)
{
    uint64_t m;
    int dec, neg;
    /* m and 10^dec exact, so one correctly rounded division gives what
     * strtod gives (Clinger's fast path). */
    if (decimal_shape(s, &m, &dec, &neg) && m <= (1ull << 53) && dec <= 22) {
        double v = (double)m / POW10[dec];
        *out = neg ? -v : v;
        return 0;
    }
    if (!plain_decimal(s))
        return -1;
    char *end;
    double v = strtod(s, &end);
    if (*end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* Digits of m (< 10^18) with `decimals` of them after a point; n digits at
 * least. Returns the length written. */
static size_t put_scaled(uint64_t m, int decimals, char *buf)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + m % 10);
        m /= 10;
    } while (m || n <= decimals);
    size_t len = 0;
    for (int k = n - 1; k >= 0; k--) {
        buf[len++] = tmp[k];
        if (k == decimals && k > 0)
            buf[len++] = '.';
    }
    buf[len] = '\0';
    return len;
}

/* v·10^decimals rounded to an integer as printf rounds the exact value of v,
 * or 0 when the product lands too near a half to be sure (printf decides). */
static int scaled_exactly(double v, int decimals, uint64_t *m)
{
    if (decimals < 0 || decimals > 22)
        return 0;
    double t = v * POW10[decimals];
    if (!(t < 1e15))
        return 0;
    double r = nearbyint(t);
    /* t is off the exact product by half an ulp at most */
    if (fabs(fabs(t - r) - 0.5) <= t * 2.3e-16 + 1e-300)
        return 0;
    *m = (uint64_t)r;
    return 1;
}

size_t qsmap_format_fixed(double v, int decimals, char *buf, size_t size)
{
    uint64_t m;
    if (size >= 24 && isfinite(v) && scaled_exactly(fabs(v), decimals, &m)) {
        size_t sign = signbit(v) ? 1 : 0;
        buf[0] = '-';
        return sign + put_scaled(m, decimals, buf + sign);
    }
    int n = snprintf(buf, size, "%.*f", decimals, v);
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

size_t qsmap_format_g10(double v, char *buf, size_t size)
{
    /* %g's fixed notation for 1e-4 <= v < 1e9: ten significant digits,
     * trailing zeros and a bare point dropped. */
    if (size >= 24 && v >= 1e-4 && v < 1e9) {
        int x = -4; /* 10^x <= v */
        while (x < 8 && v >= (x + 1 >= 0 ? POW10[x + 1] : 1.0 / POW10[-(x + 1)]))
            x++;
        uint64_t m;
        /* m must have ten digits: else x was off by one at a power of ten
         * or the rounding carried into an eleventh; printf decides. */
        if (scaled_exactly(v, 9 - x, &m) && m >= 1000000000ull && m < 10000000000ull) {
            size_t len = put_scaled(m, 9 - x, buf);
            if (memchr(buf, '.', len)) {
                while (buf[len - 1] == '0')
                    len--;
                if (buf[len - 1] == '.')
                    len--;
                buf[len] = '\0';
            }
            return len;
        }
    }
    int n = snprintf(buf, size, "%.10g", v);
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

/* The digits of report text: Thai digits (๐–๙) when asked, as provincial
 * reports print them; thousands grouped. */
void qsmap_number_digits(const char *in, bool thai, char *out, size_t size)
{
    size_t o = 0;
    for (; *in && o + 4 < size; in++) {
        if (thai && *in >= '0' && *in <= '9') {
            /* ๐ is U+0E50: E0 B9 90 */
            out[o++] = (char)0xE0;
            out[o++] = (char)0xB9;
            out[o++] = (char)(0x90 + (*in - '0'));
        } else {
            out[o++] = *in;
        }
    }
    /* out full: end it between characters, not inside a Thai letter */
    out[*in ? qsmap_utf8_cut(out, o) : o] = '\0';
}

void qsmap_number_int(long v, bool thai, char *out, size_t size)
{
    char raw[32], grouped[48];
    snprintf(raw, sizeof raw, "%ld", v < 0 ? -v : v);
    size_t n = strlen(raw), o = 0;
    if (v < 0)
        grouped[o++] = '-';
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            grouped[o++] = ',';
        grouped[o++] = raw[i];
    }
    grouped[o] = '\0';
    qsmap_number_digits(grouped, thai, out, size);
}

void qsmap_number_km(double metres, bool thai, char *out, size_t size)
{
    char raw[32];
    qsmap_format_fixed(metres / 1000.0, 2, raw, sizeof raw);
    qsmap_number_digits(raw, thai, out, size);
}
