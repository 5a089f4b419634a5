/* networks_geojson.c — the networks of qsmap networks as one RFC 7946
 * FeatureCollection: each lead a point ("kind": "lead", the network
 * table's columns), each member a point ("member", the member table's),
 * and each lead→member pair a line ("link") along the geodesic, with its
 * distance. A school not in the registry is a feature without geometry
 * (null, as RFC 7946 allows), so that no row of the list is missing. */
#include "catchment/geodesic.h"
#include "networks/rows.h"
#include "write/json.h"
#include "write/write.h"

#include <geodesic.h>
#include <math.h>
#include <stdlib.h>

/* Vertices every 2 km: a straight lon/lat segment leaves the geodesic by
 * less than a metre at that length. */
#define LINK_STEP_M 2000.0
#define LINK_MAX_STEPS 256

static void put_props(FILE *fp, const char *kind, const qsmap_networks *nw,
                      const qsmap_net_table *t, const qsmap_net_row_ref *ref)
{
    fputs(",\"properties\":{\"kind\":", fp);
    qsmap_json_str(fp, kind);
    for (size_t k = 0; k < t->ncols; k++) {
        qsmap_json_key(fp, t->cols[k].key);
        qsmap_json_value(fp, t->cols[k].kind, t->cols[k].get(nw, ref));
    }
    fputs("}}", fp);
}

static void put_point(FILE *fp, const qsmap_school *s)
{
    if (!s) {
        fputs("null", fp);
        return;
    }
    fputs("{\"type\":\"Point\",\"coordinates\":", fp);
    qsmap_json_pos(fp, s->lon, s->lat);
    fputc('}', fp);
}

/* The geodesic from a to b as a LineString. */
static void put_link(FILE *fp, const struct geod_geodesic *g, const qsmap_school *a,
                     const qsmap_school *b, double dist)
{
    double s12, azi1, azi2;
    geod_inverse(g, a->lat, a->lon, b->lat, b->lon, &s12, &azi1, &azi2);
    int steps = (int)fmin(LINK_MAX_STEPS, fmax(1, ceil(dist / LINK_STEP_M)));
    fputs("{\"type\":\"LineString\",\"coordinates\":[", fp);
    qsmap_json_pos(fp, a->lon, a->lat);
    for (int k = 1; k < steps; k++) {
        double lat, lon;
        geod_direct(g, a->lat, a->lon, azi1, s12 * k / steps, &lat, &lon, NULL);
        fputc(',', fp);
        qsmap_json_pos(fp, lon, lat);
    }
    fputc(',', fp);
    qsmap_json_pos(fp, b->lon, b->lat);
    fputs("]}", fp);
}

static const qsmap_school *school_of(const qsmap_networks *nw, const qsmap_net_row *r)
{
    return r->school == QSMAP_NO_SCHOOL ? NULL : &nw->schools->v[r->school];
}

static void put_network(FILE *fp, const qsmap_networks *nw, const qsmap_network *net,
                        const struct geod_geodesic *g, bool *first)
{
    const qsmap_net_row *lead = &nw->rows[net->first];
    qsmap_net_row_ref ref = {net, lead, NULL};
    qsmap_json_begin_feature(fp, first);
    put_point(fp, school_of(nw, lead));
    put_props(fp, "lead", nw, &qsmap_net_summary_table, &ref);
    for (uint32_t j = net->first + 1; j < net->first + net->count; j++) {
        ref.member = &nw->rows[j];
        qsmap_json_begin_feature(fp, first);
        put_point(fp, school_of(nw, ref.member));
        put_props(fp, "member", nw, &qsmap_net_members_table, &ref);
        if (isnan(ref.member->distance_m))
            continue;
        qsmap_json_begin_feature(fp, first);
        put_link(fp, g, school_of(nw, lead), school_of(nw, ref.member), ref.member->distance_m);
        fputs(",\"properties\":{\"kind\":\"link\",\"network_id\":", fp);
        qsmap_json_str(fp, net->id);
        fputs(",\"lead_id\":", fp);
        qsmap_json_str(fp, lead->school_id);
        fputs(",\"member_id\":", fp);
        qsmap_json_str(fp, ref.member->school_id);
        fputs(",\"distance_m\":", fp);
        qsmap_json_num(fp, ref.member->distance_m, 4);
        fprintf(fp, ",\"nearby\":%s}}", ref.member->beyond ? "false" : "true");
    }
}

qsmap_status qsmap_write_networks_geojson(const qsmap_sink *out, const qsmap_networks *nw,
                                          qsmap_write_ctx *ctx, qsmap_error *err)
{
    (void)ctx;
    FILE *fp = out->fp;
    struct geod_geodesic g;
    qsmap_geod_wgs84(&g);
    fputs("{\"type\":\"FeatureCollection\",\"name\":", fp);
    qsmap_json_str(fp, "เครือข่ายนวัตกรรมคุณภาพสถานศึกษา");
    fputs(",\"features\":[", fp);
    bool first = true;
    for (size_t k = 0; k < nw->n; k++)
        if (nw->v[k].selected)
            put_network(fp, nw, &nw->v[k], &g, &first);
    fputs("\n]}\n", fp);
    return ferror(fp) ? qsmap_error_set(err, QSMAP_E_IO, out->path, 0, "write failed")
                      : QSMAP_OK;
}
