/* test_radius.c — reading "5km"/"5000m"/"5 กม." and writing radius labels. */
#include "support.h"

#include "catchment/radius.h"

#include <math.h>
#include <string.h>

static void test_radius_parse_valid(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        double m;
    } OK[] = {
        {"5km", 5000},       {"5000m", 5000},     {"2.5km", 2500},   {"2.5 km", 2500},
        {"5 กม.", 5000},     {"5กม.", 5000},      {"5 กม", 5000},    {"3 กิโลเมตร", 3000},
        {"750 เมตร", 750},   {"750ม.", 750},      {"750 ม", 750},    {"5KM", 5000},
        {"5Km", 5000},       {"750M", 750},       {"0.75km", 750},   {"100km", 100000},
        {"100000m", 100000}, {"0.5m", 0.5},       {"1e3m", 1000},    {"5   km", 5000},
        {" 5km", 5000},
    };
    for (size_t i = 0; i < sizeof OK / sizeof OK[0]; i++) {
        double r = -1;
        qsmap_error err = {0};
        qsmap_status st = qsmap_radius_parse(OK[i].s, &r, &err);
        if (st != QSMAP_OK)
            fail_msg("'%s' refused: %s", OK[i].s, err.msg);
        if (r != OK[i].m)
            fail_msg("'%s' gave %.17g m, want %g", OK[i].s, r, OK[i].m);
    }
}

static void test_radius_parse_errors(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        const char *msg_part;
    } BAD[] = {
        {"-1km", "greater than zero"}, {"0m", "greater than zero"},
        {"0km", "greater than zero"},  {"-0.5 km", "greater than zero"},
        {"abc", "not a distance"},     {"", "not a distance"},
        {"km", "not a distance"},      {"5", "no unit"},
        {"5 ", "no unit"},             {"5 miles", "unknown unit"},
        {"5 mi", "unknown unit"},      {"5 kms", "unknown unit"},
        {"5km5", "unknown unit"},      {"101km", "over 100 km"},
        {"100001m", "over 100 km"},    {"100.5 กม.", "over 100 km"},
        {"inf km", "not a distance"},  {"nan m", "not a distance"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        double r = 42;
        qsmap_error err = {0};
        qsmap_status st = qsmap_radius_parse(BAD[i].s, &r, &err);
        if (st != QSMAP_E_USAGE || err.status != QSMAP_E_USAGE)
            fail_msg("'%s': status %d, want QSMAP_E_USAGE", BAD[i].s, st);
        if (!strstr(err.msg, BAD[i].msg_part))
            fail_msg("'%s': message '%s' lacks '%s'", BAD[i].s, err.msg, BAD[i].msg_part);
        assert_true(r == 42); /* untouched */
    }
}

/* The message for a unitless number suggests both spellings of it. */
static void test_radius_parse_no_unit_suggests(void **state)
{
    (void)state;
    double r;
    qsmap_error err = {0};
    assert_int_equal(qsmap_radius_parse("5", &r, &err), QSMAP_E_USAGE);
    assert_non_null(strstr(err.msg, "5km"));
    assert_non_null(strstr(err.msg, "5m"));
    assert_int_equal(qsmap_radius_parse("5000km", &r, &err), QSMAP_E_USAGE);
    assert_non_null(strstr(err.msg, "5000m"));
}

/* Regression: a trailing space after the unit ("5km ") was an unknown unit. */
static void test_regression_trailing_space_after_unit(void **state)
{
    (void)state;
    double r = 0;
    qsmap_error err = {0};
    assert_int_equal(qsmap_radius_parse("5km ", &r, &err), QSMAP_OK);
    assert_true(r == 5000.0);
}

static void test_radius_label(void **state)
{
    (void)state;
    static const struct {
        double m;
        const char *want;
    } L[] = {
        {5000, "5km"},   {2500, "2.5km"}, {750, "750m"},    {1000, "1km"},
        {100000, "100km"}, {1500, "1.5km"}, {1050, "1050m"}, {999, "999m"},
        {0.5, "0.5m"},   {12300, "12.3km"}, {10000, "10km"}, {1, "1m"},
    };
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++) {
        char buf[32];
        qsmap_radius_label(L[i].m, buf, sizeof buf);
        if (strcmp(buf, L[i].want) != 0)
            fail_msg("%g m: got '%s', want '%s'", L[i].m, buf, L[i].want);
    }
}

/* Every label parses back to the radius it was made from. */
static void test_radius_label_round_trip(void **state)
{
    (void)state;
    for (double m = 50; m <= 100000; m += 50) {
        char buf[32];
        double back = -1;
        qsmap_radius_label(m, buf, sizeof buf);
        assert_int_equal(qsmap_radius_parse(buf, &back, NULL), QSMAP_OK);
        if (fabs(back - m) > 1e-9 * m)
            fail_msg("%g m → '%s' → %.17g m", m, buf, back);
    }
}

static void test_radius_label_truncates_safely(void **state)
{
    (void)state;
    char buf[4] = "xxx";
    qsmap_radius_label(100000, buf, sizeof buf);
    assert_string_equal(buf, "100");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_radius_parse_valid),
        cmocka_unit_test(test_radius_parse_errors),
        cmocka_unit_test(test_radius_parse_no_unit_suggests),
        cmocka_unit_test(test_regression_trailing_space_after_unit),
        cmocka_unit_test(test_radius_label),
        cmocka_unit_test(test_radius_label_round_trip),
        cmocka_unit_test(test_radius_label_truncates_safely),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
