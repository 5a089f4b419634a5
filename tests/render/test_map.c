/* test_map.c — the map page and its files: PNG size at 300 dpi, the
 * readiness colour under each quality school, PDF text and embedded fonts,
 * identical bytes for identical input, and rings that are true geodesic
 * circles. */
#include "support.h"

#include "catchment/geodesic.h"
#include "render/projection.h"
#include "render/render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef shipped_fixture fixture;

static const char *render(const fixture *f, const char *name, bool pdf, double dpi,
                          qsmap_label_stats *stats)
{
    static char path[1100];
    snprintf(path, sizeof path, "%s/%s", temp_dir(), name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    qsmap_render_opts opt = {.dpi = dpi};
    qsmap_error err = {0};
    qsmap_status st = pdf ? qsmap_render_pdf(fp, &f->r, &opt, stats, &err)
                          : qsmap_render_png(fp, &f->r, &opt, stats, &err);
    fclose(fp);
    if (st)
        fail_msg("render: %s", err.msg);
    return path;
}

static void test_png_is_a4_at_300_dpi_with_colours_at_quality_schools(void **state)
{
    fixture *f = *state;
    qsmap_label_stats stats;
    const char *path = render(f, "map.png", false, 300, &stats);
    cairo_surface_t *img = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(img), 3508);
    assert_int_equal(cairo_image_surface_get_height(img), 2480);
    const unsigned char *px = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    size_t checked = 0;
    for (size_t i = 0; i < f->r.catchment->n; i++) {
        if (i && f->r.catchment->v[i - 1].quality == f->r.catchment->v[i].quality)
            continue;
        const qsmap_school *q = &f->s->v[f->r.catchment->v[i].quality];
        double x, y;
        qsmap_error err = {0};
        qsmap_render_opts opt = {0};
        assert_int_equal(qsmap_map_page_point(&f->r, &opt, q->lat, q->lon, &x, &y, &err),
                         QSMAP_OK);
        int ix = (int)lround(x * 300 / 72), iy = (int)lround(y * 300 / 72);
        uint32_t argb = *(const uint32_t *)(px + (size_t)iy * stride + (size_t)ix * 4);
        qsmap_rgb want = qsmap_style_color((qsmap_color)q->color);
        double r = ((argb >> 16) & 255) / 255.0, g = ((argb >> 8) & 255) / 255.0,
               b = (argb & 255) / 255.0;
        if (fabs(r - want.r) > 0.02 || fabs(g - want.g) > 0.02 || fabs(b - want.b) > 0.02)
            fail_msg("%s (%s): pixel %.2f %.2f %.2f, want %.2f %.2f %.2f", q->name,
                     qsmap_color_name_th((qsmap_color)q->color), r, g, b, want.r, want.g,
                     want.b);
        checked++;
    }
    assert_int_equal(checked, 2); /* TH1501 has two quality schools: ฟ้า and ม่วง */
    assert_int_equal(stats.at_marker + stats.leader + stats.numbered, 13);
    cairo_surface_destroy(img);
}

static void test_dpi_changes_png_size(void **state)
{
    fixture *f = *state;
    const char *path = render(f, "map150.png", false, 150, NULL);
    cairo_surface_t *img = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_image_surface_get_width(img), 1754);
    assert_int_equal(cairo_image_surface_get_height(img), 1240);
    cairo_surface_destroy(img);
}

/* Remove blanks and line breaks: a wrapped label is still the name. */
static void squeeze(char *s)
{
    char *o = s;
    for (; *s; s++)
        if (*s != ' ' && *s != '\n')
            *o++ = *s;
    *o = '\0';
}

static void test_pdf_text_and_fonts(void **state)
{
    fixture *f = *state;
    const char *path = render(f, "map.pdf", true, 0, NULL);
    char cmd[1400];
    /* -raw keeps the content stream's order; poppler's layout mode breaks Thai
     * words where marks sit over letters. */
    snprintf(cmd, sizeof cmd, "pdftotext -raw '%s' -", path);
    char *text = command_output(cmd);
    assert_non_null(strstr(text, "โรงเรียนเครือข่ายในรัศมี 5 กม. ของโรงเรียนคุณภาพ อำเภอเมืองอ่างทอง"));
    assert_non_null(strstr(text, "ข้อมูลตัวอย่าง (ตำแหน่งสมมติ)"));
    assert_non_null(strstr(text, "ขอบเขตการปกครอง: กรมแผนที่ทหาร / OCHA HDX (CC BY-IGO)"));
    squeeze(text);
    for (size_t i = 0; i < f->r.catchment->n; i++) {
        uint32_t n = f->r.catchment->v[i].network;
        if (n == QSMAP_NO_SCHOOL)
            continue;
        char name[512];
        snprintf(name, sizeof name, "%s", f->s->v[n].name);
        squeeze(name);
        if (!strstr(text, name))
            fail_msg("the PDF's text lacks %s", f->s->v[n].name);
    }
    free(text);
    snprintf(cmd, sizeof cmd, "pdffonts '%s'", path);
    char *fonts = command_output(cmd);
    assert_non_null(strstr(fonts, "Laksaman"));
    /* every font line says "emb yes" */
    size_t lines = 0;
    for (char *l = strstr(fonts, "\n---"); l && (l = strchr(l + 1, '\n')) && l[1];) {
        char *end = strchr(l + 1, '\n');
        size_t len = end ? (size_t)(end - l) : strlen(l);
        char row[400];
        snprintf(row, sizeof row, "%.*s", (int)len, l + 1);
        if (!strstr(row, " yes "))
            fail_msg("font not embedded: %s", row);
        lines++;
    }
    assert_true(lines >= 2);
    free(fonts);
}

static void test_same_input_same_bytes(void **state)
{
    fixture *f = *state;
    for (int pdf = 0; pdf <= 1; pdf++) {
        size_t la, lb;
        char *a = read_all(render(f, pdf ? "a.pdf" : "a.png", pdf, 100, NULL), &la);
        char *b = read_all(render(f, pdf ? "b.pdf" : "b.png", pdf, 100, NULL), &lb);
        assert_int_equal(la, lb);
        assert_memory_equal(a, b, la);
        free(a);
        free(b);
    }
}

/* The ring: vertices at the radius, and the chords between them within 1 m
 * of the circle on the projected map. */
static void test_ring_is_a_geodesic_circle(void **state)
{
    (void)state;
    const double lat = 14.5896, lon = 100.455, r = 5000;
    size_t n = qsmap_geod_circle_vertices(r);
    double *la = malloc(n * sizeof *la), *lo = malloc(n * sizeof *lo);
    qsmap_geod_circle(lat, lon, r, n, la, lo);
    qsmap_projection *p;
    qsmap_error err = {0};
    assert_int_equal(qsmap_projection_new(lon, &p, &err), QSMAP_OK);
    for (size_t k = 0; k < n; k++) {
        assert_true(fabs(qsmap_geod_distance(lat, lon, la[k], lo[k]) - r) < 1e-6);
        size_t j = (k + 1) % n;
        double x1, y1, x2, y2, mlon, mlat;
        qsmap_projection_forward(p, lo[k], la[k], &x1, &y1);
        qsmap_projection_forward(p, lo[j], la[j], &x2, &y2);
        qsmap_projection_inverse(p, (x1 + x2) / 2, (y1 + y2) / 2, &mlon, &mlat);
        double sag = r - qsmap_geod_distance(lat, lon, mlat, mlon);
        if (fabs(sag) >= 1.0)
            fail_msg("chord %zu sags %.3f m", k, sag);
    }
    qsmap_projection_free(p);
    free(la);
    free(lo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_png_is_a4_at_300_dpi_with_colours_at_quality_schools),
        cmocka_unit_test(test_dpi_changes_png_size),
        cmocka_unit_test(test_pdf_text_and_fonts),
        cmocka_unit_test(test_same_input_same_bytes),
        cmocka_unit_test(test_ring_is_a_geodesic_circle),
    };
    return cmocka_run_group_tests(tests, shipped_setup, shipped_teardown);
}
