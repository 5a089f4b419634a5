/* test_xlsx.c — the Excel workbook, read back from its zip with `unzip -p`:
 * two sheets with Thai names, frozen header rows and autofilters, one row
 * per pair and per summary row, names as shared strings, distances and
 * ratios as numbers; a province batch; and a path that cannot be written. */
#include "support.h"

#include "base/vocab.h"
#include "render/render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef shipped_fixture fixture;

/* One member of the zip, NUL-terminated. */
static char *member(const char *xlsx, const char *name)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", xlsx, name);
    FILE *p = popen(cmd, "r");
    if (!p)
        fail_msg("cannot run: %s", cmd);
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while ((got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (cap - n < 2)
            buf = realloc(buf, cap *= 2);
    }
    buf[n] = '\0';
    if (pclose(p) != 0)
        fail_msg("'%s' failed (is unzip installed?)", cmd);
    return buf;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* Text as XML writes it: names could hold & < >. */
static void xml_text(const char *s, char *out, size_t size)
{
    size_t o = 0;
    for (; *s && o + 6 < size; s++) {
        const char *e = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : NULL;
        if (e) {
            memcpy(out + o, e, strlen(e));
            o += strlen(e);
        } else {
            out[o++] = *s;
        }
    }
    out[o] = '\0';
}

static void assert_shared(const char *sst, const char *s)
{
    char want[1100], x[1024];
    xml_text(s, x, sizeof x);
    snprintf(want, sizeof want, "<t>%s</t>", x);
    if (!strstr(sst, want))
        fail_msg("sharedStrings lacks %s", s);
}

static const char *write_book(const fixture *f, const char *name)
{
    static char path[1100];
    snprintf(path, sizeof path, "%s/%s", temp_dir(), name);
    qsmap_error err = {0};
    qsmap_status st = qsmap_render_xlsx(path, &f->r, &err);
    if (st)
        fail_msg("qsmap_render_xlsx: %s", err.msg);
    return path;
}

/* The frozen header row and the autofilter over the whole table. */
static void assert_table_layout(const char *sheet_xml, size_t rows, char last_col)
{
    assert_non_null(strstr(sheet_xml, "<pane ySplit=\"1\" topLeftCell=\"A2\""));
    assert_non_null(strstr(sheet_xml, "state=\"frozen\"/>"));
    char ref[64];
    snprintf(ref, sizeof ref, "<autoFilter ref=\"A1:%c%zu\"/>", last_col, rows);
    if (!strstr(sheet_xml, ref))
        fail_msg("no %s", ref);
    assert_int_equal(count(sheet_xml, "<row "), rows);
    assert_non_null(strstr(sheet_xml, "<cols>"));
}

static void test_district_workbook(void **state)
{
    fixture *f = *state;
    const char *path = write_book(f, "TH1501.xlsx");

    char *wb = member(path, "xl/workbook.xml");
    assert_non_null(strstr(wb, "<sheet name=\"คู่โรงเรียน\" sheetId=\"1\""));
    assert_non_null(strstr(wb, "<sheet name=\"สรุป\" sheetId=\"2\""));
    assert_int_equal(count(wb, "<sheet "), 2);
    free(wb);

    /* 14 columns and the sample note: A..O; the summary A..O as well
     * (14 columns without statuses + the note) */
    char *s1 = member(path, "xl/worksheets/sheet1.xml");
    assert_table_layout(s1, f->r.catchment->n + 1, 'O');
    /* the first pair's distance, in km, as a number cell (libxlsxwriter
     * writes doubles with %.16G) */
    const qsmap_pair *p = &f->r.catchment->v[0];
    assert_int_not_equal(p->network, QSMAP_NO_SCHOOL);
    char v[64];
    snprintf(v, sizeof v, "<v>%.16G</v>", p->distance_m / 1000.0);
    if (!strstr(s1, v))
        fail_msg("sheet1 lacks the distance %s", v);
    assert_non_null(strstr(v, "<v>2.037448"));
    free(s1);

    char *s2 = member(path, "xl/worksheets/sheet2.xml");
    assert_int_equal(f->r.nsummary, 2);
    assert_table_layout(s2, f->r.nsummary + 1, 'O');
    for (size_t i = 0; i < f->r.nsummary; i++) {
        double ratio = f->r.summary[i].students_per_teacher_if_merged;
        assert_false(isnan(ratio));
        snprintf(v, sizeof v, "<v>%.16G</v>", ratio);
        if (!strstr(s2, v))
            fail_msg("sheet2 lacks the ratio %s", v);
    }
    free(s2);

    char *sst = member(path, "xl/sharedStrings.xml");
    for (size_t i = 0; i < f->r.catchment->n; i++) {
        uint32_t n = f->r.catchment->v[i].network;
        if (n != QSMAP_NO_SCHOOL) {
            assert_shared(sst, f->s->v[n].name);
            assert_shared(sst, f->s->v[n].id); /* ids are text, not numbers */
        }
    }
    assert_shared(sst, "ระยะทาง (กม.)");
    assert_shared(sst, "โรงเรียนขนาดเล็ก (≤120 คน)");
    assert_shared(sst, "นักเรียนต่อครูหากรวม");
    assert_shared(sst, QSMAP_SAMPLE_NOTE);
    free(sst);

    /* "0.00" for distances and ratios; the header's bold and fill */
    char *styles = member(path, "xl/styles.xml");
    assert_non_null(strstr(styles, "formatCode=\"0.00\""));
    assert_non_null(strstr(styles, "<b/>"));
    assert_non_null(strstr(styles, "patternType=\"solid\""));
    free(styles);
}

/* With a network_status column: a count and a ร้อยละ column per status. */
static void test_status_columns(void **state)
{
    fixture *f = *state;
    int had = f->s->has_participation;
    f->s->has_participation = 1;
    const char *path = write_book(f, "status.xlsx");
    f->s->has_participation = had;
    char *sst = member(path, "xl/sharedStrings.xml");
    for (int k = QSMAP_PART_JOINT; k < QSMAP_PART_COUNT; k++) {
        char pct[128];
        const char *name = qsmap_participation_name_th((qsmap_participation)k);
        snprintf(pct, sizeof pct, "ร้อยละ%s", name);
        assert_shared(sst, name);
        assert_shared(sst, pct);
    }
    free(sst);
    char *s2 = member(path, "xl/worksheets/sheet2.xml");
    assert_table_layout(s2, f->r.nsummary + 1, 'U'); /* 14 + 6 + note */
    free(s2);
}

static void test_province_batch(void **state)
{
    fixture *g = *state;
    fixture f = {.s = g->s, .d = g->d};
    assert_int_equal(shipped_build(&f, NULL, "อ่างทอง"), 0);
    const char *path = write_book(&f, "angthong.xlsx");
    char *wb = member(path, "xl/workbook.xml");
    assert_int_equal(count(wb, "<sheet "), 2);
    assert_non_null(strstr(wb, "<sheet name=\"คู่โรงเรียน\""));
    assert_non_null(strstr(wb, "<sheet name=\"สรุป\""));
    free(wb);
    char *s1 = member(path, "xl/worksheets/sheet1.xml");
    assert_int_equal(count(s1, "<row "), f.r.catchment->n + 1);
    free(s1);
    char *s2 = member(path, "xl/worksheets/sheet2.xml");
    assert_int_equal(count(s2, "<row "), f.r.nsummary + 1);
    free(s2);
    /* every district with a quality school is named in the district column */
    char *sst = member(path, "xl/sharedStrings.xml");
    size_t districts = 0;
    for (size_t i = 0; i < f.r.catchment->n; i++) {
        uint32_t q = f.r.catchment->v[i].quality;
        const qsmap_district *d = qsmap_districts_get(f.d, (size_t)f.r.district_of[q]);
        assert_shared(sst, d->name_th);
        assert_shared(sst, d->pcode);
        districts += i == 0 || f.r.district_of[f.r.catchment->v[i - 1].quality] !=
                                  f.r.district_of[q];
    }
    assert_true(districts > 1);
    free(sst);
    qsmap_report_release(&f.r);
}

static void test_unwritable_path(void **state)
{
    fixture *f = *state;
    char path[1100];
    snprintf(path, sizeof path, "%s/no-such-dir/out.xlsx", temp_dir());
    qsmap_error err = {0};
    assert_int_equal(qsmap_render_xlsx(path, &f->r, &err), QSMAP_E_IO);
    assert_int_equal(err.status, QSMAP_E_IO);
    assert_string_equal(err.file, path);
    assert_non_null(strstr(err.msg, "cannot write the workbook: "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_district_workbook),
        cmocka_unit_test(test_status_columns),
        cmocka_unit_test(test_province_batch),
        cmocka_unit_test(test_unwritable_path),
    };
    return cmocka_run_group_tests(tests, shipped_setup, shipped_teardown);
}
