/* test_table.c — the PDF table pages, read back with pdftotext: Mueang Ang
 * Thong from the shipped dataset, Thai digits, a 120-school table that runs
 * over several pages, quality schools without network schools, a whole
 * province, byte-identical output, and a cairo context in error. */
#include "support.h"

#include "base/number.h"
#include "base/vocab.h"
#include "render/render.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    qsmap_schools *s;
    qsmap_districts *d;
} dataset;

/* A report built as the CLI builds one. */
typedef struct {
    qsmap_report r;
} built;


static int setup(void **state)
{
    static dataset ds;
    qsmap_error err = {0};
    if (qsmap_districts_load(QSMAP_GEODATA "/tha_adm2.shp", QSMAP_ENC_AUTO, &ds.d, &err) ||
        qsmap_schools_load(QSMAP_GEODATA "/schools_th.csv.gz", NULL, &ds.s, &err)) {
        char msg[1400];
        qsmap_error_format(&err, msg, sizeof msg);
        printf("cannot load the default dataset: %s\n", msg);
        return -1;
    }
    *state = &ds;
    return 0;
}

static int teardown(void **state)
{
    dataset *ds = *state;
    qsmap_schools_free(ds->s);
    qsmap_districts_free(ds->d);
    /* Let Pango and cairo drop their process-wide caches, so
     * that the sanitizer's leak check sees only what qsmap allocates. */
    pango_cairo_font_map_set_default(NULL);
    cairo_debug_reset_static_data();
    return 0;
}

static void build(built *b, const qsmap_schools *s, const qsmap_districts *d,
                  const char *district, const char *province, double radius_m, bool sample)
{
    qsmap_error err = {0};
    size_t *sel, nsel;
    assert_int_equal(qsmap_districts_select(d, district, province, &sel, &nsel, &err),
                     QSMAP_OK);
    assert_int_equal(qsmap_report_build(s, d, sel, nsel, radius_m, &b->r, &err), QSMAP_OK);
    b->r.sample_data = sample;
    free(sel);
}

static void built_free(built *b) { qsmap_report_release(&b->r); }

/* Draw the tables of r into temp_dir()/name; returns the pages drawn. */
static size_t draw_pdf(const qsmap_report *r, bool thai, const char *name, const char **path)
{
    static char p[1200];
    snprintf(p, sizeof p, "%s/%s", temp_dir(), name);
    cairo_surface_t *sf = cairo_pdf_surface_create(p, QSMAP_PAGE_W, QSMAP_PAGE_H);
    /* A fixed date so two runs can be compared byte for byte. */
    cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATE_DATE, "2024-01-01T00:00:00Z");
    cairo_t *cr = cairo_create(sf);
    qsmap_render_opts opt = {.thai_digits = thai, .dpi = 150, .date = NULL};
    qsmap_error err = {0};
    size_t pages = 0;
    qsmap_status st = qsmap_tables_draw(cr, r, &opt, &pages, &err);
    if (st) {
        char msg[1400];
        qsmap_error_format(&err, msg, sizeof msg);
        fail_msg("qsmap_tables_draw: %s", msg);
    }
    cairo_destroy(cr);
    cairo_surface_finish(sf);
    assert_int_equal(cairo_surface_status(sf), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(sf);
    if (path)
        *path = p;
    return pages;
}

/* The text of page `page` (0: every page) as pdftotext reads it, in drawing
 * order (-raw): its layout mode reorders Thai marks and mixes up lines. */
static char *pdf_text(const char *path, int page)
{
    if (system("command -v pdftotext >/dev/null 2>&1") != 0)
        fail_msg("pdftotext is not installed: install poppler-utils to run test_table");
    char cmd[1600];
    if (page > 0)
        snprintf(cmd, sizeof cmd, "pdftotext -raw -enc UTF-8 -f %d -l %d '%s' -", page, page, path);
    else
        snprintf(cmd, sizeof cmd, "pdftotext -raw -enc UTF-8 '%s' -", path);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    assert_non_null(buf);
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2) {
            buf = realloc(buf, cap *= 2);
            assert_non_null(buf);
        }
    }
    buf[n] = '\0';
    int rc = pclose(f);
    if (rc != 0)
        fail_msg("pdftotext failed on %s (status %d)", path, rc);
    return buf;
}

/* Text with every blank removed: a wrapped name reads back over lines. */
static char *squeeze(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    assert_non_null(out);
    for (; *s; s++)
        if (!strchr(" \t\r\n\f", *s))
            *o++ = *s;
    *o = '\0';
    return out;
}

static bool has(const char *squeezed, const char *needle)
{
    char *n = squeeze(needle);
    bool found = strstr(squeezed, n) != NULL;
    free(n);
    return found;
}

static size_t count(const char *hay, const char *needle)
{
    size_t c = 0, len = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle))
        c++;
    return c;
}

/* How often `needle` occurs in squeezed text. */
static size_t count_sq(const char *squeezed, const char *needle)
{
    char *n = squeeze(needle);
    size_t c = count(squeezed, n);
    free(n);
    return c;
}

static void test_mueang_ang_thong(void **state)
{
    dataset *ds = *state;
    built b;
    build(&b, ds->s, ds->d, "TH1501", NULL, 5000, true);
    assert_true(b.r.catchment->n > 0);
    const char *path;
    size_t pages = draw_pdf(&b.r, false, "th1501.pdf", &path);
    char *text = pdf_text(path, 0), *sq = squeeze(text);
    printf("TH1501, 5 km: %zu pairs on %zu page(s)\n", b.r.catchment->n, pages);
    assert_true(pages >= 1);
    assert_int_equal(count(text, "\f"), pages);
    assert_true(has(sq, "ตารางโรงเรียนเครือข่ายในรัศมี 5 กม. — อำเภอเมืองอ่างทอง "
                        "จังหวัดอ่างทอง"));
    assert_true(has(sq, "หน้า 1"));
    assert_true(has(sq, QSMAP_SAMPLE_NOTE));
    for (const char *const *h = (const char *const[]){"ลำดับ", "ชื่อโรงเรียน", "ระยะทาง (กม.)",
                                                     "พื้นที่ (ไร่)", "นักเรียน", "ครู", NULL};
         *h; h++)
        assert_true(has(sq, *h));
    for (size_t i = 0; i < b.r.catchment->n; i++) {
        const qsmap_pair *p = &b.r.catchment->v[i];
        if (!has(sq, ds->s->v[p->quality].name))
            fail_msg("quality school %s missing", ds->s->v[p->quality].name);
        if (p->network != QSMAP_NO_SCHOOL && !has(sq, ds->s->v[p->network].name))
            fail_msg("network school %s missing", ds->s->v[p->network].name);
        /* Distances as the table prints them, 2 decimals in km. */
        char km[32];
        if (p->network != QSMAP_NO_SCHOOL) {
            qsmap_number_km(p->distance_m, false, km, sizeof km);
            assert_true(has(sq, km));
        }
    }
    assert_true(has(sq, "รวม"));
    free(sq);
    free(text);
    built_free(&b);
}

static void test_thai_digits(void **state)
{
    dataset *ds = *state;
    built b;
    build(&b, ds->s, ds->d, "TH1501", NULL, 5000, true);
    const char *path;
    size_t pages = draw_pdf(&b.r, true, "th1501-thai.pdf", &path);
    char *text = pdf_text(path, 0), *sq = squeeze(text);
    assert_int_equal(count(text, "\f"), pages);
    assert_true(strstr(text, "๕") != NULL);
    assert_true(has(sq, "รัศมี ๕ กม."));
    assert_true(has(sq, "หน้า ๑"));
    for (const char *p = text; *p; p++)
        if (*p >= '0' && *p <= '9')
            fail_msg("ASCII digit in the Thai-digit tables: ...%.40s", p > text + 20 ? p - 20 : text);
    free(sq);
    free(text);
    built_free(&b);
}

/* One quality school in Mueang Ang Thong with 120 network schools nearby:
 * the table runs over several pages, each with the column header. */
static void test_long_table_spans_pages(void **state)
{
    dataset *ds = *state;
    size_t cap = 64 * 1024, n = 0;
    char *csv = malloc(cap);
    assert_non_null(csv);
    n += (size_t)snprintf(csv + n, cap - n,
                          "school_id,name_th,latitude,longitude,students,teachers,area_rai,"
                          "role,quality_color\n"
                          "Q1,โรงเรียนคุณภาพทดสอบ,14.5942,100.4372,900,45,120.5,quality,เขียว\n");
    long students = 0;
    for (int k = 1; k <= 120; k++) {
        /* Some names long enough to wrap inside the name column. */
        const char *longer = k % 17 == 0 ? "บ้านหนองน้ำใหญ่ศรีสะอาดวิทยาคารมิตรภาพประชาอุทิศ"
                                           "ราษฎร์บำรุงสามัคคีธรรมวิทยาสรรพ์เฉลิมพระเกียรติ"
                                           "ประชานุเคราะห์"
                                         : "";
        n += (size_t)snprintf(csv + n, cap - n,
                              "N%03d,โรงเรียน%sทดสอบลำดับ%03d,%.6f,100.4372,%d,%d,%.1f,network,\n",
                              k, longer, k, 14.5942 + 0.00015 * k, k, 4, k * 0.5);
        students += k;
    }
    qsmap_schools *s;
    qsmap_error err = {0};
    if (qsmap_schools_parse(csv, n, "table.csv", NULL, &s, &err)) {
        char msg[1400];
        qsmap_error_format(&err, msg, sizeof msg);
        fail_msg("%s", msg);
    }
    free(csv);
    /* A school without teachers or area (from a table that leaves them
     * out) prints "–" and counts for nothing in the totals. */
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].id, "N060"))
            s->v[i].teachers = QSMAP_MISSING_INT, s->v[i].area_rai = NAN;
    built b;
    build(&b, s, ds->d, "TH1501", NULL, 5000, false);
    assert_int_equal(b.r.catchment->n, 120);
    const char *path;
    size_t pages = draw_pdf(&b.r, false, "long.pdf", &path);
    printf("120 network schools: %zu pages\n", pages);
    assert_true(pages >= 3);
    char *text = pdf_text(path, 0), *sq = squeeze(text);
    assert_int_equal(count(text, "\f"), pages);
    for (int k = 1; k <= 120; k++) {
        char name[64];
        snprintf(name, sizeof name, "ทดสอบลำดับ%03d", k);
        if (count_sq(sq, name) != 1)
            fail_msg("%s appears %zu times", name, count_sq(sq, name));
    }
    char total[64];
    qsmap_number_int(students, false, total, sizeof total);
    assert_true(has(sq, "รวม 120 โรงเรียน"));
    assert_true(has(sq, total));
    assert_true(has(sq, "3,600.0")); /* area: 0.5 × (1 + … + 120) − 30 */
    assert_true(has(sq, "476"));     /* teachers: 4 × 119, one missing */
    assert_true(has(sq, "–"));
    assert_null(strstr(sq, QSMAP_SAMPLE_NOTE));
    for (size_t k = 1; k <= pages; k++) {
        char *pt = pdf_text(path, (int)k), *psq = squeeze(pt);
        if (!has(psq, "ชื่อโรงเรียน"))
            fail_msg("page %zu has no column header", k);
        if (!has(psq, "โรงเรียนคุณภาพทดสอบ"))
            fail_msg("page %zu has no block title", k);
        if (k > 1 && !has(psq, "(ต่อ)"))
            fail_msg("page %zu does not say (ต่อ)", k);
        /* Neither the header nor the totals is left with fewer than three rows. */
        if (count_sq(psq, "ทดสอบลำดับ") < 3)
            fail_msg("page %zu has only %zu rows", k, count_sq(psq, "ทดสอบลำดับ"));
        char pg[32];
        snprintf(pg, sizeof pg, "หน้า %zu", k);
        assert_true(has(psq, pg));
        free(psq);
        free(pt);
    }
    free(sq);
    free(text);
    built_free(&b);
    qsmap_schools_free(s);
}

static void test_no_network_school(void **state)
{
    dataset *ds = *state;
    built b;
    build(&b, ds->s, ds->d, "TH1501", NULL, 100, false);
    size_t empty = 0;
    for (size_t i = 0; i < b.r.catchment->n; i++)
        empty += b.r.catchment->v[i].network == QSMAP_NO_SCHOOL;
    assert_true(empty > 0);
    const char *path;
    size_t pages = draw_pdf(&b.r, false, "none.pdf", &path);
    assert_int_equal(pages, 1);
    char *text = pdf_text(path, 0), *sq = squeeze(text);
    assert_int_equal(count_sq(sq, "ไม่มีโรงเรียนเครือข่ายในรัศมี"), empty);
    assert_true(has(sq, "รัศมี 0.1 กม."));
    free(sq);
    free(text);
    built_free(&b);
}

static void test_province_heads_each_district(void **state)
{
    dataset *ds = *state;
    built b;
    build(&b, ds->s, ds->d, NULL, "อ่างทอง", 5000, true);
    assert_true(b.r.nselected > 1);
    const char *path;
    size_t pages = draw_pdf(&b.r, false, "province.pdf", &path);
    printf("อ่างทอง, %zu districts: %zu pages\n", b.r.nselected, pages);
    assert_true(pages >= b.r.nselected);
    char *text = pdf_text(path, 0), *sq = squeeze(text);
    assert_int_equal(count(text, "\f"), pages);
    for (size_t k = 0; k < b.r.nselected; k++) {
        const qsmap_district *d = qsmap_districts_get(ds->d, b.r.selected[k]);
        char head[256];
        snprintf(head, sizeof head, "— อำเภอ%s จังหวัดอ่างทอง", d->name_th);
        if (!has(sq, head))
            fail_msg("no heading for อำเภอ%s", d->name_th);
    }
    free(sq);
    free(text);
    built_free(&b);
}

static void test_output_is_deterministic(void **state)
{
    dataset *ds = *state;
    built b;
    build(&b, ds->s, ds->d, "TH1501", NULL, 5000, true);
    const char *p;
    draw_pdf(&b.r, true, "det-a.pdf", &p);
    size_t la, lb;
    char *a = read_all(p, &la);
    draw_pdf(&b.r, true, "det-b.pdf", &p);
    char *c = read_all(p, &lb);
    assert_non_null(a);
    assert_non_null(c);
    assert_int_equal(la, lb);
    assert_memory_equal(a, c, la);
    free(a);
    free(c);
    built_free(&b);
}

static void test_cairo_error_is_reported(void **state)
{
    dataset *ds = *state;
    built b;
    build(&b, ds->s, ds->d, "TH1501", NULL, 5000, false);
    char path[1200];
    snprintf(path, sizeof path, "%s/finished.pdf", temp_dir());
    cairo_surface_t *sf = cairo_pdf_surface_create(path, QSMAP_PAGE_W, QSMAP_PAGE_H);
    cairo_surface_finish(sf);
    cairo_t *cr = cairo_create(sf);
    qsmap_render_opts opt = {0};
    qsmap_error err = {0};
    size_t pages = 99;
    assert_int_equal(qsmap_tables_draw(cr, &b.r, &opt, &pages, &err), QSMAP_E_RENDER);
    assert_int_equal(err.status, QSMAP_E_RENDER);
    assert_int_equal(pages, 0);
    cairo_destroy(cr);
    cairo_surface_destroy(sf);
    built_free(&b);
}

/* Regression (CI abort "cairo_destroy: Assertion CAIRO_REFERENCE_COUNT_HAS_
 * REFERENCE"): with a page sink the table module drew on the contexts the
 * sink returned, but left the caller holding the first one, which the sink
 * had destroyed; the atlas then destroyed it again. cairo's pool of freed
 * contexts usually handed the same pointer back, which hid it. This sink
 * keeps every context it is given (no pool reuse), so the caller must be
 * handed the last one returned. */
typedef struct {
    cairo_t *given[16];
    cairo_t *last;
    size_t n;
} keeping_sink;

static cairo_t *keep_context(void *ctx, cairo_t *done)
{
    keeping_sink *k = ctx;
    assert_true(k->n < 16);
    k->given[k->n++] = done;
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    k->last = cairo_create(s);
    cairo_surface_destroy(s);
    return k->last;
}

static void test_regression_sink_context_handed_back(void **state)
{
    dataset *ds = *state;
    built b;
    build(&b, ds->s, ds->d, "เมืองอ่างทอง", NULL, 5000, false);
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *first = cairo_create(s), *cr = first;
    cairo_surface_destroy(s);
    keeping_sink k = {0};
    qsmap_page_sink sink = {keep_context, &k};
    qsmap_render_opts opt = {0};
    qsmap_error err = {0};
    size_t pages = 0;
    assert_int_equal(qsmap_tables_draw_to(&cr, &sink, &b.r, &opt, &pages, &err), QSMAP_OK);
    assert_true(pages >= 1);
    assert_int_equal(k.n, pages);
    assert_ptr_equal(k.given[0], first);
    assert_ptr_equal(cr, k.last);
    assert_ptr_not_equal(cr, first);
    for (size_t i = 0; i < k.n; i++)
        cairo_destroy(k.given[i]);
    cairo_destroy(cr);
    built_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mueang_ang_thong),
        cmocka_unit_test(test_thai_digits),
        cmocka_unit_test(test_long_table_spans_pages),
        cmocka_unit_test(test_no_network_school),
        cmocka_unit_test(test_province_heads_each_district),
        cmocka_unit_test(test_output_is_deterministic),
        cmocka_unit_test(test_cairo_error_is_reported),
        cmocka_unit_test(test_regression_sink_context_handed_back),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
