/* pairs_csv.c — the pair table and the summary as CSV: UTF-8 with BOM so
 * Excel shows Thai, RFC 4180 quoting, CRLF. */
#include "base/number.h"
#include "base/vocab.h"
#include "write/write.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Rows are put together in a buffer and written a block at a time: a
 * national table is ~8,000 rows, and stdio's per-call locking and printf's
 * number formatting were most of the cost of writing it. */
typedef struct {
    FILE *fp;
    size_t n;
    char buf[1 << 16];
} out_buf;

static void out_flush(out_buf *o)
{
    fwrite(o->buf, 1, o->n, o->fp);
    o->n = 0;
}

static out_buf *out_open(FILE *fp)
{
    out_buf *o = malloc(sizeof *o);
    if (o)
        o->fp = fp, o->n = 0;
    return o;
}

/* Write what is left and free the buffer: QSMAP_E_IO if any write failed. */
static qsmap_status out_close(out_buf *o)
{
    out_flush(o);
    FILE *fp = o->fp;
    free(o);
    return ferror(fp) ? QSMAP_E_IO : QSMAP_OK;
}

static void out_mem(out_buf *o, const char *s, size_t n)
{
    if (o->n + n > sizeof o->buf) {
        out_flush(o);
        if (n > sizeof o->buf) {
            fwrite(s, 1, n, o->fp);
            return;
        }
    }
    memcpy(o->buf + o->n, s, n);
    o->n += n;
}

static void out_str(out_buf *o, const char *s) { out_mem(o, s, strlen(s)); }

static void out_char(out_buf *o, char c) { out_mem(o, &c, 1); }

/* RFC 4180: quoted when it holds a comma, a quote or a line break. */
static void put_field(out_buf *o, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        out_str(o, s);
        return;
    }
    out_char(o, '"');
    for (; *s; s++) {
        if (*s == '"')
            out_char(o, '"');
        out_char(o, *s);
    }
    out_char(o, '"');
}

static void put_uint(out_buf *o, unsigned long v)
{
    char tmp[24];
    size_t n = sizeof tmp;
    do
        tmp[--n] = (char)('0' + v % 10);
    while (v /= 10);
    out_mem(o, tmp + n, sizeof tmp - n);
}

static void put_long(out_buf *o, long v)
{
    if (v < 0) {
        out_char(o, '-');
        put_uint(o, 0ul - (unsigned long)v);
    } else {
        put_uint(o, (unsigned long)v);
    }
}

static void put_int(out_buf *o, int32_t v)
{
    if (v != QSMAP_MISSING_INT)
        put_long(o, v);
}

static void put_fixed(out_buf *o, double v, int decimals)
{
    char tmp[400];
    out_mem(o, tmp, qsmap_format_fixed(v, decimals, tmp, sizeof tmp));
}

static void put_area(out_buf *o, double v)
{
    char tmp[40];
    if (!isnan(v))
        out_mem(o, tmp, qsmap_format_g10(v, tmp, sizeof tmp));
}

/* A CSV writer's end: the buffer's status, worded for the user's file. */
static qsmap_status csv_done(out_buf *o, const qsmap_sink *out, qsmap_error *err)
{
    qsmap_status st = out_close(o);
    return st ? qsmap_error_set(err, st, out->path, 0, "write failed") : QSMAP_OK;
}

qsmap_status qsmap_write_pairs_csv(const qsmap_sink *out, const qsmap_report *r,
                                   qsmap_write_ctx *ctx, qsmap_error *err)
{
    (void)ctx;
    out_buf *o = out_open(out->fp);
    if (!o)
        return qsmap_error_set(err, QSMAP_E_NOMEM, out->path, 0, "write failed");
    out_str(o, "\xEF\xBB\xBF"
               "district,adm2_pcode,quality_id,quality_name,quality_color,network_id,"
               "network_name,network_district,distance_m,area_rai,students,teachers,"
               "quality_count,nearest_quality_id");
    out_str(o, r->sample_data ? ",data_note\r\n" : "\r\n");
    const qsmap_school *v = r->schools->v;
    for (size_t i = 0; i < r->catchment->n; i++) {
        const qsmap_pair *p = &r->catchment->v[i];
        const qsmap_school *q = &v[p->quality];
        const qsmap_district *d =
            qsmap_districts_get(r->districts, (size_t)r->district_of[p->quality]);
        put_field(o, d->name_th);
        out_char(o, ',');
        put_field(o, d->pcode);
        out_char(o, ',');
        put_field(o, q->id);
        out_char(o, ',');
        put_field(o, q->name);
        out_char(o, ',');
        out_str(o, qsmap_color_name_th((qsmap_color)q->color));
        if (p->network == QSMAP_NO_SCHOOL) {
            out_str(o, ",,,,,,,,,");
        } else {
            const qsmap_school *n = &v[p->network];
            out_char(o, ',');
            put_field(o, n->id);
            out_char(o, ',');
            put_field(o, n->name);
            out_char(o, ',');
            put_field(o, qsmap_report_district_name(r, p->network));
            out_char(o, ',');
            put_fixed(o, p->distance_m, 4);
            out_char(o, ',');
            put_area(o, n->area_rai);
            out_char(o, ',');
            put_int(o, n->students);
            out_char(o, ',');
            put_int(o, n->teachers);
            out_char(o, ',');
            put_uint(o, r->quality_count[p->network]);
            out_char(o, ',');
            uint32_t near = r->nearest_quality[p->network];
            if (near != QSMAP_NO_SCHOOL)
                put_field(o, v[near].id);
        }
        if (r->sample_data)
            out_str(o, "," QSMAP_SAMPLE_NOTE);
        out_str(o, "\r\n");
    }
    return csv_done(o, out, err);
}

qsmap_status qsmap_write_summary_csv(const qsmap_sink *out, const qsmap_report *r,
                                     qsmap_write_ctx *ctx, qsmap_error *err)
{
    (void)ctx;
    static const char *const STATUS_COLS[QSMAP_PART_COUNT] = {
        "status_unreported", "status_joint", "status_shared", "status_none"};
    out_buf *o = out_open(out->fp);
    if (!o)
        return qsmap_error_set(err, QSMAP_E_NOMEM, out->path, 0, "write failed");
    out_str(o, "\xEF\xBB\xBF"
               "district,quality_id,quality_name,quality_color,quality_students,"
               "quality_teachers,area_rai,network_count,network_students,network_teachers,"
               "small_schools,students_if_merged,teachers_if_merged,"
               "students_per_teacher_if_merged");
    if (r->schools->has_participation)
        for (int k = QSMAP_PART_JOINT; k < QSMAP_PART_COUNT; k++) {
            out_char(o, ',');
            out_str(o, STATUS_COLS[k]);
            out_char(o, ',');
            out_str(o, STATUS_COLS[k]);
            out_str(o, "_pct");
        }
    out_str(o, r->sample_data ? ",data_note\r\n" : "\r\n");
    for (size_t i = 0; i < r->nsummary; i++) {
        const qsmap_summary_row *s = &r->summary[i];
        const qsmap_school *q = &r->schools->v[s->quality];
        put_field(o, qsmap_report_district_name(r, s->quality));
        out_char(o, ',');
        put_field(o, q->id);
        out_char(o, ',');
        put_field(o, q->name);
        out_char(o, ',');
        out_str(o, qsmap_color_name_th((qsmap_color)q->color));
        out_char(o, ',');
        put_int(o, q->students);
        out_char(o, ',');
        put_int(o, q->teachers);
        out_char(o, ',');
        put_area(o, q->area_rai);
        const long counts[] = {(long)s->network_count, s->network_students,
                               s->network_teachers, (long)s->small_schools,
                               s->students_if_merged, s->teachers_if_merged};
        for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
            out_char(o, ',');
            put_long(o, counts[k]);
        }
        out_char(o, ',');
        if (!isnan(s->students_per_teacher_if_merged))
            put_fixed(o, s->students_per_teacher_if_merged, 2);
        if (r->schools->has_participation)
            for (int k = QSMAP_PART_JOINT; k < QSMAP_PART_COUNT; k++) {
                out_char(o, ',');
                put_uint(o, s->participation_count[k]);
                out_char(o, ',');
                put_fixed(o, qsmap_summary_percent(s, (qsmap_participation)k), 2);
            }
        if (r->sample_data)
            out_str(o, "," QSMAP_SAMPLE_NOTE);
        out_str(o, "\r\n");
    }
    return csv_done(o, out, err);
}
