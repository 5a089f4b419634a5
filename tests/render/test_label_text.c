/* test_label_text.c — the text of map labels:
 *   - where a label may break (qsmap_label_chunks, qsmap_label_wrap): at
 *     spaces, before "(" and after ")", never inside a word, a bracketed
 *     part or the distance "· 2.04 กม."; a chunk too wide alone on a line;
 *   - the drawn labels of Ang Thong's seven districts (the built binary,
 *     read back with pdftotext): no line starts with "กม.", a Thai vowel or
 *     mark, or inside brackets, and the distance is never split;
 *   - school names holding markup, printf conversions and quotes are
 *     printed literally on the map and in the tables, without a warning;
 *   - the placer's line cost: a label keeps off a line where it has room,
 *     and still sits across one where it has none. */
#include "support.h"

#include "render/render.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the break rules ------------------------------------------------------ */

/* The chunks of text joined by '|', for comparing with what is expected. */
static char *chunks_of(const char *text)
{
    qsmap_text_span *c;
    size_t n;
    assert_int_equal(qsmap_label_chunks(text, &c, &n), QSMAP_OK);
    static char buf[4096];
    size_t at = 0;
    for (size_t k = 0; k < n; k++) {
        assert_true(c[k].start < c[k].end);
        assert_true(k == 0 || c[k].start >= c[k - 1].end);
        at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%.*s", k ? "|" : "",
                               (int)(c[k].end - c[k].start), text + c[k].start);
    }
    buf[at] = '\0';
    free(c);
    return buf;
}

static void assert_chunks(const char *text, const char *want)
{
    const char *got = chunks_of(text);
    if (strcmp(got, want))
        fail_msg("chunks of \"%s\": \"%s\", want \"%s\"", text, got, want);
}

static void test_chunks(void **state)
{
    (void)state;
    /* no break inside a Thai word: one name with no space is one chunk */
    assert_chunks("โรงเรียนวัดไผ่ล้อม", "โรงเรียนวัดไผ่ล้อม");
    /* spaces break (and are dropped); runs of them too */
    assert_chunks("โรงเรียนโยธินบูรณะ  อ่างทอง", "โรงเรียนโยธินบูรณะ|อ่างทอง");
    /* before an opening bracket, after a closing one; the bracket whole,
     * spaces inside it included */
    assert_chunks("โรงเรียนวิเศษไชยชาญ(ตันติวิทยาภูมิ)", "โรงเรียนวิเศษไชยชาญ|(ตันติวิทยาภูมิ)");
    assert_chunks("โรงเรียนวัดตาลเจ็ดช่อ (หมอมี - เพิ่ม เกษมสุวรรณ)",
                  "โรงเรียนวัดตาลเจ็ดช่อ|(หมอมี - เพิ่ม เกษมสุวรรณ)");
    assert_chunks("ก(ข)ค", "ก|(ข)|ค");
    assert_chunks("ก(ข (ค) ง)จ", "ก|(ข (ค) ง)|จ");
    /* the distance from the last "·" is one chunk */
    assert_chunks("โรงเรียนวัดโบสถ์(ประภาสวิทยาคาร) · 2.64 กม.",
                  "โรงเรียนวัดโบสถ์|(ประภาสวิทยาคาร)|· 2.64 กม.");
    assert_chunks("ก · ข · 1.0 กม.", "ก|·|ข|· 1.0 กม.");
    /* a "·" inside brackets starts no distance */
    assert_chunks("ก (ข · ค) ง", "ก|(ข · ค)|ง");
    /* no line starts with punctuation or a Thai mark after a bracket */
    assert_chunks("ก(ข), ค", "ก|(ข),|ค");
    assert_chunks("ก(ข)ี ค", "ก|(ข)ี|ค");
    /* an opening bracket nothing closes is a plain character */
    assert_chunks("ก (ข ค", "ก|(ข|ค");
    assert_chunks("ก) ข", "ก)|ข");
    assert_chunks("", "");
    assert_chunks("   ", "");
}

/* One unit per character (UTF-8 lead byte), so that widths are exact. */
static double count_chars(void *ctx, const char *s, size_t len)
{
    (void)ctx;
    double w = 0;
    for (size_t i = 0; i < len; i++)
        w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

static void assert_wrap(const char *text, double width, const char *want)
{
    qsmap_text_span *lines;
    size_t n;
    assert_int_equal(qsmap_label_wrap(text, width, count_chars, NULL, &lines, &n), QSMAP_OK);
    char *got = qsmap_label_join(text, lines, n);
    if (strcmp(got, want))
        fail_msg("\"%s\" in %g: \"%s\", want \"%s\"", text, width, got, want);
    g_free(got);
    free(lines);
}

static void test_wrap(void **state)
{
    (void)state;
    /* fits: one line */
    assert_wrap("aa bb (cc dd) · 1.2 km", 40, "aa bb (cc dd) · 1.2 km");
    /* the distance goes down whole, never "km" alone */
    assert_wrap("aa bb (cc dd) · 1.2 km", 14, "aa bb (cc dd)\n· 1.2 km");
    /* a bracket stays whole; a line as full as it can be (exactly the width) */
    assert_wrap("aa bb (cc dd) · 1.2 km", 7, "aa bb\n(cc dd)\n· 1.2 km");
    /* a chunk wider than the width alone on its line, not cut */
    assert_wrap("a verylongword b", 4, "a\nverylongword\nb");
    assert_wrap("abcdefgh", 3, "abcdefgh");
    /* a break with no space (before "(") keeps every character */
    assert_wrap("โรงเรียนวิเศษไชยชาญ(ตันติวิทยาภูมิ)", 20,
                "โรงเรียนวิเศษไชยชาญ\n(ตันติวิทยาภูมิ)");
    assert_wrap("", 10, "");
}

static void test_no_line_start(void **state)
{
    (void)state;
    static const char *const BAD[] = {"ะ", "ั", "า", "ำ", "ิ", "ี", "ุ", "ู", "ฺ", "ๅ",
                                      "ๆ", "็", "่", "้", "๊", "๋", "์", "ํ", ")", ",", "."};
    static const char *const GOOD[] = {"ก", "ฮ", "เ", "แ", "โ", "ใ", "ไ", "ฤ", "(", "·", "a",
                                       "1", "๑", ""};
    for (size_t k = 0; k < sizeof BAD / sizeof *BAD; k++)
        if (!qsmap_label_no_line_start(BAD[k]))
            fail_msg("\"%s\" may start a line", BAD[k]);
    for (size_t k = 0; k < sizeof GOOD / sizeof *GOOD; k++)
        if (qsmap_label_no_line_start(GOOD[k]))
            fail_msg("\"%s\" may not start a line", GOOD[k]);
}

/* ---- the drawn labels ------------------------------------------------------ */


static char *pdf_text(const char *pdf, const char *pages)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "pdftotext -raw %s '%s/%s' -", pages, temp_dir(), pdf);
    return command_output(cmd);
}

/* One line of a drawn label breaks only where labels_text.c allows. */
static void check_label_line(const char *district, const char *line)
{
    const char *open = strchr(line, '('), *close = strchr(line, ')');
    const char *km = strstr(line, "กม."), *dot = strstr(line, "·");
    if (!strncmp(line, "กม.", strlen("กม.")) || qsmap_label_no_line_start(line))
        fail_msg("%s: a label line starts badly: \"%s\"", district, line);
    if (close && (!open || close < open))
        fail_msg("%s: a label line starts inside brackets: \"%s\"", district, line);
    if (open && !strchr(open, ')'))
        fail_msg("%s: a label line ends inside brackets: \"%s\"", district, line);
    if (km && (!dot || dot > km))
        fail_msg("%s: the distance is split: \"%s\"", district, line);
    if (dot && !strstr(dot, "กม."))
        fail_msg("%s: the distance is split: \"%s\"", district, line);
}

/* The map page's school labels are drawn last inside the frame, after the
 * north arrow's "N" and before the legend's heading: pdftotext -raw gives
 * them there, a line of text per line. */
static void test_drawn_labels_break_where_allowed(void **state)
{
    (void)state;
    static const char *const DISTRICTS[] = {"เมืองอ่างทอง", "ไชโย",      "ป่าโมก", "โพธิ์ทอง",
                                            "แสวงหา",    "วิเศษชัยชาญ", "สามโก้"};
    for (size_t d = 0; d < sizeof DISTRICTS / sizeof *DISTRICTS; d++) {
        run_sh("%s --district '%s' --radius 5km -q -o 'd%zu.pdf'", QSMAP_BINARY, DISTRICTS[d], d);
        char name[32];
        snprintf(name, sizeof name, "d%zu.pdf", d);
        char *text = pdf_text(name, "-f 1 -l 1");
        char *from = strstr(text, "\nN\n"), *to = strstr(text, "คำอธิบายสัญลักษณ์");
        if (!from || !to || to < from)
            fail_msg("%s: no labels between the north arrow and the legend", DISTRICTS[d]);
        *to = '\0';
        size_t nlines = 0;
        for (char *line = strtok(from + 3, "\n"); line; line = strtok(NULL, "\n")) {
            check_label_line(DISTRICTS[d], line);
            nlines++;
        }
        assert_true(nlines >= 8);
        free(text);
    }
}

/* ---- names printed literally ----------------------------------------------- */

static const char *const HOSTILE[] = {
    "<b>ตัวหนา</b>",
    "A &amp; B &lt;c&gt;",
    "<span foreground=\"red\">แดง</span>",
    "%s%n%d 100% %%",
    "\"คำพูด\" 'เดี่ยว' `x`",
    "<i>ไม่ปิด & <",
};
#define NHOSTILE (sizeof HOSTILE / sizeof *HOSTILE)

/* s with spaces and line breaks removed: a wrapped name is still the name. */
static char *squeezed(const char *s)
{
    char *o = strdup(s), *w = o;
    assert_non_null(o);
    for (; *s; s++)
        if (*s != ' ' && *s != '\n')
            *w++ = *s;
    *w = '\0';
    return o;
}

static size_t occurrences(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void test_hostile_names_printed_literally(void **state)
{
    (void)state;
    char csv[1200];
    snprintf(csv, sizeof csv, "%s/hostile.csv", temp_dir());
    run_sh("cp '%s' hostile.csv", test_data("variants/clean.csv"));
    FILE *f = fopen(csv, "a");
    assert_non_null(f);
    /* close together, so that some labels need leaders or numbers and the
     * legend lists their names too */
    for (size_t k = 0; k < NHOSTILE; k++) {
        fprintf(f, "99999990%02zu,\"", k);
        for (const char *p = HOSTILE[k]; *p; p++)
            fprintf(f, *p == '"' ? "\"\"" : "%c", *p);
        fprintf(f, "\",สพป.อ่างทอง,อ่างทอง,เมืองอ่างทอง,%.4f,%.4f,50,3,5.0,network,\n",
                14.59 + 0.0002 * (double)(k % 3), 100.44 + 0.0003 * (double)(k / 3));
    }
    fclose(f);
    run_sh("%s --schools hostile.csv --boundaries '%s/tha_adm2.shp' --district TH1501 -o "
       "hostile.pdf > hostile.out 2> hostile.err",
       QSMAP_BINARY, QSMAP_GEODATA);
    char path[1300];
    snprintf(path, sizeof path, "%s/hostile.err", temp_dir());
    char *err = read_all(path, NULL);
    assert_non_null(err);
    if (strstr(err, "WARNING") || strstr(err, "CRITICAL") || strstr(err, "Pango"))
        fail_msg("stderr: %s", err);
    free(err);
    char *map = pdf_text("hostile.pdf", "-f 1 -l 1"), *all = pdf_text("hostile.pdf", "");
    char *smap = squeezed(map), *sall = squeezed(all);
    for (size_t k = 0; k < NHOSTILE; k++) {
        char *name = squeezed(HOSTILE[k]);
        /* on the map (its label, or the legend's key to its number) */
        if (!strstr(smap, name))
            fail_msg("the map lacks \"%s\"", HOSTILE[k]);
        /* and in the table, once more */
        if (occurrences(sall, name) < 2)
            fail_msg("the tables lack \"%s\"", HOSTILE[k]);
        free(name);
    }
    free(smap), free(sall), free(map), free(all);
}

/* ---- the line cost ---------------------------------------------------------- */

/* A label whose preferred place (upper right) a line crosses, with room
 * elsewhere: it goes elsewhere, clear of the line. Without the line, or
 * with a line of no cost, it takes the upper right. */
static void test_line_cost_picks_free_place(void **state)
{
    (void)state;
    qsmap_rect frame = {0, 0, 400, 300};
    qsmap_label_req q = {200, 150, 3, 60, 10, 0};
    /* a vertical line 20 points right of the marker, through both right-hand
     * boxes and the upper right */
    double xy[] = {220, 0, 220, 300};
    qsmap_label_line line = {xy, 2, false, 8.0};
    qsmap_label_pos pos;
    assert_int_equal(qsmap_labels_place_lines(&q, 1, NULL, 0, NULL, 0, frame, NULL, NULL, &pos,
                                              NULL),
                     QSMAP_OK);
    assert_int_equal(pos.kind, QSMAP_LABEL_AT_MARKER);
    assert_int_equal(pos.candidate, 0);
    assert_int_equal(qsmap_labels_crossed(&pos, 1, &line, 1, 0), 1);

    assert_int_equal(qsmap_labels_place_lines(&q, 1, NULL, 0, &line, 1, frame, NULL, NULL, &pos,
                                              NULL),
                     QSMAP_OK);
    assert_int_equal(pos.kind, QSMAP_LABEL_AT_MARKER);
    assert_int_equal(pos.candidate, 1); /* upper left, the next in rank */
    assert_int_equal(qsmap_labels_crossed(&pos, 1, &line, 1, 0), 0);

    /* a closed ring round the whole marker crosses every place: a cost, not
     * a block, so the label still sits by its marker, in its first place */
    double ring[] = {180, 140, 220, 140, 220, 160, 180, 160};
    qsmap_label_line box = {ring, 4, true, 8.0};
    assert_int_equal(qsmap_labels_place_lines(&q, 1, NULL, 0, &box, 1, frame, NULL, NULL, &pos,
                                              NULL),
                     QSMAP_OK);
    assert_int_equal(pos.kind, QSMAP_LABEL_AT_MARKER);
    assert_int_equal(pos.candidate, 0);
    assert_int_equal(qsmap_labels_crossed(&pos, 1, &box, 1, 0), 1);
    /* the same ring open (its closing side left out) leaves the left free */
    box.closed = false;
    assert_int_equal(qsmap_labels_place_lines(&q, 1, NULL, 0, &box, 1, frame, NULL, NULL, &pos,
                                              NULL),
                     QSMAP_OK);
    assert_int_equal(pos.candidate, 5);
    assert_int_equal(qsmap_labels_crossed(&pos, 1, &box, 1, 0), 0);
}

/* Many labels and a dense set of lines: wherever a label has a place no
 * line crosses among the free ones, a crossed place would have cost more;
 * here checked as a count: fewer labels crossed than without the cost, and
 * the same number of labels by their markers. */
static void test_line_cost_many(void **state)
{
    (void)state;
    enum { N = 60, NL = 12 };
    qsmap_rect frame = {0, 0, 600, 400};
    qsmap_label_req req[N];
    for (size_t i = 0; i < N; i++)
        req[i] = (qsmap_label_req){40 + (double)(i % 10) * 55, 40 + (double)(i / 10) * 60, 2.5,
                                   40, 9, 0};
    double xy[NL][4];
    qsmap_label_line lines[NL];
    for (size_t l = 0; l < NL; l++) {
        double x = 20 + (double)l * 50 + 17; /* vertical lines between the columns */
        xy[l][0] = x, xy[l][1] = 0, xy[l][2] = x + 10, xy[l][3] = 400;
        lines[l] = (qsmap_label_line){xy[l], 2, false, 8.0};
    }
    qsmap_label_pos a[N], b[N];
    qsmap_label_stats sa, sb;
    assert_int_equal(qsmap_labels_place(req, N, NULL, 0, frame, NULL, NULL, a, &sa), QSMAP_OK);
    assert_int_equal(
        qsmap_labels_place_lines(req, N, NULL, 0, lines, NL, frame, NULL, NULL, b, &sb),
        QSMAP_OK);
    size_t ca = qsmap_labels_crossed(a, N, lines, NL, 0);
    size_t cb = qsmap_labels_crossed(b, N, lines, NL, 0);
    print_message("crossed: %zu without the line cost, %zu with it (of %d)\n", ca, cb, N);
    assert_true(cb < ca);
    assert_true(sb.at_marker >= sa.at_marker);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chunks),
        cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_no_line_start),
        cmocka_unit_test(test_line_cost_picks_free_place),
        cmocka_unit_test(test_line_cost_many),
        cmocka_unit_test(test_drawn_labels_break_where_allowed),
        cmocka_unit_test(test_hostile_names_printed_literally),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
