/* test_roles.c — --roles FILE (src/select/roles.c): the quality schools and
 * their colours from a list beside a table without roles; Thai headers; a
 * role column for listed network schools; every id the table lacks
 * reported with its line; bad colours and duplicates named at their line;
 * the table's own columns overridden; and, with the shared data, the real
 * EMIS sample mapped with its colours. */
#include "support.h"

#include "select/select.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char TABLE[] = "school_id,name_th,latitude,longitude,role,quality_color\n"
                            "1,ก,14.59,100.45,quality,แดง\n"
                            "2,ข,14.60,100.46,network,\n"
                            "3,ค,14.61,100.47,network,\n"
                            "4,ง,14.62,100.48,network,\n";

static qsmap_schools *table(void)
{
    qsmap_schools *s;
    qsmap_error err = {0};
    assert_int_equal(qsmap_schools_parse(TABLE, sizeof TABLE - 1, "t.csv", NULL, &s, &err),
                     QSMAP_OK);
    return s;
}

static qsmap_status apply(qsmap_schools *s, const char *name, const char *text,
                          qsmap_roles_result *res, qsmap_error *err)
{
    const char *path = write_temp(name, text, strlen(text));
    return qsmap_roles_apply(s, path, NULL, res, err);
}

static void test_list_sets_roles_and_colours(void **state)
{
    (void)state;
    qsmap_schools *s = table();
    qsmap_roles_result res;
    qsmap_error err = {0};
    assert_int_equal(apply(s, "roles.csv",
                           "รหัสโรงเรียน,ชื่อ,สี,สถานะ\n"
                           "2,ข,เขียว,\n"
                           "3,ค,purple,\n"
                           "4,ง,,เรียนรวม\n",
                           &res, &err),
                     QSMAP_OK);
    /* the list overrides the table: 1 is a network school now */
    assert_true(res.overrode);
    assert_int_equal(res.quality, 3);
    assert_int_equal(s->v[0].role, QSMAP_ROLE_NETWORK);
    assert_int_equal(s->v[0].color, QSMAP_COLOR_NONE);
    assert_int_equal(s->v[1].role, QSMAP_ROLE_QUALITY);
    assert_int_equal(s->v[1].color, QSMAP_COLOR_GREEN);
    assert_int_equal(s->v[2].color, QSMAP_COLOR_PURPLE);
    assert_int_equal(s->v[3].color, QSMAP_COLOR_NONE); /* listed without a colour */
    assert_true(s->has_role && s->has_participation);
    qsmap_roles_result_free(&res);
    qsmap_schools_free(s);
}

static void test_role_column_lists_network_schools(void **state)
{
    (void)state;
    qsmap_schools *s = table();
    qsmap_roles_result res;
    qsmap_error err = {0};
    assert_int_equal(apply(s, "roles2.csv",
                           "school_id,quality_color,role\n1,แดง,quality\n2,,เครือข่าย\n", &res,
                           &err),
                     QSMAP_OK);
    assert_int_equal(res.quality, 1);
    assert_int_equal(s->v[1].role, QSMAP_ROLE_NETWORK);
    assert_false(s->has_participation);
    qsmap_roles_result_free(&res);
    qsmap_schools_free(s);
}

static void test_every_missing_id_with_its_line(void **state)
{
    (void)state;
    qsmap_schools *s = table();
    qsmap_roles_result res;
    qsmap_error err = {0};
    assert_int_equal(apply(s, "missing.csv",
                           "school_id,quality_color\n1,แดง\n77,เขียว\n2,ฟ้า\n88,ม่วง\n", &res,
                           &err),
                     QSMAP_E_VALUE);
    assert_int_equal(res.nmissing, 2);
    assert_int_equal(res.missing[0].line, 3);
    assert_string_equal(res.missing[0].id, "77");
    assert_int_equal(res.missing[1].line, 5);
    assert_string_equal(res.missing[1].id, "88");
    assert_non_null(strstr(err.msg, "2 school ids"));
    qsmap_roles_result_free(&res);
    qsmap_schools_free(s);
}

static void test_bad_rows_named_at_their_line(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        qsmap_status st;
        long line;
        const char *says;
    } CASES[] = {
        {"school_id,quality_color\n1,แดง\n2,pink\n", QSMAP_E_VALUE, 3, "pink"},
        {"school_id,quality_color\n1,แดง\n1,เขียว\n", QSMAP_E_DUPLICATE, 3, "twice"},
        {"school_id,name\n1,ก\n", QSMAP_E_COLUMN, 1, "quality_color"},
        {"name,quality_color\nก,แดง\n", QSMAP_E_COLUMN, 1, "school_id"},
        {"school_id,quality_color\n1,แดง,extra\n", QSMAP_E_FORMAT, 2, "fields"},
        {"school_id,quality_color\n,แดง\n", QSMAP_E_VALUE, 2, "empty"},
        {"school_id,quality_color,role\n1,แดง,boss\n", QSMAP_E_VALUE, 2, "boss"},
        {"school_id,quality_color\n", QSMAP_E_EMPTY, 0, "names no school"},
    };
    for (size_t k = 0; k < sizeof CASES / sizeof *CASES; k++) {
        qsmap_schools *s = table();
        qsmap_roles_result res;
        qsmap_error err = {0};
        qsmap_status st = apply(s, "bad.csv", CASES[k].text, &res, &err);
        if (st != CASES[k].st || err.line != CASES[k].line || !strstr(err.msg, CASES[k].says))
            fail_msg("case %zu: status %d line %ld: %s", k, st, err.line, err.msg);
        qsmap_roles_result_free(&res);
        qsmap_schools_free(s);
    }
}

/* The real EMIS sample (51 schools, no role column) with a roles list:
 * the run maps พระนคร with the listed colours in the legend and table;
 * ids the sample lacks are each reported, exit 3, nothing written. */
static void test_emis_sample_with_roles(void **state)
{
    (void)state;
    const char *emis = shared_data("schools/emis_sample_2022.csv");
    if (!emis) {
        printf("skipped: ../shared/geodata/schools/emis_sample_2022.csv is absent\n");
        skip();
    }
    static const char ROLES[] = "รหัสโรงเรียน,ชื่อ,สี\n1010720019,วัดชนะสงคราม,เขียว\n"
                                "1010720040,สตรีวิทยา,ม่วง\n";
    const char *roles = write_temp("emis_roles.csv", ROLES, sizeof ROLES - 1);
    char csv[1200], pdf[1200];
    snprintf(csv, sizeof csv, "%s/emis.csv", temp_dir());
    snprintf(pdf, sizeof pdf, "%s/emis.pdf", temp_dir());
    cli_result r = run_cli("--schools", emis, "--roles", roles, "--district", "พระนคร", "-q",
                           "-o", csv, "-o", pdf, NULL);
    if (r.code != 0)
        fail_msg("exit %d: %s", r.code, r.err);
    cli_result_free(&r);
    char *out = read_all(csv, NULL);
    assert_non_null(strstr(out, ",1010720019,วัดชนะสงคราม,เขียว,"));
    assert_non_null(strstr(out, ",1010720040,สตรีวิทยา,ม่วง,"));
    free(out);
    char cmd[1300];
    snprintf(cmd, sizeof cmd, "pdftotext -raw -f 2 '%s' -", pdf);
    char *tables = command_output(cmd);
    assert_non_null(strstr(tables, "วัดชนะสงคราม"));
    assert_non_null(strstr(tables, "เขียว"));
    free(tables);

    static const char BAD[] = "school_id,quality_color\n1010720019,เขียว\n42,แดง\n43,แดง\n";
    const char *bad = write_temp("emis_bad.csv", BAD, sizeof BAD - 1);
    snprintf(csv, sizeof csv, "%s/emis-bad.csv", temp_dir());
    r = run_cli("--schools", emis, "--roles", bad, "--district", "พระนคร", "-o", csv, NULL);
    assert_int_equal(r.code, 3);
    assert_non_null(strstr(r.err, "emis_bad.csv:3: school id 42 is not in"));
    assert_non_null(strstr(r.err, "emis_bad.csv:4: school id 43 is not in"));
    assert_non_null(strstr(r.err, "2 school ids of the roles list are not in the table"));
    FILE *f = fopen(csv, "r");
    assert_null(f);
    cli_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_sets_roles_and_colours),
        cmocka_unit_test(test_role_column_lists_network_schools),
        cmocka_unit_test(test_every_missing_id_with_its_line),
        cmocka_unit_test(test_bad_rows_named_at_their_line),
        cmocka_unit_test(test_emis_sample_with_roles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
