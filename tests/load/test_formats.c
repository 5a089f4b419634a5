/* test_formats.c — issue 15's GDAL reader (qsmap-gdal.so) against the
 * readers it stands beside, on Ang Thong province (7 districts, 158 schools):
 *   - every school-table format (.xlsx, .ods, .gpkg, .geojson, .kml, .kmz, a
 *     Google Earth KML with the fields typed into descriptions, a point .shp)
 *     and every boundaries format (.gpkg, .geojson, a shapefile and a
 *     GeoPackage in UTM 47N, a shapefile in Indian 1975 / UTM 47N) gives the
 *     pairs the CSV and the shipped WGS84 shapefile give: the same pairs,
 *     colours and enrolments, each distance within a millimetre;
 *   - a roles list in a workbook sets what the same list as CSV sets;
 *   - errors name the sheet and row, or the layer and feature, where a
 *     planner finds them (a title row above the header counted);
 *   - a run on CSV and a WGS84 shapefile never maps libgdal.
 * Everything runs the built binary (QSMAP_BINARY), which dlopens
 * qsmap-gdal.so as an installed qsmap does. The fixtures are made once,
 * with ogr2ogr (and python3 for the Google Earth file) from the shipped
 * national table, in the group setup. */
#include "support.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define BOUNDARIES QSMAP_GEODATA "/tha_adm2.shp"
#define PROVINCE "อ่างทอง"
#define SHEET "โรงเรียน"
/* the 5th school of the table carries the bad value in the error cases */
#define BAD_RECORD 5

/* ---- running qsmap ---------------------------------------------------------- */

/* Run the built qsmap in temp_dir() with these arguments (a shell command
 * line, so several words); its exit code, and its stderr in *err (the
 * caller frees) unless err is NULL. */
__attribute__((format(printf, 2, 3))) static int qsmap(char **err, const char *fmt, ...)
{
    char args[4096], cmd[6000], path[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s 2>stderr.txt", temp_dir(), QSMAP_BINARY, args);
    int st = system(cmd);
    snprintf(path, sizeof path, "%s/stderr.txt", temp_dir());
    char *e = read_all(path, NULL);
    if (err)
        *err = e ? e : strdup("");
    else
        free(e);
    return st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The province's pairs from this school table and these boundaries into
 * `out`; the run must succeed. */
static void map_province(const char *schools, const char *boundaries, const char *extra,
                         const char *out)
{
    char *err;
    int code = qsmap(&err, "--schools %s --boundaries %s %s --province " PROVINCE " -q -o %s",
                     schools, boundaries, extra, out);
    if (code != 0)
        fail_msg("--schools %s --boundaries %s %s: exit %d: %s", schools, boundaries, extra,
                 code, err);
    free(err);
}

/* ---- the pairs of an output CSV ------------------------------------------------ */

typedef struct {
    char q[40], n[40], color[40], students[24];
    double d;
} pair;

typedef struct {
    pair *v;
    size_t n;
} pair_list;

static pair_list REF; /* from the CSV and the shipped shapefile */

/* Split a CSV record in place (quoted fields, "" inside them); the count. */
static size_t split_record(char *line, char **f, size_t max)
{
    size_t n = 0;
    char *w = line, *p = line;
    while (n < max) {
        f[n++] = w;
        bool quoted = *p == '"';
        for (p += quoted; *p && (quoted || *p != ','); p++) {
            if (quoted && *p == '"') {
                if (p[1] != '"') {
                    quoted = false;
                    continue;
                }
                p++;
            }
            *w++ = *p;
        }
        bool more = *p == ',';
        *w++ = '\0';
        if (!more)
            break;
        p++;
    }
    return n;
}

/* The header's column of that name: the test fails without one. */
static size_t column(char **f, size_t n, const char *name)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(f[k], name) == 0)
            return k;
    fail_msg("the pair CSV has no column %s", name);
    return 0;
}

static int pair_order(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    int c = strcmp(x->q, y->q);
    return c ? c : strcmp(x->n, y->n);
}

/* The pairs of temp_dir()/name, sorted by (quality id, network id). */
static pair_list load_pairs(const char *name)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", temp_dir(), name);
    char *text = read_all(path, NULL);
    if (!text)
        fail_msg("no output %s", path);
    /* a record is longer than 40 bytes: its two ids alone are 20 */
    size_t cap = strlen(text) / 40 + 1;
    pair_list l = {calloc(cap, sizeof(pair)), 0};
    assert_non_null(l.v);
    char *line = text + (strncmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0), *next, *f[32];
    size_t col[5] = {0}, need = 0;
    static const char *const NAMES[5] = {"quality_id", "network_id", "distance_m",
                                         "quality_color", "students"};
    for (bool header = true; line && *line; line = next, header = false) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line[strcspn(line, "\r")] = '\0';
        size_t n = split_record(line, f, 32);
        for (size_t k = 0; header && k < 5; k++)
            if ((col[k] = column(f, n, NAMES[k])) >= need)
                need = col[k] + 1;
        if (header)
            continue;
        if (n < need || l.n == cap)
            fail_msg("%s: a record of %zu fields: %s", name, n, line);
        pair *p = &l.v[l.n++];
        snprintf(p->q, sizeof p->q, "%s", f[col[0]]);
        snprintf(p->n, sizeof p->n, "%s", f[col[1]]);
        p->d = strtod(f[col[2]], NULL);
        snprintf(p->color, sizeof p->color, "%s", f[col[3]]);
        snprintf(p->students, sizeof p->students, "%s", f[col[4]]);
    }
    free(text);
    qsort(l.v, l.n, sizeof *l.v, pair_order);
    return l;
}

/* The pairs of `name` are the reference's: the same (quality id, network
 * id) set, the same colours and enrolments (the table's own columns came
 * through), and distances within 1 mm. */
static void assert_pairs(const char *label, const char *name, const pair_list *want)
{
    pair_list got = load_pairs(name);
    printf("  %-40s %zu pairs\n", label, got.n);
    if (got.n != want->n)
        fail_msg("%s: %zu pairs, the CSV gives %zu", label, got.n, want->n);
    for (size_t k = 0; k < got.n; k++) {
        const pair *g = &got.v[k], *w = &want->v[k];
        double dd = g->d > w->d ? g->d - w->d : w->d - g->d;
        if (strcmp(g->q, w->q) || strcmp(g->n, w->n))
            fail_msg("%s: pair %s-%s where the CSV has %s-%s", label, g->q, g->n, w->q, w->n);
        if (dd > 0.001)
            fail_msg("%s: %s-%s is %.4f m, the CSV's %.4f m", label, g->q, g->n, g->d, w->d);
        if (strcmp(g->color, w->color) || strcmp(g->students, w->students))
            fail_msg("%s: %s-%s colour '%s' students '%s', the CSV's '%s' '%s'", label, g->q,
                     g->n, g->color, g->students, w->color, w->students);
    }
    free(got.v);
}

/* ---- fixtures ------------------------------------------------------------------ */

static int setup(void **state)
{
    (void)state;
    /* the province's schools: no field of the shipped table is quoted, so
     * awk's columns are the CSV's ($6 province) */
    run_sh("gzip -dc '%s/schools_th.csv.gz' | awk -F, 'NR==1 || $6==\"" PROVINCE "\"' > at.csv",
           QSMAP_GEODATA);
    run_sh("ogr2ogr -f GPKG at.gpkg at.csv -oo X_POSSIBLE_NAMES=longitude "
           "-oo Y_POSSIBLE_NAMES=latitude -a_srs EPSG:4326 -nln schools && "
           "ogr2ogr -f XLSX at.xlsx at.csv -nln " SHEET " && ogr2ogr -f ODS at.ods at.csv && "
           "ogr2ogr -f GeoJSON at.geojson at.gpkg && ogr2ogr -f LIBKML at.kml at.gpkg && "
           "ogr2ogr -f LIBKML at.kmz at.gpkg");
    /* a point shapefile cuts field names to 10 bytes (quality_color would
     * be quality_co, no column): colour under an alias that fits */
    run_sh("ogr2ogr at.shp at.gpkg -lco ENCODING=UTF-8 -dialect OGRSQL -sql \"SELECT "
           "school_id, name_th, students, teachers, area_rai, role, quality_color AS color "
           "FROM schools\"");
    run_sh("python3 '%s/formats/make_ge_kml.py' at.csv ge.kml", QSMAP_TEST_DATA);
    run_sh("ogr2ogr -f GPKG adm2.gpkg '%s' -nln adm2 -where \"ADM1_PCODE='TH15'\" && "
           "ogr2ogr utm.shp adm2.gpkg -t_srs EPSG:32647 -lco ENCODING=UTF-8 && "
           "ogr2ogr ind.shp adm2.gpkg -t_srs EPSG:24047 -lco ENCODING=UTF-8 && "
           "ogr2ogr -f GPKG utm.gpkg adm2.gpkg -t_srs EPSG:32647 -nln adm2utm && "
           "ogr2ogr -f GeoJSON adm2.geojson adm2.gpkg",
           BOUNDARIES);
    map_province("at.csv", BOUNDARIES, "", "ref.csv");
    REF = load_pairs("ref.csv");
    /* every district has a quality school: a real comparison */
    printf("  %-40s %zu pairs\n", "reference (CSV, WGS84 shapefile)", REF.n);
    return REF.n > 100 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(REF.v);
    return 0;
}

/* ---- 1. the same pairs from every format ------------------------------------------ */

static void test_school_tables_give_the_csv_pairs(void **state)
{
    (void)state;
    static const struct {
        const char *label, *file;
    } T[] = {
        {"schools .xlsx", "at.xlsx"},
        {"schools .ods", "at.ods"},
        {"schools .gpkg", "at.gpkg"},
        {"schools .geojson", "at.geojson"},
        {"schools .kml (LIBKML, ExtendedData)", "at.kml"},
        {"schools .kmz", "at.kmz"},
        {"schools .kml (Google Earth descriptions)", "ge.kml"},
        {"schools point .shp", "at.shp"},
    };
    for (size_t k = 0; k < sizeof T / sizeof *T; k++) {
        char out[64];
        snprintf(out, sizeof out, "pairs-schools-%zu.csv", k);
        map_province(T[k].file, BOUNDARIES, "", out);
        assert_pairs(T[k].label, out, &REF);
    }
}

static void test_boundaries_give_the_shapefile_pairs(void **state)
{
    (void)state;
    static const struct {
        const char *label, *file;
    } B[] = {
        {"boundaries .gpkg", "adm2.gpkg"},
        {"boundaries .geojson", "adm2.geojson"},
        {"boundaries .shp UTM 47N", "utm.shp"},
        {"boundaries .gpkg UTM 47N", "utm.gpkg"},
        {"boundaries .shp Indian 1975 UTM 47N", "ind.shp"},
    };
    for (size_t k = 0; k < sizeof B / sizeof *B; k++) {
        char out[64];
        snprintf(out, sizeof out, "pairs-bounds-%zu.csv", k);
        map_province("at.csv", B[k].file, "", out);
        assert_pairs(B[k].label, out, &REF);
    }
}

/* An EMIS-like table (no role, no colour) with the province's quality
 * schools and their Thai colours listed beside it, as CSV and as a
 * workbook: the same pairs, and those of the table that had the roles. */
static void test_roles_from_a_workbook(void **state)
{
    (void)state;
    run_sh("cut -d, -f1-14,17 at.csv > emis.csv && "
           "awk -F, 'NR==1{print \"school_id,quality_color\"} $15==\"quality\"{print $1\",\"$16}' "
           "at.csv > roles.csv && ogr2ogr -f XLSX roles.xlsx roles.csv -nln คุณภาพ");
    map_province("emis.csv", BOUNDARIES, "--roles roles.csv", "roles-csv.csv");
    map_province("emis.csv", BOUNDARIES, "--roles roles.xlsx", "roles-xlsx.csv");
    pair_list from_csv = load_pairs("roles-csv.csv");
    assert_pairs("roles list .xlsx", "roles-xlsx.csv", &from_csv);
    assert_pairs("roles list .csv", "roles-csv.csv", &REF);
    free(from_csv.v);
}

/* ---- 2. errors where the planner finds them ---------------------------------------- */

/* The run exited `want`, and stderr's first line begins "qsmap: <where>"
 * and holds `says`. */
static void expect_error(const char *label, int code, char *err, int want, const char *where,
                         const char *says)
{
    printf("  %-36s exit %d  %s", label, code, err[0] ? err : "(no stderr)\n");
    char head[600];
    snprintf(head, sizeof head, "qsmap: %s", where);
    char *nl = strchr(err, '\n');
    if (nl)
        *nl = '\0';
    if (code != want)
        fail_msg("%s: exit %d, want %d: %s", label, code, want, err);
    if (strncmp(err, head, strlen(head)) != 0)
        fail_msg("%s: stderr does not begin '%s': %s", label, head, err);
    if (!strstr(err, says))
        fail_msg("%s: the message lacks '%s': %s", label, says, err);
    free(err);
}

/* The table with BAD_RECORD's latitude spoilt, as bad.csv. */
static void spoil_a_latitude(void)
{
    run_sh("awk -F, -v OFS=, 'NR==%d{$10=\"14.5x\"} 1' at.csv > bad.csv", BAD_RECORD + 1);
}

/* A sheet's row is its number in the spreadsheet: the header is row 1, so
 * the Nth school is row N+1; a title row (and a blank one) above the
 * header shift it. A GeoPackage counts features from 1. */
static void test_bad_value_at_its_row_or_feature(void **state)
{
    (void)state;
    spoil_a_latitude();
    /* ogr2ogr writes no header row for fields named Field1..FieldN: the
     * CSV's own header, under a title, becomes a row of the sheet */
    char fields[400] = "";
    for (int k = 1; k <= 17; k++)
        snprintf(fields + strlen(fields), sizeof fields - strlen(fields), "%sField%d",
                 k > 1 ? "," : "", k);
    run_sh("ogr2ogr -f XLSX bad.xlsx bad.csv -nln " SHEET " && "
           "{ echo %s; echo 'ทะเบียนโรงเรียน จังหวัดอ่างทอง,,,,,,,,,,,,,,,,'; cat bad.csv; } "
           "> titled.csv && ogr2ogr -f XLSX titled.xlsx titled.csv -nln " SHEET " && "
           "{ echo %s; echo 'ทะเบียนโรงเรียน จังหวัดอ่างทอง,,,,,,,,,,,,,,,,'; "
           "echo ',,,,,,,,,,,,,,,,'; cat bad.csv; } > blank.csv && "
           "ogr2ogr -f XLSX blank.xlsx blank.csv -nln " SHEET " && "
           "ogr2ogr -f GPKG bad.gpkg bad.csv -nln schools",
           fields, fields);
    static const struct {
        const char *label, *file, *part;
        int number;
    } C[] = {
        {"bad latitude, .xlsx", "bad.xlsx", "sheet " SHEET ", row", BAD_RECORD + 1},
        {"the same under a title row", "titled.xlsx", "sheet " SHEET ", row", BAD_RECORD + 2},
        {"under a title and a blank row", "blank.xlsx", "sheet " SHEET ", row", BAD_RECORD + 3},
        /* lat/lon as text fields: the bad value reaches qsmap as typed */
        {"bad latitude, .gpkg", "bad.gpkg", "layer schools, feature", BAD_RECORD},
    };
    for (size_t k = 0; k < sizeof C / sizeof *C; k++) {
        char *err, where[300];
        int code = qsmap(&err, "--schools %s --boundaries '%s' --province " PROVINCE " -q -o x.csv",
                         C[k].file, BOUNDARIES);
        snprintf(where, sizeof where, "%s, %s %d: ", C[k].file, C[k].part, C[k].number);
        expect_error(C[k].label, code, err, 3, where, "latitude '14.5x' is not a number");
    }
}

static void test_sheets_and_layers_named(void **state)
{
    (void)state;
    run_sh("cut -d, -f1-9 at.csv > nocoord.csv && "
           "ogr2ogr -f XLSX nocoord.xlsx nocoord.csv -nln " SHEET);
    char *err;
    int code = qsmap(&err, "--schools nocoord.xlsx --boundaries '%s' --district TH1501 -q -o x.csv",
                     BOUNDARIES);
    /* what the sheet has, so the planner sees which column is missing */
    expect_error("a sheet without coordinates", code, err, 3, "nocoord.xlsx: ",
                 "sheet " SHEET " (school_id, smis_code, name_th, affiliation, level, province, "
                 "district, subdistrict, adm2_pcode): no latitude");
    /* a name only --sheet gives is a bad argument (exit 2), with the sheets */
    code = qsmap(&err, "--schools at.xlsx --sheet nope --boundaries '%s' --district TH1501 -q "
                 "-o x.csv", BOUNDARIES);
    expect_error("--sheet nope", code, err, 2, "at.xlsx: ",
                 "no sheet named 'nope' (there are: " SHEET ")");
    code = qsmap(&err, "--schools missing.xlsx --boundaries '%s' --district TH1501 -q -o x.csv",
                 BOUNDARIES);
    expect_error("a missing workbook", code, err, 3, "missing.xlsx: ", "cannot open");
    /* a CSV is one table: --layer is a mistake, not ignored */
    code = qsmap(&err, "--schools at.csv --layer x --boundaries '%s' --district TH1501 -q -o x.csv",
                 BOUNDARIES);
    expect_error("--layer with a .csv", code, err, 2, "--layer/--sheet", "at.csv has none");
}

/* An id the workbook lists but the table lacks is named at its row: the
 * header is row 1, the province's quality schools follow, then the id. */
static void test_roles_workbook_id_not_in_table(void **state)
{
    (void)state;
    run_sh("cut -d, -f1-14,17 at.csv > emis2.csv && "
           "awk -F, 'NR==1{print \"school_id,quality_color\"} $15==\"quality\"{print $1\",\"$16}' "
           "at.csv > roles2.csv && echo 1099999999,แดง >> roles2.csv && "
           "ogr2ogr -f XLSX roles2.xlsx roles2.csv -nln คุณภาพ");
    char path[1200];
    snprintf(path, sizeof path, "%s/roles2.csv", temp_dir());
    char *text = read_all(path, NULL);
    assert_non_null(text);
    int rows = 0;
    for (const char *p = text; *p; p++)
        rows += *p == '\n';
    free(text);
    char *err, where[300];
    int code = qsmap(&err, "--schools emis2.csv --roles roles2.xlsx --boundaries '%s' "
                     "--province " PROVINCE " -q -o x.csv", BOUNDARIES);
    snprintf(where, sizeof where, "roles2.xlsx, sheet คุณภาพ, row %d: ", rows);
    expect_error("roles .xlsx, an id not in the table", code, err, 3, where,
                 "school id 1099999999 is not in emis2.csv");
}

/* ---- 3. GDAL only when an input needs it --------------------------------------------- */

/* Whether the dynamic linker loaded libgdal for this run (LD_DEBUG=libs
 * lists every library it finds); the run must succeed. */
static bool maps_libgdal(const char *args)
{
    char cmd[4096], path[1200];
    snprintf(cmd, sizeof cmd, "cd '%s' && LD_DEBUG=libs '%s' %s 2>ld.txt", temp_dir(),
             QSMAP_BINARY, args);
    int st = system(cmd);
    snprintf(path, sizeof path, "%s/ld.txt", temp_dir());
    char *log = read_all(path, NULL);
    assert_non_null(log);
    if (st != 0)
        fail_msg("'%s' exited %d", cmd, st);
    bool mapped = strstr(log, "libgdal") != NULL;
    free(log);
    return mapped;
}

/* Regression guard: the national CSV run starts as fast as before the
 * module existed, GDAL and its ~100 libraries left unmapped. */
static void test_csv_run_does_not_map_gdal(void **state)
{
    (void)state;
    bool csv = maps_libgdal("--district TH1501 -q -o ld-csv.csv");
    bool xlsx = maps_libgdal("--schools at.xlsx --district TH1501 -q -o ld-xlsx.csv");
    printf("  libgdal mapped: CSV run %s, .xlsx run %s\n", csv ? "yes" : "no",
           xlsx ? "yes" : "no");
    assert_false(csv);
    assert_true(xlsx);
}

/* A GeoJSON polygon's interior ring comes through the GDAL reader as a
 * hole: a school in the hole of วงนอก is วงใน's (were the hole lost, วงนอก,
 * first in the file, would take it), as is the network school beside it;
 * the school outside the hole is วงนอก's and has no network school. */
static void test_geojson_hole_is_a_hole(void **state)
{
    (void)state;
    static const char GEOJSON[] =
        "{\"type\":\"FeatureCollection\",\"features\":["
        "{\"type\":\"Feature\",\"properties\":{\"ADM2_TH\":\"วงนอก\",\"ADM2_PCODE\":\"TH9901\","
        "\"ADM1_TH\":\"ทดสอบ\",\"ADM1_PCODE\":\"TH99\"},\"geometry\":{\"type\":\"Polygon\","
        "\"coordinates\":[[[100.0,14.0],[100.2,14.0],[100.2,14.2],[100.0,14.2],[100.0,14.0]],"
        "[[100.05,14.05],[100.05,14.15],[100.15,14.15],[100.15,14.05],[100.05,14.05]]]}},"
        "{\"type\":\"Feature\",\"properties\":{\"ADM2_TH\":\"วงใน\",\"ADM2_PCODE\":\"TH9902\","
        "\"ADM1_TH\":\"ทดสอบ\",\"ADM1_PCODE\":\"TH99\"},\"geometry\":{\"type\":\"Polygon\","
        "\"coordinates\":[[[100.05,14.05],[100.15,14.05],[100.15,14.15],[100.05,14.15],"
        "[100.05,14.05]]]}}]}";
    static const char TABLE[] = "school_id,name_th,latitude,longitude,role,quality_color\n"
                                "1,ในรู,14.10,100.10,quality,แดง\n"
                                "2,นอก,14.02,100.02,quality,เขียว\n"
                                "3,เครือข่าย,14.11,100.11,network,\n";
    const char *bounds = write_temp("donut.geojson", GEOJSON, sizeof GEOJSON - 1);
    const char *table = write_temp("donut.csv", TABLE, sizeof TABLE - 1);
    char cmd[2400];
    snprintf(cmd, sizeof cmd, "%s --schools %s --boundaries %s --district TH9902 -q -o -",
             QSMAP_BINARY, table, bounds);
    char *out = command_output(cmd);
    assert_non_null(strstr(out, "วงใน,TH9902,1,ในรู,แดง,3,เครือข่าย,วงใน,"));
    free(out);
    snprintf(cmd, sizeof cmd, "%s --schools %s --boundaries %s --district TH9901 -q -o -",
             QSMAP_BINARY, table, bounds);
    out = command_output(cmd);
    assert_non_null(strstr(out, "วงนอก,TH9901,2,นอก,เขียว,,"));
    assert_null(strstr(out, "เครือข่าย"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_school_tables_give_the_csv_pairs),
        cmocka_unit_test(test_boundaries_give_the_shapefile_pairs),
        cmocka_unit_test(test_roles_from_a_workbook),
        cmocka_unit_test(test_bad_value_at_its_row_or_feature),
        cmocka_unit_test(test_sheets_and_layers_named),
        cmocka_unit_test(test_roles_workbook_id_not_in_table),
        cmocka_unit_test(test_csv_run_does_not_map_gdal),
        cmocka_unit_test(test_geojson_hole_is_a_hole),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
