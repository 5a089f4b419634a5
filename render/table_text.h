/* table_text.h — the words and numbers of the table pages, made apart from
 * the drawing (render/table.c): counts and areas as the tables print them,
 * names with Thai digits when asked, the merge summary under each table.
 * Private to render/table*.c, and to render/map_rings.c for short names. */
#ifndef QSMAP_RENDER_TABLE_TEXT_H
#define QSMAP_RENDER_TABLE_TEXT_H

#include "qsmap/qsmap.h"
#include "render/render.h"

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
/* The totals row of a table of network schools p[0..m): "รวม N โรงเรียน" and
 * the sums of the areas, students and teachers the table gives ("–" where
 * it gives none), as the PDF's and the Word document's tables print them. */
typedef struct {
    char label[160], area[64], students[48], teachers[48];
} qsmap_table_totals;
void qsmap_table_totals_of(const qsmap_report *r, const qsmap_pair *p, size_t m, bool thai,
                           qsmap_table_totals *out);

/* The merge-feasibility line of quality school q; empty without a summary. */
void qsmap_table_summary(const qsmap_report *r, uint32_t q, bool thai, char *out,
                         size_t size);

/* A quality school's name as ring tags and "ร่วมกับ …" give it: without the
 * leading "โรงเรียน" and without a part in brackets ("วัดมะขาม" for
 * "โรงเรียนวัดมะขาม(วิบูลย์อุปถัมภ์)"), the whole name when nothing else is
 * left. Cut between characters when `out` is too small. */
void qsmap_table_short_name(const char *name, char *out, size_t size);

/* A name cell's layout l of `text` with a subordinate part from byte `at`
 * (after two spaces), set at `size` in `muted`: on the name's line where
 * both fit, else whole on a line of its own. */
void qsmap_table_sub_line(PangoLayout *l, const char *text, size_t at, double size,
                          qsmap_rgb muted);

/* ---- table_shared.c ---------------------------------------------------- */
/* The report's pairs by network school, for "shared with": a network
 * school is shared when another quality school reaches it too, whether it
 * is of this report (named) or not (counted, from quality_count). */
typedef struct {
    const qsmap_report *r;
    uint32_t *start;  /* per school: its first entry in by_net; start[n+1] ends it */
    uint32_t *by_net; /* pair indices, by network school, then catchment order */
} qsmap_share_index;
qsmap_status qsmap_share_index_init(qsmap_share_index *ix, const qsmap_report *r);
void qsmap_share_index_free(qsmap_share_index *ix);
/* How many quality schools reach network school n: this report's (*local)
 * and all. */
uint32_t qsmap_share_count(const qsmap_share_index *ix, uint32_t n, uint32_t *local);
/* "ร่วมกับ A, B และโรงเรียนคุณภาพอื่นอีก N แห่ง" for network school n in
 * quality school q's table, short names in catchment order; "" when no
 * other quality school reaches n. */
void qsmap_table_shared_with(const qsmap_share_index *ix, uint32_t q, uint32_t n, bool thai,
                             char *out, size_t size);
/* The shared network schools of one table (pairs p[0..np)), and what they
 * add to its "หากรวมกัน"; "" when none is shared. */
void qsmap_table_shared_note(const qsmap_share_index *ix, const qsmap_pair *p, size_t np,
                             bool thai, char *out, size_t size);

/* "หากรวมกัน" over the tables of one district (every table: district < 0),
 * each school counted once however many tables list it. */
typedef struct {
    size_t quality, network; /* distinct schools */
    size_t listed;           /* network rows over the tables: network + repeats */
    long students, teachers; /* quality and distinct network schools, known values */
} qsmap_merge_totals;
qsmap_status qsmap_table_merge_totals(const qsmap_report *r, long district,
                                      qsmap_merge_totals *out);
/* The line for them under the district's last table: "ทั้ง<scope>หากรวมกัน …",
 * scope "อำเภอ", "เขต" or "หมด" (every table of the report). */
void qsmap_table_merge_line(const qsmap_merge_totals *m, const char *scope, bool thai,
                            char *out, size_t size);
/* What "หากรวมกัน" and "ร่วมกับ" mean, for the foot of every table page, as
 * far as the tables have them; NULL when they have neither. g_free it. */
char *qsmap_table_definitions(const qsmap_share_index *ix);

#endif
