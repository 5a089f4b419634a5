/* utf8.h — what qsmap's UTF-8 text may hold and where it may be cut: fixed
 * buffers cut only at a character boundary, and the code points no output
 * can carry (C0 controls, Unicode noncharacters) found at input. */
#ifndef QSMAP_BASE_UTF8_H
#define QSMAP_BASE_UTF8_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The length of s[0..n) cut back, where the cut at n would fall inside a
 * UTF-8 sequence, to that sequence's start; n when it does not. */
size_t qsmap_utf8_cut(const char *s, size_t n);
/* snprintf into out[size] that, when the text does not fit, cuts it at a
 * character boundary: never half a Thai letter at the end. Returns what
 * snprintf returns (the length the whole text would have). */
int qsmap_text_printf(char *out, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int qsmap_text_vprintf(char *out, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* Copy s into out[size], cut as qsmap_text_printf cuts. */
void qsmap_text_copy(char *out, size_t size, const char *s);

/* The byte offset in valid UTF-8 s[0..len) of the first code point no
 * output can carry, or len when there is none: a C0 control (U+0000..
 * U+001F), which XML 1.0 does not allow (libxlsxwriter escapes it as
 * _x001B_) and the map cannot show, or a Unicode noncharacter (U+FDD0..
 * U+FDEF, U+xFFFE, U+xFFFF), which is never text (U+FFFE and U+FFFF are
 * not XML, and cairo refuses them).
 * With `breaks`, tab, line feed and carriage return are allowed: XML
 * carries them and a quoted CSV field may hold them (a name on two
 * lines). *cp gets the code point. */
size_t qsmap_utf8_unusable_at(const char *s, size_t len, bool breaks, uint32_t *cp);
/* Whether s[0..len) may hold such a code point: false for nearly every
 * table, in one pass the compiler vectorises (a C0 byte, or a lead byte
 * EF or F0..F4 that a noncharacter starts with), so that only a table that
 * may hold one is checked field by field. */
bool qsmap_utf8_may_be_unusable(const char *s, size_t len, bool breaks);
/* "the control character U+0007" or "the Unicode noncharacter U+FFFE",
 * then " at character N" (1-based) of s when s is not NULL. */
void qsmap_utf8_describe(uint32_t cp, const char *s, size_t off, char *out, size_t size);
/* Whether text s (NUL-terminated, valid UTF-8) holds a code point no
 * output can carry (as qsmap_utf8_unusable_at, without breaks); if so,
 * its description as qsmap_utf8_describe gives it, into what[size]. */
bool qsmap_utf8_uncarried(const char *s, char *what, size_t size);

#endif
