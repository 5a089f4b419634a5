/* test_dropped.c — nothing a run is given is dropped without a word (issue
 * 13): quality schools that no district polygon covers are warned about and,
 * where their own table names one of the run's districts, listed under it
 * (quality_located = table); --quality ids of any length, or from @FILE. */
#include "support.h"

#include "base/fileio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOUNDARIES QSMAP_GEODATA "/tha_adm2.shp"
#define SCHOOLS_GZ QSMAP_GEODATA "/schools_th.csv.gz"

/* ---- helpers --------------------------------------------------------------- */

static const char *temp_path(const char *name)
{
    static char buf[4][1200];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", temp_dir(), name);
    return buf[k];
}

static char *must_read(const char *path)
{
    char *s = read_all(path, NULL);
    if (!s)
        fail_msg("cannot read %s", path);
    return s;
}

static int starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* The CSV line (CRLF-ended) holding `needle`, copied into buf; NULL if none. */
static const char *line_with(const char *csv, const char *needle, char *buf, size_t size)
{
    const char *p = strstr(csv, needle);
    if (!p)
        return NULL;
    const char *a = p, *b = p;
    while (a > csv && a[-1] != '\n')
        a--;
    while (*b && *b != '\r' && *b != '\n')
        b++;
    snprintf(buf, size, "%.*s", (int)(b - a), a);
    return buf;
}

/* ---- quality schools outside every district ------------------------------ */

/* Ang Thong schools of tests/data/variants/clean.csv, and four more: 9001 a
 * quality school in the Gulf of Thailand whose table says เมืองอ่างทอง,
 * 9002 a network school 1.1 km from it, 9003 a quality school at 0,0 with
 * no district or province, 9004 one off Chon Buri that its table puts in
 * บางละมุง, ชลบุรี (not a province of an Ang Thong run). */
static const char TABLE[] =
    "school_id,name_th,affiliation,province,district,latitude,longitude,students,teachers,"
    "area_rai,role,quality_color\n"
    "1015670161,โรงเรียนสตรีอ่างทอง,สพม.เขต 5,อ่างทอง,เมืองอ่างทอง,14.594158,100.437200,265,15,"
    "99.8,quality,ม่วง\n"
    "1015670023,โรงเรียนวัดโคศุภราช,สพป.อ่างทอง,อ่างทอง,เมืองอ่างทอง,14.580075,100.430586,68,3,"
    "14.0,quality,ฟ้า\n"
    "1015670022,โรงเรียนวัดโพธิวงษ์,สพป.อ่างทอง,อ่างทอง,เมืองอ่างทอง,14.564890,100.445294,161,8,"
    "14.6,network,\n"
    "1015670163,โรงเรียนราชสถิตย์วิทยา,สพม.เขต 5,อ่างทอง,ไชโย,14.664339,100.445645,2910,154,52.0,"
    "quality,เขียว\n"
    "9001,โรงเรียนกลางทะเล,สพป.อ่างทอง,อ่างทอง,เมืองอ่างทอง,13.0,100.6,120,6,10,quality,แดง\n"
    "9002,โรงเรียนเกาะใกล้,สพป.อ่างทอง,อ่างทอง,เมืองอ่างทอง,13.01,100.6,40,2,5,network,\n"
    "9003,โรงเรียนศูนย์ศูนย์,สพป.อ่างทอง,,,0,0,10,1,1,quality,เหลือง\n"
    "9004,โรงเรียนนอกชายฝั่ง,สพป.ชลบุรี,ชลบุรี,บางละมุง,12.9,100.6,50,3,4,quality,ฟ้า\n";

static const char *table_path(void)
{
    return write_temp("outside.csv", TABLE, sizeof TABLE - 1);
}

/* stderr: exactly the warnings for these ids (lines of the table), each
 * naming the table, the line, the school and the boundaries. */
static void assert_warnings(const char *err, const char *const *ids, const long *lines,
                            size_t n)
{
    if (count_lines(err) != n)
        fail_msg("want %zu warning lines, got:\n%s", n, err);
    for (size_t k = 0; k < n; k++) {
        char want[1600];
        snprintf(want, sizeof want,
                 "qsmap: %s:%ld: warning: quality school %s ", table_path(), lines[k], ids[k]);
        const char *w = strstr(err, want);
        if (!w)
            fail_msg("no warning '%s' in:\n%s", want, err);
        snprintf(want, sizeof want, " lies outside every district of %s (check its coordinates)\n",
                 BOUNDARIES);
        const char *end = strchr(w, '\n');
        const char *tail = strstr(w, want);
        if (!tail || tail + strlen(want) - 1 != end)
            fail_msg("warning line lacks '%s':\n%s", want, err);
    }
}

static cli_result run_outside(const char *out, const char *scope1, const char *scope2)
{
    return run_cli("--schools", table_path(), "--boundaries", BOUNDARIES, scope1, scope2, "-q",
                   "-o", out, NULL);
}

/* The sea school: its row under เมืองอ่างทอง, its network school found,
 * every row saying how its quality school was placed. */
static void assert_sea_school_listed(const char *csv)
{
    const char *header = strstr(csv, "district,adm2_pcode,quality_id");
    assert_non_null(header);
    char line[2000];
    assert_non_null(line_with(header, "\r\n", line, sizeof line));
    size_t hl = strlen(line);
    if (hl < 16 || strcmp(line + hl - 16, ",quality_located") != 0)
        fail_msg("header does not end in quality_located: %s", line);
    if (!line_with(csv, ",9001,โรงเรียนกลางทะเล,", line, sizeof line))
        fail_msg("the sea school 9001 is not in the table:\n%s", csv);
    if (!starts(line, "เมืองอ่างทอง,TH1501,9001,โรงเรียนกลางทะเล,แดง,9002,โรงเรียนเกาะใกล้,"))
        fail_msg("sea school row: %s", line);
    size_t ll = strlen(line);
    if (ll < 6 || strcmp(line + ll - 6, ",table") != 0)
        fail_msg("sea school row not marked table: %s", line);
    assert_non_null(line_with(csv, ",1015670023,โรงเรียนวัดโคศุภราช,", line, sizeof line));
    ll = strlen(line);
    if (ll < 8 || strcmp(line + ll - 8, ",polygon") != 0)
        fail_msg("polygon-located row not marked polygon: %s", line);
}

static void test_outside_province_run(void **state)
{
    (void)state;
    const char *out = temp_path("outside-province.csv");
    cli_result r = run_outside(out, "--province", "อ่างทอง");
    if (r.code != 0)
        fail_msg("exit %d: %s", r.code, r.err);
    /* 9004's own table puts it in Chon Buri: not this run's, no warning */
    static const char *const IDS[] = {"9001 โรงเรียนกลางทะเล", "9003 โรงเรียนศูนย์ศูนย์"};
    static const long LINES[] = {6, 8};
    assert_warnings(r.err, IDS, LINES, 2);
    cli_result_free(&r);
    char *csv = must_read(out);
    assert_sea_school_listed(csv);
    assert_null(strstr(csv, ",9003,"));
    assert_null(strstr(csv, ",9004,"));
    free(csv);
}

/* One district: the same placement (the table's district is the run's). */
static void test_outside_district_run(void **state)
{
    (void)state;
    const char *out = temp_path("outside-district.csv");
    cli_result r = run_outside(out, "--district", "TH1501");
    if (r.code != 0)
        fail_msg("exit %d: %s", r.code, r.err);
    static const char *const IDS[] = {"9001 โรงเรียนกลางทะเล", "9003 โรงเรียนศูนย์ศูนย์"};
    static const long LINES[] = {6, 8};
    assert_warnings(r.err, IDS, LINES, 2);
    cli_result_free(&r);
    char *csv = must_read(out);
    assert_sea_school_listed(csv);
    free(csv);
}

/* The whole country: 9004 is this run's too, under บางละมุง. */
static void test_outside_all_run(void **state)
{
    (void)state;
    const char *out = temp_path("outside-all.csv");
    cli_result r = run_cli("--schools", table_path(), "--boundaries", BOUNDARIES, "--all", "-q",
                           "-o", out, NULL);
    if (r.code != 0)
        fail_msg("exit %d: %s", r.code, r.err);
    static const char *const IDS[] = {"9001 โรงเรียนกลางทะเล", "9003 โรงเรียนศูนย์ศูนย์",
                                      "9004 โรงเรียนนอกชายฝั่ง"};
    static const long LINES[] = {6, 8, 9};
    assert_warnings(r.err, IDS, LINES, 3);
    cli_result_free(&r);
    char *csv = must_read(out);
    assert_sea_school_listed(csv);
    char line[2000];
    if (!line_with(csv, ",9004,", line, sizeof line) || !starts(line, "บางละมุง,TH2004,"))
        fail_msg("9004 not under บางละมุง: %s", csv);
    free(csv);
}

/* An office: its quality schools wherever they are, warned about each. */
static void test_outside_office_run(void **state)
{
    (void)state;
    const char *out = temp_path("outside-office.csv");
    cli_result r = run_cli("--schools", table_path(), "--boundaries", BOUNDARIES, "--office",
                           "สพป.อ่างทอง", "-q", "-o", out, NULL);
    if (r.code != 0)
        fail_msg("exit %d: %s", r.code, r.err);
    static const char *const IDS[] = {"9001 โรงเรียนกลางทะเล", "9003 โรงเรียนศูนย์ศูนย์"};
    static const long LINES[] = {6, 8};
    assert_warnings(r.err, IDS, LINES, 2);
    cli_result_free(&r);
    char *csv = must_read(out);
    assert_sea_school_listed(csv);
    assert_null(strstr(csv, ",1015670161,โรงเรียนสตรีอ่างทอง,")); /* another office's */
    free(csv);
}

/* A table's adm2_pcode column names the district before its name does. */
static void test_outside_placed_by_pcode(void **state)
{
    (void)state;
    static const char T[] =
        "school_id,name_th,adm2_pcode,latitude,longitude,role\n"
        "1015670163,โรงเรียนราชสถิตย์วิทยา,TH1502,14.664339,100.445645,quality\n"
        "9001,โรงเรียนกลางทะเล,TH1502,13.0,100.6,quality\n";
    const char *in = write_temp("pcode.csv", T, sizeof T - 1), *out = temp_path("pcode-out.csv");
    cli_result r = run_cli("--schools", in, "--boundaries", BOUNDARIES, "--province", "อ่างทอง",
                           "-q", "-o", out, NULL);
    if (r.code != 0)
        fail_msg("exit %d: %s", r.code, r.err);
    assert_int_equal(count_lines(r.err), 1);
    assert_non_null(strstr(r.err, ":3: warning: quality school 9001 "));
    cli_result_free(&r);
    char *csv = must_read(out);
    char line[2000];
    if (!line_with(csv, ",9001,", line, sizeof line) || !starts(line, "ไชโย,TH1502,9001,"))
        fail_msg("9001 not under ไชโย: %s", csv);
    free(csv);
}

/* Every other format gets the column; a map still frames the district. */
static void test_outside_other_formats(void **state)
{
    (void)state;
    const char *gj = temp_path("outside.geojson"), *png = temp_path("outside.png");
    cli_result r = run_cli("--schools", table_path(), "--boundaries", BOUNDARIES, "--district",
                           "TH1501", "-q", "-o", gj, "-o", png, "-o",
                           temp_path("outside.xlsx"), "--summary",
                           temp_path("outside-sum.csv"), NULL);
    if (r.code != 0)
        fail_msg("exit %d: %s", r.code, r.err);
    cli_result_free(&r);
    char *g = must_read(gj);
    assert_non_null(strstr(g, "\"quality_located\":\"table\""));
    assert_non_null(strstr(g, "\"quality_located\":\"polygon\""));
    free(g);
    char *sum = must_read(temp_path("outside-sum.csv"));
    char line[2000];
    if (!line_with(sum, ",9001,", line, sizeof line) || !strstr(line, ",table"))
        fail_msg("summary row of 9001: %s", sum);
    free(sum);
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/sharedStrings.xml", temp_path("outside.xlsx"));
    char *x = command_output(cmd);
    assert_non_null(strstr(x, ">table<"));
    free(x);
}

/* Without such a school nothing changes: no column, no warning. */
static void test_no_outside_no_column(void **state)
{
    (void)state;
    const char *out = temp_path("clean.csv");
    cli_result r = run_cli("--schools", test_data("variants/clean.csv"), "--boundaries",
                           BOUNDARIES, "--province", "อ่างทอง", "-q", "-o", out, NULL);
    assert_int_equal(r.code, 0);
    assert_int_equal(r.err_len, 0);
    cli_result_free(&r);
    char *csv = must_read(out);
    assert_null(strstr(csv, "quality_located"));
    free(csv);
}

/* ---- --quality of any length, and from a file ---------------------------- */

/* The default table as given, with its colour column renamed (so that
 * --quality, which has no colours, can give the same table), and again
 * with its role column renamed too. */
static void write_tables(char **with_role, char **without_role)
{
    qsmap_input in;
    qsmap_error err = {0};
    if (qsmap_input_open(SCHOOLS_GZ, SCHOOLS_GZ, &in, &err) != QSMAP_OK)
        fail_msg("%s: %s", SCHOOLS_GZ, err.msg);
    size_t len = in.len;
    char *text = malloc(len + 1);
    assert_non_null(text);
    memcpy(text, in.data, len);
    text[len] = '\0';
    qsmap_input_release(&in);
    char *nl = strchr(text, '\n');
    assert_non_null(nl);
    char *color = strstr(text, ",quality_color,"), *role = strstr(text, ",role,");
    assert_true(color && color < nl && role && role < nl);
    memcpy(color + 1, "given_color__", 13); /* the same length as quality_color */
    /* write_temp's names are reused after four calls: keep copies */
    *with_role = strdup(write_temp("no-colour.csv", text, len));
    memcpy(role + 1, "kind", 4);
    *without_role = strdup(write_temp("no-role.csv", text, len));
    free(text);
}

/* Every quality_id of a CSV (third field), each once, comma-joined. */
static char *quality_ids(const char *csv, size_t *count)
{
    char *ids = malloc(strlen(csv) + 1);
    assert_non_null(ids);
    size_t n = 0, used = 0;
    ids[0] = '\0';
    char last[64] = "";
    for (const char *p = strstr(csv, "\r\n") + 2; *p; p = strstr(p, "\r\n") + 2) {
        const char *f = strchr(strchr(p, ',') + 1, ',') + 1, *e = strchr(f, ',');
        char id[64];
        snprintf(id, sizeof id, "%.*s", (int)(e - f), f);
        if (strcmp(id, last) != 0) {
            used += (size_t)sprintf(ids + used, "%s%s", n ? "," : "", id);
            snprintf(last, sizeof last, "%s", id);
            n++;
        }
    }
    *count = n;
    return ids;
}

typedef struct {
    char *ref;  /* the --all CSV from the table's role column */
    char *ids;  /* its quality ids, comma-joined */
    size_t nids;
    char *without_role;
} quality_fixture;

static int quality_setup(void **state)
{
    quality_fixture *f = calloc(1, sizeof *f);
    char *with_role;
    write_tables(&with_role, &f->without_role);
    const char *out = temp_path("ref-all.csv");
    cli_result r = run_cli("--schools", with_role, "--boundaries", BOUNDARIES, "--all", "-q",
                           "-o", out, NULL);
    if (r.code != 0)
        fail_msg("exit %d: %s", r.code, r.err);
    cli_result_free(&r);
    free(with_role);
    f->ref = must_read(out);
    f->ids = quality_ids(f->ref, &f->nids);
    *state = f;
    return 0;
}

static int quality_teardown(void **state)
{
    quality_fixture *f = *state;
    free(f->ref);
    free(f->ids);
    free(f->without_role);
    free(f);
    return 0;
}

static void assert_same_as_ref(const quality_fixture *f, const char *quality, const char *name)
{
    const char *out = temp_path(name);
    cli_result r = run_cli("--schools", f->without_role, "--boundaries", BOUNDARIES, "--all",
                           "--quality", quality, "-q", "-o", out, NULL);
    if (r.code != 0)
        fail_msg("--quality (%zu bytes): exit %d: %s", strlen(quality), r.code, r.err);
    cli_result_free(&r);
    char *got = must_read(out);
    if (strcmp(got, f->ref) != 0) {
        size_t n;
        char *ids = quality_ids(got, &n);
        fail_msg("%s: %zu quality schools, want %zu", name, n, f->nids);
        free(ids);
    }
    free(got);
}

/* Every quality id of the national table (1,223 ids, 13 KB) on the command
 * line: the same table as the role column gives. */
static void test_quality_ids_any_length(void **state)
{
    quality_fixture *f = *state;
    assert_true(f->nids > 1000);
    assert_true(strlen(f->ids) > 3 * 4096);
    assert_same_as_ref(f, f->ids, "long-ids.csv");
}

/* @FILE: one id a line (blank lines and CRLF allowed), or a CSV whose
 * header names the school id column. */
static void test_quality_ids_from_file(void **state)
{
    quality_fixture *f = *state;
    size_t len = strlen(f->ids);
    char *lines = malloc(len + 16), *csv = malloc(len * 2 + f->nids * 16 + 64);
    assert_true(lines && csv);
    size_t n = (size_t)sprintf(lines, "\n");
    for (const char *p = f->ids; *p; p++)
        lines[n++] = *p == ',' ? '\n' : *p;
    n += (size_t)sprintf(lines + n, "\r\n\r\n");
    char at[1300];
    snprintf(at, sizeof at, "@%s", write_temp("ids.txt", lines, n));
    assert_same_as_ref(f, at, "file-ids.csv");

    n = (size_t)sprintf(csv, "\xEF\xBB\xBFชื่อโรงเรียน,รหัสโรงเรียน\r\n");
    for (const char *p = f->ids; *p;) {
        const char *e = strchr(p, ',');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        n += (size_t)sprintf(csv + n, "\"x, y\",%.*s\r\n", (int)k, p);
        p += k + (e ? 1 : 0);
    }
    snprintf(at, sizeof at, "@%s", write_temp("ids.csv", csv, n));
    assert_same_as_ref(f, at, "csv-ids.csv");
    free(lines);
    free(csv);
}

/* An id the table lacks: exit 4 and one line, with the file's line. */
static void test_quality_unknown_ids(void **state)
{
    quality_fixture *f = *state;
    static const char IDS[] = "school_id\n1015670161\n\n1234567890\n";
    const char *p = write_temp("bad-ids.csv", IDS, sizeof IDS - 1);
    char at[1300], want[1400];
    snprintf(at, sizeof at, "@%s", p);
    cli_result r = run_cli("--schools", f->without_role, "--boundaries", BOUNDARIES, "--all",
                           "--quality", at, "-q", "-o", temp_path("x.csv"), NULL);
    assert_int_equal(r.code, 4);
    assert_int_equal(count_lines(r.err), 1);
    snprintf(want, sizeof want, "qsmap: %s:4: ", p);
    if (strncmp(r.err, want, strlen(want)) != 0 || !strstr(r.err, "1234567890") ||
        !strstr(r.err, f->without_role))
        fail_msg("want '%s… 1234567890 … %s', got %s", want, f->without_role, r.err);
    cli_result_free(&r);

    /* on the command line, as before: the table named */
    char *ids = malloc(strlen(f->ids) + 16);
    sprintf(ids, "%s,1234567890", f->ids);
    r = run_cli("--schools", f->without_role, "--boundaries", BOUNDARIES, "--all", "--quality",
                ids, "-q", "-o", temp_path("x.csv"), NULL);
    free(ids);
    assert_int_equal(r.code, 4);
    snprintf(want, sizeof want, "qsmap: %s: --quality: no school with id 1234567890",
             f->without_role);
    if (strncmp(r.err, want, strlen(want)) != 0)
        fail_msg("want '%s', got %s", want, r.err);
    cli_result_free(&r);
}

/* A file qsmap cannot read ids from: exit 3, one line naming it. */
static void test_quality_bad_files(void **state)
{
    quality_fixture *f = *state;
    static const struct {
        const char *name, *text, *phrase;
        long line;
    } BAD[] = {
        {"no-such-ids.txt", NULL, "such file", 0},
        {"empty-ids.txt", "\n\n", "no school ids", 0},
        {"two-fields.csv", "1015670161\n1015670023,1015670022\n", "2 fields", 2},
        {"empty-id.csv", "school_id,name\n1015670161,a\n,b\n", "empty school id", 3},
    };
    for (size_t k = 0; k < sizeof BAD / sizeof BAD[0]; k++) {
        const char *p = BAD[k].text ? write_temp(BAD[k].name, BAD[k].text, strlen(BAD[k].text))
                                    : temp_path(BAD[k].name);
        char at[1300], want[1400];
        snprintf(at, sizeof at, "@%s", p);
        cli_result r = run_cli("--schools", f->without_role, "--boundaries", BOUNDARIES,
                               "--all", "--quality", at, "-q", "-o", temp_path("x.csv"), NULL);
        if (BAD[k].line)
            snprintf(want, sizeof want, "qsmap: %s:%ld: ", p, BAD[k].line);
        else
            snprintf(want, sizeof want, "qsmap: %s: ", p);
        if (r.code != 3 || count_lines(r.err) != 1 || strncmp(r.err, want, strlen(want)) != 0 ||
            !strstr(r.err, BAD[k].phrase))
            fail_msg("%s: exit %d, want 3, '%s…%s': %s", BAD[k].name, r.code, want,
                     BAD[k].phrase, r.err);
        cli_result_free(&r);
    }
}

/* The id file is an input: no output may replace it. */
static void test_quality_file_not_an_output(void **state)
{
    quality_fixture *f = *state;
    static const char IDS[] = "1015670161\n";
    const char *p = write_temp("ids-as-output.csv", IDS, sizeof IDS - 1);
    char at[1300];
    snprintf(at, sizeof at, "@%s", p);
    cli_result r = run_cli("--schools", f->without_role, "--boundaries", BOUNDARIES, "--all",
                           "--quality", at, "-q", "-o", p, NULL);
    assert_int_equal(r.code, 2);
    assert_int_equal(count_lines(r.err), 1);
    assert_non_null(strstr(r.err, "--quality"));
    cli_result_free(&r);
    char *now = must_read(p);
    assert_string_equal(now, IDS);
    free(now);
}

int main(void)
{
    const struct CMUnitTest outside[] = {
        cmocka_unit_test(test_outside_province_run),
        cmocka_unit_test(test_outside_district_run),
        cmocka_unit_test(test_outside_all_run),
        cmocka_unit_test(test_outside_office_run),
        cmocka_unit_test(test_outside_placed_by_pcode),
        cmocka_unit_test(test_outside_other_formats),
        cmocka_unit_test(test_no_outside_no_column),
    };
    const struct CMUnitTest quality[] = {
        cmocka_unit_test(test_quality_ids_any_length),
        cmocka_unit_test(test_quality_ids_from_file),
        cmocka_unit_test(test_quality_unknown_ids),
        cmocka_unit_test(test_quality_bad_files),
        cmocka_unit_test(test_quality_file_not_an_output),
    };
    int failed = cmocka_run_group_tests_name("outside every district", outside, NULL, NULL);
    failed += cmocka_run_group_tests_name("--quality", quality, quality_setup, quality_teardown);
    return failed;
}
