/* rows.c — the columns of the member table and of the network table
 * (rows.h): which columns the networks CSV and workbook carry, in which
 * order, under which names, and where each value comes from. */
#include "networks/rows.h"

#include "base/number.h"
#include "base/vocab.h"
#include "base/utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static qsmap_row_value text(const char *s) { return (qsmap_row_value){.text = s}; }
static qsmap_row_value integer(long n) { return (qsmap_row_value){.n = n}; }
static qsmap_row_value none(void) { return (qsmap_row_value){.blank = true}; }
static qsmap_row_value metres(double x) { return (qsmap_row_value){.x = x, .blank = isnan(x)}; }
static qsmap_row_value yes_no(bool known, bool yes)
{
    return known ? text(yes ? "yes" : "no") : none();
}

static const qsmap_school *school(const qsmap_networks *nw, const qsmap_net_row *r)
{
    return r && r->school != QSMAP_NO_SCHOOL ? &nw->schools->v[r->school] : NULL;
}

const char *qsmap_net_row_name(const qsmap_networks *nw, const qsmap_net_row *row)
{
    const qsmap_school *s = school(nw, row);
    return s ? s->name : row->name_doc;
}

const char *qsmap_net_row_district(const qsmap_networks *nw, const qsmap_net_row *row)
{
    if (row->district >= 0)
        return qsmap_districts_get(nw->districts, (size_t)row->district)->name_th;
    const qsmap_school *s = school(nw, row);
    return s ? s->district : "";
}

const char *qsmap_net_row_province(const qsmap_networks *nw, const qsmap_net_row *row)
{
    if (row->district >= 0)
        return qsmap_districts_get(nw->districts, (size_t)row->district)->province_th;
    const qsmap_school *s = school(nw, row);
    return s ? s->province : "";
}

void qsmap_net_suggestion(const qsmap_networks *nw, const qsmap_net_row *m, char *buf,
                          size_t size)
{
    buf[0] = '\0';
    if (!m->suggest)
        return;
    const qsmap_net_row *l = &nw->rows[m->nearest_lead];
    char near[32], own[32];
    qsmap_number_km(m->nearest_lead_m, false, near, sizeof near);
    qsmap_number_km(m->distance_m, false, own, sizeof own);
    qsmap_text_printf(buf, size, "แกนนำเครือข่าย %s (%s) อยู่ห่าง %s กม. ใกล้กว่าแกนนำของตน (%s กม.)",
                      nw->v[l->network].id, qsmap_net_row_name(nw, l), near, own);
}

/* ---- the getters: one expression of (nw, ref) each ------------------------ */
#define GET(fn, expr)                                                                 \
    static qsmap_row_value fn(const qsmap_networks *nw, const qsmap_net_row_ref *ref) \
    {                                                                                 \
        (void)nw, (void)ref;                                                          \
        return expr;                                                                  \
    }
#define FOUND(row) text(school(nw, row) ? "yes" : QSMAP_NET_NOT_FOUND)
#define ID(row) (school(nw, row) ? text(school(nw, row)->id) : none())
#define M (ref->member)
#define NEAREST_LEAD (M->nearest_lead == QSMAP_NO_SCHOOL ? NULL : &nw->rows[M->nearest_lead])
#define FARTHEST (ref->net->farthest == QSMAP_NO_SCHOOL ? NULL : &nw->rows[ref->net->farthest])

GET(g_network, text(ref->net->id))
GET(g_lead_id, ID(ref->lead))
GET(g_lead_name, text(qsmap_net_row_name(nw, ref->lead)))
GET(g_lead_found, FOUND(ref->lead))
GET(g_lead_district, text(qsmap_net_row_district(nw, ref->lead)))
GET(g_lead_province, text(qsmap_net_row_province(nw, ref->lead)))
GET(g_member_id, ID(M))
GET(g_member_name, text(qsmap_net_row_name(nw, M)))
GET(g_member_doc, text(M->name_doc))
GET(g_member_found, FOUND(M))
GET(g_member_match, text(M->match))
GET(g_distance, metres(M->distance_m))
GET(g_nearby, yes_no(!isnan(M->distance_m), !M->beyond))
GET(g_member_district, text(qsmap_net_row_district(nw, M)))
GET(g_member_province, text(qsmap_net_row_province(nw, M)))
GET(g_same_district, yes_no(!isnan(M->distance_m) && ref->lead->district >= 0 && M->district >= 0,
                            !M->other_district))
GET(g_same_province, yes_no(!isnan(M->distance_m) && ref->lead->district >= 0 && M->district >= 0,
                            !M->other_province))
GET(g_near_lead_net, NEAREST_LEAD ? text(nw->v[NEAREST_LEAD->network].id) : none())
GET(g_near_lead_id, NEAREST_LEAD ? ID(NEAREST_LEAD) : none())
GET(g_near_lead_name, NEAREST_LEAD ? text(qsmap_net_row_name(nw, NEAREST_LEAD)) : none())
GET(g_near_lead_m, metres(M->nearest_lead_m))
GET(g_near_q_id, M->nearest_quality == QSMAP_NO_SCHOOL
                     ? none() : text(nw->schools->v[M->nearest_quality].id))
GET(g_near_q_name, M->nearest_quality == QSMAP_NO_SCHOOL
                       ? none() : text(nw->schools->v[M->nearest_quality].name))
GET(g_near_q_m, metres(M->nearest_quality_m))
GET(g_note, text(M->note))
GET(g_data_note, text(nw->sample_data ? QSMAP_SAMPLE_NOTE : ""))
GET(g_members, integer(ref->net->members))
GET(g_matched, integer(ref->net->matched_members))
GET(g_unmatched, integer(ref->net->unmatched))
GET(g_far_id, FARTHEST ? ID(FARTHEST) : none())
GET(g_far_name, FARTHEST ? text(qsmap_net_row_name(nw, FARTHEST)) : none())
GET(g_far_m, metres(ref->net->farthest_m))
GET(g_beyond, integer(ref->net->beyond))
GET(g_other_district, integer(ref->net->other_district))
GET(g_other_province, integer(ref->net->other_province))
GET(g_suggestions, integer(ref->net->suggestions))

GET(g_suggest, text(M->suggestion))

#define COL(key, th, kind, get) {key, th, QSMAP_VAL_##kind, get}
static const qsmap_net_col MEMBER_COLS[] = {
    COL("network_id", "เครือข่าย", TEXT, g_network),
    COL("lead_id", "รหัสแกนนำ", TEXT, g_lead_id),
    COL("lead_name", "โรงเรียนแกนนำ", TEXT, g_lead_name),
    COL("lead_found", "แกนนำในทะเบียน", TEXT, g_lead_found),
    COL("member_id", "รหัสโรงเรียนร่วมพัฒนา", TEXT, g_member_id),
    COL("member_name", "โรงเรียนร่วมพัฒนา", TEXT, g_member_name),
    COL("member_name_doc", "ชื่อตามประกาศ", TEXT, g_member_doc),
    COL("member_found", "ในทะเบียน", TEXT, g_member_found),
    COL("member_match", "วิธีจับคู่ชื่อ", TEXT, g_member_match),
    COL("distance_m", "ระยะจากแกนนำ (กม.)", METRES, g_distance),
    COL("nearby", "ในรัศมี", TEXT, g_nearby),
    COL("member_district", "อำเภอ", TEXT, g_member_district),
    COL("member_province", "จังหวัด", TEXT, g_member_province),
    COL("same_district", "อำเภอเดียวกับแกนนำ", TEXT, g_same_district),
    COL("same_province", "จังหวัดเดียวกับแกนนำ", TEXT, g_same_province),
    COL("nearest_lead_network", "เครือข่ายของแกนนำที่ใกล้ที่สุด", TEXT, g_near_lead_net),
    COL("nearest_lead_id", "รหัสแกนนำที่ใกล้ที่สุด", TEXT, g_near_lead_id),
    COL("nearest_lead_name", "แกนนำที่ใกล้ที่สุด", TEXT, g_near_lead_name),
    COL("nearest_lead_m", "ระยะถึงแกนนำที่ใกล้ที่สุด (กม.)", METRES, g_near_lead_m),
    COL("nearest_quality_id", "รหัสโรงเรียนคุณภาพที่ใกล้ที่สุด", TEXT, g_near_q_id),
    COL("nearest_quality_name", "โรงเรียนคุณภาพที่ใกล้ที่สุด", TEXT, g_near_q_name),
    COL("nearest_quality_m", "ระยะถึงโรงเรียนคุณภาพ (กม.)", METRES, g_near_q_m),
    COL("suggestion", "ข้อเสนอ", TEXT, g_suggest),
    COL("note", "หมายเหตุจากรายชื่อ", TEXT, g_note),
    COL("data_note", "หมายเหตุข้อมูล", TEXT, g_data_note),
};

static const qsmap_net_col SUMMARY_COLS[] = {
    COL("network_id", "เครือข่าย", TEXT, g_network),
    COL("lead_id", "รหัสแกนนำ", TEXT, g_lead_id),
    COL("lead_name", "โรงเรียนแกนนำ", TEXT, g_lead_name),
    COL("lead_found", "แกนนำในทะเบียน", TEXT, g_lead_found),
    COL("lead_district", "อำเภอ", TEXT, g_lead_district),
    COL("lead_province", "จังหวัด", TEXT, g_lead_province),
    COL("members", "สมาชิก", INT, g_members),
    COL("matched_members", "สมาชิกที่พบในทะเบียน", INT, g_matched),
    COL("unmatched_rows", "ไม่พบในทะเบียน (แถว)", INT, g_unmatched),
    COL("farthest_member_id", "รหัสสมาชิกที่ไกลที่สุด", TEXT, g_far_id),
    COL("farthest_member_name", "สมาชิกที่ไกลที่สุด", TEXT, g_far_name),
    COL("farthest_m", "ระยะสมาชิกที่ไกลที่สุด (กม.)", METRES, g_far_m),
    COL("beyond_radius", "นอกรัศมี", INT, g_beyond),
    COL("other_district", "ต่างอำเภอกับแกนนำ", INT, g_other_district),
    COL("other_province", "ต่างจังหวัดกับแกนนำ", INT, g_other_province),
    COL("suggestions", "ข้อเสนอย้ายเครือข่าย", INT, g_suggestions),
    COL("data_note", "หมายเหตุข้อมูล", TEXT, g_data_note),
};

const qsmap_net_table qsmap_net_members_table = {MEMBER_COLS,
                                                 sizeof MEMBER_COLS / sizeof *MEMBER_COLS};
const qsmap_net_table qsmap_net_summary_table = {SUMMARY_COLS,
                                                 sizeof SUMMARY_COLS / sizeof *SUMMARY_COLS};

static qsmap_status refs(const qsmap_networks *nw, bool members, qsmap_net_row_ref **out,
                         size_t *n, qsmap_error *err)
{
    size_t count = 0;
    for (size_t k = 0; k < nw->n; k++)
        if (nw->v[k].selected)
            count += members ? nw->v[k].count - 1 : 1;
    *out = malloc((count + 1) * sizeof **out);
    if (!*out)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    *n = 0;
    for (size_t k = 0; k < nw->n; k++) {
        const qsmap_network *net = &nw->v[k];
        if (!net->selected)
            continue;
        const qsmap_net_row *lead = &nw->rows[net->first];
        if (!members)
            (*out)[(*n)++] = (qsmap_net_row_ref){net, lead, NULL};
        for (uint32_t j = net->first + 1; members && j < net->first + net->count; j++)
            (*out)[(*n)++] = (qsmap_net_row_ref){net, lead, &nw->rows[j]};
    }
    return QSMAP_OK;
}

qsmap_status qsmap_net_member_refs(const qsmap_networks *nw, qsmap_net_row_ref **r, size_t *n,
                                   qsmap_error *err)
{
    return refs(nw, true, r, n, err);
}

qsmap_status qsmap_net_summary_refs(const qsmap_networks *nw, qsmap_net_row_ref **r, size_t *n,
                                    qsmap_error *err)
{
    return refs(nw, false, r, n, err);
}
