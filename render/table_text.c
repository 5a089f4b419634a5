/* table_text.c — the text of the table pages: numbers as printed (grouped,
 * "–" when unknown, Thai digits when asked), the merge summary that closes
 * each table, the same figures as --summary's row, and the attributes of a
 * name cell's subordinate part. No drawing here: render/table.c lays the
 * text out. */
#include "render/table_text.h"
#include "base/number.h"
#include "base/utf8.h"
#include "base/vocab.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* `s` with Thai digits when asked: names keep their own digits otherwise.
 * Sized to fit (a digit grows from 1 to 3 bytes) so UTF-8 is never cut;
 * NULL only when out of memory, and the caller then shows `s` as it is. */
char *qsmap_table_digits_dup(const char *s, bool thai)
{
    size_t n = strlen(s), size = 3 * n + 5;
    char *out = malloc(size);
    if (out)
        qsmap_number_digits(s, thai, out, size);
    return out;
}

void qsmap_table_count(long v, bool thai, char *out, size_t size)
{
    if (v < 0)
        snprintf(out, size, "–");
    else
        qsmap_number_int(v, thai, out, size);
}

/* Area in rai with one decimal, thousands grouped like the other numbers. */
void qsmap_table_area(double rai, bool thai, char *out, size_t size)
{
    if (isnan(rai)) {
        snprintf(out, size, "–");
        return;
    }
    long tenths = lround(fabs(rai) * 10.0);
    char whole[48], frac[8], digit[8];
    qsmap_number_int(tenths / 10, thai, whole, sizeof whole);
    snprintf(frac, sizeof frac, "%ld", tenths % 10);
    qsmap_number_digits(frac, thai, digit, sizeof digit);
    snprintf(out, size, "%s%s.%s", rai < 0 ? "-" : "", whole, digit);
}

/* The merge-feasibility summary of quality school q, as the line under its
 * table: the same figures as --summary's row. Empty without a summary. */
void qsmap_table_summary(const qsmap_report *r, uint32_t q, bool thai, char *out,
                         size_t size)
{
    const qsmap_summary_row *s = NULL;
    for (size_t i = 0; i < r->nsummary && !s; i++)
        if (r->summary[i].quality == q)
            s = &r->summary[i];
    out[0] = '\0';
    if (!s)
        return;
    char stu[48], tea[48], ratio[48], small[48], lim[48], raw[600];
    qsmap_number_int(s->students_if_merged, false, stu, sizeof stu);
    qsmap_number_int(s->teachers_if_merged, false, tea, sizeof tea);
    qsmap_number_int(s->small_schools, false, small, sizeof small);
    qsmap_number_int(r->small_max, false, lim, sizeof lim);
    if (isnan(s->students_per_teacher_if_merged))
        snprintf(ratio, sizeof ratio, "–");
    else
        snprintf(ratio, sizeof ratio, "%.2f", s->students_per_teacher_if_merged);
    size_t used = (size_t)snprintf(raw, sizeof raw,
                                   "หากรวมกัน: นักเรียน %s คน ครู %s คน นักเรียนต่อครู %s · "
                                   "โรงเรียนขนาดเล็ก (ไม่เกิน %s คน) %s แห่ง",
                                   stu, tea, ratio, lim, small);
    if (r->schools->has_participation)
        for (int k = QSMAP_PART_JOINT; k < QSMAP_PART_COUNT && used < sizeof raw;
             k++)
            used += (size_t)snprintf(raw + used, sizeof raw - used, "%s%s %u (ร้อยละ %.2f)",
                                     k == QSMAP_PART_JOINT ? " · " : ", ",
                                     qsmap_participation_name_th((qsmap_participation)k),
                                     s->participation_count[k],
                                     qsmap_summary_percent(s, (qsmap_participation)k));
    qsmap_number_digits(raw, thai, out, size);
}

void qsmap_table_short_name(const char *name, char *out, size_t size)
{
    static const char SCHOOL[] = "โรงเรียน";
    const char *s = name;
    while (*s == ' ')
        s++;
    if (!strncmp(s, SCHOOL, sizeof SCHOOL - 1) && s[sizeof SCHOOL - 1] &&
        s[sizeof SCHOOL - 1] != '(')
        s += sizeof SCHOOL - 1;
    while (*s == ' ')
        s++;
    size_t n = strcspn(s, "(");
    while (n > 0 && s[n - 1] == ' ')
        n--;
    if (n == 0) /* a name that is all brackets: keep it as it is */
        s = name, n = strlen(name);
    if (size == 0)
        return;
    if (n >= size) /* back to the start of a UTF-8 character */
        n = qsmap_utf8_cut(s, size - 1);
    memcpy(out, s, n);
    out[n] = '\0';
}

/* ---- cell text ---------------------------------------------------------- */

/* The bytes of l's text from `at` on at `size` and muted. */
static void subordinate(PangoLayout *l, size_t at, double size, qsmap_rgb muted)
{
    PangoAttrList *attrs = pango_attr_list_new();
    PangoAttribute *a[2] = {pango_attr_size_new_absolute((int)(size * PANGO_SCALE)),
                            pango_attr_foreground_new((guint16)(muted.r * 65535),
                                                      (guint16)(muted.g * 65535),
                                                      (guint16)(muted.b * 65535))};
    for (int k = 0; k < 2; k++) {
        a[k]->start_index = (guint)at;
        a[k]->end_index = G_MAXUINT;
        pango_attr_list_insert(attrs, a[k]);
    }
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
}

/* A name cell with its "ร่วมกับ …" from byte `at` (after two spaces): on
 * the name's line where both fit, else the mark whole on a line of its own
 * (a wrap inside it would cut a school's name). */
void qsmap_table_sub_line(PangoLayout *l, const char *text, size_t at, double size,
                          qsmap_rgb muted)
{
    subordinate(l, at, size, muted);
    if (pango_layout_get_line_count(l) <= 1 || at < 2)
        return;
    char *own = g_strdup_printf("%.*s\n%s", (int)(at - 2), text, text + at);
    pango_layout_set_text(l, own, -1);
    subordinate(l, at - 1, size, muted);
    g_free(own);
}

void qsmap_table_totals_of(const qsmap_report *r, const qsmap_pair *p, size_t m, bool thai,
                           qsmap_table_totals *out)
{
    long students = 0, teachers = 0;
    double area = 0;
    bool has_s = false, has_t = false, has_a = false;
    for (size_t k = 0; k < m; k++) {
        const qsmap_school *n = &r->schools->v[p[k].network];
        if (n->students >= 0)
            students += n->students, has_s = true;
        if (n->teachers >= 0)
            teachers += n->teachers, has_t = true;
        if (!isnan(n->area_rai))
            area += n->area_rai, has_a = true;
    }
    char raw[64];
    qsmap_table_count((long)m, thai, raw, sizeof raw);
    snprintf(out->label, sizeof out->label, "รวม %s โรงเรียน", raw);
    qsmap_table_area(has_a ? area : NAN, thai, out->area, sizeof out->area);
    qsmap_table_count(has_s ? students : -1, thai, out->students, sizeof out->students);
    qsmap_table_count(has_t ? teachers : -1, thai, out->teachers, sizeof out->teachers);
}

void qsmap_table_columns(const double *w, int n, double margin, double *colx)
{
    double fixed = 0;
    for (int c = 0; c < n; c++)
        fixed += w[c] > 0 ? w[c] : 0;
    colx[0] = margin;
    for (int c = 0; c < n; c++)
        colx[c + 1] = colx[c] + (w[c] > 0 ? w[c] : QSMAP_PAGE_W - 2 * margin - fixed);
}
