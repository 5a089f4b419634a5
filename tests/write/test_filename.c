/* test_filename.c — names from the data as file-name components
 * (write/filename.h): what is replaced, where a long name is cut, and that
 * normal Thai names stay exactly as they are. */
#include "support.h"
#include "write/filename.h"

#include <string.h>

static void check(const char *in, size_t max, const char *want)
{
    char out[QSMAP_SAFE_NAME_MAX + 1];
    size_t n = qsmap_safe_name(in, max, out, sizeof out);
    if (strcmp(out, want) != 0 || n != strlen(want))
        fail_msg("safe name of [%s] is [%s], want [%s]", in, out, want);
}

static void test_replacements(void **state)
{
    (void)state;
    check("เมืองอ่างทอง", 150, "เมืองอ่างทอง");
    check("สพม.เขต 5(สิงห์บุรี-ลพบุรี-ชัยนาท-อ่างทอง)", 150,
          "สพม.เขต 5(สิงห์บุรี-ลพบุรี-ชัยนาท-อ่างทอง)");
    check("../../etc/x", 150, "_._.._etc_x");
    check("a/b\\c", 150, "a_b_c");
    check(".hidden", 150, "_hidden");
    check("-rf", 150, "_rf");
    check("\x01" "ctl\x7f", 150, "_ctl_");
    check("a:b*c?d\"e<f>g|h", 150, "a_b_c_d_e_f_g_h");
    check("x\xC2\x85y", 150, "x_y");         /* C1 control NEL */
    check("bad\xE0\xB8utf8\xFF", 150, "bad__utf8_"); /* a cut character, a stray byte */
    check("", 150, "_");
    check(".", 150, "_");
}

static void test_cut_at_a_character(void **state)
{
    (void)state;
    /* ก is 3 bytes: 10 bytes take 3 of them, not 3⅓ */
    check("กกกกกก", 10, "กกก");
    check("ab", 1, "a");
    char long_name[400] = "", out[QSMAP_SAFE_NAME_MAX + 1];
    while (strlen(long_name) < 300)
        strcat(long_name, "ทดสอบ");
    size_t n = qsmap_safe_name(long_name, QSMAP_SAFE_NAME_MAX, out, sizeof out);
    assert_true(n <= QSMAP_SAFE_NAME_MAX && n > QSMAP_SAFE_NAME_MAX - 3);
    assert_int_equal(n % 3, 0);
    assert_memory_equal(out, long_name, n);
    /* the buffer bounds it too */
    char small[5];
    assert_int_equal(qsmap_safe_name("กกกก", 150, small, sizeof small), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replacements),
        cmocka_unit_test(test_cut_at_a_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
