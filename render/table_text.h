/* table_text.h — the words and numbers of the table pages, made apart from
 * the drawing (render/table.c): counts and areas as the tables print them,
 * names with Thai digits when asked, the merge summary under each table.
 * Private to render/table*.c. */
#ifndef QSMAP_RENDER_TABLE_TEXT_H
#define QSMAP_RENDER_TABLE_TEXT_H

#include "qsmap/qsmap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* `s` with Thai digits when asked, in a fresh buffer; NULL when out of
 * memory (the caller then shows `s` as it is). */
char *qsmap_table_digits_dup(const char *s, bool thai);
/* A count, grouped; "–" for a negative (unknown) one. */
void qsmap_table_count(long v, bool thai, char *out, size_t size);
/* Area in rai with one decimal, grouped; "–" for NAN. */
void qsmap_table_area(double rai, bool thai, char *out, size_t size);
/* The merge-feasibility line of quality school q; empty without a summary. */
void qsmap_table_summary(const qsmap_report *r, uint32_t q, bool thai, char *out,
                         size_t size);

#endif
