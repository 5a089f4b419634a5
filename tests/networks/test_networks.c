/* test_networks.c — qsmap networks (issue 16): the named IQA networks.
 *   - the 2563 list: 723 rows, 638 found in the registry and 85 not (as its
 *     README says), every unmatched row in the CSVs as ไม่พบในทะเบียน;
 *   - every lead→member distance equal to GeodSolve's within 1 mm, and the
 *     shares beyond 5 and 20 km equal to the PostGIS reference
 *     (tests/data/ref/networks_2563_*.csv, made by tests/ref/networks_ref.sh);
 *   - "nearby" at 0 m and 1 mm either side of the radius, the nearest lead
 *     and the suggestion on either side of the margin;
 *   - bad lists and bad selections: one line naming the file and line, the
 *     exit code pinned, nothing written. */
#include "support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BOUNDARIES QSMAP_GEODATA "/tha_adm2.shp"
#define SCHOOLS QSMAP_GEODATA "/schools_th.csv.gz"
#define LIST QSMAP_GEODATA "/iqa_networks_2563.csv"

static const char *temp_path(const char *name)
{
    static char buf[8][1100];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", temp_dir(), name);
    return buf[k];
}

/* ---- the 2563 list ---------------------------------------------------------- */

static qsmap_networks *load_2563(qsmap_schools **s, qsmap_districts **d)
{
    qsmap_error err = {0};
    qsmap_schools_options so = {0};
    assert_int_equal(qsmap_schools_load(SCHOOLS, &so, s, &err), QSMAP_OK);
    assert_int_equal(qsmap_districts_load(BOUNDARIES, QSMAP_ENC_AUTO, d, &err), QSMAP_OK);
    qsmap_networks *nw;
    assert_int_equal(qsmap_networks_load(LIST, *s, &nw, &err), QSMAP_OK);
    assert_int_equal(qsmap_networks_measure(nw, *d, 5000, 2000, &err), QSMAP_OK);
    return nw;
}

/* The counts the list's README gives: 175 networks, 723 rows, 638 / 85. */
static void test_2563_counts_match_the_lists_readme(void **state)
{
    (void)state;
    qsmap_schools *s;
    qsmap_districts *d;
    qsmap_networks *nw = load_2563(&s, &d);
    qsmap_networks_totals t;
    qsmap_networks_total(nw, &t);
    assert_int_equal(t.networks, 175);
    assert_int_equal(t.rows, 723);
    assert_int_equal(t.members, 548);
    assert_int_equal(t.matched_rows, 638);
    assert_int_equal(t.unmatched_rows, 85);
    /* the lead comes first in each network, and is the only one */
    for (size_t k = 0; k < nw->n; k++) {
        assert_int_equal(nw->rows[nw->v[k].first].role, QSMAP_NET_LEAD);
        for (uint32_t j = 1; j < nw->v[k].count; j++)
            assert_int_equal(nw->rows[nw->v[k].first + j].role, QSMAP_NET_MEMBER);
    }
    qsmap_networks_free(nw);
    qsmap_districts_free(d);
    qsmap_schools_free(s);
}

/* The same through the CSVs: no unmatched row is missing from them. */
static void test_2563_csv_keeps_every_unmatched_row(void **state)
{
    (void)state;
    const char *csv = temp_path("n2563.csv"), *sum = temp_path("n2563-summary.csv");
    cli_result r = run_cli("networks", "--all", "-q", "-o", csv, "--summary", sum, NULL);
    assert_int_equal(r.code, 0);
    cli_result_free(&r);
    csv_table m = csv_table_read(csv), n = csv_table_read(sum);
    assert_int_equal(m.nrows - 1, 548);
    assert_int_equal(n.nrows - 1, 175);
    size_t members_missing = 0, leads_missing = 0, unmatched = 0;
    for (size_t i = 1; i < m.nrows; i++) {
        bool missing = strcmp(csv_at(&m, i, "member_found"), "ไม่พบในทะเบียน") == 0;
        members_missing += missing;
        /* an unmatched member keeps its printed name and no id */
        if (missing) {
            assert_string_equal(csv_at(&m, i, "member_id"), "");
            assert_string_equal(csv_at(&m, i, "member_name"), csv_at(&m, i, "member_name_doc"));
            assert_string_equal(csv_at(&m, i, "distance_m"), "");
        }
    }
    for (size_t i = 1; i < n.nrows; i++) {
        leads_missing += strcmp(csv_at(&n, i, "lead_found"), "ไม่พบในทะเบียน") == 0;
        unmatched += strtoul(csv_at(&n, i, "unmatched_rows"), NULL, 10);
    }
    assert_int_equal(members_missing, 70);
    assert_int_equal(leads_missing, 15);
    assert_int_equal(unmatched, 85);
    csv_table_free(&m);
    csv_table_free(&n);
}

/* Every distance of the CSV against GeodSolve's (within 1 mm), and the
 * pairs are the same ones. */
static void test_2563_distances_match_geodsolve(void **state)
{
    (void)state;
    const char *csv = temp_path("n2563-geod.csv");
    cli_result r = run_cli("networks", "--all", "-q", "-o", csv, NULL);
    assert_int_equal(r.code, 0);
    cli_result_free(&r);
    csv_table m = csv_table_read(csv), g = csv_table_read(test_data("ref/networks_2563_geodsolve.csv"));
    size_t measured = 0, j = 1;
    double worst = 0;
    for (size_t i = 1; i < m.nrows; i++) {
        if (!csv_at(&m, i, "distance_m")[0])
            continue;
        measured++;
        /* both in list order */
        assert_true(j < g.nrows);
        assert_string_equal(csv_at(&m, i, "network_id"), csv_at(&g, j, "network_id"));
        assert_string_equal(csv_at(&m, i, "member_id"), csv_at(&g, j, "member_id"));
        double diff = fabs(strtod(csv_at(&m, i, "distance_m"), NULL) - strtod(csv_at(&g, j, "s12_m"), NULL));
        worst = fmax(worst, diff);
        j++;
    }
    assert_int_equal(measured, g.nrows - 1);
    printf("%zu distances, largest difference from GeodSolve %.4f mm\n", measured, worst * 1e3);
    assert_true(worst <= 1e-3);
    csv_table_free(&m);
    csv_table_free(&g);
}

/* Members within and beyond 5 and 20 km: the PostGIS reference. */
static void test_2563_shares_match_postgis(void **state)
{
    (void)state;
    qsmap_schools *s;
    qsmap_districts *d;
    qsmap_networks *nw = load_2563(&s, &d);
    qsmap_networks_totals t;
    qsmap_networks_total(nw, &t);
    csv_table ref = csv_table_read(test_data("ref/networks_2563_shares.csv"));
    assert_int_equal(t.rows, strtoul(csv_at(&ref, 1, "rows"), NULL, 10));
    assert_int_equal(t.matched_rows, strtoul(csv_at(&ref, 1, "matched_rows"), NULL, 10));
    assert_int_equal(t.unmatched_rows, strtoul(csv_at(&ref, 1, "unmatched_rows"), NULL, 10));
    assert_int_equal(t.measured, strtoul(csv_at(&ref, 1, "measured"), NULL, 10));
    assert_int_equal(t.within, strtoul(csv_at(&ref, 1, "within_5km"), NULL, 10));
    assert_int_equal(t.beyond, strtoul(csv_at(&ref, 1, "beyond_5km"), NULL, 10));
    assert_int_equal(t.beyond_20km, strtoul(csv_at(&ref, 1, "beyond_20km"), NULL, 10));
    char pct[32];
    snprintf(pct, sizeof pct, "%.2f", 100.0 * (double)t.beyond / (double)t.measured);
    assert_string_equal(pct, csv_at(&ref, 1, "share_beyond_5km_pct"));
    snprintf(pct, sizeof pct, "%.2f", 100.0 * (double)t.beyond_20km / (double)t.measured);
    assert_string_equal(pct, csv_at(&ref, 1, "share_beyond_20km_pct"));
    csv_table_free(&ref);
    qsmap_networks_free(nw);
    qsmap_districts_free(d);
    qsmap_schools_free(s);
}

/* ---- a small world of known distances -------------------------------------- */

/* Around a lead in อ่างทอง: members at 0 m and at the radius less, equal
 * and more by 1 mm; a second network's lead 8 km east, so that a member
 * 10.5 km east of the first lead (2.5 km from it) gets a suggestion, and one
 * 4.5 km east (3.5 km from it: 1 km nearer, under the 2 km margin) none. */
#define LAT0 14.5900
#define LON0 100.4500

typedef struct {
    const char *id;
    double azi, dist; /* from the first lead */
    const char *role;
} place;

static const place WORLD[] = {
    {"1000000001", 0, 0, "network"},        /* lead of network 1 */
    {"1000000002", 0, 0, "network"},        /* 0 m */
    {"1000000003", 0, 4999.999, "network"}, /* radius - 1 mm */
    {"1000000004", 45, 5000, "network"},    /* the radius */
    {"1000000005", 180, 5000.001, "network"}, /* radius + 1 mm */
    {"1000000006", 90, 10500, "network"},   /* 2.5 km from lead 2 */
    {"1000000007", 90, 4500, "network"},    /* 3.5 km from lead 2 */
    {"1000000010", 90, 8000, "network"},    /* lead of network 2 */
    {"1000000011", 0, 1000, "network"},     /* member of network 2, near lead 1 */
    {"1000000020", 270, 2000, "quality"},   /* a quality school */
};
#define NWORLD (sizeof WORLD / sizeof WORLD[0])

static qsmap_schools *world_schools(double *lat, double *lon)
{
    char csv[4096];
    size_t n = (size_t)snprintf(csv, sizeof csv, "school_id,name,latitude,longitude,role\n");
    for (size_t k = 0; k < NWORLD; k++) {
        qsmap_geod_direct(LAT0, LON0, WORLD[k].azi, WORLD[k].dist, &lat[k], &lon[k]);
        n += (size_t)snprintf(csv + n, sizeof csv - n, "%s,โรงเรียนทดสอบ%zu,%.12f,%.12f,%s\n",
                              WORLD[k].id, k, lat[k], lon[k], WORLD[k].role);
    }
    /* reread as printed: the distances below are of these coordinates */
    qsmap_schools *s;
    qsmap_error err = {0};
    qsmap_schools_options so = {0};
    assert_int_equal(qsmap_schools_parse(csv, n, "world.csv", &so, &s, &err), QSMAP_OK);
    for (size_t k = 0; k < NWORLD; k++)
        lat[k] = s->v[k].lat, lon[k] = s->v[k].lon;
    return s;
}

static const char WORLD_LIST[] =
    "network_id,role,school_id,name_doc\n"
    "1,แกนนำ,1000000001,lead one\n"
    "1,ร่วมพัฒนา,1000000002,m0\n"
    "1,member,1000000003,m1\n"
    "1,member,1000000004,m2\n"
    "1,member,1000000005,m3\n"
    "1,member,1000000006,m4\n"
    "1,member,1000000007,m5\n"
    "2,member,1000000011,m6\n" /* before its lead: the lead is put first */
    "2,lead,1000000010,lead two\n"
    "1,member,,โรงเรียนที่ไม่มีในทะเบียน\n"; /* unmatched, and out of order */

static const qsmap_net_row *row_of(const qsmap_networks *nw, const char *id)
{
    for (size_t i = 0; i < nw->nrows; i++)
        if (strcmp(nw->rows[i].school_id, id) == 0)
            return &nw->rows[i];
    fail_msg("no row %s", id);
    return NULL;
}

static void test_nearby_at_the_radius_and_the_margin(void **state)
{
    (void)state;
    double lat[NWORLD], lon[NWORLD];
    qsmap_schools *s = world_schools(lat, lon);
    qsmap_districts *d;
    qsmap_error err = {0};
    assert_int_equal(qsmap_districts_load(BOUNDARIES, QSMAP_ENC_AUTO, &d, &err), QSMAP_OK);
    const char *list = write_temp("world.csv", WORLD_LIST, strlen(WORLD_LIST));
    qsmap_networks *nw;
    assert_int_equal(qsmap_networks_load(list, s, &nw, &err), QSMAP_OK);
    /* the radius: exactly the distance of the member placed at it */
    double r = qsmap_geod_distance(lat[0], lon[0], lat[3], lon[3]);
    assert_true(fabs(r - 5000) < 1e-6);
    assert_int_equal(qsmap_networks_measure(nw, d, r, 2000, &err), QSMAP_OK);
    assert_int_equal(nw->n, 2);
    assert_int_equal(nw->v[0].count, 8);
    assert_int_equal(nw->v[1].count, 2);
    assert_string_equal(nw->rows[nw->v[1].first].school_id, "1000000010");
    const qsmap_net_row *m0 = row_of(nw, "1000000002"), *m1 = row_of(nw, "1000000003"),
                        *m2 = row_of(nw, "1000000004"), *m3 = row_of(nw, "1000000005");
    assert_true(m0->distance_m == 0 && !m0->beyond);
    assert_true(fabs(m1->distance_m - (r - 0.001)) < 1e-6 && !m1->beyond);
    assert_true(m2->distance_m == r && !m2->beyond);
    assert_true(fabs(m3->distance_m - (r + 0.001)) < 1e-6 && m3->beyond);
    /* each distance is the geodesic of the coordinates, to the nanometre */
    for (size_t k = 1; k <= 6; k++)
        assert_true(fabs(row_of(nw, WORLD[k].id)->distance_m -
                         qsmap_geod_distance(lat[0], lon[0], lat[k], lon[k])) < 1e-9);
    /* the nearest lead, and the suggestion on either side of the margin */
    const qsmap_net_row *m4 = row_of(nw, "1000000006"), *m5 = row_of(nw, "1000000007"),
                        *m6 = row_of(nw, "1000000011");
    assert_int_equal(nw->rows[m4->nearest_lead].network, 1);
    assert_true(m4->suggest);
    assert_non_null(strstr(m4->suggestion, "แกนนำเครือข่าย 2"));
    assert_int_equal(nw->rows[m5->nearest_lead].network, 1);
    assert_false(m5->suggest);
    assert_string_equal(m5->suggestion, "");
    /* a member of network 2 nearer to lead 1 by 7 km: suggested */
    assert_int_equal(nw->rows[m6->nearest_lead].network, 0);
    assert_true(m6->suggest);
    /* the quality school is everyone's nearest */
    assert_int_equal(m0->nearest_quality, 9);
    assert_true(fabs(m0->nearest_quality_m - 2000) < 1e-6);
    /* the unmatched member: kept, counted, not measured */
    assert_int_equal(nw->v[0].unmatched, 1);
    assert_int_equal(nw->v[0].members, 7);
    assert_int_equal(nw->v[0].matched_members, 6);
    assert_int_equal(nw->v[0].beyond, 2); /* m3 and m4 */
    assert_int_equal(nw->v[0].farthest, (uint32_t)(m4 - nw->rows));
    assert_int_equal(nw->v[0].suggestions, 1);
    qsmap_networks_free(nw);
    qsmap_districts_free(d);
    qsmap_schools_free(s);
}

/* ---- bad lists: one line, the file and line named, nothing written --------- */

typedef struct {
    const char *name, *list, *says;
} bad_list;

static const bad_list BAD[] = {
    {"no role column", "network_id,school_id\n1,1015720001\n",
     "bad1.csv:1: a network list needs the columns network_id, role and school_id: no role"},
    {"a role qsmap does not know", "network_id,role,school_id\n1,lead,1015720001\n1,boss,1015720002\n",
     "bad2.csv:3: role 'boss': use lead or member (แกนนำ, ร่วมพัฒนา)"},
    {"two leads", "network_id,role,school_id\n7,lead,1015720001\n7,แกนนำ,1015720002\n",
     "bad3.csv:3: network 7 has a second lead (the first is on line 2)"},
    {"no lead", "network_id,role,school_id\n1,lead,1015720001\n8,member,1015720002\n",
     "bad4.csv:3: network 8 has no lead"},
    {"a school twice in a network",
     "network_id,role,school_id\n1,lead,1015720001\n1,member,1015720002\n1,member,1015720002\n",
     "bad5.csv:4: school_id 1015720002 is in network 1 twice (also line 3)"},
    {"a field too many", "network_id,role,school_id\n1,lead,1015720001,x\n",
     "bad6.csv:2: 4 fields where the header has 3"},
    {"no rows", "network_id,role,school_id\n", "bad7.csv: the network list has no rows"},
    {"an empty network id", "network_id,role,school_id\n,lead,1015720001\n",
     "bad8.csv:2: empty network_id"},
};

static void test_bad_lists_say_where(void **state)
{
    (void)state;
    const char *out = temp_path("bad-out.csv");
    for (size_t k = 0; k < sizeof BAD / sizeof BAD[0]; k++) {
        char name[32];
        snprintf(name, sizeof name, "bad%zu.csv", k + 1);
        const char *list = write_temp(name, BAD[k].list, strlen(BAD[k].list));
        remove(out);
        cli_result r = run_cli("networks", "--list", list, "--all", "-o", out, NULL);
        if (!strstr(r.err, BAD[k].says))
            fail_msg("%s: got '%s', want '%s'", BAD[k].name, r.err, BAD[k].says);
        assert_int_equal(r.code, 3);
        /* one line */
        assert_non_null(strchr(r.err, '\n'));
        assert_true(strchr(r.err, '\n') + 1 == r.err + r.err_len);
        assert_int_equal(access(out, F_OK), -1);
        cli_result_free(&r);
    }
}

/* An id the school table lacks: a warning with its line, the row kept. */
static void test_unknown_id_is_kept_with_a_warning(void **state)
{
    (void)state;
    static const char list[] = "network_id,role,school_id,name_doc\n"
                               "1,lead,1015720001,ก\n"
                               "1,member,9999999999,โรงเรียนสมมติ\n";
    const char *path = write_temp("unknown.csv", list, sizeof list - 1);
    const char *out = temp_path("unknown-out.csv");
    cli_result r = run_cli("networks", "--list", path, "--all", "-q", "-o", out, NULL);
    assert_int_equal(r.code, 0);
    assert_non_null(strstr(r.err, "unknown.csv:3: school id 9999999999 is not in"));
    assert_non_null(strstr(r.err, "kept as ไม่พบในทะเบียน"));
    cli_result_free(&r);
    csv_table t = csv_table_read(out);
    assert_int_equal(t.nrows, 2);
    assert_string_equal(csv_at(&t, 1, "member_found"), "ไม่พบในทะเบียน");
    assert_string_equal(csv_at(&t, 1, "member_name"), "โรงเรียนสมมติ");
    csv_table_free(&t);
}

/* ---- selections and outputs -------------------------------------------------- */

static void test_selections(void **state)
{
    (void)state;
    const char *out = temp_path("sel.csv");
    cli_result r = run_cli("networks", "--id", "12, 15", "-q", "-o", out, NULL);
    assert_int_equal(r.code, 0);
    cli_result_free(&r);
    csv_table t = csv_table_read(out);
    for (size_t i = 1; i < t.nrows; i++)
        assert_true(!strcmp(csv_at(&t, i, "network_id"), "12") || !strcmp(csv_at(&t, i, "network_id"), "15"));
    assert_true(t.nrows > 4);
    csv_table_free(&t);

    r = run_cli("networks", "--office", "สพป.ขอนแก่น เขต 1", "-q", "-o", out, NULL);
    assert_int_equal(r.code, 0);
    cli_result_free(&r);
    t = csv_table_read(out);
    assert_true(t.nrows > 1);
    csv_table_free(&t);

    static const struct {
        const char *a, *b, *says;
        int code;
    } BADSEL[] = {
        {"--id", "999", "no network '999' in the list (175 networks; closest:", 4},
        {"--office", "สพป.ไม่มีจริง", "office", 4},
        {"--district", "เมืองอ่างทอง", "--district is not an option of qsmap networks", 2},
        {"-o", "x.png", "x.png: qsmap networks writes .csv, .pdf, .xlsx, .geojson", 2},
        {"--margin", "far", "--margin 'far'", 2},
    };
    for (size_t k = 0; k < sizeof BADSEL / sizeof BADSEL[0]; k++) {
        r = run_cli("networks", k < 2 ? BADSEL[k].a : "--all", k < 2 ? BADSEL[k].b : BADSEL[k].a,
                    k < 2 ? "-q" : BADSEL[k].b, NULL);
        if (!strstr(r.err, BADSEL[k].says))
            fail_msg("%s %s: got '%s'", BADSEL[k].a, BADSEL[k].b, r.err);
        assert_int_equal(r.code, BADSEL[k].code);
        cli_result_free(&r);
    }
    r = run_cli("networks", "-o", out, NULL);
    assert_int_equal(r.code, 2);
    assert_non_null(strstr(r.err, "name the networks"));
    cli_result_free(&r);
    r = run_cli("networks", "--all", "--id", "3", NULL);
    assert_int_equal(r.code, 2);
    cli_result_free(&r);
}

/* The list is an input: never an output. */
static void test_list_is_never_overwritten(void **state)
{
    (void)state;
    static const char list[] = "network_id,role,school_id\n1,lead,1015720001\n";
    const char *path = write_temp("mine.csv", list, sizeof list - 1);
    cli_result r = run_cli("networks", "--list", path, "--all", "-o", path, NULL);
    assert_int_equal(r.code, 2);
    assert_non_null(strstr(r.err, "(--list)"));
    cli_result_free(&r);
    size_t len;
    char *back = read_all(path, &len);
    assert_string_equal(back, list);
    free(back);
}

/* The GeoJSON: a point per school (null geometry where unmatched), a line
 * per measured pair, read back by GDAL. */
static void test_geojson_has_every_row(void **state)
{
    (void)state;
    const char *out = temp_path("n.geojson");
    cli_result r = run_cli("networks", "--all", "-q", "-o", out, NULL);
    assert_int_equal(r.code, 0);
    cli_result_free(&r);
    size_t len;
    char *g = read_all(out, &len);
    size_t leads = 0, members = 0, links = 0, nulls = 0;
    for (const char *p = g; (p = strstr(p, "\"kind\":")); p += 7) {
        leads += !strncmp(p + 7, "\"lead\"", 6);
        members += !strncmp(p + 7, "\"member\"", 8);
        links += !strncmp(p + 7, "\"link\"", 6);
    }
    for (const char *p = g; (p = strstr(p, "\"geometry\":null")); p++)
        nulls++;
    assert_int_equal(leads, 175);
    assert_int_equal(members, 548);
    assert_int_equal(links, 448);
    assert_int_equal(nulls, 85);
    free(g);
    char cmd[1300];
    snprintf(cmd, sizeof cmd, "ogrinfo -ro -al -so '%s' | grep 'Feature Count'", out);
    char *info = command_output(cmd);
    assert_non_null(strstr(info, "Feature Count: 1171"));
    free(info);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_2563_counts_match_the_lists_readme),
        cmocka_unit_test(test_2563_csv_keeps_every_unmatched_row),
        cmocka_unit_test(test_2563_distances_match_geodsolve),
        cmocka_unit_test(test_2563_shares_match_postgis),
        cmocka_unit_test(test_nearby_at_the_radius_and_the_margin),
        cmocka_unit_test(test_bad_lists_say_where),
        cmocka_unit_test(test_unknown_id_is_kept_with_a_warning),
        cmocka_unit_test(test_selections),
        cmocka_unit_test(test_list_is_never_overwritten),
        cmocka_unit_test(test_geojson_has_every_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
