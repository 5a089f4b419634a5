/* table_shared.c — network schools that more than one quality school
 * reaches, as the table pages tell them: "ร่วมกับ …" under a name, what the
 * shared schools add to a table's "หากรวมกัน", the district's "หากรวมกัน"
 * with each school counted once, and the definitions line at the foot of
 * every page. Text only; render/table.c draws it. */
#include "render/table_text.h"
#include "base/number.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

qsmap_status qsmap_share_index_init(qsmap_share_index *ix, const qsmap_report *r)
{
    /* A counting sort by network school: one pass to count, one to place,
     * so a row finds its school's other pairs without a search. */
    size_t ns = r->schools->n, np = r->catchment->n;
    ix->r = r;
    ix->start = calloc(ns + 2, sizeof *ix->start);
    ix->by_net = malloc((np ? np : 1) * sizeof *ix->by_net);
    if (!ix->start || !ix->by_net) {
        qsmap_share_index_free(ix);
        return QSMAP_E_NOMEM;
    }
    for (size_t i = 0; i < np; i++)
        if (r->catchment->v[i].network != QSMAP_NO_SCHOOL)
            ix->start[r->catchment->v[i].network + 2]++;
    for (size_t s = 2; s < ns + 2; s++)
        ix->start[s] += ix->start[s - 1];
    for (size_t i = 0; i < np; i++) {
        uint32_t n = r->catchment->v[i].network;
        if (n != QSMAP_NO_SCHOOL)
            ix->by_net[ix->start[n + 1]++] = (uint32_t)i;
    }
    return QSMAP_OK;
}

void qsmap_share_index_free(qsmap_share_index *ix)
{
    free(ix->start);
    free(ix->by_net);
    ix->start = ix->by_net = NULL;
}

uint32_t qsmap_share_count(const qsmap_share_index *ix, uint32_t n, uint32_t *local)
{
    uint32_t here = ix->start[n + 1] - ix->start[n];
    uint32_t all = ix->r->quality_count ? ix->r->quality_count[n] : 0;
    if (local)
        *local = here;
    return all > here ? all : here;
}

#define SHARED_NAMES 3 /* named in a row; the rest are counted */

void qsmap_table_shared_with(const qsmap_share_index *ix, uint32_t q, uint32_t n, bool thai,
                             char *out, size_t size)
{
    uint32_t local, all = qsmap_share_count(ix, n, &local);
    out[0] = '\0';
    if (all < 2)
        return;
    char raw[1024], name[160], num[32];
    size_t used = (size_t)snprintf(raw, sizeof raw, "ร่วมกับ");
    uint32_t named = 0;
    for (uint32_t k = ix->start[n]; k < ix->start[n + 1] && used < sizeof raw; k++) {
        uint32_t other = ix->r->catchment->v[ix->by_net[k]].quality;
        if (other == q || named == SHARED_NAMES)
            continue;
        qsmap_table_short_name(ix->r->schools->v[other].name, name, sizeof name);
        used += (size_t)snprintf(raw + used, sizeof raw - used, "%s%s", named ? ", " : " ",
                                 name);
        named++;
    }
    /* q itself is one of `all`; the rest are beyond the names */
    uint32_t rest = all - 1 - named;
    if (rest && used < sizeof raw) {
        snprintf(num, sizeof num, "%u", rest);
        snprintf(raw + used, sizeof raw - used, "%sโรงเรียนคุณภาพอื่น%s %s แห่ง",
                 named ? " และ" : "", named ? "อีก" : "", num);
    }
    qsmap_number_digits(raw, thai, out, size);
}

static long known(int32_t v) { return v == QSMAP_MISSING_INT ? 0 : v; }

void qsmap_table_shared_note(const qsmap_share_index *ix, const qsmap_pair *p, size_t np,
                             bool thai, char *out, size_t size)
{
    size_t shared = 0;
    long students = 0, teachers = 0;
    for (size_t k = 0; k < np; k++) {
        if (p[k].network == QSMAP_NO_SCHOOL || qsmap_share_count(ix, p[k].network, NULL) < 2)
            continue;
        const qsmap_school *s = &ix->r->schools->v[p[k].network];
        shared++;
        students += known(s->students);
        teachers += known(s->teachers);
    }
    out[0] = '\0';
    if (!shared)
        return;
    char n[32], stu[48], tea[48], raw[600];
    qsmap_number_int((long)shared, false, n, sizeof n);
    qsmap_number_int(students, false, stu, sizeof stu);
    qsmap_number_int(teachers, false, tea, sizeof tea);
    snprintf(raw, sizeof raw,
             "ในจำนวนนี้ %s แห่งใช้ร่วมกับโรงเรียนคุณภาพอื่น (นักเรียน %s คน ครู %s คน) "
             "จึงนับในตารางของโรงเรียนนั้นด้วย",
             n, stu, tea);
    qsmap_number_digits(raw, thai, out, size);
}

qsmap_status qsmap_table_merge_totals(const qsmap_report *r, long district,
                                      qsmap_merge_totals *m)
{
    *m = (qsmap_merge_totals){0};
    bool *seen = calloc(r->schools->n ? r->schools->n : 1, sizeof *seen);
    if (!seen)
        return QSMAP_E_NOMEM;
    for (size_t i = 0; i < r->catchment->n; i++) {
        const qsmap_pair *p = &r->catchment->v[i];
        if (district >= 0 && r->district_of[p->quality] != district)
            continue;
        /* a quality school's pairs are adjacent; each school once */
        uint32_t k[2] = {p->quality, p->network};
        for (int j = 0; j < 2; j++) {
            if (k[j] == QSMAP_NO_SCHOOL)
                continue;
            if (j == 1)
                m->listed++;
            if (seen[k[j]])
                continue;
            seen[k[j]] = true;
            const qsmap_school *s = &r->schools->v[k[j]];
            if (j == 0)
                m->quality++;
            else
                m->network++;
            m->students += known(s->students);
            m->teachers += known(s->teachers);
        }
    }
    free(seen);
    return QSMAP_OK;
}

void qsmap_table_merge_line(const qsmap_merge_totals *m, const char *scope, bool thai,
                            char *out, size_t size)
{
    char all[32], stu[48], tea[48], rep[32], ratio[48], raw[800];
    qsmap_number_int((long)(m->quality + m->network), false, all, sizeof all);
    qsmap_number_int(m->students, false, stu, sizeof stu);
    qsmap_number_int(m->teachers, false, tea, sizeof tea);
    qsmap_number_int((long)(m->listed - m->network), false, rep, sizeof rep);
    if (m->teachers > 0)
        snprintf(ratio, sizeof ratio, "%.2f", (double)m->students / (double)m->teachers);
    else
        snprintf(ratio, sizeof ratio, "–");
    size_t used = (size_t)snprintf(
        raw, sizeof raw,
        "ทั้ง%sหากรวมกัน (นับโรงเรียนละครั้ง): %s แห่ง นักเรียน %s คน ครู %s คน "
        "ต่อครู %s",
        scope, all, stu, tea, ratio);
    if (m->listed > m->network && used < sizeof raw)
        snprintf(raw + used, sizeof raw - used,
                 " · ตารางข้างต้นนับซ้ำ %s แห่ง", rep);
    qsmap_number_digits(raw, thai, out, size);
}

char *qsmap_table_definitions(const qsmap_share_index *ix)
{
    const qsmap_report *r = ix->r;
    bool shared = false;
    for (size_t i = 0; i < r->catchment->n && !shared; i++)
        shared = r->catchment->v[i].network != QSMAP_NO_SCHOOL &&
                 qsmap_share_count(ix, r->catchment->v[i].network, NULL) >= 2;
    bool merged = r->nsummary > 0;
    if (!shared && !merged)
        return NULL;
    return g_strdup_printf(
        "%s%s%s",
        merged ? "หากรวมกัน = นักเรียนและครูของโรงเรียนคุณภาพกับเครือข่ายทุกแห่งในตาราง" : "",
        merged && shared ? " · " : "",
        shared ? "ร่วมกับ … = อยู่ในรัศมีของโรงเรียนคุณภาพนั้นด้วย "
                 "จึงนับในตารางของโรงเรียนนั้นอีกครั้ง"
               : "");
}
