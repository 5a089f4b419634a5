/* geojson.c — the report as one RFC 7946 FeatureCollection for QGIS:
 * quality and network schools as points, each pair as a line, the geodesic
 * radius circles and the selected districts as polygons. Coordinates are
 * [lon, lat] with 7 decimals (about 1 cm); exterior rings counter-clockwise,
 * holes clockwise; every feature says what it is in its "kind" property.
 * The schools' and pairs' properties are columns of the row tables
 * (report/rows.h), the same values as the CSV's, typed for JSON. */
#include "base/vocab.h"
#include "catchment/geodesic.h"
#include "places/places.h"
#include "report/rows.h"
#include "write/json.h"
#include "write/write.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void begin_properties(FILE *fp, const char *kind)
{
    fputs(",\"properties\":{\"kind\":", fp);
    qsmap_json_str(fp, kind);
}

/* A property of a school or pair feature: a column of the row tables,
 * under its own key or (key not NULL) the name the GeoJSON has always
 * given it. */
typedef struct {
    const char *key;
    const qsmap_row_col *col;
} prop;

#define PAIR(k) (&qsmap_pair_cols[QSMAP_PAIR_##k])
#define SUMMARY(k) (&qsmap_summary_cols[QSMAP_SUM_##k])

/* Quality schools: the pair table's quality columns, and their own figures
 * from the summary's (which read only the school, so need no summary). */
static const prop QUALITY_PROPS[] = {
    {"school_id", PAIR(QUALITY_ID)}, {"name", PAIR(QUALITY_NAME)}, {NULL, PAIR(QUALITY_COLOR)},
    {"students", SUMMARY(QUALITY_STUDENTS)}, {"teachers", SUMMARY(QUALITY_TEACHERS)},
    {NULL, SUMMARY(AREA)}, {NULL, PAIR(DISTRICT)}, {NULL, PAIR(PCODE)},
    {NULL, PAIR(QUALITY_LOCATED)},
};
/* Network schools: the pair table's network columns (then their distance
 * to the nearest quality school they are paired with). */
static const prop NETWORK_PROPS[] = {
    {"school_id", PAIR(NETWORK_ID)}, {"name", PAIR(NETWORK_NAME)},
    {"district", PAIR(NETWORK_DISTRICT)}, {NULL, PAIR(STUDENTS)}, {NULL, PAIR(TEACHERS)},
    {NULL, PAIR(AREA)}, {NULL, PAIR(QUALITY_COUNT)}, {NULL, PAIR(NEAREST_QUALITY)},
};
static const prop PAIR_PROPS[] = {
    {NULL, PAIR(QUALITY_ID)}, {NULL, PAIR(NETWORK_ID)}, {NULL, PAIR(DISTANCE)},
};
#define NPROPS(a) (sizeof a / sizeof a[0])

static void put_prop(FILE *fp, const char *key, const qsmap_row_col *col, qsmap_row_value v)
{
    qsmap_json_key(fp, key ? key : col->key);
    qsmap_json_value(fp, col->kind, v);
}

/* The properties of a feature: its kind, then props in row `row` (those
 * of columns r's tables have). */
static void put_props(FILE *fp, const char *kind, const prop *props, size_t n,
                      const qsmap_report *r, const qsmap_row *row)
{
    begin_properties(fp, kind);
    for (size_t k = 0; k < n; k++)
        if (qsmap_row_col_shown(props[k].col, r))
            put_prop(fp, props[k].key, props[k].col, qsmap_row_value_of(props[k].col, r, row));
}

/* The end of a feature; with the sample's note where the tables have it. */
static void end_feature(FILE *fp, const qsmap_report *r, const qsmap_row *note_row)
{
    const qsmap_row_col *note = PAIR(DATA_NOTE);
    if (note_row && qsmap_row_col_shown(note, r))
        put_prop(fp, NULL, note, qsmap_row_value_of(note, r, note_row));
    fputs("}}", fp);
}

static void put_point(FILE *fp, const qsmap_school *s)
{
    fputs("{\"type\":\"Point\",\"coordinates\":", fp);
    qsmap_json_pos(fp, s->lon, s->lat);
    fputc('}', fp);
}

/* A quality school's point, from the first pair row (i) it has. */
static void write_quality(FILE *fp, const qsmap_report *r, size_t i, bool *first)
{
    qsmap_row row = qsmap_row_at(&qsmap_pair_rows, r, i);
    qsmap_json_begin_feature(fp, first);
    put_point(fp, row.q);
    put_props(fp, "quality", QUALITY_PROPS, NPROPS(QUALITY_PROPS), r, &row);
    end_feature(fp, r, &row);
}

/* A network school's point, from the first pair row (i) it has. */
static void write_network(FILE *fp, const qsmap_report *r, size_t i, double dist_m,
                          bool *first)
{
    qsmap_row row = qsmap_row_at(&qsmap_pair_rows, r, i);
    qsmap_json_begin_feature(fp, first);
    put_point(fp, row.n);
    put_props(fp, "network", NETWORK_PROPS, NPROPS(NETWORK_PROPS), r, &row);
    put_prop(fp, NULL, PAIR(DISTANCE), (qsmap_row_value){.x = dist_m});
    end_feature(fp, r, &row);
}

static void write_pair(FILE *fp, const qsmap_report *r, size_t i, bool *first)
{
    qsmap_row row = qsmap_row_at(&qsmap_pair_rows, r, i);
    qsmap_json_begin_feature(fp, first);
    fputs("{\"type\":\"LineString\",\"coordinates\":[", fp);
    qsmap_json_pos(fp, row.q->lon, row.q->lat);
    fputc(',', fp);
    qsmap_json_pos(fp, row.n->lon, row.n->lat);
    fputs("]}", fp);
    put_props(fp, "pair", PAIR_PROPS, NPROPS(PAIR_PROPS), r, &row);
    end_feature(fp, r, NULL);
}

/* The geodesic circle around a quality school (of pair row i):
 * qsmap_geod_circle runs clockwise from north, so the ring is written from
 * the last vertex back, starting and closing at the northern point. */
static void write_radius(FILE *fp, const qsmap_report *r, size_t i, size_t n, double *lat,
                         double *lon, bool *first)
{
    qsmap_row row = qsmap_row_at(&qsmap_pair_rows, r, i);
    qsmap_geod_circle(row.q->lat, row.q->lon, r->radius_m, n, lat, lon);
    qsmap_json_begin_feature(fp, first);
    fputs("{\"type\":\"Polygon\",\"coordinates\":[[", fp);
    qsmap_json_pos(fp, lon[0], lat[0]);
    for (size_t k = n - 1; k > 0; k--) {
        fputc(',', fp);
        qsmap_json_pos(fp, lon[k], lat[k]);
    }
    fputc(',', fp);
    qsmap_json_pos(fp, lon[0], lat[0]);
    fputs("]]}", fp);
    put_props(fp, "radius", PAIR_PROPS, 1, r, &row); /* quality_id */
    qsmap_json_key(fp, "radius_m");
    qsmap_json_num(fp, r->radius_m, -1);
    end_feature(fp, r, NULL);
}

/* One ring, closed, turned to run counter-clockwise (ccw) or clockwise. */
static void put_ring(FILE *fp, const double *xy, size_t n, bool ccw)
{
    bool reverse = (qsmap_ring_signed_area(xy, n) > 0) != ccw;
    bool closed = xy[0] == xy[2 * (n - 1)] && xy[1] == xy[2 * (n - 1) + 1];
    fputc('[', fp);
    for (size_t k = 0; k < n; k++) {
        size_t i = reverse ? n - 1 - k : k;
        if (k)
            fputc(',', fp);
        qsmap_json_pos(fp, xy[2 * i], xy[2 * i + 1]);
    }
    if (!closed) {
        size_t i = reverse ? n - 1 : 0;
        fputc(',', fp);
        qsmap_json_pos(fp, xy[2 * i], xy[2 * i + 1]);
    }
    fputc(']', fp);
}

/* A district's rings as the shapefile holds them: shells clockwise, holes
 * counter-clockwise, in any order. As in districts.c, the winding tells
 * shells from holes, each hole goes to the shell containing it, and a hole
 * inside no shell is an island. */
static void put_district_geometry(FILE *fp, const qsmap_report *r, size_t di,
                                  const int *owner, size_t nshell)
{
    const qsmap_district *dist = qsmap_districts_get(r->districts, di);
    const double *xy;
    const uint32_t *off;
    size_t total;
    qsmap_districts_rings(r->districts, &xy, &off, &total);
    uint32_t r0 = dist->first_ring, nr = dist->ring_count;
    if (nshell == 0) {
        fputs("null", fp);
        return;
    }
    bool multi = nshell > 1;
    fputs(multi ? "{\"type\":\"MultiPolygon\",\"coordinates\":["
                : "{\"type\":\"Polygon\",\"coordinates\":",
          fp);
    bool first_poly = true;
    for (uint32_t s = 0; s < nr; s++) {
        if (owner[s] != (int)s)
            continue;
        if (!first_poly)
            fputc(',', fp);
        first_poly = false;
        fputc('[', fp);
        put_ring(fp, xy + 2 * off[r0 + s], off[r0 + s + 1] - off[r0 + s], true);
        for (uint32_t k = 0; k < nr; k++) {
            if (k == s || owner[k] != (int)s)
                continue;
            fputc(',', fp);
            put_ring(fp, xy + 2 * off[r0 + k], off[r0 + k + 1] - off[r0 + k], false);
        }
        fputc(']', fp);
    }
    fputs(multi ? "]}" : "}", fp);
}

static qsmap_status write_district(FILE *fp, const qsmap_report *r, size_t di, bool *first,
                                   qsmap_error *err)
{
    const qsmap_district *dist = qsmap_districts_get(r->districts, di);
    uint32_t nr = dist->ring_count;
    int *owner = calloc(nr ? nr : 1, sizeof *owner);
    if (!owner)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    size_t nshell = qsmap_district_ring_owners(r->districts, di, owner);
    qsmap_json_begin_feature(fp, first);
    put_district_geometry(fp, r, di, owner, nshell);
    free(owner);
    begin_properties(fp, "district");
    const char *const props[][2] = {{"adm2_pcode", dist->pcode},
                                    {"name_th", dist->name_th},
                                    {"name_en", dist->name_en},
                                    {"province_th", dist->province_th}};
    for (size_t k = 0; k < NPROPS(props); k++) {
        qsmap_json_key(fp, props[k][0]);
        qsmap_json_str(fp, props[k][1]);
    }
    end_feature(fp, r, NULL);
    return QSMAP_OK;
}

/* True the first time `school` comes with this bit of done[]: one feature
 * per school of each kind, in the order of the pairs. */
static bool first_time(uint8_t *done, uint32_t school, uint8_t bit)
{
    if (school == QSMAP_NO_SCHOOL || done[school] & bit)
        return false;
    done[school] |= bit;
    return true;
}

/* Each network school's distance to the nearest quality school it is
 * paired with, into best[] (indexed by school). */
static void nearest_paired(const qsmap_catchment *c, double *best)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].network != QSMAP_NO_SCHOOL)
            best[c->v[i].network] = INFINITY;
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].network != QSMAP_NO_SCHOOL && c->v[i].distance_m < best[c->v[i].network])
            best[c->v[i].network] = c->v[i].distance_m;
}

qsmap_status qsmap_write_geojson(const qsmap_sink *out, const qsmap_report *r,
                                 qsmap_write_ctx *ctx, qsmap_error *err)
{
    (void)ctx;
    FILE *fp = out->fp;
    const qsmap_catchment *c = r->catchment;
    size_t ns = r->schools->n ? r->schools->n : 1;
    size_t nv = qsmap_geod_circle_vertices(r->radius_m);
    uint8_t *done = calloc(ns, 1);
    double *best = malloc(ns * sizeof *best);
    double *lat = malloc(nv * sizeof *lat), *lon = malloc(nv * sizeof *lon);
    qsmap_status st = QSMAP_OK;
    if (!done || !best || !lat || !lon) {
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    nearest_paired(c, best);
    fputs("{\"type\":\"FeatureCollection\"", fp);
    if (r->sample_data) {
        qsmap_json_key(fp, "qsmap_note");
        qsmap_json_str(fp, QSMAP_SAMPLE_NOTE);
    }
    fputs(",\"features\":[", fp);
    bool first = true;
    for (size_t i = 0; i < c->n; i++)
        if (first_time(done, c->v[i].quality, 1))
            write_quality(fp, r, i, &first);
    for (size_t i = 0; i < c->n; i++)
        if (first_time(done, c->v[i].network, 2))
            write_network(fp, r, i, best[c->v[i].network], &first);
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].network != QSMAP_NO_SCHOOL)
            write_pair(fp, r, i, &first);
    for (size_t i = 0; nv >= 3 && i < c->n; i++)
        if (first_time(done, c->v[i].quality, 4))
            write_radius(fp, r, i, nv, lat, lon, &first);
    for (size_t k = 0; k < r->nselected && !st; k++)
        st = write_district(fp, r, r->selected[k], &first, err);
    fputs("\n]}\n", fp);
    if (!st && ferror(fp))
        st = qsmap_error_set(err, QSMAP_E_IO, NULL, 0, "the GeoJSON could not be written");
out:
    free(done);
    free(best);
    free(lat);
    free(lon);
    return st;
}
