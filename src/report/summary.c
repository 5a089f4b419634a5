/* summary.c — the merge-feasibility summary: per quality school, its network
 * schools' count and sums, the small schools among them (OBEC's line: 120
 * students or fewer), the figures if all merged, and the Indicator 10
 * participation where the table reports it. */
#include "qsmap/qsmap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static long known(int32_t v) { return v == QSMAP_MISSING_INT ? 0 : v; }

qsmap_status qsmap_report_summarize(qsmap_report *r, int small_max, qsmap_error *err)
{
    const qsmap_catchment *c = r->catchment;
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++)
        n += i == 0 || c->v[i - 1].quality != c->v[i].quality;
    free(r->summary);
    r->summary = calloc(n ? n : 1, sizeof *r->summary);
    if (!r->summary)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    r->nsummary = n;
    r->small_max = small_max;
    qsmap_summary_row *row = r->summary - 1;
    for (size_t i = 0; i < c->n; i++) {
        const qsmap_pair *p = &c->v[i];
        if (i == 0 || c->v[i - 1].quality != p->quality) {
            row++;
            row->quality = p->quality;
        }
        if (p->network == QSMAP_NO_SCHOOL)
            continue;
        const qsmap_school *t = &r->schools->v[p->network];
        row->network_count++;
        row->network_students += known(t->students);
        row->network_teachers += known(t->teachers);
        row->small_schools += t->students != QSMAP_MISSING_INT && t->students <= small_max;
        row->participation_count[t->participation]++;
    }
    for (size_t k = 0; k < n; k++) {
        qsmap_summary_row *s = &r->summary[k];
        const qsmap_school *q = &r->schools->v[s->quality];
        s->students_if_merged = known(q->students) + s->network_students;
        s->teachers_if_merged = known(q->teachers) + s->network_teachers;
        s->students_per_teacher_if_merged =
            s->teachers_if_merged > 0
                ? (double)s->students_if_merged / (double)s->teachers_if_merged
                : NAN;
    }
    return QSMAP_OK;
}

double qsmap_summary_percent(const qsmap_summary_row *s, qsmap_participation k)
{
    return s->network_count ? 100.0 * s->participation_count[k] / s->network_count : 0.0;
}

size_t qsmap_summary_district(const qsmap_report *r, size_t district, size_t *pairs)
{
    size_t q = 0;
    *pairs = 0;
    for (size_t i = 0; i < r->nsummary; i++)
        if ((size_t)r->district_of[r->summary[i].quality] == district) {
            q++;
            *pairs += r->summary[i].network_count;
        }
    return q;
}
