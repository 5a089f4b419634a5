/* number.c — decimal text to numbers for the table readers. Coordinates,
 * counts and areas are read ~90,000 times for the national table, and
 * strtod costs more than the rest of a record; the common shapes ("13.762918",
 * "-0.5", "182") take an exact fast path, everything else goes to strtod. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>

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
    if (!*s)
        return -1;
    char *end;
    double v = strtod(s, &end);
    if (*end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}
