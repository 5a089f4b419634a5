/* test_number.c — qsmap_parse_double: the fast path must round exactly as
 * strtod does, and anything but a plain decimal is refused. */
#include "support.h"

#include "base/number.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_number_table(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        double want;
    } OK[] = {
        {"13.762918", 13.762918},   {"100.495748", 100.495748}, {"0", 0},
        {"-0.5", -0.5},             {"+7", 7},                   {"5.", 5},
        {".25", 0.25},              {"007", 7},
        {"12345678901234567890", 12345678901234567890.0},
        {"0.1000000000000000055511151231257827", 0.1},           {"9007199254740993", 9007199254740993.0},
    };
    for (size_t i = 0; i < sizeof OK / sizeof OK[0]; i++) {
        double v = NAN;
        assert_int_equal(qsmap_parse_double(OK[i].in, &v), 0);
        assert_true(v == OK[i].want);
    }
    double v = 0;
    assert_int_equal(qsmap_parse_double("-0", &v), 0);
    assert_true(v == 0 && signbit(v));
    /* plain decimals only: strtod's exponents, hexadecimal, infinities and
     * NaNs are not what a coordinate or an area is written as */
    static const char *const BAD[] = {"", ".", "-", "1.2.3", "12a", "inf", "nan", "1e999", "1,5",
                                      " ", "1e3", "1E3", "0x10", "0xE.9", "0x1p3", "-inf",
                                      "infinity", "NAN", "+-1", " 1", "1 ", "--1", "1e",
                                      "12345678901234567890e1", "123456789012345678901x"};
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++)
        assert_int_equal(qsmap_parse_double(BAD[i], &v), -1);
}

/* Random decimals of every length the fast path takes and a little past it,
 * bit for bit against strtod. */
static void test_number_matches_strtod(void **state)
{
    (void)state;
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int n = 0; n < 200000; n++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        char buf[40];
        size_t len = 0;
        if (x & 1)
            buf[len++] = '-';
        int digits = 1 + (int)((x >> 1) % 21), dot = (int)((x >> 6) % (unsigned)(digits + 1));
        uint64_t y = x;
        for (int d = 0; d < digits; d++) {
            if (d == dot && d > 0)
                buf[len++] = '.';
            y = y * 6364136223846793005ull + 1442695040888963407ull;
            buf[len++] = (char)('0' + (y >> 60) % 10);
        }
        buf[len] = '\0';
        double got, want = strtod(buf, NULL);
        assert_int_equal(qsmap_parse_double(buf, &got), 0);
        if (memcmp(&got, &want, sizeof got) != 0)
            fail_msg("%s: %.17g, strtod %.17g", buf, got, want);
    }
}

/* The formatters give printf's text, bit for bit, for random values of the
 * shapes written (distances to 0.1 mm, areas) and for halves and powers of ten. */
static void test_format_matches_printf(void **state)
{
    (void)state;
    char got[64], want[64];
    static const double EDGE[] = {0, -0.0, 0.5, 1.5, 2.5, 0.00005, 0.00015, 1e-4, 9.99999999995e-5,
                                  0.001, 0.01, 0.1, 1, 10, 100, 1e8, 999999999.95, 1e9, 1e12,
                                  4999.99995, 5000, 12.34565, 1.0 / 3, 2.0 / 3, NAN, INFINITY, -7.25};
    for (size_t i = 0; i < sizeof EDGE / sizeof EDGE[0]; i++) {
        qsmap_format_fixed(EDGE[i], 4, got, sizeof got);
        snprintf(want, sizeof want, "%.4f", EDGE[i]);
        assert_string_equal(got, want);
        qsmap_format_g10(EDGE[i], got, sizeof got);
        snprintf(want, sizeof want, "%.10g", EDGE[i]);
        assert_string_equal(got, want);
    }
    uint64_t x = 0x2545F4914F6CDD1Dull;
    for (int n = 0; n < 300000; n++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double u = (double)(x >> 11) / 0x1p53;
        double v = n % 3 == 0 ? u * 5000 : n % 3 == 1 ? round(u * 1e6) / 10 : pow(10, u * 16 - 6);
        qsmap_format_fixed(v, 4, got, sizeof got);
        snprintf(want, sizeof want, "%.4f", v);
        if (strcmp(got, want))
            fail_msg("%%.4f of %.17g: %s, printf %s", v, got, want);
        qsmap_format_g10(v, got, sizeof got);
        snprintf(want, sizeof want, "%.10g", v);
        if (strcmp(got, want))
            fail_msg("%%.10g of %.17g: %s, printf %s", v, got, want);
        qsmap_format_fixed(v, 2, got, sizeof got);
        snprintf(want, sizeof want, "%.2f", v);
        if (strcmp(got, want))
            fail_msg("%%.2f of %.17g: %s, printf %s", v, got, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_table),
        cmocka_unit_test(test_number_matches_strtod),
        cmocka_unit_test(test_format_matches_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
