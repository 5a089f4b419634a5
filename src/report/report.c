/* report.c — one run's findings, as every writer sees them: quality schools
 * given to the district that covers them (or, covered by none, listed under
 * the district their own table names), the catchment join, and the
 * districts of the network schools found. */
#define _GNU_SOURCE /* qsort_r */
#include "base/array.h"
#include "base/clock.h"
#include "base/utf8.h"
#include "base/text.h"
#include "catchment/nearest.h"
#include "select/select.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const qsmap_schools *s;
    const long *district_of;
    const size_t *rank; /* per district: its place in the selection */
} order_ctx;

/* District order as selected, then school id. */
static int by_district_then_id(const void *a, const void *b, void *arg)
{
    const order_ctx *c = arg;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    size_t rx = c->rank[c->district_of[x]], ry = c->rank[c->district_of[y]];
    if (rx != ry)
        return rx < ry ? -1 : 1;
    return strcmp(c->s->v[x].id, c->s->v[y].id);
}

/* With an office and no districts given, the districts are those where the
 * office has schools, quality or network, in file order: a district whose
 * only quality school is another office's is still the office's to plan. */
static qsmap_status office_districts(qsmap_report *r, const qsmap_office *office,
                                     qsmap_error *err)
{
    size_t nd = qsmap_districts_count(r->districts);
    int8_t *has = calloc(nd ? nd : 1, 1);
    free(r->selected);
    r->selected = malloc((nd ? nd : 1) * sizeof *r->selected);
    if (!has || !r->selected) {
        free(has);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    const qsmap_schools *s = r->schools;
    for (size_t i = 0; i < s->n; i++) {
        const qsmap_school *v = &s->v[i];
        if (!qsmap_office_has(office, v))
            continue;
        long d = qsmap_districts_locate(r->districts, v->lat, v->lon);
        if (d < 0) /* covered by no polygon: the district its table names */
            d = qsmap_districts_named_by(r->districts, v->adm2_pcode, v->district, v->province);
        if (d >= 0)
            has[d] = 1;
    }
    r->nselected = 0;
    for (size_t k = 0; k < nd; k++)
        if (has[k])
            r->selected[r->nselected++] = k;
    free(has);
    return QSMAP_OK;
}

/* A quality school no polygon covers: may it be one of this run's (the
 * rule is qsmap_report_build's, in qsmap.h), and the district its table
 * names if that is one of the run's (else -1). by_office: the districts
 * are those of the office's quality schools. */
static bool outside_in_run(const qsmap_report *r, const qsmap_school *v, const int8_t *selected,
                           bool by_office, long *listed)
{
    long t = qsmap_districts_named_by(r->districts, v->adm2_pcode, v->district, v->province);
    *listed = t >= 0 && selected[t] ? t : -1;
    if (by_office || t >= 0)
        return by_office || selected[t];
    if (!v->province[0])
        return true;
    for (size_t k = 0; k < r->nselected; k++)
        if (qsmap_district_in_province(qsmap_districts_get(r->districts, r->selected[k]),
                                       v->province))
            return true;
    return false;
}

/* r->outside grows by one school; false when out of memory. */
static bool push_outside(qsmap_report *r, uint32_t school, size_t *cap)
{
    if (qsmap_array_reserve((void **)&r->outside, cap, r->noutside + 1, sizeof *r->outside, 16))
        return false;
    r->outside[r->noutside++] = school;
    return true;
}

/* Each quality school goes to the district that covers its point; the
 * table's own district column is not trusted for this. Only a school no
 * polygon covers is listed under the district its table names. */
static qsmap_status assign_quality(qsmap_report *r, const qsmap_office *office, bool by_office,
                                   uint32_t **quality, size_t *nquality, qsmap_error *err)
{
    const qsmap_schools *s = r->schools;
    size_t nd = qsmap_districts_count(r->districts), n = 0, cap = 0;
    long *district_of = malloc((s->n ? s->n : 1) * sizeof *district_of);
    uint32_t *q = malloc((s->n ? s->n : 1) * sizeof *q);
    size_t *rank = calloc(nd, sizeof *rank);
    int8_t *selected = calloc(nd, 1);
    bool ok = district_of && q && rank && selected;
    for (size_t k = 0; ok && k < r->nselected; k++)
        selected[r->selected[k]] = 1, rank[r->selected[k]] = k;
    for (size_t i = 0; ok && i < s->n; i++) {
        const qsmap_school *v = &s->v[i];
        district_of[i] = -1;
        if (v->role != QSMAP_ROLE_QUALITY)
            continue;
        long d = district_of[i] = qsmap_districts_locate(r->districts, v->lat, v->lon);
        bool ours = !office || qsmap_office_has(office, v);
        if (d < 0 && ours && outside_in_run(r, v, selected, by_office, &d)) {
            ok = push_outside(r, (uint32_t)i, &cap);
            district_of[i] = d;
            r->nby_table += d >= 0;
        }
        if (d >= 0 && selected[d] && ours)
            q[n++] = (uint32_t)i;
    }
    if (ok) {
        order_ctx ctx = {s, district_of, rank};
        qsort_r(q, n, sizeof *q, by_district_then_id, &ctx);
    }
    free(rank);
    free(selected);
    if (!ok) {
        free(district_of), free(q);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    r->district_of = district_of;
    *quality = q;
    *nquality = n;
    return QSMAP_OK;
}

/* When the join already covers every quality school of the table (--all),
 * a network school's pairs are exactly the quality schools within reach:
 * count them, and take the nearest among them, with the same tie rule. */
static bool overlaps_from_pairs(qsmap_report *r)
{
    const qsmap_schools *s = r->schools;
    double *best = malloc((s->n ? s->n : 1) * sizeof *best);
    if (!best)
        return false;
    for (size_t i = 0; i < r->catchment->n; i++) {
        const qsmap_pair *p = &r->catchment->v[i];
        uint32_t n = p->network;
        if (n == QSMAP_NO_SCHOOL)
            continue;
        r->quality_count[n]++;
        uint32_t cur = r->nearest_quality[n];
        if (cur == QSMAP_NO_SCHOOL || p->distance_m < best[n] - QSMAP_TIE_M ||
            (fabs(p->distance_m - best[n]) <= QSMAP_TIE_M &&
             strcmp(s->v[p->quality].id, s->v[cur].id) < 0)) {
            r->nearest_quality[n] = p->quality;
            best[n] = p->distance_m;
        }
    }
    free(best);
    return true;
}

/* quality_count and nearest_quality of every network school in a pair,
 * against all loaded quality schools, not only this run's. */
static qsmap_status overlaps(qsmap_report *r, size_t nquality, qsmap_error *err)
{
    const qsmap_schools *s = r->schools;
    r->quality_count = calloc(s->n ? s->n : 1, sizeof *r->quality_count);
    r->nearest_quality = malloc((s->n ? s->n : 1) * sizeof *r->nearest_quality);
    if (!r->quality_count || !r->nearest_quality)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < s->n; i++)
        r->nearest_quality[i] = QSMAP_NO_SCHOOL;
    size_t all_quality = 0;
    for (size_t i = 0; i < s->n; i++)
        all_quality += s->v[i].role == QSMAP_ROLE_QUALITY;
    if (nquality == all_quality && overlaps_from_pairs(r))
        return QSMAP_OK;
    qsmap_nearest *near = NULL;
    qsmap_status st = qsmap_nearest_new(s, &near, err);
    if (st)
        return st;
    for (size_t i = 0; i < r->catchment->n; i++) {
        uint32_t n = r->catchment->v[i].network;
        if (n == QSMAP_NO_SCHOOL || r->nearest_quality[n] != QSMAP_NO_SCHOOL)
            continue;
        const qsmap_school *t = &s->v[n];
        r->quality_count[n] = qsmap_nearest_count(near, t->lat, t->lon, r->radius_m);
        r->nearest_quality[n] = qsmap_nearest_quality(near, t->lat, t->lon, NULL);
    }
    qsmap_nearest_free(near);
    return QSMAP_OK;
}

qsmap_status qsmap_report_build(const qsmap_schools *s, const qsmap_districts *d,
                                const size_t *selected, size_t nselected, double radius_m,
                                qsmap_report *r, qsmap_error *err)
{
    return qsmap_report_build_office(s, d, selected, nselected, NULL, radius_m, r, err);
}

qsmap_status qsmap_report_build_office(const qsmap_schools *s, const qsmap_districts *d,
                                       const size_t *selected, size_t nselected,
                                       const qsmap_office *office, double radius_m,
                                       qsmap_report *r, qsmap_error *err)
{
    memset(r, 0, sizeof *r);
    r->schools = s;
    r->districts = d;
    r->radius_m = radius_m;
    r->office = office;
    r->selected = malloc((nselected ? nselected : 1) * sizeof *r->selected);
    if (!r->selected)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    if (nselected)
        memcpy(r->selected, selected, nselected * sizeof *selected);
    r->nselected = nselected;
    uint32_t *quality = NULL;
    size_t nq = 0;
    qsmap_status st = QSMAP_OK;
    bool by_office = office && nselected == 0;
    if (by_office)
        st = office_districts(r, office, err);
    double t0 = qsmap_clock_ms();
    if (!st)
        st = assign_quality(r, office, by_office, &quality, &nq, err);
    double t1 = qsmap_clock_ms();
    if (!st)
        st = qsmap_catchment_new(s, quality, nq, radius_m, &r->catchment, err);
    free(quality);
    if (st) {
        qsmap_report_release(r);
        return st;
    }
    double t2 = qsmap_clock_ms();
    st = overlaps(r, nq, err);
    if (st) {
        qsmap_report_release(r);
        return st;
    }
    double t3 = qsmap_clock_ms();
    for (size_t i = 0; i < r->catchment->n; i++) {
        uint32_t n = r->catchment->v[i].network;
        if (n != QSMAP_NO_SCHOOL && r->district_of[n] == -1)
            r->district_of[n] = qsmap_districts_locate(d, s->v[n].lat, s->v[n].lon);
    }
    r->times = (qsmap_report_times){.pip_quality = t1 - t0, .join = t2 - t1,
                                    .overlaps = t3 - t2, .pip_network = qsmap_clock_ms() - t3};
    return QSMAP_OK;
}

void qsmap_report_quality_noun(const qsmap_report *r, char *buf, size_t size)
{
    if (r->office)
        qsmap_text_printf(buf, size, "โรงเรียนคุณภาพของ %s", qsmap_office_name(r->office));
    else
        qsmap_text_printf(buf, size, "โรงเรียนคุณภาพ");
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

bool qsmap_report_by_table(const qsmap_report *r, uint32_t school)
{
    /* r->outside is in file order, which is index order */
    return r->nby_table && r->district_of[school] >= 0 &&
           bsearch(&school, r->outside, r->noutside, sizeof *r->outside, cmp_u32);
}

const char *qsmap_report_district_name(const qsmap_report *r, uint32_t school)
{
    long d = r->district_of[school];
    return d >= 0 ? qsmap_districts_get(r->districts, (size_t)d)->name_th
                  : r->schools->v[school].district;
}

void qsmap_report_release(qsmap_report *r)
{
    qsmap_catchment_free(r->catchment);
    if (!r->borrowed) {
        free(r->district_of);
        free(r->quality_count);
        free(r->nearest_quality);
        free(r->outside);
    }
    r->outside = NULL;
    r->noutside = r->nby_table = 0;
    free(r->summary);
    r->summary = NULL;
    r->nsummary = 0;
    r->quality_count = NULL;
    r->nearest_quality = NULL;
    free(r->selected);
    r->catchment = NULL;
    r->district_of = NULL;
    r->selected = NULL;
}

qsmap_status qsmap_report_slice(const qsmap_report *all, size_t district, qsmap_report *out,
                                qsmap_error *err)
{
    *out = *all;
    out->borrowed = true;
    out->catchment = calloc(1, sizeof *out->catchment);
    out->selected = malloc(sizeof *out->selected);
    size_t n = 0, ns = 0;
    for (size_t i = 0; i < all->catchment->n; i++)
        n += (size_t)all->district_of[all->catchment->v[i].quality] == district;
    for (size_t i = 0; i < all->nsummary; i++)
        ns += (size_t)all->district_of[all->summary[i].quality] == district;
    if (out->catchment)
        out->catchment->v = malloc((n ? n : 1) * sizeof *out->catchment->v);
    out->summary = malloc((ns ? ns : 1) * sizeof *out->summary);
    if (!out->catchment || !out->catchment->v || !out->selected || !out->summary) {
        qsmap_report_release(out);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    out->selected[0] = district;
    out->nselected = 1;
    out->catchment->radius_m = all->catchment->radius_m;
    for (size_t i = 0; i < all->catchment->n; i++)
        if ((size_t)all->district_of[all->catchment->v[i].quality] == district)
            out->catchment->v[out->catchment->n++] = all->catchment->v[i];
    out->nsummary = 0;
    for (size_t i = 0; i < all->nsummary; i++)
        if ((size_t)all->district_of[all->summary[i].quality] == district)
            out->summary[out->nsummary++] = all->summary[i];
    return QSMAP_OK;
}
