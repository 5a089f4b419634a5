/* text.h — small text helpers: the key names are compared in, edit distance
 * for "did you mean", the decoded UTF-8 view of an input, line numbers. */
#ifndef QSMAP_BASE_TEXT_H
#define QSMAP_BASE_TEXT_H

#include "qsmap/qsmap.h"

#include <stddef.h>

/* Copy `s` trimmed of ASCII blanks and NBSP, ASCII lowercased, with internal
 * spaces, dots, dashes and underscores removed, and ํา read as ำ: the form
 * names are compared in. */
void qsmap_text_key(const char *s, char *out, size_t size);
/* Drop a leading prefix (e.g. "อำเภอ") when the rest is non-empty. */
const char *qsmap_text_strip_prefix(const char *s, const char *const *prefixes);
/* Levenshtein distance in code points, for "did you mean" suggestions. */
size_t qsmap_text_distance(const char *a, const char *b);
/* "did you mean": the three candidates closest to a query by edit distance,
 * each once, nearest first. Start from {0}; names must outlive it. */
typedef struct {
    const char *name[3];
    size_t dist[3];
} qsmap_closest;
void qsmap_closest_add(qsmap_closest *c, const char *query, const char *candidate);
/* The same with the caller's own distance (a score: lower is closer). */
void qsmap_closest_add_scored(qsmap_closest *c, const char *candidate, size_t dist);
void qsmap_closest_format(const qsmap_closest *c, const char *sep, char *out, size_t size);
/* The UTF-8 text of `in` (len bytes) read as `enc`, BOM removed: a view
 * into `in` when it is UTF-8 already (*converted NULL), else converted from
 * CP874 into *converted, which the caller frees. With AUTO, valid UTF-8
 * stays as it is and anything else is read as CP874. UTF-16 is named as
 * such; a byte neither reading takes is reported on its line and column. */
qsmap_status qsmap_text_utf8(const char *in, size_t len, qsmap_encoding enc, const char *name,
                             const char **text, size_t *text_len, char **converted,
                             qsmap_error *err);
/* Line number (1-based) of byte offset `off` in buf. */
long qsmap_text_line_of(const char *buf, size_t off);
/* How much of `s` reads as UTF-8: its valid multi-byte sequences and the
 * places where a byte is not UTF-8 (each counted once, reading on after
 * it). In encoding.c; for messages only, when both readings failed. */
void qsmap_utf8_census(const char *s, size_t len, size_t *valid_multibyte, size_t *invalid);

#endif
