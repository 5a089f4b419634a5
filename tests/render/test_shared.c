/* test_shared.c — rings told apart and schools shared between them, on the
 * shipped Ang Thong data: each ring of ไชโย's two green quality schools
 * carries its school's name on its line; the second marker ring counts the
 * rings drawn on the map (โพธิ์ทอง has one, so none); the tables mark a
 * school two quality schools reach with "ร่วมกับ …" and only such a school;
 * and a district's "หากรวมกัน" counts every school once. The map and the
 * tables are read back with pdftotext, the pairs from the CSV. */
#include "support.h"

#include "base/number.h"
#include "render/render.h"
#include "render/table_text.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_short_names(void **state)
{
    (void)state;
    static const char *const CASES[][2] = {
        {"โรงเรียนวัดมะขาม(วิบูลย์อุปถัมภ์)", "วัดมะขาม"},
        {"โรงเรียนราชสถิตย์วิทยา", "ราชสถิตย์วิทยา"},
        {"โรงเรียนวัดฤาไชย (ฤาไชยศึกษาคาร)", "วัดฤาไชย"},
        {"โรงเรียน", "โรงเรียน"},
        {"(ไม่มีชื่อ)", "(ไม่มีชื่อ)"},
    };
    char out[128];
    for (size_t k = 0; k < sizeof CASES / sizeof CASES[0]; k++) {
        qsmap_table_short_name(CASES[k][0], out, sizeof out);
        assert_string_equal(out, CASES[k][1]);
    }
    /* too small a buffer: cut between characters (ว is 3 bytes) */
    qsmap_table_short_name("โรงเรียนวัดมะขาม", out, 5);
    assert_string_equal(out, "ว");
}

/* ---- drawing and reading back --------------------------------------- */

/* The map page (tables false) or the table pages of r as a PDF in temp_dir(). */
static const char *draw(const qsmap_report *r, bool tables, const char *name)
{
    static char path[1200];
    snprintf(path, sizeof path, "%s/%s", temp_dir(), name);
    cairo_surface_t *sf = cairo_pdf_surface_create(path, QSMAP_PAGE_W, QSMAP_PAGE_H);
    cairo_t *cr = cairo_create(sf);
    qsmap_render_opts opt = {.dpi = 150};
    qsmap_error err = {0};
    size_t pages = 0;
    qsmap_status st = tables ? qsmap_tables_draw(cr, r, &opt, &pages, &err)
                             : qsmap_map_draw(cr, r, &opt, NULL, &err);
    assert_int_equal(st, QSMAP_OK);
    if (!tables)
        cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(sf);
    assert_int_equal(cairo_surface_status(sf), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(sf);
    return path;
}

static char *pdf_text(const char *path, const char *how)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "pdftotext %s '%s' -", how, path);
    return command_output(cmd);
}

static void rebuild(shipped_fixture *f, const char *district)
{
    qsmap_report_release(&f->r);
    assert_int_equal(shipped_build(f, district, "อ่างทอง"), 0);
}

/* The report's quality schools, in catchment order, each once. */
static size_t quality_of(const qsmap_report *r, uint32_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < r->catchment->n; i++)
        if (n == 0 || out[n - 1] != r->catchment->v[i].quality)
            out[n++] = r->catchment->v[i].quality;
    return n;
}

/* ---- 1. same-colour rings told apart ---------------------------------- */

/* Is there a word `text` on the page whose centre lies `radius` (± tol)
 * from (cx, cy)? bbox is pdftotext -bbox's XHTML, points from the top left. */
static bool word_on_circle(const char *bbox, const char *text, double cx, double cy,
                           double radius, double tol)
{
    char needle[300];
    snprintf(needle, sizeof needle, ">%s</word>", text);
    for (const char *p = strstr(bbox, needle); p; p = strstr(p + 1, needle)) {
        const char *w = p;
        while (w > bbox && strncmp(w, "<word ", 6))
            w--;
        double x0, y0, x1, y1;
        if (sscanf(w, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x0, &y0,
                   &x1, &y1) != 4)
            continue;
        double d = hypot((x0 + x1) / 2 - cx, (y0 + y1) / 2 - cy);
        printf("  %s at %.1f pt from its school, ring %.1f pt\n", text, d, radius);
        if (fabs(d - radius) <= tol)
            return true;
    }
    return false;
}

static void test_same_colour_rings_tagged(void **state)
{
    shipped_fixture *f = *state;
    rebuild(f, "ไชโย");
    const qsmap_report *r = &f->r;
    uint32_t q[16];
    size_t nq = quality_of(r, q);
    /* the case of the issue: two quality schools, one colour */
    assert_int_equal(nq, 2);
    assert_int_equal(r->schools->v[q[0]].color, r->schools->v[q[1]].color);
    char *bbox = pdf_text(draw(r, false, "chaiyo-map.pdf"), "-bbox");
    for (size_t k = 0; k < nq; k++) {
        const qsmap_school *s = &r->schools->v[q[k]];
        double cx, cy, ex, ey, la, lo;
        qsmap_error err = {0};
        qsmap_render_opts opt = {.dpi = 150}; /* as draw() draws */
        assert_int_equal(qsmap_map_page_point(r, &opt, s->lat, s->lon, &cx, &cy, &err),
                         QSMAP_OK);
        qsmap_geod_direct(s->lat, s->lon, 90, r->radius_m, &la, &lo);
        assert_int_equal(qsmap_map_page_point(r, &opt, la, lo, &ex, &ey, &err), QSMAP_OK);
        char name[160];
        qsmap_table_short_name(s->name, name, sizeof name);
        if (!word_on_circle(bbox, name, cx, cy, hypot(ex - cx, ey - cy), 4.0))
            fail_msg("no tag \"%s\" on the ring of %s", name, s->name);
    }
    free(bbox);
}

/* ---- 2. the double ring counts the rings drawn ------------------------ */

/* Network schools within reach of two or more of the report's quality
 * schools, by geodesic distance: what the map's rings enclose. */
static size_t reached_twice(const qsmap_report *r, const uint32_t *q, size_t nq,
                            uint32_t *per_school)
{
    size_t n = 0;
    for (size_t i = 0; i < r->schools->n; i++) {
        const qsmap_school *s = &r->schools->v[i];
        per_school[i] = 0;
        if (s->role != QSMAP_ROLE_NETWORK)
            continue;
        for (size_t k = 0; k < nq; k++) {
            const qsmap_school *t = &r->schools->v[q[k]];
            per_school[i] += qsmap_geod_distance(s->lat, s->lon, t->lat, t->lon) <= r->radius_m;
        }
        n += per_school[i] >= 2;
    }
    return n;
}

static void test_double_rings_count_rings_drawn(void **state)
{
    shipped_fixture *f = *state;
    static const char *const DISTRICTS[] = {"โพธิ์ทอง", "ไชโย", "เมืองอ่างทอง"};
    for (size_t d = 0; d < 3; d++) {
        rebuild(f, DISTRICTS[d]);
        const qsmap_report *r = &f->r;
        uint32_t q[16], *want = calloc(r->schools->n, sizeof *want),
                        *got = calloc(r->schools->n, sizeof *got);
        assert_non_null(want);
        assert_non_null(got);
        size_t nq = quality_of(r, q), expected = reached_twice(r, q, nq, want), loaded = 0;
        for (size_t i = 0; i < r->catchment->n; i++) {
            uint32_t n = r->catchment->v[i].network;
            loaded += n != QSMAP_NO_SCHOOL && r->quality_count[n] >= 2;
        }
        size_t drawn = qsmap_map_ring_reach(r, got);
        printf("%s: %zu ring(s), %zu school(s) in two or more; %zu pair(s) of schools "
               "two loaded quality schools reach\n",
               DISTRICTS[d], nq, expected, loaded);
        assert_int_equal(drawn, expected);
        assert_int_equal(qsmap_map_ring_reach(r, NULL), expected);
        for (size_t i = 0; i < r->schools->n; i++)
            if (want[i] && want[i] != got[i])
                fail_msg("%s: %u ring(s), the map counts %u", r->schools->v[i].name, want[i],
                         got[i]);
        char *text = pdf_text(draw(r, false, "map.pdf"), "-raw");
        if (d == 0) {
            /* one ring: no school in two, though others of the province reach some */
            assert_int_equal(nq, 1);
            assert_int_equal(expected, 0);
            assert_true(loaded > 0);
            assert_null(strstr(text, "ขึ้นไป"));
        } else {
            assert_true(expected > 0);
            assert_non_null(strstr(text, "อยู่ในวงรัศมีบนแผนที่นี้ 2 วงขึ้นไป"));
        }
        free(text);
        free(want);
        free(got);
    }
}

/* ---- 3. "ร่วมกับ" in the tables -------------------------------------- */

/* Field k of a CSV line (quoted fields allowed) into out. */
static void csv_field(const char *line, int k, char *out, size_t size)
{
    size_t o = 0;
    bool quoted = false;
    for (int f = 0; *line && *line != '\r' && *line != '\n'; line++) {
        if (*line == '"') {
            quoted = !quoted;
            continue;
        }
        if (*line == ',' && !quoted) {
            if (f++ == k)
                break;
            continue;
        }
        if (f == k && o + 1 < size)
            out[o++] = *line;
    }
    out[o] = '\0';
}

/* The text line of `text` holding `name` followed by a space, or NULL. */
static char *line_of(const char *text, const char *name)
{
    char needle[300];
    snprintf(needle, sizeof needle, "%s ", name);
    const char *p = strstr(text, needle);
    if (!p)
        return NULL;
    const char *b = p, *e = strchr(p, '\n');
    while (b > text && b[-1] != '\n')
        b--;
    return strndup(b, e ? (size_t)(e - b) : strlen(b));
}

enum { Q_ID = 2, Q_NAME = 3, N_ID = 5, N_NAME = 6, N_COUNT = 12 };

static void test_shared_mark_in_tables(void **state)
{
    shipped_fixture *f = *state;
    rebuild(f, "ไชโย");
    char csv[1200];
    snprintf(csv, sizeof csv, "%s/chaiyo.csv", temp_dir());
    cli_result res = run_cli("--district", "ไชโย", "--radius", "5km", "-q", "-o", csv, NULL);
    assert_int_equal(res.code, 0);
    cli_result_free(&res);
    char *data = read_all(csv, NULL);
    assert_non_null(data);
    /* a network school listed with two quality schools, and one listed once
     * that no other quality school reaches */
    char shared[300] = "", other[300] = "", single[300] = "";
    for (char *a = strchr(data, '\n') + 1; *a && !shared[0]; a = strchr(a, '\n') + 1) {
        char ida[32], idb[32], qa[32], qb[32];
        csv_field(a, N_ID, ida, sizeof ida);
        csv_field(a, Q_ID, qa, sizeof qa);
        for (char *b = strchr(a, '\n') + 1; *b; b = strchr(b, '\n') + 1) {
            csv_field(b, N_ID, idb, sizeof idb);
            csv_field(b, Q_ID, qb, sizeof qb);
            if (!strcmp(ida, idb) && strcmp(qa, qb)) {
                csv_field(a, N_NAME, shared, sizeof shared);
                csv_field(b, Q_NAME, other, sizeof other); /* a's table names b's school */
                break;
            }
        }
    }
    for (char *a = strchr(data, '\n') + 1; *a && !single[0]; a = strchr(a, '\n') + 1) {
        char count[16];
        csv_field(a, N_COUNT, count, sizeof count);
        if (!strcmp(count, "1"))
            csv_field(a, N_NAME, single, sizeof single);
    }
    free(data);
    assert_true(shared[0] && single[0]);
    char short_other[160], mark[300];
    qsmap_table_short_name(other, short_other, sizeof short_other);
    snprintf(mark, sizeof mark, "ร่วมกับ %s", short_other);
    printf("shared: %s (with %s); single: %s\n", shared, other, single);

    char *text = pdf_text(draw(&f->r, true, "chaiyo-tables.pdf"), "-raw");
    char *ls = line_of(text, shared), *l1 = line_of(text, single);
    assert_non_null(ls);
    assert_non_null(l1);
    if (!strstr(ls, mark))
        fail_msg("the row of %s lacks \"%s\": %s", shared, mark, ls);
    if (strstr(l1, "ร่วมกับ"))
        fail_msg("the row of %s, which no other quality school reaches, says: %s", single, l1);
    /* the page says what the mark and "หากรวมกัน" mean */
    assert_non_null(strstr(text, "ร่วมกับ … = "));
    assert_non_null(strstr(text, "หากรวมกัน = "));
    free(ls);
    free(l1);
    free(text);
}

/* โพธิ์ทอง's one quality school shares schools only with other districts'
 * quality schools: the mark counts them (quality_count), naming none. */
static void test_shared_beyond_the_report_counted(void **state)
{
    shipped_fixture *f = *state;
    rebuild(f, "โพธิ์ทอง");
    const qsmap_report *r = &f->r;
    qsmap_share_index ix;
    assert_int_equal(qsmap_share_index_init(&ix, r), QSMAP_OK);
    size_t marked = 0;
    for (size_t i = 0; i < r->catchment->n; i++) {
        const qsmap_pair *p = &r->catchment->v[i];
        if (p->network == QSMAP_NO_SCHOOL)
            continue;
        char got[600], want[200] = "";
        qsmap_table_shared_with(&ix, p->quality, p->network, false, got, sizeof got);
        uint32_t qc = r->quality_count[p->network];
        if (qc >= 2)
            snprintf(want, sizeof want, "ร่วมกับโรงเรียนคุณภาพอื่น %u แห่ง", qc - 1);
        assert_string_equal(got, want);
        marked += qc >= 2;
    }
    assert_true(marked > 0);
    qsmap_share_index_free(&ix);
}

/* ---- 4. a district's "หากรวมกัน", each school once -------------------- */

static long known(int32_t v) { return v == QSMAP_MISSING_INT ? 0 : v; }

static void squeeze(char *s)
{
    char *o = s;
    for (; *s; s++)
        if (*s != ' ' && *s != '\n')
            *o++ = *s;
    *o = '\0';
}

static void test_merged_totals_count_each_school_once(void **state)
{
    shipped_fixture *f = *state;
    rebuild(f, "ไชโย");
    const qsmap_report *r = &f->r;
    /* over distinct schools, by id: a school in two tables counts once */
    const char *ids[256];
    size_t nids = 0, listed = 0;
    long students = 0, teachers = 0, summed = 0;
    for (size_t i = 0; i < r->catchment->n; i++) {
        const qsmap_pair *p = &r->catchment->v[i];
        uint32_t k[2] = {p->quality, p->network};
        listed += p->network != QSMAP_NO_SCHOOL;
        for (int j = 0; j < 2; j++) {
            if (k[j] == QSMAP_NO_SCHOOL)
                continue;
            const qsmap_school *s = &r->schools->v[k[j]];
            bool seen = false;
            for (size_t m = 0; m < nids && !seen; m++)
                seen = !strcmp(ids[m], s->id);
            if (seen)
                continue;
            assert_true(nids < 256);
            ids[nids++] = s->id;
            students += known(s->students);
            teachers += known(s->teachers);
        }
    }
    for (size_t k = 0; k < r->nsummary; k++)
        summed += r->summary[k].students_if_merged;
    printf("ไชโย: %zu schools, %ld students (the tables' own sum: %ld)\n", nids, students,
           summed);
    assert_true(summed > students); /* the case of the issue: shared schools */
    qsmap_merge_totals m;
    assert_int_equal(qsmap_table_merge_totals(r, r->selected[0], &m), QSMAP_OK);
    assert_int_equal(m.quality + m.network, nids);
    assert_int_equal(m.listed, listed);
    assert_int_equal(m.students, students);
    assert_int_equal(m.teachers, teachers);

    /* and the last table of the district prints them */
    char *text = pdf_text(draw(r, true, "chaiyo-merged.pdf"), "-raw");
    squeeze(text);
    char stu[48], tea[48], want[300];
    qsmap_number_int(students, false, stu, sizeof stu);
    qsmap_number_int(teachers, false, tea, sizeof tea);
    snprintf(want, sizeof want, "นักเรียน%sคนครู%sคน", stu, tea);
    char *line = strstr(text, "ทั้งอำเภอหากรวมกัน(นับโรงเรียนละครั้ง)");
    assert_non_null(line);
    if (strlen(line) > 400) /* the line, not what follows it */
        line[400] = '\0';
    if (!strstr(line, want))
        fail_msg("the district's line lacks \"%s\"", want);
    free(text);
}

/* Regression: a mark too long to sit beside its name wrapped inside a
 * school's name ("ร่วมกับ วัดโค" / "ศุภราช" in เมืองอ่างทอง's tables): every
 * mark is now whole on one line, beside the name or under it. */
static void test_shared_mark_never_split(void **state)
{
    shipped_fixture *f = *state;
    rebuild(f, "เมืองอ่างทอง");
    char *text = pdf_text(draw(&f->r, true, "mueang-tables.pdf"), "-raw");
    size_t marks = 0;
    for (const char *p = strstr(text, "ร่วมกับ"); p; p = strstr(p + 1, "ร่วมกับ")) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char line[400];
        snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
        if (strstr(line, "ร่วมกับ … ="))
            continue; /* the definitions line */
        marks++;
        /* the mark ends its line: a name of the report's quality schools or
         * the count of others, then the row's numbers follow in -raw */
        if (!strstr(line, "วัดโคศุภราช") && !strstr(line, "สตรีอ่างทอง") &&
            !strstr(line, "โรงเรียนคุณภาพอื่น"))
            fail_msg("a mark cut short: \"%s\"", line);
    }
    assert_true(marks >= 8);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_short_names),
        cmocka_unit_test(test_same_colour_rings_tagged),
        cmocka_unit_test(test_double_rings_count_rings_drawn),
        cmocka_unit_test(test_shared_mark_in_tables),
        cmocka_unit_test(test_shared_mark_never_split),
        cmocka_unit_test(test_shared_beyond_the_report_counted),
        cmocka_unit_test(test_merged_totals_count_each_school_once),
    };
    int rc = cmocka_run_group_tests(tests, shipped_setup, shipped_teardown);
    pango_cairo_font_map_set_default(NULL);
    cairo_debug_reset_static_data();
    return rc;
}
