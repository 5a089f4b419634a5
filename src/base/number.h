/* number.h — decimal numbers in and out, exactly as strtod and printf would
 * have them but without their locale and per-call cost, and numbers as the
 * maps and tables print them (grouped, km, Thai digits). */
#ifndef QSMAP_BASE_NUMBER_H
#define QSMAP_BASE_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

/* The whole of s as a plain decimal number ([+-]digits[.digits]), rounded
 * as strtod rounds it: 0, or -1 (empty, trailing text, an exponent,
 * hexadecimal, infinite, NaN, or too large to be finite). */
int qsmap_parse_double(const char *s, double *out);
/* The text printf("%.*f", decimals, v) gives; returns its length. */
size_t qsmap_format_fixed(double v, int decimals, char *buf, size_t size);
/* The text printf("%.10g", v) gives; returns its length. */
size_t qsmap_format_g10(double v, char *buf, size_t size);
/* Copy `in` to `out` with ASCII digits 0–9 as Thai digits ๐–๙ when asked. */
void qsmap_number_digits(const char *in, bool thai, char *out, size_t size);
/* "2.04", "12.5", "1,234": numbers as the tables print them. */
void qsmap_number_km(double metres, bool thai, char *out, size_t size);
void qsmap_number_int(long v, bool thai, char *out, size_t size);

#endif
