/* indicator10.c — the figures of the Indicator-10 form's quantitative part
 * (qsmap.h): the network schools within the radius of a report's quality
 * schools, each counted once in the total, and how many of them study with
 * a quality school or share its resources, per academic year where the
 * table has year columns. */
#include "qsmap/qsmap.h"

#include <stdlib.h>

/* School v's participation in period p of nperiods. */
static uint8_t status_in(const qsmap_schools *s, const qsmap_school *v, size_t p,
                         size_t nperiods)
{
    if (s->nyears == 0)
        return v->participation;
    /* one year column: part_year[1]; two: part_year[p] */
    return v->part_year[nperiods == 2 ? p : 1];
}

static void count(qsmap_i10_counts *c, const qsmap_schools *s, const qsmap_school *v,
                  size_t nperiods)
{
    c->network++;
    for (size_t p = 0; p < nperiods; p++) {
        uint8_t st = status_in(s, v, p, nperiods);
        c->joint[p] += st == QSMAP_PART_JOINT;
        c->shared[p] += st == QSMAP_PART_SHARED;
        c->reported[p] += st != QSMAP_PART_NONE;
    }
}

double qsmap_i10_percent(uint32_t part, uint32_t whole)
{
    return whole ? 100.0 * part / whole : 0;
}

qsmap_status qsmap_indicator10_new(const qsmap_report *r, qsmap_indicator10 **out,
                                   qsmap_error *err)
{
    *out = NULL;
    const qsmap_schools *s = r->schools;
    const qsmap_catchment *c = r->catchment;
    qsmap_indicator10 *i = calloc(1, sizeof *i);
    uint8_t *seen = calloc(s->n + 1, 1);
    if (i)
        i->rows = calloc(c->n + 1, sizeof *i->rows);
    if (!i || !seen || !i->rows) {
        free(seen);
        qsmap_indicator10_free(i);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    i->nyears = s->nyears;
    i->years[0] = s->years[0], i->years[1] = s->years[1];
    i->nperiods = s->nyears == 2 ? 2 : 1;
    i->has_status = s->nyears > 0 || s->has_participation;
    for (size_t k = 0; k < c->n; k++) {
        const qsmap_pair *p = &c->v[k];
        if (i->nrows == 0 || i->rows[i->nrows - 1].quality != p->quality)
            i->rows[i->nrows++] = (qsmap_i10_row){.quality = p->quality};
        if (p->network == QSMAP_NO_SCHOOL)
            continue;
        const qsmap_school *v = &s->v[p->network];
        count(&i->rows[i->nrows - 1].c, s, v, i->nperiods);
        if (!seen[p->network]++)
            count(&i->total, s, v, i->nperiods);
    }
    free(seen);
    *out = i;
    return QSMAP_OK;
}

void qsmap_indicator10_free(qsmap_indicator10 *i)
{
    if (!i)
        return;
    free(i->rows);
    free(i);
}
