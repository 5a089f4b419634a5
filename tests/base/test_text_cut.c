/* test_text_cut.c — text that fixed buffers cut is still UTF-8: Thai digits
 * into a short buffer, a district title, an error message and its one-line
 * form, a school table's path, a --radius unit, each tried at every buffer size so that the
 * cut falls in every byte of a Thai letter. */
#include "support.h"

#include "base/number.h"
#include "catchment/radius.h"

#include <stdlib.h>
#include <string.h>

/* Thai letters (3 bytes each) with digits among them. */
static const char THAI[] = "โรงเรียนบ้าน 12 หนองบัว 345 วิทยา";

static void assert_utf8(const char *s, const char *what, size_t size)
{
    size_t len = strlen(s);
    if (qsmap_utf8_invalid_at(s, len) != len)
        fail_msg("%s cut into %zu bytes is not UTF-8 (byte %zu of %zu)", what, size,
                 qsmap_utf8_invalid_at(s, len), len);
}

static void test_thai_digits_cut_between_letters(void **state)
{
    (void)state;
    for (int thai = 0; thai <= 1; thai++)
        for (size_t size = 1; size < 3 * sizeof THAI + 8; size++) {
            char *out = malloc(size);
            assert_non_null(out);
            qsmap_number_digits(THAI, thai, out, size);
            assert_true(strlen(out) < size);
            assert_utf8(out, thai ? "Thai digits" : "digits", size);
            free(out);
        }
}

static void test_district_title_cut_between_letters(void **state)
{
    (void)state;
    qsmap_district d = {.name_th = "ป่าโมก", .province_th = "อ่างทอง", .province_pcode = "TH15"};
    qsmap_district bkk = {.name_th = "ปทุมวัน", .province_th = "กรุงเทพมหานคร",
                          .province_pcode = "TH10"};
    char full[200];
    qsmap_district_title(&d, full, sizeof full);
    assert_string_equal(full, "อำเภอป่าโมก จังหวัดอ่างทอง");
    for (size_t size = 1; size < sizeof full; size++) {
        char buf[200];
        qsmap_district_title(&d, buf, size);
        assert_utf8(buf, "district title", size);
        assert_true(strncmp(full, buf, strlen(buf)) == 0);
        qsmap_district_title(&bkk, buf, size);
        assert_utf8(buf, "Bangkok district title", size);
    }
}

/* A message quoting a long Thai value fills err->msg; its file is a long
 * Thai path. Both, and the line the CLI prints, stay UTF-8. */
static void test_error_message_cut_between_letters(void **state)
{
    (void)state;
    for (size_t shift = 0; shift < 3; shift++) {
        /* 0, 1 or 2 ASCII bytes first: the cut falls in each byte of a letter */
        char value[3000], path[1500];
        snprintf(value, sizeof value, "%.*s", (int)shift, "ab");
        snprintf(path, sizeof path, "/tmp/%.*s", (int)shift, "ab");
        while (strlen(value) + sizeof THAI < sizeof value)
            strcat(value, THAI);
        while (strlen(path) + 20 < sizeof path)
            strcat(path, "ข้อมูล/");
        qsmap_error err = {0};
        qsmap_error_set(&err, QSMAP_E_VALUE, path, 3, "name '%s' is bad", value);
        assert_utf8(err.msg, "error message", sizeof err.msg);
        assert_utf8(err.file, "error file", sizeof err.file);
        for (size_t size = 1; size < 200; size++) {
            char line[200];
            qsmap_error_format(&err, line, size);
            assert_utf8(line, "formatted error", size);
        }
    }
}

/* The fine print of a map names the school table by its path, kept in a
 * fixed field of the table. */
static void test_school_table_path_cut_between_letters(void **state)
{
    (void)state;
    static const char CSV[] = "school_id,name_th,latitude,longitude\n1,ก,13.7,100.5\n";
    for (size_t shift = 0; shift < 3; shift++) {
        char path[1500];
        snprintf(path, sizeof path, "/%.*s", (int)shift, "ab");
        while (strlen(path) + 20 < sizeof path)
            strcat(path, "ข้อมูล/");
        qsmap_schools *s = NULL;
        qsmap_error err = {0};
        assert_int_equal(qsmap_schools_parse(CSV, sizeof CSV - 1, path, NULL, &s, &err),
                         QSMAP_OK);
        assert_utf8(s->path, "school table path", sizeof s->path);
        qsmap_schools_free(s);
    }
}

/* --radius with a long Thai unit: the unit is quoted back, from a short
 * buffer, in the message. */
static void test_radius_unit_cut_between_letters(void **state)
{
    (void)state;
    for (size_t shift = 0; shift < 3; shift++) {
        char arg[200];
        snprintf(arg, sizeof arg, "5 %.*sกิโลเมตรกิโลเมตรกิโลเมตร", (int)shift, "ab");
        double m;
        qsmap_error err = {0};
        assert_int_equal(qsmap_radius_parse(arg, &m, &err), QSMAP_E_USAGE);
        assert_utf8(err.msg, "radius message", sizeof err.msg);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_thai_digits_cut_between_letters),
        cmocka_unit_test(test_district_title_cut_between_letters),
        cmocka_unit_test(test_error_message_cut_between_letters),
        cmocka_unit_test(test_school_table_path_cut_between_letters),
        cmocka_unit_test(test_radius_unit_cut_between_letters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
