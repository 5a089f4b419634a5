/* export_csv.c — the pair table as CSV: UTF-8 with BOM so Excel shows Thai,
 * one row per quality→network pair, RFC 4180 quoting. */
#include "internal.h"

#include <math.h>
#include <string.h>

static void put_field(FILE *fp, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

static void put_int(FILE *fp, int32_t v)
{
    if (v != QSMAP_MISSING_INT)
        fprintf(fp, "%d", v);
}

static void put_area(FILE *fp, double v)
{
    if (!isnan(v))
        fprintf(fp, "%.10g", v);
}

static const char *district_name(const qsmap_report *r, uint32_t school)
{
    long d = r->district_of[school];
    return d >= 0 ? qsmap_districts_get(r->districts, (size_t)d)->name_th
                  : r->schools->v[school].district;
}

qsmap_status qsmap_write_pairs_csv(FILE *fp, const qsmap_report *r)
{
    fputs("\xEF\xBB\xBF"
          "district,adm2_pcode,quality_id,quality_name,quality_color,network_id,"
          "network_name,network_district,distance_m,area_rai,students,teachers,"
          "quality_count,nearest_quality_id",
          fp);
    fputs(r->sample_data ? ",data_note\r\n" : "\r\n", fp);
    const qsmap_school *v = r->schools->v;
    for (size_t i = 0; i < r->catchment->n; i++) {
        const qsmap_pair *p = &r->catchment->v[i];
        const qsmap_school *q = &v[p->quality];
        const qsmap_district *d =
            qsmap_districts_get(r->districts, (size_t)r->district_of[p->quality]);
        put_field(fp, d->name_th);
        fputc(',', fp);
        put_field(fp, d->pcode);
        fputc(',', fp);
        put_field(fp, q->id);
        fputc(',', fp);
        put_field(fp, q->name);
        fputc(',', fp);
        fputs(qsmap_color_name_th((qsmap_color)q->color), fp);
        if (p->network == QSMAP_NO_SCHOOL) {
            fputs(",,,,,,,,,", fp);
        } else {
            const qsmap_school *n = &v[p->network];
            fputc(',', fp);
            put_field(fp, n->id);
            fputc(',', fp);
            put_field(fp, n->name);
            fputc(',', fp);
            put_field(fp, district_name(r, p->network));
            fprintf(fp, ",%.4f,", p->distance_m);
            put_area(fp, n->area_rai);
            fputc(',', fp);
            put_int(fp, n->students);
            fputc(',', fp);
            put_int(fp, n->teachers);
            uint32_t near = r->nearest_quality[p->network];
            fprintf(fp, ",%u,", r->quality_count[p->network]);
            if (near != QSMAP_NO_SCHOOL)
                put_field(fp, v[near].id);
        }
        if (r->sample_data)
            fputs("," QSMAP_SAMPLE_NOTE, fp);
        fputs("\r\n", fp);
    }
    return ferror(fp) ? QSMAP_E_IO : QSMAP_OK;
}

const char *qsmap_netstatus_name_th(qsmap_status_kind k)
{
    static const char *const NAMES[QSMAP_NETSTATUS_COUNT] = {
        "ไม่ระบุ", "เรียนรวม", "ใช้ทรัพยากรร่วมกัน", "ยังไม่เข้าร่วม"};
    return (unsigned)k < QSMAP_NETSTATUS_COUNT ? NAMES[k] : "";
}

qsmap_status qsmap_write_summary_csv(FILE *fp, const qsmap_report *r)
{
    static const char *const STATUS_COLS[QSMAP_NETSTATUS_COUNT] = {
        "status_unreported", "status_joint", "status_shared", "status_none"};
    fputs("\xEF\xBB\xBF"
          "district,quality_id,quality_name,quality_color,quality_students,quality_teachers,"
          "area_rai,network_count,network_students,network_teachers,small_schools,"
          "students_if_merged,teachers_if_merged,students_per_teacher_if_merged",
          fp);
    if (r->schools->has_status)
        for (int k = QSMAP_NETSTATUS_JOINT; k < QSMAP_NETSTATUS_COUNT; k++)
            fprintf(fp, ",%s,%s_pct", STATUS_COLS[k], STATUS_COLS[k]);
    fputs(r->sample_data ? ",data_note\r\n" : "\r\n", fp);
    for (size_t i = 0; i < r->nsummary; i++) {
        const qsmap_summary_row *s = &r->summary[i];
        const qsmap_school *q = &r->schools->v[s->quality];
        put_field(fp, district_name(r, s->quality));
        fputc(',', fp);
        put_field(fp, q->id);
        fputc(',', fp);
        put_field(fp, q->name);
        fprintf(fp, ",%s,", qsmap_color_name_th((qsmap_color)q->color));
        put_int(fp, q->students);
        fputc(',', fp);
        put_int(fp, q->teachers);
        fputc(',', fp);
        put_area(fp, q->area_rai);
        fprintf(fp, ",%u,%ld,%ld,%u,%ld,%ld,", s->network_count, s->network_students,
                s->network_teachers, s->small_schools, s->students_if_merged,
                s->teachers_if_merged);
        if (!isnan(s->students_per_teacher_if_merged))
            fprintf(fp, "%.2f", s->students_per_teacher_if_merged);
        if (r->schools->has_status)
            for (int k = QSMAP_NETSTATUS_JOINT; k < QSMAP_NETSTATUS_COUNT; k++)
                fprintf(fp, ",%u,%.2f", s->status_count[k],
                        qsmap_summary_percent(s, (qsmap_status_kind)k));
        if (r->sample_data)
            fputs("," QSMAP_SAMPLE_NOTE, fp);
        fputs("\r\n", fp);
    }
    return ferror(fp) ? QSMAP_E_IO : QSMAP_OK;
}
