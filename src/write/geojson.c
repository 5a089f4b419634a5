/* export_geojson.c — the report as one RFC 7946 FeatureCollection for QGIS:
 * quality and network schools as points, each pair as a line, the geodesic
 * radius circles and the selected districts as polygons. Coordinates are
 * [lon, lat] with 7 decimals (about 1 cm); exterior rings counter-clockwise,
 * holes clockwise; every feature says what it is in its "kind" property. */
#include "base/vocab.h"
#include "catchment/geodesic.h"
#include "places/places.h"
#include "write/write.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string: quotes, backslashes and control characters escaped; the
 * rest (UTF-8) as it is. */
static void put_str(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\b': fputs("\\b", fp); break;
        case '\f': fputs("\\f", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\r': fputs("\\r", fp); break;
        case '\t': fputs("\\t", fp); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(fp, "\\u%04x", *p);
            else
                fputc(*p, fp);
        }
    }
    fputc('"', fp);
}

/* "name": with the comma that separates it from the previous member. */
static void put_key(FILE *fp, const char *key)
{
    fprintf(fp, ",\"%s\":", key);
}

static void put_num(FILE *fp, double v)
{
    if (isfinite(v))
        fprintf(fp, "%.15g", v);
    else
        fputs("null", fp);
}

static void put_fixed4(FILE *fp, double v)
{
    if (isfinite(v))
        fprintf(fp, "%.4f", v);
    else
        fputs("null", fp);
}

static void put_int(FILE *fp, int32_t v)
{
    if (v != QSMAP_MISSING_INT)
        fprintf(fp, "%d", v);
    else
        fputs("null", fp);
}

static void put_pos(FILE *fp, double lon, double lat)
{
    fprintf(fp, "[%.7f,%.7f]", lon, lat);
}

/* Separator between features, and the feature's opening up to its geometry. */
static void begin_feature(FILE *fp, bool *first)
{
    fputs(*first ? "\n" : ",\n", fp);
    *first = false;
    fputs("{\"type\":\"Feature\",\"geometry\":", fp);
}

static void begin_properties(FILE *fp, const char *kind)
{
    fputs(",\"properties\":{\"kind\":", fp);
    put_str(fp, kind);
}

static void end_feature(FILE *fp, const qsmap_report *r, bool note)
{
    if (note && r->sample_data) {
        put_key(fp, "data_note");
        put_str(fp, QSMAP_SAMPLE_NOTE);
    }
    fputs("}}", fp);
}

static void put_point(FILE *fp, const qsmap_school *s)
{
    fputs("{\"type\":\"Point\",\"coordinates\":", fp);
    put_pos(fp, s->lon, s->lat);
    fputc('}', fp);
}

static void write_quality(FILE *fp, const qsmap_report *r, uint32_t qi, bool *first)
{
    const qsmap_school *q = &r->schools->v[qi];
    long d = r->district_of[qi];
    const qsmap_district *dist =
        d >= 0 ? qsmap_districts_get(r->districts, (size_t)d) : NULL;
    begin_feature(fp, first);
    put_point(fp, q);
    begin_properties(fp, "quality");
    put_key(fp, "school_id");
    put_str(fp, q->id);
    put_key(fp, "name");
    put_str(fp, q->name);
    put_key(fp, "quality_color");
    put_str(fp, qsmap_color_name_th((qsmap_color)q->color));
    put_key(fp, "students");
    put_int(fp, q->students);
    put_key(fp, "teachers");
    put_int(fp, q->teachers);
    put_key(fp, "area_rai");
    put_num(fp, q->area_rai);
    put_key(fp, "district");
    put_str(fp, dist ? dist->name_th : q->district);
    put_key(fp, "adm2_pcode");
    if (dist)
        put_str(fp, dist->pcode);
    else
        fputs("null", fp);
    end_feature(fp, r, true);
}

static void write_network(FILE *fp, const qsmap_report *r, uint32_t ni, double dist_m,
                          bool *first)
{
    const qsmap_school *n = &r->schools->v[ni];
    begin_feature(fp, first);
    put_point(fp, n);
    begin_properties(fp, "network");
    put_key(fp, "school_id");
    put_str(fp, n->id);
    put_key(fp, "name");
    put_str(fp, n->name);
    put_key(fp, "district");
    put_str(fp, qsmap_report_district_name(r, ni));
    put_key(fp, "students");
    put_int(fp, n->students);
    put_key(fp, "teachers");
    put_int(fp, n->teachers);
    put_key(fp, "area_rai");
    put_num(fp, n->area_rai);
    put_key(fp, "quality_count");
    fprintf(fp, "%u", r->quality_count[ni]);
    put_key(fp, "nearest_quality_id");
    uint32_t near = r->nearest_quality[ni];
    if (near != QSMAP_NO_SCHOOL)
        put_str(fp, r->schools->v[near].id);
    else
        fputs("null", fp);
    put_key(fp, "distance_m");
    put_fixed4(fp, dist_m);
    end_feature(fp, r, true);
}

static void write_pair(FILE *fp, const qsmap_report *r, const qsmap_pair *p, bool *first)
{
    const qsmap_school *q = &r->schools->v[p->quality], *n = &r->schools->v[p->network];
    begin_feature(fp, first);
    fputs("{\"type\":\"LineString\",\"coordinates\":[", fp);
    put_pos(fp, q->lon, q->lat);
    fputc(',', fp);
    put_pos(fp, n->lon, n->lat);
    fputs("]}", fp);
    begin_properties(fp, "pair");
    put_key(fp, "quality_id");
    put_str(fp, q->id);
    put_key(fp, "network_id");
    put_str(fp, n->id);
    put_key(fp, "distance_m");
    put_fixed4(fp, p->distance_m);
    end_feature(fp, r, false);
}

/* The geodesic circle around a quality school: qsmap_geod_circle runs
 * clockwise from north, so the ring is written from the last vertex back,
 * starting and closing at the northern point. */
static void write_radius(FILE *fp, const qsmap_report *r, uint32_t qi, size_t n,
                         double *lat, double *lon, bool *first)
{
    const qsmap_school *q = &r->schools->v[qi];
    qsmap_geod_circle(q->lat, q->lon, r->radius_m, n, lat, lon);
    begin_feature(fp, first);
    fputs("{\"type\":\"Polygon\",\"coordinates\":[[", fp);
    put_pos(fp, lon[0], lat[0]);
    for (size_t i = n - 1; i > 0; i--) {
        fputc(',', fp);
        put_pos(fp, lon[i], lat[i]);
    }
    fputc(',', fp);
    put_pos(fp, lon[0], lat[0]);
    fputs("]]}", fp);
    begin_properties(fp, "radius");
    put_key(fp, "quality_id");
    put_str(fp, q->id);
    put_key(fp, "radius_m");
    put_num(fp, r->radius_m);
    end_feature(fp, r, false);
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
        put_pos(fp, xy[2 * i], xy[2 * i + 1]);
    }
    if (!closed) {
        size_t i = reverse ? n - 1 : 0;
        fputc(',', fp);
        put_pos(fp, xy[2 * i], xy[2 * i + 1]);
    }
    fputc(']', fp);
}

/* A district's rings as the shapefile holds them: shells clockwise, holes
 * counter-clockwise, in any order. As in districts.c, the winding tells
 * shells from holes, each hole goes to the shell containing it, and a hole
 * inside no shell is an island. */
static qsmap_status write_district(FILE *fp, const qsmap_report *r, size_t di, bool *first,
                                   qsmap_error *err)
{
    const qsmap_district *dist = qsmap_districts_get(r->districts, di);
    const double *xy;
    const uint32_t *off;
    size_t total;
    qsmap_districts_rings(r->districts, &xy, &off, &total);
    uint32_t r0 = dist->first_ring, nr = dist->ring_count;
    int *owner = calloc(nr ? nr : 1, sizeof *owner);
    if (!owner)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    size_t nshell = qsmap_district_ring_owners(r->districts, di, owner);

    begin_feature(fp, first);
    if (nshell == 0) {
        fputs("null", fp);
    } else {
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
    free(owner);
    begin_properties(fp, "district");
    put_key(fp, "adm2_pcode");
    put_str(fp, dist->pcode);
    put_key(fp, "name_th");
    put_str(fp, dist->name_th);
    put_key(fp, "name_en");
    put_str(fp, dist->name_en);
    put_key(fp, "province_th");
    put_str(fp, dist->province_th);
    end_feature(fp, r, false);
    return QSMAP_OK;
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
    /* Each network school's distance to the nearest quality school it is
     * paired with. */
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].network != QSMAP_NO_SCHOOL)
            best[c->v[i].network] = INFINITY;
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].network != QSMAP_NO_SCHOOL && c->v[i].distance_m < best[c->v[i].network])
            best[c->v[i].network] = c->v[i].distance_m;

    fputs("{\"type\":\"FeatureCollection\"", fp);
    if (r->sample_data) {
        put_key(fp, "qsmap_note");
        put_str(fp, QSMAP_SAMPLE_NOTE);
    }
    fputs(",\"features\":[", fp);
    bool first = true;
    for (size_t i = 0; i < c->n; i++) {
        uint32_t q = c->v[i].quality;
        if (!(done[q] & 1)) {
            done[q] |= 1;
            write_quality(fp, r, q, &first);
        }
    }
    for (size_t i = 0; i < c->n; i++) {
        uint32_t n = c->v[i].network;
        if (n != QSMAP_NO_SCHOOL && !(done[n] & 2)) {
            done[n] |= 2;
            write_network(fp, r, n, best[n], &first);
        }
    }
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].network != QSMAP_NO_SCHOOL)
            write_pair(fp, r, &c->v[i], &first);
    if (nv >= 3)
        for (size_t i = 0; i < c->n; i++) {
            uint32_t q = c->v[i].quality;
            if (!(done[q] & 4)) {
                done[q] |= 4;
                write_radius(fp, r, q, nv, lat, lon, &first);
            }
        }
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
