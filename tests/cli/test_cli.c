/* test_cli.c — the qsmap command end to end on the shipped default dataset:
 * options, the CSV layout, default file names, the summary, exit codes, and
 * that a failed run writes nothing. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static void test_help_lists_every_option(void **state)
{
    (void)state;
    cli_result r = run_cli("--help", NULL);
    assert_int_equal(r.code, 0);
    static const char *const OPTS[] = {"--district", "--province", "--radius", "--schools",
                                       "--boundaries", "-o", "--quality", "--encoding",
                                       "--quiet", "--version", "--dpi", "--thai-digits",
                                       "--date", ".pdf", ".png", "exit status"};
    for (size_t i = 0; i < sizeof OPTS / sizeof OPTS[0]; i++)
        if (!strstr(r.out, OPTS[i]))
            fail_msg("--help does not mention %s", OPTS[i]);
    cli_result_free(&r);
    r = run_cli("--version", NULL);
    assert_int_equal(r.code, 0);
    assert_non_null(strstr(r.out, QSMAP_VERSION));
    cli_result_free(&r);
}

static void test_usage_errors_exit_2(void **state)
{
    (void)state;
    static const char *const BAD[][3] = {
        {"--frobnicate", NULL, NULL},
        {"--district", "TH1501", "--radius"},
        {"--radius", "-5km", NULL},
        {"--radius", "5 miles", NULL},
        {"--radius", "150km", NULL},
        {NULL, NULL, NULL}, /* no district */
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        cli_result r = run_cli(BAD[i][0], BAD[i][1], BAD[i][2], NULL);
        if (r.code != 2)
            fail_msg("case %zu: exit %d, stderr %s", i, r.code, r.err);
        assert_true(strncmp(r.err, "qsmap: ", 7) == 0);
        assert_int_equal(strchr(r.err, '\n') - r.err + 1, (long)strlen(r.err)); /* one line */
        cli_result_free(&r);
    }
}

static void test_unknown_district_exit_4_with_suggestion(void **state)
{
    (void)state;
    cli_result r = run_cli("--district", "เมืองอ่างทอน", "-o", "-", NULL);
    assert_int_equal(r.code, 4);
    assert_non_null(strstr(r.err, "เมืองอ่างทอง"));
    cli_result_free(&r);
}

static void test_csv_to_stdout_layout(void **state)
{
    (void)state;
    cli_result r = run_cli("--province", "อ่างทอง", "--district", "สามโก้", "-o", "-", NULL);
    assert_int_equal(r.code, 0);
    const char *header = "\xEF\xBB\xBF"
                         "district,adm2_pcode,quality_id,quality_name,quality_color,network_id,"
                         "network_name,network_district,distance_m,area_rai,students,teachers,"
                         "quality_count,nearest_quality_id,data_note\r\n";
    assert_true(strncmp(r.out, header, strlen(header)) == 0);
    /* 13 network pairs (PostGIS reference), every row says the data is sample. */
    size_t rows = 0;
    for (const char *p = r.out + strlen(header); (p = strstr(p, "\r\n")); p += 2)
        rows++;
    assert_int_equal(rows, 13);
    assert_non_null(strstr(r.out, "สามโก้,TH1507,"));
    assert_non_null(strstr(r.out, "ข้อมูลตัวอย่าง (ตำแหน่งสมมติ)\r\n"));
    /* distance with 4 decimals */
    const char *row = strstr(r.out, "\r\n") + 2;
    int commas = 0;
    const char *p = row;
    while (commas < 8 && *p)
        commas += *p++ == ',';
    const char *dot = strchr(p, '.');
    assert_non_null(dot);
    assert_int_equal(strchr(p, ',') - dot, 5);
    cli_result_free(&r);
}

static void test_default_output_name_and_summary(void **state)
{
    (void)state;
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof cwd));
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/default", temp_dir());
    mkdir(dir, 0755);
    assert_int_equal(chdir(dir), 0);
    cli_result r = run_cli("--district", "เมืองอ่างทอง", "--radius", "5km", NULL);
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(r.code, 0);
    char path[1200];
    static const char *const EXT[] = {"csv", "pdf", "png"};
    for (int k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "%s/เมืองอ่างทอง-5km.%s", dir, EXT[k]);
        if (!exists(path))
            fail_msg("no %s", path);
    }
    /* how many labels are away from their marker is printed */
    assert_non_null(strstr(r.out, "วางที่จุดไม่ได้ "));
    assert_non_null(strstr(r.out, "โรงเรียนสตรีอ่างทอง"));
    assert_non_null(strstr(r.out, "[ม่วง]"));
    assert_non_null(strstr(r.out, "โรงเรียนเครือข่าย 9 แห่ง"));
    cli_result_free(&r);
}

static void test_failed_run_leaves_existing_file_untouched(void **state)
{
    (void)state;
    const char *keep = write_temp("keep.csv", "old contents\n", 13);
    char missing_dir[1100];
    snprintf(missing_dir, sizeof missing_dir, "%s/no/such/dir/x.csv", temp_dir());
    /* The second output cannot be written: neither may appear or change. */
    cli_result r = run_cli("--district", "TH1501", "-o", keep, "-o", missing_dir, NULL);
    assert_int_equal(r.code, 5);
    assert_non_null(strstr(r.err, "does not exist"));
    char *now = read_all(keep, NULL);
    assert_string_equal(now, "old contents\n");
    free(now);
    assert_false(exists(missing_dir));
    cli_result_free(&r);
    /* An unknown district fails before anything is written. */
    r = run_cli("--district", "ไม่มีอำเภอนี้", "-o", keep, NULL);
    assert_int_equal(r.code, 4);
    now = read_all(keep, NULL);
    assert_string_equal(now, "old contents\n");
    free(now);
    cli_result_free(&r);
}

static void test_unknown_output_extension(void **state)
{
    (void)state;
    cli_result r = run_cli("--district", "TH1501", "-o", "map.odt", NULL);
    assert_int_equal(r.code, 2);
    assert_non_null(strstr(r.err, ".odt"));
    cli_result_free(&r);
}

/* The installed binary, not just the library, must find the default data. */
static void test_binary_runs_headline(void **state)
{
    (void)state;
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cd %s && %s --district เมืองอ่างทอง --radius 5km -q -o bin.csv",
             temp_dir(), QSMAP_BINARY);
    assert_int_equal(system(cmd), 0);
    char path[1100];
    snprintf(path, sizeof path, "%s/bin.csv", temp_dir());
    size_t len;
    char *csv = read_all(path, &len);
    assert_non_null(csv);
    assert_non_null(strstr(csv, "เมืองอ่างทอง,TH1501,"));
    free(csv);
}

/* The executable maps no cairo, Pango or libxlsxwriter: the renderer is a
 * module loaded for maps and workbooks only (render/module.h), so a CSV run
 * does not pay for ~35 more libraries. The module draws the map. */
static void test_binary_loads_renderer_only_for_maps(void **state)
{
    (void)state;
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "ldd %s", QSMAP_BINARY);
    char *libs = command_output(cmd);
    assert_non_null(libs);
    assert_non_null(strstr(libs, "libgeos_c"));
    assert_null(strstr(libs, "libcairo"));
    assert_null(strstr(libs, "libpango"));
    assert_null(strstr(libs, "libxlsxwriter"));
    free(libs);
    snprintf(cmd, sizeof cmd, "cd %s && %s --district TH1501 -q -o module.png", temp_dir(),
             QSMAP_BINARY);
    assert_int_equal(system(cmd), 0);
    char path[1100];
    snprintf(path, sizeof path, "%s/module.png", temp_dir());
    size_t len;
    char *png = read_all(path, &len);
    assert_non_null(png);
    assert_true(len > 100000 && memcmp(png, "\x89PNG", 4) == 0);
    free(png);
}

/* A copy of the executable with no module beside it (nor where an install
 * has it) still writes CSV, and for a map says what is missing and where it
 * looked, writing nothing. */
static void test_binary_without_module_names_it(void **state)
{
    (void)state;
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "unset QSMAP_MODULE_DIR; "
             "mkdir -p %1$s/lonely && cp %2$s %1$s/lonely/qsmap && cd %1$s/lonely && "
             "./qsmap --district TH1501 -q -o lonely.csv && "
             "{ ./qsmap --district TH1501 -q -o lonely.pdf 2>&1; echo \"exit $?\"; ls; }",
             temp_dir(), QSMAP_BINARY);
    char *out = command_output(cmd);
    assert_non_null(out);
    assert_non_null(strstr(out, "qsmap-render.so is missing"));
    char beside[1100];
    snprintf(beside, sizeof beside, "%s/lonely/)", temp_dir()); /* where it looked, named */
    assert_non_null(strstr(out, beside));
    assert_non_null(strstr(out, "lonely.csv"));
    assert_null(strstr(out, "lonely.pdf\n"));
    assert_null(strstr(out, "exit 0"));
    free(out);
}

/* --timings names every stage the issue asks for, with a time, on stderr. */
static void test_timings_name_each_stage(void **state)
{
    (void)state;
    cli_result r = run_cli("--province", "อ่างทอง", "--timings", "-q", "-o", "-", NULL);
    assert_int_equal(r.code, 0);
    static const char *const STAGES[] = {
        "school table: read, UTF-8 check, parse", "shapefile: read, rings, district grid",
        "both loaded", "point in polygon: quality schools",
        "join: network schools within the radius", "overlaps and nearest quality school",
        "point in polygon: network schools in pairs", "report", "write outputs"};
    for (size_t k = 0; k < sizeof STAGES / sizeof STAGES[0]; k++) {
        const char *at = strstr(r.err, STAGES[k]);
        if (!at)
            fail_msg("no '%s' in: %s", STAGES[k], r.err);
        const char *line = at;
        while (line > r.err && line[-1] != '\n')
            line--;
        double ms = -1;
        assert_int_equal(sscanf(line, "qsmap: time %lf ms", &ms), 1);
        assert_true(ms >= 0);
    }
    assert_non_null(strstr(r.out, "district,adm2_pcode")); /* the CSV still on stdout */
    cli_result_free(&r);
}

static void test_office_batch(void **state)
{
    (void)state;
    /* the 6 quality schools of สพป.อ่างทอง, matched ignoring spaces and dots */
    cli_result r = run_cli("--office", "สพป. อ่างทอง", "-q", "-o", "-", NULL);
    assert_int_equal(r.code, 0);
    size_t quality = 0;
    const char *prev = NULL;
    for (const char *p = strstr(r.out, "\r\n"); p && p[2]; p = strstr(p + 2, "\r\n")) {
        const char *q = p + 2;
        for (int k = 0; k < 2; k++)
            q = strchr(q, ',') + 1; /* quality_id is the 3rd field */
        if (!prev || strncmp(prev, q, 10) != 0)
            quality++;
        prev = q;
    }
    assert_int_equal(quality, 6);
    cli_result_free(&r);
    /* A made-up office: the closest names, secondary offices first. */
    r = run_cli("--office", "สพม.เขต 55", "-o", "-", NULL);
    assert_int_equal(r.code, 4);
    assert_non_null(strstr(r.err, "(closest: สพม.เขต 5(สิงห์บุรี-ลพบุรี-ชัยนาท-อ่างทอง)"));
    cli_result_free(&r);
}

/* Today's name of a secondary office finds the 2022 registry's regional
 * office through geodata/office_aliases.csv, restricted to its provinces:
 * Ang Thong's 7 สพม. quality schools and Sing Buri's, none of Lop Buri's
 * or Chai Nat's (the other provinces of สพม.เขต 5). */
static void test_office_alias_of_today(void **state)
{
    (void)state;
    cli_result r = run_cli("--office", "สพม.สิงห์บุรี อ่างทอง", "-q", "-o", "-", NULL);
    assert_int_equal(r.code, 0);
    /* adm2_pcode, the 2nd field: TH15 Ang Thong, TH17 Sing Buri, TH16 Lop
     * Buri, TH18 Chai Nat */
    size_t ang_thong = 0, sing_buri = 0, others = 0;
    for (const char *p = strstr(r.out, "\r\n"); p && p[2]; p = strstr(p + 2, "\r\n")) {
        const char *pcode = strchr(p + 2, ',') + 1;
        ang_thong += !strncmp(pcode, "TH15", 4);
        sing_buri += !strncmp(pcode, "TH17", 4);
        others += !strncmp(pcode, "TH16", 4) || !strncmp(pcode, "TH18", 4);
    }
    assert_int_equal(others, 0);
    assert_true(ang_thong > 0 && sing_buri > 0);
    cli_result_free(&r);
    /* the registry's own name without its brackets */
    r = run_cli("--office", "สพม.เขต 5", "-q", "-o", "-", NULL);
    assert_int_equal(r.code, 0);
    assert_non_null(strstr(r.out, ",TH16")); /* Lop Buri's too */
    cli_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help_lists_every_option),
        cmocka_unit_test(test_usage_errors_exit_2),
        cmocka_unit_test(test_unknown_district_exit_4_with_suggestion),
        cmocka_unit_test(test_csv_to_stdout_layout),
        cmocka_unit_test(test_default_output_name_and_summary),
        cmocka_unit_test(test_failed_run_leaves_existing_file_untouched),
        cmocka_unit_test(test_unknown_output_extension),
        cmocka_unit_test(test_binary_runs_headline),
        cmocka_unit_test(test_binary_loads_renderer_only_for_maps),
        cmocka_unit_test(test_binary_without_module_names_it),
        cmocka_unit_test(test_timings_name_each_stage),
        cmocka_unit_test(test_office_batch),
        cmocka_unit_test(test_office_alias_of_today),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
