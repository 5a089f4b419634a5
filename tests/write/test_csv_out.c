/* test_csv_out.c — the CSV writer over the row tables: a text cell that a
 * spreadsheet would read as a formula (= + - @, tab, CR first) is written
 * with a leading ', quoted as RFC 4180 wants, while number columns stay
 * numbers, negative ones included. A table of its own columns is written
 * here so that every kind of value can be given; the whole command is
 * tried on a school table too. */
#include "support.h"

#include "write/csv_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const TEXTS[] = {
    "=HYPERLINK(\"x\")", "-5 school", "+66 2 123", "@SUM(A1)", "\tTab", "\rCR",
    "โรงเรียน = ดี",     "a-b",       "",
};
#define NROWS (sizeof TEXTS / sizeof TEXTS[0])

static void g_text(const qsmap_report *r, const qsmap_row *rows, size_t n, int k,
                   qsmap_row_value *out)
{
    (void)r, (void)k;
    for (size_t j = 0; j < n; j++)
        out[j] = (qsmap_row_value){.text = TEXTS[rows[j].quality]};
}

static void g_int(const qsmap_report *r, const qsmap_row *rows, size_t n, int k,
                  qsmap_row_value *out)
{
    (void)r, (void)k;
    for (size_t j = 0; j < n; j++)
        out[j] = (qsmap_row_value){.n = -5 - (long)rows[j].quality};
}

static void g_metres(const qsmap_report *r, const qsmap_row *rows, size_t n, int k,
                     qsmap_row_value *out)
{
    (void)r, (void)rows, (void)k;
    for (size_t j = 0; j < n; j++)
        out[j] = (qsmap_row_value){.x = -1.5};
}

static const qsmap_row_col COLS[] = {
    {.key = "name", .kind = QSMAP_VAL_TEXT, .get = g_text},
    {.key = "count", .kind = QSMAP_VAL_INT, .get = g_int},
    {.key = "distance_m", .kind = QSMAP_VAL_METRES, .get = g_metres},
    {.key = "ratio", .kind = QSMAP_VAL_RATIO, .get = g_metres},
};

static size_t count(const qsmap_report *r)
{
    (void)r;
    return NROWS;
}

static void at(const qsmap_report *r, size_t first, size_t n, qsmap_row *out)
{
    (void)r;
    for (size_t j = 0; j < n; j++)
        out[j] = (qsmap_row){.quality = (uint32_t)(first + j)};
}

static const qsmap_row_table TABLE = {COLS, sizeof COLS / sizeof COLS[0], count, at};

static void test_formula_text_neutralised_numbers_kept(void **state)
{
    (void)state;
    char path[1100];
    snprintf(path, sizeof path, "%s/formula.csv", temp_dir());
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    qsmap_report r = {0};
    qsmap_sink sink = {.fp = fp, .path = path, .file = path};
    qsmap_error err = {0};
    assert_int_equal(qsmap_csv_write_rows(&sink, &r, &TABLE, &err), QSMAP_OK);
    fclose(fp);
    char *csv = read_all(path, NULL);
    assert_non_null(csv);
    static const char WANT[] = "\xEF\xBB\xBFname,count,distance_m,ratio\r\n"
                               "\"'=HYPERLINK(\"\"x\"\")\",-5,-1.5000,-1.50\r\n"
                               "'-5 school,-6,-1.5000,-1.50\r\n"
                               "'+66 2 123,-7,-1.5000,-1.50\r\n"
                               "'@SUM(A1),-8,-1.5000,-1.50\r\n"
                               "'\tTab,-9,-1.5000,-1.50\r\n"
                               "\"'\rCR\",-10,-1.5000,-1.50\r\n"
                               "โรงเรียน = ดี,-11,-1.5000,-1.50\r\n"
                               "a-b,-12,-1.5000,-1.50\r\n"
                               ",-13,-1.5000,-1.50\r\n";
    if (strcmp(csv, WANT) != 0)
        fail_msg("CSV differs:\n%s\nwant:\n%s", csv, WANT);
    free(csv);
}

/* The command: school names in the pairs and the summary, the distance
 * column as it always was. */
static void test_cli_csv_names_neutralised(void **state)
{
    (void)state;
    static const char TABLE_CSV[] =
        "school_id,name_th,latitude,longitude,students,teachers,area_rai,role,quality_color\n"
        "9000000001,-quality,14.5896,100.455,401,20,30.5,quality,เขียว\n"
        "9100000001,\"=HYPERLINK(\"\"x\"\")\",14.60,100.455,101,8,12.5,network,\n"
        "9100000002,-5 school,14.61,100.455,102,8,12.5,network,\n";
    const char *schools = write_temp("formula_schools.csv", TABLE_CSV, sizeof TABLE_CSV - 1);
    char pairs[1100], summary[1100];
    snprintf(pairs, sizeof pairs, "%s/formula_pairs.csv", temp_dir());
    snprintf(summary, sizeof summary, "%s/formula_summary.csv", temp_dir());
    cli_result r = run_cli("--schools", schools, "--boundaries", QSMAP_GEODATA "/tha_adm2.shp",
                           "--district", "TH1501", "-q", "-o", pairs, "--summary", summary,
                           NULL);
    if (r.code != 0)
        fail_msg("qsmap failed: %s", r.err);
    cli_result_free(&r);
    char *p = read_all(pairs, NULL), *s = read_all(summary, NULL);
    assert_non_null(p);
    assert_non_null(s);
    assert_non_null(strstr(p, ",'-quality,เขียว,9100000001,\"'=HYPERLINK(\"\"x\"\")\","));
    assert_non_null(strstr(p, ",9100000001,\"'=HYPERLINK(\"\"x\"\")\",เมืองอ่างทอง,1150.7061,"));
    assert_non_null(strstr(p, ",9100000002,'-5 school,เมืองอ่างทอง,2257.1552,"));
    assert_non_null(strstr(s, ",9000000001,'-quality,เขียว,401,20,30.5,2,"));
    assert_null(strstr(p, ",=HYPERLINK"));
    assert_null(strstr(p, ",-5 school"));
    free(p);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formula_text_neutralised_numbers_kept),
        cmocka_unit_test(test_cli_csv_names_neutralised),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
