/* test_utf8.c — base/utf8.c: cuts at character boundaries (every length of
 * text with one- to four-byte characters), printf and copy that cut there,
 * and the code points refused at input: C0 controls and every kind of
 * Unicode noncharacter, with their neighbours accepted. */
#include "support.h"

#include "base/utf8.h"

#include <stdio.h>
#include <string.h>

/* a, é (2 bytes), ก (3), 😀 (4), ก with a mark above (3 + 3) */
static const char MIXED[] = "a\xC3\xA9\xE0\xB8\x81\xF0\x9F\x98\x80\xE0\xB8\x81\xE0\xB8\xB4z";
/* where a character starts, and the end */
static const size_t STARTS[] = {0, 1, 3, 6, 10, 13, 16, 17};

static void test_cut_backs_up_to_a_character_start(void **state)
{
    (void)state;
    size_t len = sizeof MIXED - 1;
    for (size_t n = 0; n <= len; n++) {
        size_t want = 0;
        for (size_t k = 0; k < sizeof STARTS / sizeof STARTS[0]; k++)
            if (STARTS[k] <= n)
                want = STARTS[k];
        assert_int_equal(qsmap_utf8_cut(MIXED, n), want);
    }
}

static void test_printf_and_copy_cut_between_characters(void **state)
{
    (void)state;
    size_t len = sizeof MIXED - 1;
    for (size_t size = 1; size <= len + 2; size++) {
        char a[64], b[64];
        int n = qsmap_text_printf(a, size, "%s", MIXED);
        assert_int_equal(n, (int)len);
        qsmap_text_copy(b, size, MIXED);
        assert_string_equal(a, b);
        size_t got = strlen(a);
        assert_true(got < size);
        assert_int_equal(qsmap_utf8_invalid_at(a, got), got);
        assert_memory_equal(a, MIXED, got);
        /* as much as fits: the next character would not have */
        size_t next = got;
        while (next < len && ((unsigned char)MIXED[next + 1] & 0xC0) == 0x80)
            next++;
        assert_true(got == len || next + 1 >= size);
    }
    char z[1] = {'x'};
    qsmap_text_copy(z, 1, "ก");
    assert_int_equal(z[0], '\0');
}

static void test_unusable_code_points(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        bool breaks;
        size_t at; /* (size_t)-1: none */
        uint32_t cp;
    } CASES[] = {
        {"โรงเรียน", false, (size_t)-1, 0},
        {"a\x01", true, 1, 0x01},
        {"\x1F", true, 0, 0x1F},
        {"a\tb", true, (size_t)-1, 0},
        {"a\tb", false, 1, 0x09},
        {"a\nb\rc", true, (size_t)-1, 0},
        {"a\nb", false, 1, 0x0A},
        {"x\x7F", false, (size_t)-1, 0}, /* DEL is not C0 */
        {"ก\xEF\xBF\xBE", false, 3, 0xFFFE},
        {"\xEF\xBF\xBF", false, 0, 0xFFFF},
        {"\xEF\xB7\x90", false, 0, 0xFDD0},
        {"\xEF\xB7\xAF", false, 0, 0xFDEF},
        {"\xEF\xB7\x8F\xEF\xB7\xB0", false, (size_t)-1, 0}, /* U+FDCF, U+FDF0 */
        {"\xEF\xBF\xBD\xEF\xBB\xBF", false, (size_t)-1, 0}, /* U+FFFD, U+FEFF */
        {"\xF0\x9F\xBF\xBE", false, 0, 0x1FFFE},
        {"\xF0\x9F\xBF\xBF", false, 0, 0x1FFFF},
        {"a\xF3\xBF\xBF\xBF", false, 1, 0xFFFFF},
        {"\xF4\x8F\xBF\xBE", false, 0, 0x10FFFE},
        {"\xF4\x8F\xBF\xBF", false, 0, 0x10FFFF},
        {"\xF0\x9F\x98\x80\xF0\x9F\xBF\xBD", false, (size_t)-1, 0}, /* 😀, U+1FFFD */
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        size_t len = strlen(CASES[i].s);
        uint32_t cp = 0;
        size_t at = qsmap_utf8_unusable_at(CASES[i].s, len, CASES[i].breaks, &cp);
        size_t want = CASES[i].at == (size_t)-1 ? len : CASES[i].at;
        if (at != want || (at < len && cp != CASES[i].cp))
            fail_msg("case %zu: at %zu (want %zu), U+%04X (want U+%04X)", i, at, want,
                     (unsigned)cp, (unsigned)CASES[i].cp);
        /* the quick pass never misses one, wherever it falls in its blocks */
        for (size_t pad = 0; pad < 140; pad += 7) {
            char buf[256];
            snprintf(buf, sizeof buf, "%.*s%s", (int)pad,
                     "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮกขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
                     "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
                     CASES[i].s);
            size_t n = pad + len;
            if (at < len && !qsmap_utf8_may_be_unusable(buf, n, CASES[i].breaks))
                fail_msg("case %zu after %zu bytes: the quick pass missed it", i, pad);
        }
    }
    /* and lets plain Thai text with line breaks through */
    static const char PLAIN[] = "โรงเรียนวัดชนะสงคราม,13.76\r\nโรงเรียน\t\"ก\nข\"\n"
                                "โรงเรียนวัดชนะสงคราม,13.76\r\nโรงเรียน\t\"ก\nข\"\n";
    assert_false(qsmap_utf8_may_be_unusable(PLAIN, sizeof PLAIN - 1, true));
    assert_true(qsmap_utf8_may_be_unusable(PLAIN, sizeof PLAIN - 1, false));
    /* a NUL inside the length is a control too */
    uint32_t cp = 1;
    assert_int_equal(qsmap_utf8_unusable_at("a\0b", 3, true, &cp), 1);
    assert_int_equal(cp, 0);
}

static void test_describe_names_the_character_and_where(void **state)
{
    (void)state;
    char buf[96];
    qsmap_utf8_describe(0x1B, "กขa\x1B", 7, buf, sizeof buf);
    assert_string_equal(buf, "the control character U+001B at character 4");
    qsmap_utf8_describe(0xFFFE, NULL, 0, buf, sizeof buf);
    assert_string_equal(buf, "the Unicode noncharacter U+FFFE");
    qsmap_utf8_describe(0x10FFFF, "", 0, buf, sizeof buf);
    assert_string_equal(buf, "the Unicode noncharacter U+10FFFF at character 1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cut_backs_up_to_a_character_start),
        cmocka_unit_test(test_printf_and_copy_cut_between_characters),
        cmocka_unit_test(test_unusable_code_points),
        cmocka_unit_test(test_describe_names_the_character_and_where),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
