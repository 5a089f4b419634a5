/* rows.c — the columns of the pair table and of the summary (rows.h): the
 * one place that says which columns the CSV, the workbook and the GeoJSON
 * carry, in which order, under which names, and where each value comes
 * from. */
#include "report/rows.h"

#include "base/vocab.h"

#include <math.h>
#include <stdio.h>

static qsmap_row_value text(const char *s) { return (qsmap_row_value){.text = s}; }

static qsmap_row_value integer(long n) { return (qsmap_row_value){.n = n}; }

static qsmap_row_value none(void) { return (qsmap_row_value){.blank = true}; }

/* A number of the table's, blank where it is NaN. */
static qsmap_row_value number(double x)
{
    return (qsmap_row_value){.x = x, .blank = isnan(x)};
}

/* A count of the school table's, blank where the table does not give it. */
static qsmap_row_value known(int32_t v)
{
    return (qsmap_row_value){.n = v, .blank = v == QSMAP_MISSING_INT};
}

/* A district's pcode; none (JSON null) for a school no polygon covers. */
static qsmap_row_value pcode(const qsmap_report *r, long d)
{
    return d < 0 ? none() : text(qsmap_districts_get(r->districts, (size_t)d)->pcode);
}

static qsmap_row_value nearest(const qsmap_report *r, uint32_t near)
{
    return near == QSMAP_NO_SCHOOL ? none() : text(r->schools->v[near].id);
}

/* ---- the getters --------------------------------------------------------- */

/* A getter is one expression of `row` (and of k, the column's arg) made
 * into a loop over the rows of a block; they differ only in what they read.
 * row->q is the quality school, row->n the network school: a column of the
 * network school (NET_GET) is blank in a row without one. */
#define GET(name, expr)                                                            \
    static void name(const qsmap_report *r, const qsmap_row *rows, size_t n, int k, \
                     qsmap_row_value *out)                                         \
    {                                                                              \
        (void)r, (void)k;                                                          \
        for (size_t j = 0; j < n; j++) {                                           \
            const qsmap_row *row = &rows[j];                                       \
            (void)row;                                                             \
            out[j] = expr;                                                         \
        }                                                                          \
    }
#define NET_GET(name, expr) GET(name, row->n ? (expr) : none())

/* The district whose polygon covers the school, else the table's own. */
#define DISTRICT(i) text(qsmap_report_district_name(r, i))

GET(g_quality_id, text(row->q->id))
GET(g_quality_name, text(row->q->name))
GET(g_quality_district, DISTRICT(row->quality))
GET(g_quality_color, text(qsmap_color_name_th((qsmap_color)row->q->color)))
GET(g_quality_students, known(row->q->students))
GET(g_quality_teachers, known(row->q->teachers))
GET(g_quality_area, number(row->q->area_rai))
GET(g_pcode, pcode(r, r->district_of[row->quality]))
NET_GET(g_network_id, text(row->n->id))
NET_GET(g_network_name, text(row->n->name))
NET_GET(g_network_district, DISTRICT(row->network))
NET_GET(g_distance, (qsmap_row_value){.x = row->pair->distance_m})
NET_GET(g_network_students, known(row->n->students))
NET_GET(g_network_teachers, known(row->n->teachers))
NET_GET(g_network_area, number(row->n->area_rai))
/* the next two are kept for network schools in pairs only */
NET_GET(g_quality_count, integer(r->quality_count[row->network]))
NET_GET(g_nearest, nearest(r, r->nearest_quality[row->network]))
GET(g_network_count, integer(row->summary->network_count))
GET(g_network_students_sum, integer(row->summary->network_students))
GET(g_network_teachers_sum, integer(row->summary->network_teachers))
GET(g_small_schools, integer(row->summary->small_schools))
GET(g_students_merged, integer(row->summary->students_if_merged))
GET(g_teachers_merged, integer(row->summary->teachers_if_merged))
GET(g_ratio_merged, number(row->summary->students_per_teacher_if_merged))
/* k: the participation kind */
GET(g_part_count, integer(row->summary->participation_count[k]))
GET(g_part_percent, number(qsmap_summary_percent(row->summary, (qsmap_participation)k)))
/* How the quality school's district was found: its polygon covers it, or
 * none does and its table names the district. */
GET(g_located, text(qsmap_report_by_table(r, row->quality) ? "table" : "polygon"))
/* The summary CSV and sheet carry the note too: a copied sheet keeps it. */
GET(g_note, text(QSMAP_SAMPLE_NOTE))

/* ---- headings made from the run ------------------------------------------ */

static void h_small(const qsmap_report *r, int arg, char *buf, size_t size)
{
    (void)arg;
    snprintf(buf, size, "โรงเรียนขนาดเล็ก (≤%d คน)", r->small_max);
}

static void h_part(const qsmap_report *r, int k, char *buf, size_t size)
{
    (void)r;
    snprintf(buf, size, "%s", qsmap_participation_name_th((qsmap_participation)k));
}

static void h_part_percent(const qsmap_report *r, int k, char *buf, size_t size)
{
    (void)r;
    snprintf(buf, size, "ร้อยละ%s", qsmap_participation_name_th((qsmap_participation)k));
}

/* ---- the tables ---------------------------------------------------------- */

/* A column always there; one made only when the table reports
 * participation; the sample's note; how quality schools were placed, only
 * when some quality school is listed by its table's district (so that
 * every other run's tables keep their columns). */
#define COL(key_, th_, kind_, get_) {.key = key_, .th = th_, .kind = QSMAP_VAL_##kind_, .get = get_}
#define PART(key_, heading_, kind_, get_, k_) \
    {.key = key_, .heading = heading_, .kind = QSMAP_VAL_##kind_, .get = get_, .arg = k_, \
     .when = QSMAP_COL_IF_PARTICIPATION}
#define NOTE {.key = "data_note", .th = "หมายเหตุ", .kind = QSMAP_VAL_TEXT, .get = g_note, \
              .when = QSMAP_COL_IF_SAMPLE}
#define LOCATED {.key = "quality_located", .th = "ระบุอำเภอจาก", .kind = QSMAP_VAL_TEXT, \
                 .get = g_located, .when = QSMAP_COL_IF_BY_TABLE}
/* The quality school's columns that open both tables. */
#define QUALITY_COLS(prefix)                                                              \
    [prefix##DISTRICT] = COL("district", "อำเภอ", TEXT, g_quality_district),                \
    [prefix##QUALITY_ID] = COL("quality_id", "รหัสโรงเรียนคุณภาพ", TEXT, g_quality_id),     \
    [prefix##QUALITY_NAME] = COL("quality_name", "โรงเรียนคุณภาพ", TEXT, g_quality_name), \
    [prefix##QUALITY_COLOR] = COL("quality_color", "สี", TEXT, g_quality_color)

const qsmap_row_col qsmap_pair_cols[QSMAP_PAIR_NCOLS] = {
    QUALITY_COLS(QSMAP_PAIR_),
    [QSMAP_PAIR_PCODE] = COL("adm2_pcode", "รหัสอำเภอ", TEXT, g_pcode),
    [QSMAP_PAIR_NETWORK_ID] = COL("network_id", "รหัสโรงเรียนเครือข่าย", TEXT, g_network_id),
    [QSMAP_PAIR_NETWORK_NAME] = COL("network_name", "โรงเรียนเครือข่าย", TEXT, g_network_name),
    [QSMAP_PAIR_NETWORK_DISTRICT] =
        COL("network_district", "อำเภอของโรงเรียนเครือข่าย", TEXT, g_network_district),
    [QSMAP_PAIR_DISTANCE] = COL("distance_m", "ระยะทาง (กม.)", METRES, g_distance),
    [QSMAP_PAIR_AREA] = COL("area_rai", "พื้นที่ (ไร่)", AREA, g_network_area),
    [QSMAP_PAIR_STUDENTS] = COL("students", "นักเรียน", INT, g_network_students),
    [QSMAP_PAIR_TEACHERS] = COL("teachers", "ครู", INT, g_network_teachers),
    [QSMAP_PAIR_QUALITY_COUNT] =
        COL("quality_count", "จำนวนโรงเรียนคุณภาพในรัศมี", INT, g_quality_count),
    [QSMAP_PAIR_NEAREST_QUALITY] =
        COL("nearest_quality_id", "โรงเรียนคุณภาพที่ใกล้ที่สุด (id)", TEXT, g_nearest),
    [QSMAP_PAIR_QUALITY_LOCATED] = LOCATED,
    [QSMAP_PAIR_DATA_NOTE] = NOTE,
};

const qsmap_row_col qsmap_summary_cols[QSMAP_SUM_NCOLS] = {
    QUALITY_COLS(QSMAP_SUM_),
    [QSMAP_SUM_QUALITY_STUDENTS] = COL("quality_students", "นักเรียน", INT, g_quality_students),
    [QSMAP_SUM_QUALITY_TEACHERS] = COL("quality_teachers", "ครู", INT, g_quality_teachers),
    [QSMAP_SUM_AREA] = COL("area_rai", "พื้นที่ (ไร่)", AREA, g_quality_area),
    [QSMAP_SUM_NETWORK_COUNT] =
        COL("network_count", "จำนวนโรงเรียนเครือข่าย", INT, g_network_count),
    [QSMAP_SUM_NETWORK_STUDENTS] =
        COL("network_students", "นักเรียนเครือข่าย", INT, g_network_students_sum),
    [QSMAP_SUM_NETWORK_TEACHERS] =
        COL("network_teachers", "ครูเครือข่าย", INT, g_network_teachers_sum),
    [QSMAP_SUM_SMALL_SCHOOLS] = {.key = "small_schools", .heading = h_small,
                                 .kind = QSMAP_VAL_INT, .get = g_small_schools},
    [QSMAP_SUM_STUDENTS_MERGED] =
        COL("students_if_merged", "นักเรียนหากรวม", INT, g_students_merged),
    [QSMAP_SUM_TEACHERS_MERGED] = COL("teachers_if_merged", "ครูหากรวม", INT, g_teachers_merged),
    [QSMAP_SUM_RATIO_MERGED] = COL("students_per_teacher_if_merged", "นักเรียนต่อครูหากรวม",
                                   RATIO, g_ratio_merged),
    [QSMAP_SUM_JOINT] = PART("status_joint", h_part, INT, g_part_count, QSMAP_PART_JOINT),
    [QSMAP_SUM_JOINT_PCT] =
        PART("status_joint_pct", h_part_percent, RATIO, g_part_percent, QSMAP_PART_JOINT),
    [QSMAP_SUM_SHARED] = PART("status_shared", h_part, INT, g_part_count, QSMAP_PART_SHARED),
    [QSMAP_SUM_SHARED_PCT] =
        PART("status_shared_pct", h_part_percent, RATIO, g_part_percent, QSMAP_PART_SHARED),
    [QSMAP_SUM_NOT_JOINED] =
        PART("status_none", h_part, INT, g_part_count, QSMAP_PART_NOT_JOINED),
    [QSMAP_SUM_NOT_JOINED_PCT] =
        PART("status_none_pct", h_part_percent, RATIO, g_part_percent, QSMAP_PART_NOT_JOINED),
    [QSMAP_SUM_QUALITY_LOCATED] = LOCATED,
    [QSMAP_SUM_DATA_NOTE] = NOTE,
};

_Static_assert(QSMAP_PAIR_NCOLS <= QSMAP_ROW_MAX_COLS && QSMAP_SUM_NCOLS <= QSMAP_ROW_MAX_COLS,
               "QSMAP_ROW_MAX_COLS holds every table");

static size_t pair_count(const qsmap_report *r) { return r->catchment->n; }

static void pair_at(const qsmap_report *r, size_t first, size_t n, qsmap_row *out)
{
    const qsmap_school *v = r->schools->v;
    for (size_t j = 0; j < n; j++) {
        const qsmap_pair *p = &r->catchment->v[first + j];
        bool alone = p->network == QSMAP_NO_SCHOOL;
        out[j] = (qsmap_row){.quality = p->quality, .network = p->network,
                             .q = &v[p->quality], .n = alone ? NULL : &v[p->network], .pair = p};
    }
}

static size_t summary_count(const qsmap_report *r) { return r->nsummary; }

static void summary_at(const qsmap_report *r, size_t first, size_t n, qsmap_row *out)
{
    for (size_t j = 0; j < n; j++) {
        const qsmap_summary_row *s = &r->summary[first + j];
        out[j] = (qsmap_row){.quality = s->quality, .network = QSMAP_NO_SCHOOL,
                             .q = &r->schools->v[s->quality], .summary = s};
    }
}

const qsmap_row_table qsmap_pair_rows = {qsmap_pair_cols, QSMAP_PAIR_NCOLS, pair_count, pair_at};
const qsmap_row_table qsmap_summary_rows = {qsmap_summary_cols, QSMAP_SUM_NCOLS, summary_count,
                                            summary_at};

bool qsmap_row_col_shown(const qsmap_row_col *c, const qsmap_report *r)
{
    switch (c->when) {
    case QSMAP_COL_IF_PARTICIPATION: return r->schools->has_participation;
    case QSMAP_COL_IF_SAMPLE: return r->sample_data;
    case QSMAP_COL_IF_BY_TABLE: return r->nby_table > 0;
    default: return true;
    }
}

const char *qsmap_row_col_heading(const qsmap_row_col *c, const qsmap_report *r, char *buf,
                                  size_t size)
{
    if (c->th)
        return c->th;
    c->heading(r, c->arg, buf, size);
    return buf;
}

qsmap_row qsmap_row_at(const qsmap_row_table *t, const qsmap_report *r, size_t i)
{
    qsmap_row row;
    t->at(r, i, 1, &row);
    return row;
}

qsmap_row_value qsmap_row_value_of(const qsmap_row_col *c, const qsmap_report *r,
                                   const qsmap_row *row)
{
    qsmap_row_value v;
    c->get(r, row, 1, c->arg, &v);
    return v;
}

void qsmap_row_cursor_init(qsmap_row_cursor *c, const qsmap_row_table *t, const qsmap_report *r)
{
    c->t = t, c->r = r;
    c->ncols = 0;
    for (size_t k = 0; k < t->ncols; k++)
        if (qsmap_row_col_shown(&t->cols[k], r))
            c->cols[c->ncols++] = &t->cols[k];
    c->next = 0, c->nrows = t->count(r), c->n = 0;
}

bool qsmap_row_cursor_next(qsmap_row_cursor *c)
{
    size_t left = c->nrows - c->next;
    c->n = left < QSMAP_ROW_BLOCK ? left : QSMAP_ROW_BLOCK;
    if (c->n == 0)
        return false;
    c->t->at(c->r, c->next, c->n, c->rows);
    for (size_t k = 0; k < c->ncols; k++)
        c->cols[k]->get(c->r, c->rows, c->n, c->cols[k]->arg, c->v[k]);
    c->next += c->n;
    return true;
}
