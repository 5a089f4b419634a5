/* test_networks_render.c — the renderer's named networks (qsmap networks)
 * on the shipped school table and the 175 IQA networks of 2563: an atlas
 * of three networks (a compact one, one with a member beyond the radius,
 * one with a member the school table lacks) has the index and chart pages,
 * then per network its map page and table pages, every school's name (as
 * the list prints it when unmatched) and distance, bookmarks and progress;
 * one network alone is its map and its table, a network whose lead is
 * unmatched a page that says so; the workbook has both sheets and the
 * member ids as text. */
#define _GNU_SOURCE /* memmem */
#include "support.h"

#include "networks/rows.h"
#include "render/render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROWS_PER_TABLE_PAGE 7 /* the renderer's fixed rows per table page */

typedef struct {
    qsmap_schools *s;
    qsmap_districts *d;
    qsmap_networks *nw;
    size_t compact, beyond, unmatched, lead_unmatched; /* network indices */
} fixture;

static bool all_matched(const qsmap_network *net)
{
    return net->unmatched == 0 && net->matched_members == net->members;
}

/* The first network of each kind the tests want, whichever ids they have. */
static void pick(fixture *f)
{
    const qsmap_networks *nw = f->nw;
    f->compact = f->beyond = f->unmatched = f->lead_unmatched = SIZE_MAX;
    for (size_t k = 0; k < nw->n; k++) {
        const qsmap_network *net = &nw->v[k];
        bool lead = nw->rows[net->first].school != QSMAP_NO_SCHOOL;
        if (f->compact == SIZE_MAX && all_matched(net) && net->members >= 2 && net->beyond == 0)
            f->compact = k;
        if (f->beyond == SIZE_MAX && all_matched(net) && net->beyond > 0)
            f->beyond = k;
        if (f->unmatched == SIZE_MAX && lead && net->unmatched > 0 && net->matched_members > 0)
            f->unmatched = k;
        if (f->lead_unmatched == SIZE_MAX && !lead)
            f->lead_unmatched = k;
    }
    assert_true(f->compact != SIZE_MAX && f->beyond != SIZE_MAX && f->unmatched != SIZE_MAX &&
                f->lead_unmatched != SIZE_MAX);
}

static int setup(void **state)
{
    const char *list = shared_data("networks/iqa_networks_2563.csv");
    if (!list) {
        *state = NULL;
        return 0;
    }
    fixture *f = calloc(1, sizeof *f);
    qsmap_error err = {0};
    if (qsmap_schools_load(QSMAP_GEODATA "/schools_th.csv.gz", NULL, &f->s, &err) ||
        qsmap_districts_load(QSMAP_GEODATA "/tha_adm2.shp", QSMAP_ENC_AUTO, &f->d, &err) ||
        qsmap_networks_load(list, f->s, &f->nw, &err) ||
        qsmap_networks_measure(f->nw, f->d, 5000, 2000, &err)) {
        printf("setup: %s\n", err.msg);
        return -1;
    }
    f->nw->sample_data = true;
    pick(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (f) {
        qsmap_networks_free(f->nw);
        qsmap_districts_free(f->d);
        qsmap_schools_free(f->s);
        free(f);
    }
    return 0;
}

static void select_only(qsmap_networks *nw, const size_t *which, size_t n)
{
    for (size_t k = 0; k < nw->n; k++)
        nw->v[k].selected = false;
    for (size_t k = 0; k < n; k++)
        nw->v[which[k]].selected = true;
}

static void count_progress(void *ctx, size_t done, size_t total)
{
    size_t *calls = ctx;
    assert_int_equal(done, ++*calls);
    assert_true(done <= total);
}

/* The selected networks as a PDF at path; its stats. */
static qsmap_atlas_stats render_pdf(const fixture *f, const char *path, size_t *progress_calls)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    qsmap_render_opts opt = {.dpi = 300};
    qsmap_atlas_stats stats;
    qsmap_error err = {0};
    *progress_calls = 0;
    qsmap_status st = qsmap_render_networks_pdf(fp, f->nw, &opt, 2, count_progress,
                                                progress_calls, &stats, &err);
    assert_int_equal(fclose(fp), 0);
    if (st)
        fail_msg("qsmap_render_networks_pdf: %s", err.msg);
    return stats;
}

static size_t pdf_pages(const char *pdf)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", pdf);
    char *info = command_output(cmd);
    const char *pages = strstr(info, "Pages:");
    assert_non_null(pages);
    size_t n = (size_t)atol(pages + 6);
    free(info);
    return n;
}

/* s without spaces and line breaks, which pdftotext puts inside Thai words
 * and where a table cell wraps; free it. */
static char *flat(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    assert_non_null(out);
    for (; *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\r' && *s != '\f')
            *o++ = *s;
    *o = '\0';
    return out;
}

static char *pdf_text(const char *pdf)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "pdftotext -raw '%s' -", pdf);
    char *raw = command_output(cmd);
    char *text = flat(raw);
    free(raw);
    return text;
}

static void assert_has(const char *text, const char *what, const char *network)
{
    char *want = flat(what);
    if (!strstr(text, want))
        fail_msg("network %s: the PDF lacks \"%s\"", network, what);
    free(want);
}

/* Every school of the network is in the text: its name (as printed when
 * unmatched) and, for a member with one, its distance. */
static void assert_network_text(const fixture *f, const qsmap_network *net, const char *text)
{
    const qsmap_networks *nw = f->nw;
    for (uint32_t j = net->first; j < net->first + net->count; j++) {
        const qsmap_net_row *row = &nw->rows[j];
        assert_has(text, qsmap_net_row_name(nw, row), net->id);
        if (!isnan(row->distance_m)) {
            char km[32];
            snprintf(km, sizeof km, "%.2f", row->distance_m / 1000);
            assert_has(text, km, net->id);
        }
    }
}

static int by_index(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static size_t network_pages(const qsmap_network *net)
{
    return 1 + (net->count + ROWS_PER_TABLE_PAGE - 1) / ROWS_PER_TABLE_PAGE;
}

static void test_atlas_of_three(void **state)
{
    fixture *f = *state;
    if (!f)
        skip();
    size_t which[3] = {f->compact, f->beyond, f->unmatched};
    qsort(which, 3, sizeof *which, by_index); /* the atlas keeps the list's order */
    select_only(f->nw, which, 3);
    char pdf[1100];
    snprintf(pdf, sizeof pdf, "%s/three.pdf", temp_dir());
    size_t calls;
    qsmap_atlas_stats stats = render_pdf(f, pdf, &calls);
    /* one index page and the chart page, then per network map + tables */
    size_t expected = 2;
    for (int k = 0; k < 3; k++)
        expected += network_pages(&f->nw->v[which[k]]);
    assert_int_equal(pdf_pages(pdf), expected);
    assert_int_equal(stats.pages, expected);
    assert_int_equal(stats.districts, 3);
    assert_int_equal(calls, 3);

    char *text = pdf_text(pdf);
    for (int k = 0; k < 3; k++)
        assert_network_text(f, &f->nw->v[which[k]], text);
    assert_has(text, QSMAP_NET_NOT_FOUND, "(any)");
    assert_has(text, "ระยะทางจากโรงเรียนแกนนำถึงโรงเรียนร่วมพัฒนา", "(chart)");
    free(text);

    /* bookmarks, and the index's links to the maps: each map page is the
     * named destination the links give, at the page the index says */
    size_t len;
    char *raw = read_all(pdf, &len);
    assert_non_null(memmem(raw, len, "/Outlines", 9));
    assert_non_null(memmem(raw, len, "/Dest (net-", 11));
    free(raw);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "pdfinfo -dests '%s'", pdf);
    char *dests = command_output(cmd);
    for (size_t k = 0, page = 3; k < 3; page += network_pages(&f->nw->v[which[k]]), k++) {
        char want[128];
        snprintf(want, sizeof want, " %zu [", page);
        const char *at = strstr(dests, want);
        snprintf(want, sizeof want, "\"net-%s\"", f->nw->v[which[k]].id);
        if (!at || !strstr(at, want) || strchr(at, '\n') < strstr(at, want))
            fail_msg("no destination %s on page %zu:\n%s", want, page, dests);
    }
    free(dests);
}

static void test_one_network_and_lead_unmatched(void **state)
{
    fixture *f = *state;
    if (!f)
        skip();
    char pdf[1100];
    size_t calls;
    const qsmap_network *net = &f->nw->v[f->beyond];
    select_only(f->nw, &f->beyond, 1);
    snprintf(pdf, sizeof pdf, "%s/one.pdf", temp_dir());
    render_pdf(f, pdf, &calls);
    /* no index, no chart: the map, then the table */
    assert_int_equal(pdf_pages(pdf), network_pages(net));
    char *text = pdf_text(pdf);
    assert_network_text(f, net, text);
    assert_has(text, "แกนนำ", net->id);
    free(text);

    net = &f->nw->v[f->lead_unmatched];
    select_only(f->nw, &f->lead_unmatched, 1);
    snprintf(pdf, sizeof pdf, "%s/no-map.pdf", temp_dir());
    render_pdf(f, pdf, &calls);
    assert_int_equal(pdf_pages(pdf), network_pages(net));
    text = pdf_text(pdf);
    assert_has(text, "ไม่มีแผนที่ของเครือข่ายนี้", net->id);
    assert_network_text(f, net, text);
    free(text);
}

/* One member of the zip, NUL-terminated. */
static char *zip_member(const char *xlsx, const char *name)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", xlsx, name);
    return command_output(cmd);
}

static void test_workbook(void **state)
{
    fixture *f = *state;
    if (!f)
        skip();
    size_t which[3] = {f->compact, f->beyond, f->unmatched};
    select_only(f->nw, which, 3);
    char path[1100];
    snprintf(path, sizeof path, "%s/networks.xlsx", temp_dir());
    qsmap_error err = {0};
    if (qsmap_render_networks_xlsx(path, f->nw, &err))
        fail_msg("qsmap_render_networks_xlsx: %s", err.msg);
    char *book = zip_member(path, "xl/workbook.xml");
    assert_non_null(strstr(book, "name=\"สมาชิก\""));
    assert_non_null(strstr(book, "name=\"สรุปเครือข่าย\""));
    free(book);
    /* a member's id is text (a shared string), not a number */
    const qsmap_network *net = &f->nw->v[f->compact];
    const qsmap_net_row *m = &f->nw->rows[net->first + 1];
    char want[128];
    snprintf(want, sizeof want, "<t>%s</t>", f->s->v[m->school].id);
    char *sst = zip_member(path, "xl/sharedStrings.xml");
    if (!strstr(sst, want))
        fail_msg("sharedStrings lacks %s", want);
    assert_non_null(strstr(sst, QSMAP_NET_NOT_FOUND));
    free(sst);
    /* a row per member of the three, under the header row */
    char *sheet = zip_member(path, "xl/worksheets/sheet1.xml");
    size_t rows = 0, members = 0;
    for (const char *p = sheet; (p = strstr(p, "<row ")); p++)
        rows++;
    for (int k = 0; k < 3; k++)
        members += f->nw->v[which[k]].count - 1;
    assert_int_equal(rows, members + 1);
    assert_non_null(strstr(sheet, "<autoFilter"));
    free(sheet);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_atlas_of_three),
        cmocka_unit_test(test_one_network_and_lead_unmatched),
        cmocka_unit_test(test_workbook),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
