/* measure.c — what a network list says about distance: each school's
 * district by polygon, the geodesic from each lead to its members, the
 * nearest lead of any network and the nearest quality school of the table
 * for each member, and a suggestion where another network's lead is nearer
 * than the member's own by more than the margin. The nearest searches go
 * through catchment/nearest.h: the leads are indexed as a small school table
 * of their own whose "quality schools" are the leads. */
#include "networks/networks.h"

#include "catchment/nearest.h"
#include "networks/rows.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const qsmap_school *school_of(const qsmap_networks *nw, const qsmap_net_row *r)
{
    return r->school == QSMAP_NO_SCHOOL ? NULL : &nw->schools->v[r->school];
}

/* The matched leads as a table of quality schools (ids kept, so that ties
 * go to the smaller id as everywhere); lead_row[i]: the row of lead i. */
static qsmap_status leads_table(const qsmap_networks *nw, qsmap_schools *t, uint32_t **lead_row,
                                qsmap_error *err)
{
    *t = (qsmap_schools){0};
    t->v = malloc((nw->n + 1) * sizeof *t->v);
    *lead_row = malloc((nw->n + 1) * sizeof **lead_row);
    if (!t->v || !*lead_row) {
        free(t->v), free(*lead_row);
        t->v = NULL, *lead_row = NULL;
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    for (size_t k = 0; k < nw->n; k++) {
        const qsmap_net_row *lead = &nw->rows[nw->v[k].first];
        const qsmap_school *s = school_of(nw, lead);
        if (!s)
            continue;
        t->v[t->n] = *s;
        t->v[t->n].role = QSMAP_ROLE_QUALITY;
        (*lead_row)[t->n++] = nw->v[k].first;
    }
    return QSMAP_OK;
}

/* Districts by polygon; the lead → member geodesics and their flags. */
static void measure_distances(qsmap_networks *nw, const qsmap_districts *d)
{
    for (size_t i = 0; i < nw->nrows; i++) {
        const qsmap_school *s = school_of(nw, &nw->rows[i]);
        nw->rows[i].district = s ? qsmap_districts_locate(d, s->lat, s->lon) : -1;
    }
    for (size_t k = 0; k < nw->n; k++) {
        const qsmap_network *net = &nw->v[k];
        const qsmap_net_row *lead = &nw->rows[net->first];
        const qsmap_school *ls = school_of(nw, lead);
        for (uint32_t j = net->first + 1; j < net->first + net->count; j++) {
            qsmap_net_row *m = &nw->rows[j];
            const qsmap_school *ms = school_of(nw, m);
            if (!ls || !ms)
                continue;
            m->distance_m = qsmap_geod_distance(ls->lat, ls->lon, ms->lat, ms->lon);
            m->beyond = m->distance_m > nw->radius_m;
            if (lead->district >= 0 && m->district >= 0) {
                m->other_district = lead->district != m->district;
                m->other_province =
                    strcmp(qsmap_districts_get(d, (size_t)lead->district)->province_pcode,
                           qsmap_districts_get(d, (size_t)m->district)->province_pcode) != 0;
            }
        }
    }
}

/* For each matched member: the nearest lead (rows) and quality school. */
static void measure_nearest(qsmap_networks *nw, const qsmap_nearest *leads,
                            const uint32_t *lead_row, const qsmap_nearest *quality)
{
    for (size_t i = 0; i < nw->nrows; i++) {
        qsmap_net_row *m = &nw->rows[i];
        const qsmap_school *s = school_of(nw, m);
        if (!s || m->role != QSMAP_NET_MEMBER)
            continue;
        double dl, dq;
        uint32_t l = qsmap_nearest_quality(leads, s->lat, s->lon, &dl);
        if (l != QSMAP_NO_SCHOOL)
            m->nearest_lead = lead_row[l], m->nearest_lead_m = dl;
        uint32_t q = qsmap_nearest_quality(quality, s->lat, s->lon, &dq);
        if (q != QSMAP_NO_SCHOOL)
            m->nearest_quality = q, m->nearest_quality_m = dq;
        m->suggest = l != QSMAP_NO_SCHOOL && !isnan(m->distance_m) &&
                     nw->rows[m->nearest_lead].network != m->network &&
                     m->distance_m - dl > nw->margin_m;
    }
}

/* The suggestions' text, in one buffer nw owns: measured first, then
 * written, so that the buffer never moves under the pointers. */
static qsmap_status write_suggestions(qsmap_networks *nw, qsmap_error *err)
{
    char line[1200];
    size_t total = 1;
    for (size_t i = 0; i < nw->nrows; i++)
        if (nw->rows[i].suggest) {
            qsmap_net_suggestion(nw, &nw->rows[i], line, sizeof line);
            total += strlen(line) + 1;
        }
    free(nw->suggestions);
    if (!(nw->suggestions = malloc(total)))
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    size_t used = 0;
    for (size_t i = 0; i < nw->nrows; i++) {
        qsmap_net_row *m = &nw->rows[i];
        m->suggestion = "";
        if (!m->suggest)
            continue;
        qsmap_net_suggestion(nw, m, line, sizeof line);
        size_t len = strlen(line) + 1;
        memcpy(nw->suggestions + used, line, len);
        m->suggestion = nw->suggestions + used;
        used += len;
    }
    return QSMAP_OK;
}

/* Each network's counts, farthest member and suggestions. */
static void summarize(qsmap_networks *nw)
{
    for (size_t k = 0; k < nw->n; k++) {
        qsmap_network *net = &nw->v[k];
        net->members = net->matched_members = net->unmatched = 0;
        net->beyond = net->other_district = net->other_province = net->suggestions = 0;
        net->farthest = QSMAP_NO_SCHOOL;
        net->farthest_m = NAN;
        for (uint32_t j = net->first; j < net->first + net->count; j++) {
            const qsmap_net_row *r = &nw->rows[j];
            net->unmatched += r->school == QSMAP_NO_SCHOOL;
            if (r->role != QSMAP_NET_MEMBER)
                continue;
            net->members++;
            net->matched_members += r->school != QSMAP_NO_SCHOOL;
            net->beyond += r->beyond;
            net->other_district += r->other_district;
            net->other_province += r->other_province;
            net->suggestions += r->suggest;
            if (!isnan(r->distance_m) && (isnan(net->farthest_m) || r->distance_m > net->farthest_m))
                net->farthest = j, net->farthest_m = r->distance_m;
        }
    }
}

qsmap_status qsmap_networks_measure(qsmap_networks *nw, const qsmap_districts *d,
                                    double radius_m, double margin_m, qsmap_error *err)
{
    nw->districts = d;
    nw->radius_m = radius_m;
    nw->margin_m = margin_m;
    measure_distances(nw, d);
    qsmap_schools leads;
    uint32_t *lead_row;
    qsmap_status st = leads_table(nw, &leads, &lead_row, err);
    if (st)
        return st;
    qsmap_nearest *li = NULL, *qi = NULL;
    st = qsmap_nearest_new(&leads, &li, err);
    if (!st)
        st = qsmap_nearest_new(nw->schools, &qi, err);
    if (!st) {
        measure_nearest(nw, li, lead_row, qi);
        summarize(nw);
        st = write_suggestions(nw, err);
    }
    qsmap_nearest_free(li);
    qsmap_nearest_free(qi);
    free(leads.v);
    free(lead_row);
    return st;
}

void qsmap_networks_total(const qsmap_networks *nw, qsmap_networks_totals *t)
{
    *t = (qsmap_networks_totals){.farthest = QSMAP_NO_SCHOOL};
    double far = -1;
    for (size_t k = 0; k < nw->n; k++) {
        const qsmap_network *net = &nw->v[k];
        if (!net->selected)
            continue;
        t->networks++;
        t->rows += net->count;
        t->members += net->members;
        t->unmatched_rows += net->unmatched;
        t->suggestions += net->suggestions;
        t->other_district += net->other_district;
        t->other_province += net->other_province;
        for (uint32_t j = net->first + 1; j < net->first + net->count; j++) {
            const qsmap_net_row *m = &nw->rows[j];
            if (isnan(m->distance_m))
                continue;
            t->measured++;
            t->beyond += m->beyond;
            t->beyond_20km += m->distance_m > QSMAP_NET_FAR_M;
            if (m->distance_m > far)
                far = m->distance_m, t->farthest = j;
        }
    }
    t->matched_rows = t->rows - t->unmatched_rows;
    t->within = t->measured - t->beyond;
}
