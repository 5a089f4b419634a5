/* test_csv.c — the RFC 4180 tokenizer (qsmap_csv_*), which never writes its input. */
#include "support.h"

#include "load/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S(lit) lit, sizeof(lit) - 1

/* Tokenize `len` bytes (copied into an exact-size heap buffer, so that the
 * sanitizer sees any read past len+1) and render every record as
 * "<line>[field][field]...". Returns the csv_next result that ended it. */
static int tokenize(const char *in, size_t len, char *out, size_t size, qsmap_error *err)
{
    char *buf = malloc(len + 1);
    assert_non_null(buf);
    memcpy(buf, in, len);
    buf[len] = '\0';
    qsmap_csv c;
    qsmap_csv_init(&c, buf, len);
    const qsmap_field *f;
    size_t n, used = 0;
    long line;
    int r;
    out[0] = '\0';
    while ((r = qsmap_csv_next(&c, &f, &n, &line, "t.csv", err)) > 0) {
        used += (size_t)snprintf(out + used, size - used, "%ld", line);
        for (size_t i = 0; i < n; i++)
            used += (size_t)snprintf(out + used, size - used, "[%.*s]", (int)f[i].len, f[i].s);
        assert_true(used < size);
    }
    if (r == 0) /* the end stays the end */
        assert_int_equal(qsmap_csv_next(&c, &f, &n, &line, "t.csv", err), 0);
    qsmap_csv_free(&c);
    free(buf);
    return r;
}

static const struct {
    const char *in;
    size_t len;
    const char *want;
    const char *what;
} OK_CASES[] = {
    {S(""), "", "empty input"},
    {S("a,b,c\n1,2,3\n"), "1[a][b][c]2[1][2][3]", "plain LF"},
    {S("a,b,c\n1,2,3\n,,\n, ,\n"), "1[a][b][c]2[1][2][3]",
     "regression: rows of bare delimiters (Excel's empty rows) are blank"},
    {S("a,b\n1,2"), "1[a][b]2[1][2]", "no final newline"},
    {S("a,b\r\n1,2\r\n"), "1[a][b]2[1][2]", "CRLF"},
    {S("a,b\r1,2\r"), "1[a][b]2[1][2]", "lone CR"},
    {S("a\r\nb\nc\rd"), "1[a]2[b]3[c]4[d]", "mixed line ends"},
    {S("\"x,y\",z\n"), "1[x,y][z]", "quoted comma"},
    {S("\"say \"\"hi\"\"\",2\n"), "1[say \"hi\"][2]", "doubled quotes"},
    {S("\"\"\"\"\n"), "1[\"]", "a field that is one quote"},
    {S("\"\",x\n"), "1[][x]", "empty quoted field"},
    {S("id,name\n1,\"two\nlines\"\n2,x\n"), "1[id][name]2[1][two\nlines]4[2][x]",
     "embedded LF: the next record is on line 4"},
    {S("1,\"a\r\nb\"\r\n2,c\r\n"), "1[1][a\r\nb]3[2][c]", "embedded CRLF"},
    {S("\"a\n\nb\",c\nd\n"), "1[a\n\nb][c]4[d]", "embedded blank line"},
    {S("\"a\nb\",\"c\nd\"\ne\n"), "1[a\nb][c\nd]4[e]", "two multi-line fields in a record"},
    {S("\"a,\"\"b\"\"\nc\",x\n\n\ny\n"), "1[a,\"b\"\nc][x]5[y]",
     "quotes, comma and newline in one field, then blank lines"},
    {S("\"a\"\r\n\"b\""), "1[a]2[b]", "quoted fields at line ends"},
    {S("a\n\n\nb\n"), "1[a]4[b]", "blank lines skipped"},
    {S("a\r\n\r\n\r\nb\r\n"), "1[a]4[b]", "blank CRLF lines skipped"},
    {S("a\r\r\rb\r"), "1[a]4[b]", "blank lone-CR lines skipped"},
    {S("a\n  \t\nb\n"), "1[a]3[b]", "whitespace-only line skipped"},
    {S("\n\na\n"), "3[a]", "leading blank lines"},
    {S("a\n\n\n"), "1[a]", "trailing blank lines"},
    {S("a\r\n\r\n\r\n"), "1[a]", "trailing blank CRLF lines"},
    {S("a\n  \n\t\n"), "1[a]", "trailing whitespace lines"},
    {S("\n\n"), "", "only blank lines"},
    {S("a,,c\n,,x\n"), "1[a][][c]2[][][x]", "empty fields"},
    {S("a,b,\n"), "1[a][b][]", "trailing delimiter"},
    {S("a,b,"), "1[a][b][]", "trailing delimiter at end of buffer"},
    {S(",\n"), "", "a lone delimiter is a blank row"},
    {S("ab\"c,d\n"), "1[ab\"c][d]", "a quote inside an unquoted field stays"},
    {S(" a , b \n"), "1[ a ][ b ]", "spaces are kept (trimming is the caller's)"},
    {S("a\tb\n1\t2,5\n"), "1[a][b]2[1][2,5]", "tab-delimited header"},
    {S("a;b\n1;2,5\n"), "1[a][b]2[1][2,5]", "semicolon-delimited (decimal commas)"},
    {S("a;b\r\n\"x;y\";\"2\"\r\n"), "1[a][b]2[x;y][2]", "semicolon with quoted delimiter"},
    {S("a\t;b\n"), "1[a][;b]", "tab wins over semicolon"},
    {S("a,b\tc;d\n"), "1[a][b\tc;d]", "a comma in the header means comma"},
    {S("single\n"), "1[single]", "one column"},
};

static void test_csv_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof OK_CASES / sizeof OK_CASES[0]; i++) {
        char got[512];
        qsmap_error err = {0};
        int r = tokenize(OK_CASES[i].in, OK_CASES[i].len, got, sizeof got, &err);
        if (r != 0)
            fail_msg("case %zu (%s): error line %ld: %s", i, OK_CASES[i].what, err.line,
                     err.msg);
        if (strcmp(got, OK_CASES[i].want) != 0)
            fail_msg("case %zu (%s): got '%s', want '%s'", i, OK_CASES[i].what, got,
                     OK_CASES[i].want);
    }
}

static const struct {
    const char *in;
    size_t len;
    const char *before; /* records returned before the error */
    long line;
    const char *msg_part;
    const char *what;
} BAD_CASES[] = {
    {S("a,b\n1,\"open\n2,3\n4,5\n"), "1[a][b]", 2, "never closes", "unclosed quote"},
    {S("\n\nx,\"y"), "", 3, "never closes", "unclosed quote after blank lines"},
    {S("a\n\"b\nc\nd"), "1[a]", 2, "never closes", "unclosed quote across lines"},
    {S("a\r\n\"b\r\nc\r\n"), "1[a]", 2, "never closes", "unclosed quote, CRLF"},
    {S("a\n\"x\ny\"\n\"open\n"), "1[a]2[x\ny]", 4, "never closes",
     "unclosed quote after a multi-line field"},
    {S("a,\"b\"c,d\n"), "", 1, "field 2", "text after a closing quote"},
    {S("x\n\"a\nb\"c\n"), "1[x]", 3, "closing quote", "text after a multi-line quoted field"},
    {S("\"a\" ,b\n"), "", 1, "field 1", "space after a closing quote"},
};

static void test_csv_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof BAD_CASES / sizeof BAD_CASES[0]; i++) {
        char got[256];
        qsmap_error err = {0};
        int r = tokenize(BAD_CASES[i].in, BAD_CASES[i].len, got, sizeof got, &err);
        if (r != -1)
            fail_msg("case %zu (%s): no error (got '%s')", i, BAD_CASES[i].what, got);
        if (strcmp(got, BAD_CASES[i].before) != 0)
            fail_msg("case %zu (%s): records before the error '%s', want '%s'", i,
                     BAD_CASES[i].what, got, BAD_CASES[i].before);
        if (err.status != QSMAP_E_FORMAT || err.line != BAD_CASES[i].line ||
            !strstr(err.msg, BAD_CASES[i].msg_part) || strcmp(err.file, "t.csv") != 0)
            fail_msg("case %zu (%s): got status %d %s:%ld '%s', want line %ld '%s'", i,
                     BAD_CASES[i].what, err.status, err.file, err.line, err.msg,
                     BAD_CASES[i].line, BAD_CASES[i].msg_part);
    }
}

/* Many fields force the field array to grow past its first allocation. */
static void test_csv_wide_record(void **state)
{
    (void)state;
    char in[4096], want[8192];
    size_t n = 0, w = 0;
    w += (size_t)snprintf(want + w, sizeof want - w, "1");
    for (int i = 0; i < 300; i++) {
        n += (size_t)snprintf(in + n, sizeof in - n, "%s%d", i ? "," : "", i);
        w += (size_t)snprintf(want + w, sizeof want - w, "[%d]", i);
    }
    n += (size_t)snprintf(in + n, sizeof in - n, "\nx\n");
    w += (size_t)snprintf(want + w, sizeof want - w, "2[x]");
    char got[8192];
    assert_int_equal(tokenize(in, n, got, sizeof got, NULL), 0);
    assert_string_equal(got, want);
}

/* Line numbers stay right over many records with multi-line fields mixed in. */
static void test_csv_line_numbers_after_many_multiline_fields(void **state)
{
    (void)state;
    const char *ends[] = {"\n", "\r\n"};
    for (int e = 0; e < 2; e++) {
        char in[8192];
        size_t n = 0;
        for (int i = 0; i < 100; i++) {
            if (i % 3 == 0)
                n += (size_t)snprintf(in + n, sizeof in - n, "%d,\"a%sb\"%s", i, ends[e],
                                      ends[e]);
            else
                n += (size_t)snprintf(in + n, sizeof in - n, "%d,c%s", i, ends[e]);
        }
        char *buf = malloc(n + 1);
        memcpy(buf, in, n + 1);
        qsmap_csv c;
        qsmap_csv_init(&c, buf, n);
        const qsmap_field *f;
        size_t nf;
        long line, want = 1;
        for (int i = 0; i < 100; i++) {
            assert_int_equal(qsmap_csv_next(&c, &f, &nf, &line, "t", NULL), 1);
            assert_int_equal(nf, 2);
            assert_int_equal(atoi(f[0].s), i); /* a delimiter follows the digits */
            assert_int_equal(line, want);
            want += i % 3 == 0 ? 2 : 1;
        }
        assert_int_equal(qsmap_csv_next(&c, &f, &nf, &line, "t", NULL), 0);
        qsmap_csv_free(&c);
        free(buf);
    }
}

/* Regression: the delimiter was sniffed from everything up to the first LF,
 * so a lone-CR file (old Mac Excel "Tab delimited Text") with a comma anywhere
 * in its rows was split on commas. */
static void test_regression_delimiter_sniffed_past_lone_cr_header(void **state)
{
    (void)state;
    char got[256];
    assert_int_equal(tokenize(S("a\tb\r1\tx,y\r"), got, sizeof got, NULL), 0);
    assert_string_equal(got, "1[a][b]2[1][x,y]");
    assert_int_equal(tokenize(S("a;b\r1;2,5\r"), got, sizeof got, NULL), 0);
    assert_string_equal(got, "1[a][b]2[1][2,5]");
}

/* Regression: with blank lines before the header, the delimiter was sniffed
 * from the empty first line, so a semicolon table came back as one column. */
static void test_regression_delimiter_sniffed_on_first_blank_line(void **state)
{
    (void)state;
    char got[256];
    assert_int_equal(tokenize(S("\n\na;b\n1;2,5\n"), got, sizeof got, NULL), 0);
    assert_string_equal(got, "3[a][b]4[1][2,5]");
    assert_int_equal(tokenize(S("\r\n  \r\na\tb\r\n1\t2,5\r\n"), got, sizeof got, NULL),
                     0);
    assert_string_equal(got, "3[a][b]4[1][2,5]");
    assert_int_equal(tokenize(S("  \n"), got, sizeof got, NULL), 0);
    assert_string_equal(got, "");
}

/* Regression: outside quotes a lone CR ends a line, but inside a quoted
 * field it was not counted, so records after a multi-line cell in a lone-CR
 * file got line numbers one too small. */
static void test_regression_lone_cr_inside_quotes_counts_a_line(void **state)
{
    (void)state;
    char got[256];
    assert_int_equal(tokenize(S("\"a\rb\",c\rd\r"), got, sizeof got, NULL), 0);
    assert_string_equal(got, "1[a\rb][c]3[d]");
    /* an unclosed quote after a multi-line cell names its own line */
    qsmap_error err = {0};
    assert_int_equal(tokenize(S("x\r\"a\r\rb\"\r\"c\r"), got, sizeof got, &err), -1);
    assert_int_equal(err.line, 5);
}

/* field_end reads eight bytes at a time: a delimiter, CR or LF at every
 * offset of a word, and Thai bytes (high bit set) around it, must end the
 * field exactly there; lens must match the NUL-terminated text. */
static void test_csv_field_end_at_every_offset(void **state)
{
    (void)state;
    static const char *const ENDS[] = {",", "\n", "\r\n", "\r"};
    for (size_t e = 0; e < 4; e++)
        for (size_t k = 0; k < 40; k++) {
            char in[128], want[64];
            size_t n = 0;
            for (size_t i = 0; i < k; i++)
                in[n++] = (char)(i % 3 == 0 ? 0xE0 : i % 3 == 1 ? 0xB8 : 'a' + (int)(i % 26));
            memcpy(want, in, k);
            want[k] = '\0';
            n += (size_t)sprintf(in + n, "%sz", ENDS[e]);
            char *buf = malloc(n + 1);
            assert_non_null(buf);
            memcpy(buf, in, n + 1);
            qsmap_csv c;
            qsmap_csv_init(&c, buf, n);
            const qsmap_field *f;
            size_t nf;
            long line;
            qsmap_error err = {0};
            if (k == 0 && e > 0) { /* a blank first line is skipped */
                assert_int_equal(qsmap_csv_next(&c, &f, &nf, &line, "t.csv", &err), 1);
                assert_int_equal(f[0].len, 1);
                assert_memory_equal(f[0].s, "z", 1);
            } else {
                assert_int_equal(qsmap_csv_next(&c, &f, &nf, &line, "t.csv", &err), 1);
                assert_int_equal(nf, e == 0 ? 2 : 1);
                assert_int_equal(f[0].len, k);
                assert_memory_equal(f[0].s, want, k);
            }
            qsmap_csv_free(&c);
            free(buf);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_table),
        cmocka_unit_test(test_csv_field_end_at_every_offset),
        cmocka_unit_test(test_csv_errors),
        cmocka_unit_test(test_csv_wide_record),
        cmocka_unit_test(test_csv_line_numbers_after_many_multiline_fields),
        cmocka_unit_test(test_regression_delimiter_sniffed_past_lone_cr_header),
        cmocka_unit_test(test_regression_delimiter_sniffed_on_first_blank_line),
        cmocka_unit_test(test_regression_lone_cr_inside_quotes_counts_a_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
