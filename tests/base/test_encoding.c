/* test_encoding.c — UTF-8 validation, CP874 → UTF-8 and encoding names. */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#define S(lit) lit, sizeof(lit) - 1

/* ---- qsmap_utf8_invalid_at ------------------------------------------- */

static const struct {
    const char *s;
    size_t len;
    size_t want; /* offset of the first bad byte, or len */
    const char *what;
} UTF8_CASES[] = {
    {S(""), 0, "empty"},
    {S("school_id,name"), 14, "ASCII"},
    {S("โรงเรียนวัดชนะสงคราม"), 60, "Thai, 20 code points of 3 bytes"},
    {S("a\0b"), 3, "NUL is a valid code point"},
    {S("\xC2\xA0"), 2, "U+00A0, smallest 2-byte"},
    {S("\xDF\xBF"), 2, "U+07FF, largest 2-byte"},
    {S("\xE0\xA0\x80"), 3, "U+0800, smallest 3-byte"},
    {S("\xED\x9F\xBF"), 3, "U+D7FF, just below the surrogates"},
    {S("\xEE\x80\x80"), 3, "U+E000, just above the surrogates"},
    {S("\xEF\xBB\xBF"), 3, "BOM"},
    {S("\xF0\x90\x80\x80"), 4, "U+10000, smallest 4-byte"},
    {S("\xF0\x9F\x98\x80"), 4, "emoji"},
    {S("\xF4\x8F\xBF\xBF"), 4, "U+10FFFF, the last code point"},
    /* truncated sequences: the offset is the lead byte */
    {S("\xC3"), 0, "2-byte lead alone"},
    {S("a\xC3"), 1, "2-byte lead at the end"},
    {S("\xE0\xB8"), 0, "3-byte sequence cut after 2"},
    {S("ก\xE0\xB8"), 3, "Thai then a cut sequence"},
    {S("\xF0\x9F\x98"), 0, "4-byte sequence cut after 3"},
    {S("ab\xE0\xB8x"), 2, "continuation replaced by ASCII"},
    {S("\xE0\xB8\xC0"), 0, "continuation replaced by a lead byte"},
    /* lone continuation and impossible bytes */
    {S("\x80"), 0, "lone continuation"},
    {S("ok\xBF"), 2, "lone continuation after ASCII"},
    {S("\xF5\x80\x80\x80"), 0, "F5 lead (beyond U+10FFFF)"},
    {S("\xFF"), 0, "FF"},
    {S("\xFE"), 0, "FE"},
    /* overlongs */
    {S("\xC0\x80"), 0, "overlong NUL"},
    {S("\xC1\xBF"), 0, "overlong U+007F"},
    {S("\xE0\x80\x80"), 0, "overlong 3-byte NUL"},
    {S("\xE0\x9F\xBF"), 0, "overlong U+07FF in 3 bytes"},
    {S("\xF0\x80\x80\x80"), 0, "overlong 4-byte NUL"},
    {S("\xF0\x8F\xBF\xBF"), 0, "overlong U+FFFF in 4 bytes"},
    {S("x\xC0\xAF"), 1, "overlong '/' after ASCII"},
    /* surrogates and beyond */
    {S("\xED\xA0\x80"), 0, "U+D800, first high surrogate"},
    {S("\xED\xAF\xBF"), 0, "U+DBFF"},
    {S("\xED\xB0\x80"), 0, "U+DC00, first low surrogate"},
    {S("\xED\xBF\xBF"), 0, "U+DFFF, last surrogate"},
    {S("ก\xED\xA0\x80\xED\xB0\x80"), 3, "CESU-8 pair after Thai"},
    {S("\xF4\x90\x80\x80"), 0, "U+110000"},
    /* CP874 bytes are not UTF-8 */
    {S("\xC3\xD2"), 0, "CP874 รา"},
    {S("id,\xA1\xC3\xD8\xA7"), 3, "CP874 กรุง after ASCII"},
};

static void test_utf8_invalid_at_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof UTF8_CASES / sizeof UTF8_CASES[0]; i++) {
        size_t got = qsmap_utf8_invalid_at(UTF8_CASES[i].s, UTF8_CASES[i].len);
        if (got != UTF8_CASES[i].want)
            fail_msg("case %zu (%s): got %zu, want %zu", i, UTF8_CASES[i].what, got,
                     UTF8_CASES[i].want);
    }
}

/* A length that ends inside a character makes that character truncated. */
static void test_utf8_len_cuts_character(void **state)
{
    (void)state;
    const char *s = "กข"; /* E0 B8 81 E0 B8 82 */
    assert_int_equal(qsmap_utf8_invalid_at(s, 6), 6);
    assert_int_equal(qsmap_utf8_invalid_at(s, 5), 3);
    assert_int_equal(qsmap_utf8_invalid_at(s, 4), 3);
    assert_int_equal(qsmap_utf8_invalid_at(s, 3), 3);
    assert_int_equal(qsmap_utf8_invalid_at(s, 2), 0);
}

/* Every 2-byte lead below C2 is an overlong; every one from C2 to DF is fine
 * with a continuation byte after it. */
static void test_utf8_every_two_byte_lead(void **state)
{
    (void)state;
    for (unsigned lead = 0x80; lead <= 0xFF; lead++) {
        char s[3] = {(char)lead, (char)0x80, 0};
        size_t want = (lead >= 0xC2 && lead <= 0xDF) ? 2 : 0;
        if (lead >= 0xE0 && lead <= 0xF4)
            want = 0; /* a 3/4-byte lead, cut short */
        assert_int_equal(qsmap_utf8_invalid_at(s, 2), want);
    }
}

/* ---- qsmap_cp874_to_utf8 ---------------------------------------------- */

static void put_utf8(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp, out[1] = 0;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        out[2] = 0;
    } else {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        out[3] = 0;
    }
}

static void convert_ok(const char *in, size_t len, const char *want)
{
    char *out = NULL;
    size_t out_len = 0, bad = 12345;
    assert_int_equal(qsmap_cp874_to_utf8(in, len, &out, &out_len, &bad), QSMAP_OK);
    assert_non_null(out);
    assert_int_equal(out_len, strlen(want));
    assert_memory_equal(out, want, out_len + 1); /* NUL-terminated too */
    assert_int_equal(bad, 12345);                 /* untouched on success */
    free(out);
}

/* Anchors written out by hand, so the table test below is not checked only
 * against its own arithmetic. */
static void test_cp874_known_words(void **state)
{
    (void)state;
    convert_ok(S("\xC3\xD2"), "รา");
    convert_ok(S("\xA1"), "ก");
    convert_ok(S("\xCE"), "ฮ");
    convert_ok(S("\xDA"), "\xE0\xB8\xBA"); /* U+0E3A PHINTHU */
    convert_ok(S("\xDF"), "฿");
    convert_ok(S("\xFB"), "\xE0\xB9\x9B"); /* U+0E5B KHOMUT */
    convert_ok(S("\xAA\xD7\xE8\xCD\xE2\xC3\xA7\xE0\xC3\xD5\xC2\xB9"), "ชื่อโรงเรียน");
    convert_ok(S("\xA1\xC3\xD8\xA7\xE0\xB7\xBE\xC1\xCB\xD2\xB9\xA4\xC3"), "กรุงเทพมหานคร");
    convert_ok(S("\xC1\xE8\xC7\xA7,\xBF\xE9\xD2"), "ม่วง,ฟ้า");
    convert_ok(S("\xF0\xF1\xF9"), "๐๑๙");
    convert_ok(S("id,\xBE\xC3\xD0\xB9\xA4\xC3\r\n"), "id,พระนคร\r\n");
    convert_ok(S(""), "");
}

static void test_cp874_ascii_passes_through(void **state)
{
    (void)state;
    char in[128], want[129];
    for (int i = 0; i < 128; i++)
        in[i] = (char)i;
    memcpy(want, in, 128);
    want[128] = 0;
    char *out = NULL;
    size_t out_len = 0;
    assert_int_equal(qsmap_cp874_to_utf8(in, 128, &out, &out_len, NULL), QSMAP_OK);
    assert_int_equal(out_len, 128);
    assert_memory_equal(out, want, 129);
    free(out);
}

/* Thai letters A1..DA → U+0E01..U+0E3A and DF..FB → U+0E3F..U+0E5B. */
static void test_cp874_thai_ranges(void **state)
{
    (void)state;
    static const struct {
        unsigned first, last, cp;
    } RANGES[] = {{0xA1, 0xDA, 0x0E01}, {0xDF, 0xFB, 0x0E3F}};
    for (size_t r = 0; r < 2; r++)
        for (unsigned b = RANGES[r].first; b <= RANGES[r].last; b++) {
            char in[1] = {(char)b}, want[4];
            put_utf8(RANGES[r].cp + (b - RANGES[r].first), want);
            convert_ok(in, 1, want);
        }
}

static void test_cp874_punctuation(void **state)
{
    (void)state;
    static const struct {
        unsigned char b;
        unsigned cp;
    } P[] = {
        {0x80, 0x20AC}, {0x85, 0x2026}, {0x91, 0x2018}, {0x92, 0x2019}, {0x93, 0x201C},
        {0x94, 0x201D}, {0x95, 0x2022}, {0x96, 0x2013}, {0x97, 0x2014}, {0xA0, 0x00A0},
    };
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++) {
        char in[1] = {(char)P[i].b}, want[4];
        put_utf8(P[i].cp, want);
        convert_ok(in, 1, want);
    }
    convert_ok(S("\x80"), "€");
    convert_ok(S("\x93ok\x94"), "“ok”");
    convert_ok(S("1\x96" "2"), "1–2");
}

static int cp874_defined(unsigned b)
{
    return b < 0x80 || b == 0x80 || b == 0x85 || (b >= 0x91 && b <= 0x97) ||
           (b >= 0xA0 && b <= 0xDA) || (b >= 0xDF && b <= 0xFB);
}

static void convert_bad(const char *in, size_t len, size_t want_off)
{
    char *out = (char *)"untouched";
    size_t bad = 999;
    assert_int_equal(qsmap_cp874_to_utf8(in, len, &out, NULL, &bad), QSMAP_E_ENCODING);
    assert_int_equal(bad, want_off);
    assert_string_equal(out, "untouched");
}

static void test_cp874_undefined_bytes_rejected(void **state)
{
    (void)state;
    static const unsigned char UNDEFINED[] = {0x81, 0x82, 0x84, 0x86, 0x8F, 0x90, 0x98,
                                              0x9F, 0xDB, 0xDC, 0xDD, 0xDE, 0xFC, 0xFD,
                                              0xFE, 0xFF};
    for (size_t i = 0; i < sizeof UNDEFINED; i++) {
        char in[1] = {(char)UNDEFINED[i]};
        assert_false(cp874_defined(UNDEFINED[i]));
        convert_bad(in, 1, 0);
    }
    /* The offset is that of the first undefined byte, after valid Thai. */
    convert_bad(S("ab\xDB" "cd"), 2);
    convert_bad(S("\xC3\xD2\x81"), 2);
    convert_bad(S("\xA1\xA2\xA3\xFC\xFF"), 3);
    convert_bad(S("line1\nline2 \xDE"), 12);
    /* bad_offset may be NULL */
    char *out = NULL;
    assert_int_equal(qsmap_cp874_to_utf8(S("\xFF"), &out, NULL, NULL), QSMAP_E_ENCODING);
}

/* Every byte value is either converted or rejected, never both. */
static void test_cp874_every_byte(void **state)
{
    (void)state;
    int defined = 0;
    for (unsigned b = 0x80; b <= 0xFF; b++) {
        char in[3] = {'x', (char)b, 'y'};
        char *out = NULL;
        size_t out_len = 0, bad = 999;
        qsmap_status st = qsmap_cp874_to_utf8(in, 3, &out, &out_len, &bad);
        if (cp874_defined(b)) {
            defined++;
            assert_int_equal(st, QSMAP_OK);
            assert_true(out_len == 4 || out_len == 5);
            assert_int_equal(qsmap_utf8_invalid_at(out, out_len), out_len);
            assert_int_equal(out[0], 'x');
            assert_int_equal(out[out_len - 1], 'y');
            free(out);
        } else {
            assert_int_equal(st, QSMAP_E_ENCODING);
            assert_int_equal(bad, 1);
        }
    }
    /* 128 high bytes: 1+1+7 C1 + 1 NBSP + 58 + 29 Thai = 97 defined */
    assert_int_equal(defined, 97);
}

/* ---- qsmap_encoding_parse --------------------------------------------- */

static void test_encoding_parse_names(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        qsmap_encoding enc;
    } OK[] = {
        {"auto", QSMAP_ENC_AUTO},        {"AUTO", QSMAP_ENC_AUTO},
        {"utf-8", QSMAP_ENC_UTF8},       {"UTF-8", QSMAP_ENC_UTF8},
        {"utf8", QSMAP_ENC_UTF8},        {"Utf8", QSMAP_ENC_UTF8},
        {" utf-8 ", QSMAP_ENC_UTF8},     {"cp874", QSMAP_ENC_CP874},
        {"CP874", QSMAP_ENC_CP874},      {"874", QSMAP_ENC_CP874},
        {"windows-874", QSMAP_ENC_CP874}, {"Windows-874", QSMAP_ENC_CP874},
        {"tis-620", QSMAP_ENC_CP874},    {"TIS-620", QSMAP_ENC_CP874},
        {"tis620", QSMAP_ENC_CP874},     {"iso-8859-11", QSMAP_ENC_CP874},
        {"ISO-8859-11", QSMAP_ENC_CP874}, {"ldid/80", QSMAP_ENC_CP874},
        {"TIS 620", QSMAP_ENC_CP874},
    };
    for (size_t i = 0; i < sizeof OK / sizeof OK[0]; i++) {
        qsmap_encoding e = (qsmap_encoding)99;
        if (qsmap_encoding_parse(OK[i].name, &e) != QSMAP_OK || e != OK[i].enc)
            fail_msg("'%s': got status/encoding %d", OK[i].name, (int)e);
    }
    static const char *const BAD[] = {
        "",         "latin1",   "utf-16",  "cp1252", "tis",  "8740", "utf-8x",
        "windows",  "iso-8859-1", "ascii", "-",
        "utf-8utf-8utf-8utf-8utf-8utf-8utf-8utf-8", /* longer than any buffer */
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        qsmap_encoding e = (qsmap_encoding)99;
        if (qsmap_encoding_parse(BAD[i], &e) != QSMAP_E_ENCODING)
            fail_msg("'%s' accepted", BAD[i]);
        assert_int_equal(e, 99); /* output untouched */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_invalid_at_table),
        cmocka_unit_test(test_utf8_len_cuts_character),
        cmocka_unit_test(test_utf8_every_two_byte_lead),
        cmocka_unit_test(test_cp874_known_words),
        cmocka_unit_test(test_cp874_ascii_passes_through),
        cmocka_unit_test(test_cp874_thai_ranges),
        cmocka_unit_test(test_cp874_punctuation),
        cmocka_unit_test(test_cp874_undefined_bytes_rejected),
        cmocka_unit_test(test_cp874_every_byte),
        cmocka_unit_test(test_encoding_parse_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
