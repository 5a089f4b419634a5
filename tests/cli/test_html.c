/* test_html.c — -o FILE.html: one self-contained page. The file names no
 * script or style to fetch and no URL outside Leaflet's own text but the
 * OpenStreetMap tiles (off until ticked); opened from file:// in headless
 * Chromium with the network off (tests/cli/html_check.py, python3-selenium)
 * it shows one marker per school of the report and one table row per CSV
 * row, and a school named "</script><script>alert(1)</script>" as text.
 * Skipped, with a message, where Chromium or selenium is missing. */
#define _GNU_SOURCE /* strcasestr */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#define HELPER QSMAP_TEST_DATA "/../cli/html_check.py"
#define LEAFLET_JS "/usr/share/javascript/leaflet/leaflet.js"
#define HOSTILE "</script><script>alert(1)</script>"

/* What the page shows, as html_check.py prints it. */
typedef struct {
    long ready, quality, network, rows, resources, scripts, errors, alert, text;
} shown;

static long field(const char *out, const char *name)
{
    size_t n = strlen(name);
    for (const char *line = out; line && *line; line = strchr(line, '\n'), line += !!line)
        if (strncmp(line, name, n) == 0 && line[n] == ' ')
            return strtol(line + n + 1, NULL, 10);
    fail_msg("html_check.py printed no \"%s\":\n%s", name, out);
    return -1;
}

/* Open the page in Chromium (a screenshot to shot unless ""; text: count the
 * table cells that read exactly it); skip() where it cannot run here. */
static shown browse(const char *page, const char *shot, const char *text)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%s' '%s' %s%s%s", HELPER, page, shot,
             text ? "'" : "", text ? text : "", text ? "'" : "");
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    static char out[4096];
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    printf("%s", out);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 77)
        skip();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail_msg("html_check.py failed (status %d)", status);
    return (shown){field(out, "ready"), field(out, "quality"), field(out, "network"),
                   field(out, "rows"), field(out, "resources"), field(out, "scripts"),
                   field(out, "errors"), field(out, "alert"),
                   text ? field(out, "text") : 0};
}

/* Distinct non-empty values of a CSV column. */
static size_t distinct(const csv_table *t, const char *col)
{
    size_t n = 0;
    for (size_t i = 1; i < t->nrows; i++) {
        const char *v = csv_at(t, i, col);
        bool seen = !*v;
        for (size_t j = 1; j < i && !seen; j++)
            seen = strcmp(csv_at(t, j, col), v) == 0;
        n += !seen;
    }
    return n;
}

/* The text between `open` and the next `close` in s (NULL: none). */
static const char *element(const char *s, const char *open, const char *close, size_t *len)
{
    const char *a = strstr(s, open), *b = a ? strstr(a + strlen(open), close) : NULL;
    if (!b)
        return NULL;
    *len = (size_t)(b - a);
    return a;
}

/* Every "http://" or "https://" in s[0..n-1] outside the allowed ranges:
 * in Leaflet's script each must be one of Leaflet's own file (its comments'
 * links); elsewhere only the OpenStreetMap tile host. */
static int stray_urls(const char *s, size_t n, const char *leaflet, size_t lstart, size_t llen)
{
    int bad = 0;
    for (size_t i = 0; i + 8 < n; i++) {
        if (strncmp(s + i, "http://", 7) != 0 && strncmp(s + i, "https://", 8) != 0)
            continue;
        size_t e = i;
        while (e < n && !strchr(" \t\n'\"()<>*,", s[e]))
            e++;
        char url[512];
        snprintf(url, sizeof url, "%.*s", (int)(e - i < 500 ? e - i : 500), s + i);
        bool in_leaflet = i >= lstart && i < lstart + llen;
        bool ok = in_leaflet ? strstr(leaflet, url) != NULL
                             : strncmp(url, "https://tile.openstreetmap.org", 30) == 0;
        if (!ok) {
            printf("  stray URL %s%s\n", url, in_leaflet ? " (not Leaflet's)" : "");
            bad++;
        }
    }
    return bad;
}

/* Whether s (the page with Leaflet's script cut out) has `what`. */
static void refuse(const char *s, const char *what)
{
    const char *p = strcasestr(s, what);
    if (p)
        fail_msg("the page has %s: %.80s", what, p);
}

static void check_offline_file(const char *html, size_t len)
{
    size_t llen = 0;
    const char *lj = element(html, "<script id=\"leaflet-js\">", "</script>", &llen);
    assert_non_null(lj);
    assert_non_null(strstr(lj, "Leaflet"));
    /* Nothing that fetches: Leaflet's comments show <img src=…> in
     * examples, so its script is left out of this look. */
    char *own = malloc(len + 1);
    assert_non_null(own);
    size_t head = (size_t)(lj - html);
    memcpy(own, html, head);
    strcpy(own + head, lj + llen);
    refuse(html, "<script src");
    refuse(html, "<link");
    static const char *const FETCHING[] = {"@import", "<iframe", "<img", "src=", "url(http"};
    for (size_t k = 0; k < sizeof FETCHING / sizeof FETCHING[0]; k++)
        refuse(own, FETCHING[k]);
    free(own);
    assert_non_null(strstr(html, "<html lang=\"th\">"));
    assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
    char *leaflet = read_all(LEAFLET_JS, NULL);
    assert_non_null(leaflet);
    int bad = stray_urls(html, len, leaflet, (size_t)(lj - html), llen);
    free(leaflet);
    if (bad)
        fail_msg("%d URL(s) the page should not have", bad);
    assert_non_null(strstr(html, "https://tile.openstreetmap.org/{z}/{x}/{y}.png"));
    assert_non_null(strstr(html, "แผนที่พื้นหลัง OpenStreetMap (ต้องต่ออินเทอร์เน็ต)"));
}

static void test_html_page_of_mueang_ang_thong(void **state)
{
    (void)state;
    char html[512], csv[512], shot[512];
    snprintf(html, sizeof html, "%s/x.html", temp_dir());
    snprintf(csv, sizeof csv, "%s/x.csv", temp_dir());
    snprintf(shot, sizeof shot, "%s/html-shot.png", temp_dir());
    cli_result r = run_cli("--district", "เมืองอ่างทอง", "-q", "-o", html, "-o", csv, NULL);
    if (r.code != 0)
        fail_msg("exit %d: %s", r.code, r.err);
    cli_result_free(&r);
    size_t len;
    char *page = read_all(html, &len);
    assert_non_null(page);
    check_offline_file(page, len);
    assert_non_null(strstr(page, "ข้อมูลตัวอย่าง (ตำแหน่งสมมติ)"));
    assert_non_null(strstr(page, "ขอบเขตการปกครอง: กรมแผนที่ทหาร / OCHA HDX (CC BY-IGO)"));
    free(page);

    csv_table t = csv_table_read(csv);
    size_t nq = distinct(&t, "quality_id"), nn = distinct(&t, "network_id");
    printf("  CSV: %zu rows, %zu quality schools, %zu network schools\n", t.nrows - 1, nq, nn);
    shown s = browse(html, shot, NULL);
    assert_int_equal(s.ready, 1);
    assert_int_equal(s.quality, nq);
    assert_int_equal(s.network, nn);
    assert_int_equal(s.rows, t.nrows - 1);
    assert_int_equal(s.resources, 0);
    assert_int_equal(s.errors, 0);
    assert_int_equal(s.alert, 0);
    assert_int_equal(s.scripts, 3);
    csv_table_free(&t);
}

/* A quality school of the clean table renamed to a script: the data block
 * holds it as "<\/script>…", and the page shows the name as text. */
static void test_html_shows_a_hostile_name_as_text(void **state)
{
    (void)state;
    char *clean = read_all(test_data("variants/clean.csv"), NULL);
    assert_non_null(clean);
    const char *old = "โรงเรียนปาโมกข์วิทยาภูมิ";
    char *at = strstr(clean, old);
    assert_non_null(at);
    size_t head = (size_t)(at - clean);
    char *hostile = malloc(strlen(clean) + sizeof HOSTILE);
    assert_non_null(hostile);
    sprintf(hostile, "%.*s%s%s", (int)head, clean, HOSTILE, at + strlen(old));
    const char *schools = write_temp("hostile.csv", hostile, strlen(hostile));
    free(hostile);
    free(clean);
    char html[512], csv[512];
    snprintf(html, sizeof html, "%s/hostile.html", temp_dir());
    snprintf(csv, sizeof csv, "%s/hostile-pairs.csv", temp_dir());
    cli_result r = run_cli("--schools", schools, "--district", "ป่าโมก", "-q", "-o", html, "-o",
                           csv, NULL);
    if (r.code != 0)
        fail_msg("exit %d: %s", r.code, r.err);
    cli_result_free(&r);
    size_t len;
    char *page = read_all(html, &len);
    assert_non_null(page);
    assert_null(strstr(page, HOSTILE));
    assert_non_null(strstr(page, "<\\/script><script>alert(1)<\\/script>"));
    check_offline_file(page, len);
    free(page);
    csv_table t = csv_table_read(csv);
    size_t named = 0;
    for (size_t i = 1; i < t.nrows; i++)
        named += strcmp(csv_at(&t, i, "quality_name"), HOSTILE) == 0;
    assert_true(named > 0);
    shown s = browse(html, "", HOSTILE);
    assert_int_equal(s.ready, 1);
    assert_int_equal(s.alert, 0);
    assert_int_equal(s.scripts, 3);
    assert_int_equal(s.errors, 0);
    assert_int_equal(s.text, named); /* the name's cell in every row of its table */
    assert_int_equal(s.rows, t.nrows - 1);
    csv_table_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_page_of_mueang_ang_thong),
        cmocka_unit_test(test_html_shows_a_hostile_name_as_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
