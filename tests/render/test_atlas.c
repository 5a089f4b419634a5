/* test_atlas.c — batches: the PDF atlas (cover + index + per district a map
 * page and its table pages, bookmarks, districts without a quality school
 * listed), its pages numbered through and the index giving each district's
 * page, Bangkok's เขต, --skip-empty, the same bytes whatever the threads
 * do, one PNG per district with -o DIR/, and the progress bar only on a
 * terminal. */
#define _GNU_SOURCE /* posix_openpt, ptsname */
#include "support.h"

#include "cli/cli.h"
#include "render/render.h"

#include <cairo-pdf.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static cairo_status_t discard(void *c, const unsigned char *d, unsigned int n)
{
    (void)c, (void)d, (void)n;
    return CAIRO_STATUS_SUCCESS;
}

/* Pages the tables of one district take, drawn on their own. */
static size_t table_pages(const qsmap_report *all, size_t district)
{
    qsmap_report r;
    qsmap_error err = {0};
    assert_int_equal(qsmap_report_slice(all, district, &r, &err), QSMAP_OK);
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(discard, NULL, QSMAP_PAGE_W,
                                                             QSMAP_PAGE_H);
    cairo_t *cr = cairo_create(s);
    qsmap_render_opts opt = {.dpi = 300};
    size_t pages = 0;
    assert_int_equal(qsmap_tables_draw(cr, &r, &opt, &pages, &err), QSMAP_OK);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    qsmap_report_release(&r);
    return pages;
}

static void test_atlas_pages_bookmarks_and_index(void **state)
{
    (void)state;
    char pdf[1100], cmd[1400];
    snprintf(pdf, sizeof pdf, "%s/kpp.pdf", temp_dir());
    /* without -q: with it, stderr holds nothing (tests/cli/test_print.c) */
    cli_result res = run_cli("--province", "กำแพงเพชร", "-o", pdf, NULL);
    if (res.code != 0)
        fail_msg("exit %d: %s", res.code, res.err);
    /* not a terminal: no bar, one summary line */
    assert_null(strchr(res.err, '\r'));
    assert_non_null(strstr(res.err, "qsmap: atlas 11 อำเภอ (ไม่มีโรงเรียนคุณภาพ 1)"));
    assert_int_equal(strchr(res.err, '\n') - res.err + 1, (long)strlen(res.err));
    cli_result_free(&res);

    /* expected pages: cover + one index page + per district 1 map + tables */
    qsmap_schools *s;
    qsmap_districts *d;
    qsmap_error err = {0};
    assert_int_equal(qsmap_schools_load(QSMAP_GEODATA "/schools_th.csv.gz", NULL, &s, &err), 0);
    assert_int_equal(qsmap_districts_load(QSMAP_GEODATA "/tha_adm2.shp", QSMAP_ENC_AUTO, &d, &err),
                     0);
    size_t *sel, n;
    assert_int_equal(qsmap_districts_select(d, NULL, "กำแพงเพชร", &sel, &n, &err), 0);
    qsmap_report all;
    assert_int_equal(qsmap_report_build(s, d, sel, n, 5000, &all, &err), 0);
    assert_int_equal(qsmap_report_summarize(&all, 120, &err), 0);
    size_t expected = 2;
    for (size_t k = 0; k < n; k++)
        expected += 1 + table_pages(&all, sel[k]);
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", pdf);
    char *info = command_output(cmd);
    const char *pages = strstr(info, "Pages:");
    assert_non_null(pages);
    if ((size_t)atol(pages + 6) != expected)
        fail_msg("want %zu pages; pdfinfo says %ld", expected, atol(pages + 6));
    free(info);

    /* the index lists every district, the one without a quality school too */
    snprintf(cmd, sizeof cmd, "pdftotext -raw -f 2 -l 2 '%s' -", pdf);
    char *index = command_output(cmd);
    for (size_t k = 0; k < n; k++)
        if (!strstr(index, qsmap_districts_get(d, sel[k])->pcode))
            fail_msg("index lacks %s", qsmap_districts_get(d, sel[k])->pcode);
    assert_non_null(strstr(index, "TH6204 ขาณุวรลักษบุรี (กำแพงเพชร) — ไม่มีโรงเรียนคุณภาพ"));
    free(index);

    /* bookmarks: an outline with the province and its 11 districts */
    size_t len;
    char *raw = read_all(pdf, &len);
    assert_non_null(memmem(raw, len, "/Outlines", 9));
    assert_non_null(memmem(raw, len, "/Count 12", 9) ? raw : memmem(raw, len, "/Count -11", 10));
    free(raw);
    qsmap_report_release(&all);
    free(sel);
    qsmap_districts_free(d);
    qsmap_schools_free(s);
}

/* The text of page n of pdf (pdftotext -raw); free it. */
static char *page_text(const char *pdf, size_t n)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "pdftotext -raw -f %zu -l %zu '%s' -", n, n, pdf);
    return command_output(cmd);
}

/* text without spaces and line breaks, which pdftotext puts inside Thai
 * words now and then ("ป่ าโมก"); free it. */
static char *flat(const char *text)
{
    char *f = strdup(text);
    assert_non_null(f);
    size_t n = 0;
    for (const char *c = text; *c; c++)
        if (*c != '\n' && *c != ' ')
            f[n++] = *c;
    f[n] = '\0';
    return f;
}

/* Whether text holds want, spaces and line breaks aside. */
static bool has_words(const char *text, const char *want)
{
    char *t = flat(text), *w = flat(want);
    bool found = strstr(t, w) != NULL;
    free(t), free(w);
    return found;
}

static size_t pdf_pages(const char *pdf)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", pdf);
    char *info = command_output(cmd);
    const char *at = strstr(info, "Pages:");
    assert_non_null(at);
    size_t n = (size_t)atol(at + 6);
    free(info);
    return n;
}

/* The page number at the end of pcode's index entry; 0 when it has none.
 * An entry ends where the next begins ("\nTH") or the page's foot does:
 * pdftotext breaks a line now and then inside a Thai word. */
static size_t index_page(const char *index, const char *pcode)
{
    const char *line = strstr(index, pcode);
    if (!line)
        fail_msg("index lacks %s", pcode);
    const char *end = line + strlen(line), *e;
    if ((e = strstr(line + 1, "\nTH")) && e < end)
        end = e;
    if ((e = strstr(line, "\nหน้า ")) && e < end)
        end = e;
    while (end > line && (end[-1] == '\n' || end[-1] == ' '))
        end--;
    const char *p = end;
    while (p > line && p[-1] >= '0' && p[-1] <= '9')
        p--;
    return p < end && p[-1] == ' ' ? (size_t)atol(p) : 0;
}

/* Every page says its number, cover and maps too; the index's numbers are
 * the pages of the districts' maps, which the tables follow. */
static void test_atlas_numbered_through(void **state)
{
    (void)state;
    char pdf[1100];
    snprintf(pdf, sizeof pdf, "%s/numbered.pdf", temp_dir());
    cli_result res = run_cli("--province", "อ่างทอง", "-q", "-o", pdf, NULL);
    assert_int_equal(res.code, 0);
    cli_result_free(&res);
    size_t n = pdf_pages(pdf);
    for (size_t p = 1; p <= n; p++) {
        char want[32], *text = page_text(pdf, p);
        snprintf(want, sizeof want, "หน้า %zu\n", p);
        if (!strstr(text, want))
            fail_msg("page %zu does not say %s", p, want);
        free(text);
    }
    static const char *const PCODES[] = {"TH1501", "TH1502", "TH1503", "TH1504",
                                         "TH1505", "TH1506", "TH1507"};
    static const char *const TITLES[] = {"อำเภอเมืองอ่างทอง", "อำเภอไชโย", "อำเภอป่าโมก",
                                         "อำเภอโพธิ์ทอง", "อำเภอแสวงหา", "อำเภอวิเศษชัยชาญ",
                                         "อำเภอสามโก้"};
    char *index = page_text(pdf, 2);
    size_t expect = 3; /* cover, one index page */
    for (int k = 0; k < 7; k++) {
        size_t at = index_page(index, PCODES[k]);
        assert_int_equal(at, expect);
        char *map = page_text(pdf, at), *table = page_text(pdf, at + 1);
        assert_true(has_words(map, TITLES[k]));
        assert_null(strstr(map, "ตารางโรงเรียนเครือข่าย"));
        assert_non_null(strstr(table, "ตารางโรงเรียนเครือข่าย"));
        assert_true(has_words(table, TITLES[k]));
        free(map), free(table);
        /* the next district's map comes after this one's last table page */
        size_t next = k < 6 ? index_page(index, PCODES[k + 1]) : n + 1;
        assert_true(next > at + 1);
        expect = next;
    }
    free(index);
}

/* Bangkok's districts are เขต; --skip-empty leaves the three without a
 * quality school out of the atlas but not out of the index. */
static void test_atlas_bangkok_and_skip_empty(void **state)
{
    (void)state;
    char full[1100], skip[1100];
    snprintf(full, sizeof full, "%s/bkk.pdf", temp_dir());
    snprintf(skip, sizeof skip, "%s/bkk-skip.pdf", temp_dir());
    cli_result res = run_cli("--province", "กรุงเทพมหานคร", "-o", full, NULL);
    assert_int_equal(res.code, 0);
    assert_non_null(strstr(res.err, "qsmap: atlas 50 เขต (ไม่มีโรงเรียนคุณภาพ 3)"));
    assert_non_null(strstr(res.out, "50 เขต รัศมี 5 กม."));
    assert_non_null(strstr(res.out, "เขตที่ไม่มีโรงเรียนคุณภาพ 3 เขต"));
    cli_result_free(&res);
    char *cover = page_text(full, 1), *index = page_text(full, 2);
    assert_non_null(strstr(cover, "50 เขต"));
    assert_null(strstr(cover, "อำเภอ"));
    assert_non_null(strstr(index, "สารบัญเขต"));
    assert_null(strstr(index, "อำเภอ"));
    static const char *const EMPTY[] = {"TH1008", "TH1018", "TH1043"};
    size_t left_out = 0;
    for (int k = 0; k < 3; k++) {
        size_t at = index_page(index, EMPTY[k]);
        assert_true(at > 2);
        char *table = page_text(full, at + 1);
        assert_non_null(strstr(table, "ไม่มีโรงเรียนคุณภาพในเขตนี้"));
        free(table);
        char next[8];
        snprintf(next, sizeof next, "TH10%02d", atoi(EMPTY[k] + 4) + 1);
        left_out += index_page(index, next) - at; /* its map and table pages */
    }
    free(cover);

    res = run_cli("--province", "กรุงเทพมหานคร", "--skip-empty", "-q", "-o", skip, NULL);
    assert_int_equal(res.code, 0);
    cli_result_free(&res);
    assert_int_equal(pdf_pages(skip), pdf_pages(full) - left_out);
    char *sindex = page_text(skip, 2);
    for (int k = 0; k < 3; k++) {
        assert_int_equal(index_page(sindex, EMPTY[k]), 0);
        const char *line = strstr(sindex, EMPTY[k]), *next = strstr(line + 1, "\nTH");
        assert_non_null(strstr(line, "ไม่มีโรงเรียนคุณภาพ"));
        assert_true(!next || strstr(line, "ไม่มีโรงเรียนคุณภาพ") < next);
    }
    /* the districts after the first left out move up by its pages */
    assert_int_equal(index_page(sindex, "TH1001"), index_page(index, "TH1001"));
    assert_true(index_page(sindex, "TH1050") < index_page(index, "TH1050"));
    free(sindex);
    free(index);
}

static void test_atlas_same_bytes_twice(void **state)
{
    (void)state;
    char a[1100], b[1100];
    snprintf(a, sizeof a, "%s/a.pdf", temp_dir());
    snprintf(b, sizeof b, "%s/b.pdf", temp_dir());
    cli_result r1 = run_cli("--province", "อ่างทอง", "-q", "-o", a, NULL);
    cli_result r2 = run_cli("--province", "อ่างทอง", "-q", "-o", b, NULL);
    assert_int_equal(r1.code, 0);
    assert_int_equal(r2.code, 0);
    size_t la, lb;
    char *x = read_all(a, &la), *y = read_all(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(x, y, la);
    free(x), free(y);
    cli_result_free(&r1);
    cli_result_free(&r2);
}

static void test_png_per_district(void **state)
{
    (void)state;
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/pngs/", temp_dir());
    mkdir(dir, 0755);
    cli_result r = run_cli("--province", "อ่างทอง", "-q", "--dpi", "72", "-o", dir, NULL);
    assert_int_equal(r.code, 0);
    cli_result_free(&r);
    static const char *const PCODES[] = {"TH1501-เมืองอ่างทอง", "TH1502-ไชโย", "TH1507-สามโก้"};
    for (int k = 0; k < 3; k++) {
        char p[1300];
        snprintf(p, sizeof p, "%s%s-5km.png", dir, PCODES[k]);
        cairo_surface_t *img = cairo_image_surface_create_from_png(p);
        assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
        assert_int_equal(cairo_image_surface_get_width(img), 842);
        cairo_surface_destroy(img);
    }
    /* a directory that does not exist is refused up front */
    char missing[1100];
    snprintf(missing, sizeof missing, "%s/nope/", temp_dir());
    r = run_cli("--province", "อ่างทอง", "-o", missing, NULL);
    assert_int_equal(r.code, 5);
    assert_non_null(strstr(r.err, "does not exist"));
    cli_result_free(&r);
}

/* On a terminal the bar is drawn: run with stderr on a pseudo-terminal. */
static void test_progress_bar_on_terminal(void **state)
{
    (void)state;
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    assert_true(master >= 0);
    assert_int_equal(grantpt(master), 0);
    assert_int_equal(unlockpt(master), 0);
    int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    assert_true(slave >= 0);
    FILE *tty = fdopen(slave, "w");
    char out[1100];
    snprintf(out, sizeof out, "%s/tty.pdf", temp_dir());
    char *argv[] = {"qsmap", "--province", "อ่างทอง", "-q", "-o", out, NULL};
    FILE *sink = fopen("/dev/null", "w");
    int code = qsmap_cli_run_with(6, argv, sink, tty, qsmap_render_module());
    fflush(tty);
    assert_int_equal(code, 0);
    /* The terminal hands the bar over in pieces: read until it goes quiet
     * (regression: one read saw only the first districts, now and then). */
    char buf[8192];
    size_t n = 0;
    struct pollfd pfd = {.fd = master, .events = POLLIN};
    while (n < sizeof buf - 1 && poll(&pfd, 1, 200) > 0) {
        ssize_t got = read(master, buf + n, sizeof buf - 1 - n);
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    assert_true(n > 0);
    buf[n] = '\0';
    assert_non_null(strstr(buf, "\r["));
    assert_non_null(strstr(buf, "7/7"));
    fclose(sink);
    fclose(tty);
    close(master);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_atlas_pages_bookmarks_and_index),
        cmocka_unit_test(test_atlas_numbered_through),
        cmocka_unit_test(test_atlas_bangkok_and_skip_empty),
        cmocka_unit_test(test_atlas_same_bytes_twice),
        cmocka_unit_test(test_png_per_district),
        cmocka_unit_test(test_progress_bar_on_terminal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
