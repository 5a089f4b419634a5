/* test_print.c — print-ready pages and quiet runs (issue 14):
 *   - the three district names the old 50-byte DBF field cut short resolve
 *     whole on the default dataset, and the shipped school table spells them
 *     whole;
 *   - -q prints nothing at all on a good run, an atlas included;
 *   - the progress bar clears the rest of its line, so a shorter line leaves
 *     no characters of a longer one behind;
 *   - the map's fine print names the school table by its file name, not its
 *     folders;
 *   - --date is in the footer of the table pages too;
 *   - a quality school without a readiness colour gets a legend line, and a
 *     map without one does not. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BOUNDARIES QSMAP_GEODATA "/tha_adm2.shp"

/* pdftotext -raw of pages first..last of a PDF (last 0: to the end). */
static char *pdf_text(const char *pdf, int first, int last)
{
    char cmd[1400];
    if (last)
        snprintf(cmd, sizeof cmd, "pdftotext -raw -f %d -l %d '%s' -", first, last, pdf);
    else
        snprintf(cmd, sizeof cmd, "pdftotext -raw -f %d '%s' -", first, pdf);
    return command_output(cmd);
}

static const char *temp_path(const char *name)
{
    static char p[1200]; /* one at a time, per test process */
    snprintf(p, sizeof p, "%s/%s", temp_dir(), name);
    return p;
}

/* ---- 1. whole district names ------------------------------------------ */

static void test_whole_district_names(void **state)
{
    (void)state;
    static const char *const NAMES[][2] = {{"เมืองสุราษฎร์ธานี", "TH8401"},
                                           {"เมืองประจวบคีรีขันธ์", "TH7701"},
                                           {"ป้อมปราบศัตรูพ่าย", "TH1008"}};
    for (size_t k = 0; k < 3; k++) {
        char csv[1200];
        snprintf(csv, sizeof csv, "%s", temp_path("names.csv"));
        cli_result r = run_cli("--district", NAMES[k][0], "-q", "-o", csv, NULL);
        if (r.code != 0)
            fail_msg("--district %s: exit %d: %s", NAMES[k][0], r.code, r.err);
        cli_result_free(&r);
        char *text = read_all(csv, NULL);
        assert_non_null(text);
        /* every row's district column is the whole name, with its pcode */
        char row[200];
        snprintf(row, sizeof row, "\n%s,%s,", NAMES[k][0], NAMES[k][1]);
        char *nl = strchr(text, '\n');
        assert_non_null(nl);
        if (nl[1] && !strstr(text, row))
            fail_msg("%s: the pairs CSV lacks \"%s\"", NAMES[k][0], row + 1);
        free(text);
    }
    /* the Bangkok district next to the one the fix was first put on keeps its name */
    cli_result r = run_cli("--district", "หนองจอก", "-q", "-o", temp_path("nc.csv"), NULL);
    assert_int_equal(r.code, 0);
    cli_result_free(&r);
}

static void test_school_table_spells_names_whole(void **state)
{
    (void)state;
    char cmd[1400];
    snprintf(cmd, sizeof cmd,
             "zcat '%s/schools_th.csv.gz' | awk -F, '$9==\"TH8401\"||$9==\"TH7701\"{print $7}'"
             " | sort | uniq -c",
             QSMAP_GEODATA);
    char *out = command_output(cmd);
    if (!strstr(out, " 3 เมืองสุราษฎร์ธานี\n") || !strstr(out, " 7 เมืองประจวบคีรีขันธ์\n") ||
        strstr(out, "เมืองสุราษฎร์ธาน\n") || strstr(out, "เมืองประจวบคีรีข\n"))
        fail_msg("district column of TH8401/TH7701:\n%s", out);
    free(out);
}

/* ---- 2. -q ---------------------------------------------------------------- */

static void test_quiet_atlas_prints_nothing(void **state)
{
    (void)state;
    cli_result r = run_cli("--province", "อ่างทอง", "-q", "-o", temp_path("quiet.pdf"), NULL);
    assert_int_equal(r.code, 0);
    if (r.err_len || r.out_len)
        fail_msg("-q printed: stdout \"%s\" stderr \"%s\"", r.out, r.err);
    cli_result_free(&r);
    /* without -q the atlas line stays */
    r = run_cli("--province", "อ่างทอง", "-o", temp_path("loud.pdf"), NULL);
    assert_int_equal(r.code, 0);
    assert_non_null(strstr(r.err, "qsmap: atlas 7 อำเภอ"));
    cli_result_free(&r);
}

/* ---- 3. the progress bar ------------------------------------------------- */

static void test_progress_clears_its_line(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    assert_non_null(fp);
    cli_progress p = cli_progress_start(fp);
    p.tty = true;
    p.t0 -= 500e3; /* 500 s ago: a long "เหลือราว" first, then a short one */
    cli_progress_show(&p, 1, 1000);
    cli_progress_show(&p, 999, 1000);
    cli_progress_show(&p, 1000, 1000);
    fclose(fp);
    /* each line: "\r", the text, then "erase to end of line" */
    size_t lines = 0;
    for (char *c = strchr(buf, '\r'); c; c = strchr(c + 1, '\r')) {
        char *end = strpbrk(c + 1, "\r\n");
        size_t n = end ? (size_t)(end - c) : strlen(c);
        if (n < 4 || memcmp(c + n - 3, "\033[K", 3) != 0)
            fail_msg("line %zu does not clear its end: \"%.*s\"", lines + 1, (int)n - 1, c + 1);
        lines++;
    }
    assert_int_equal(lines, 3);
    assert_int_equal(buf[len - 1], '\n');
    free(buf);
}

/* ---- 4. the fine print's file name -------------------------------------- */

static void test_fine_print_names_the_file_only(void **state)
{
    (void)state;
    char dir[1200], csv[1300], cmd[3000];
    snprintf(dir, sizeof dir, "%s/deep/dir", temp_dir());
    snprintf(csv, sizeof csv, "%s/x.csv", dir);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s' '%s'", dir,
             test_data("edge_schools.csv"), csv);
    assert_int_equal(system(cmd), 0);
    char pdf[1200];
    snprintf(pdf, sizeof pdf, "%s", temp_path("fine.pdf"));
    cli_result r = run_cli("--schools", csv, "--boundaries", BOUNDARIES, "--district", "TH1501",
                           "-q", "-o", pdf, NULL);
    if (r.code != 0)
        fail_msg("exit %d: %s", r.code, r.err);
    cli_result_free(&r);
    char *text = pdf_text(pdf, 1, 1);
    assert_non_null(strstr(text, "ข้อมูลโรงเรียน: x.csv"));
    if (strstr(text, "/deep/dir/"))
        fail_msg("the fine print shows the folders:\n%s", text);
    /* every quality school here has a colour: no "no colour" line */
    assert_null(strstr(text, "ไม่ระบุสี"));
    free(text);
}

/* ---- 5. --date on the table pages ---------------------------------------- */

static void test_date_on_table_pages(void **state)
{
    (void)state;
    char pdf[1200];
    snprintf(pdf, sizeof pdf, "%s", temp_path("dated.pdf"));
    cli_result r = run_cli("--district", "TH1501", "--date", "2026-11-24", "-q", "-o", pdf, NULL);
    assert_int_equal(r.code, 0);
    cli_result_free(&r);
    char *text = pdf_text(pdf, 2, 0);
    assert_non_null(strstr(text, "วันที่ 2026-11-24"));
    assert_non_null(strstr(text, "ข้อมูลตัวอย่าง (ตำแหน่งสมมติ)"));
    free(text);
    /* no --date: no date on them */
    r = run_cli("--district", "TH1501", "-q", "-o", pdf, NULL);
    assert_int_equal(r.code, 0);
    cli_result_free(&r);
    text = pdf_text(pdf, 2, 0);
    assert_null(strstr(text, "วันที่"));
    free(text);
}

/* ---- 6. a quality school without a colour --------------------------------- */

static void test_uncoloured_quality_school_in_legend(void **state)
{
    (void)state;
    static const char TABLE[] = "school_id,name_th,latitude,longitude,students,teachers\n"
                                "9000000001,โรงเรียนทดสอบคุณภาพ,14.5896,100.455,401,20\n"
                                "9100000001,โรงเรียนทดสอบเครือข่าย,14.6000,100.450,101,8\n";
    const char *csv = write_temp("uncoloured.csv", TABLE, sizeof TABLE - 1);
    char pdf[1200];
    snprintf(pdf, sizeof pdf, "%s", temp_path("uncoloured.pdf"));
    cli_result r = run_cli("--schools", csv, "--boundaries", BOUNDARIES, "--district", "TH1501",
                           "--quality", "9000000001", "-q", "-o", pdf, NULL);
    if (r.code != 0)
        fail_msg("exit %d: %s", r.code, r.err);
    cli_result_free(&r);
    char *text = pdf_text(pdf, 1, 1);
    assert_non_null(strstr(text, "ไม่ระบุสี"));
    free(text);
}

/* An office atlas (issue 14): every district where the office has schools
 * is in the index, one whose only quality school is another office's says
 * so by name; that other office's quality school is labelled and has its
 * own legend entry;
 * the cover shades districts by their number of quality schools and names
 * them. */
static void test_office_atlas_index_and_cover(void **state)
{
    (void)state;
    char pdf[1200];
    snprintf(pdf, sizeof pdf, "%s", temp_path("office-atlas.pdf"));
    cli_result r = run_cli("--office", "สพป.อ่างทอง", "-q", "-o", pdf, NULL);
    if (r.code != 0)
        fail_msg("exit %d: %s", r.code, r.err);
    cli_result_free(&r);
    char *cover = pdf_text(pdf, 1, 1), *index = pdf_text(pdf, 2, 2);
    static const char *const DISTRICTS[] = {"เมืองอ่างทอง", "ไชโย", "ป่าโมก", "โพธิ์ทอง",
                                            "แสวงหา", "วิเศษชัยชาญ", "สามโก้"};
    for (int k = 1; k <= 7; k++) { /* pdftotext may split a name's marks: pcodes */
        char pcode[8];
        snprintf(pcode, sizeof pcode, "TH150%d", k);
        if (!strstr(index, pcode))
            fail_msg("the index lacks %s", pcode);
    }
    assert_non_null(strstr(index, "TH1504 โพธิ์ทอง (อ่างทอง) — ไม่มีโรงเรียนคุณภาพของ สพป.อ่างทอง"));
    assert_non_null(strstr(cover, "3 แห่งขึ้นไป"));
    /* the cover's names: pdftotext may split a name's marks, so count the
     * district names found whole and expect most */
    size_t named = 0;
    for (size_t k = 0; k < 7; k++)
        named += strstr(cover, DISTRICTS[k]) != NULL;
    assert_true(named >= 5);
    free(cover);
    free(index);
    /* เมืองอ่างทอง's map page (3): สตรีอ่างทอง is สพม.'s */
    char *map = pdf_text(pdf, 3, 3);
    assert_non_null(strstr(map, "โรงเรียนคุณภาพของสังกัดอื่น"));
    assert_non_null(strstr(map, "โรงเรียนสตรีอ่างทอง")); /* and named */
    free(map);
    /* a district map without another office's quality school has no such
     * entry: the province run knows no office */
    snprintf(pdf, sizeof pdf, "%s", temp_path("no-office.pdf"));
    r = run_cli("--district", "เมืองอ่างทอง", "-q", "-o", pdf, NULL);
    assert_int_equal(r.code, 0);
    cli_result_free(&r);
    map = pdf_text(pdf, 1, 1);
    assert_null(strstr(map, "สังกัดอื่น"));
    free(map);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_district_names),
        cmocka_unit_test(test_school_table_spells_names_whole),
        cmocka_unit_test(test_quiet_atlas_prints_nothing),
        cmocka_unit_test(test_progress_clears_its_line),
        cmocka_unit_test(test_fine_print_names_the_file_only),
        cmocka_unit_test(test_date_on_table_pages),
        cmocka_unit_test(test_uncoloured_quality_school_in_legend),
        cmocka_unit_test(test_office_atlas_index_and_cover),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
