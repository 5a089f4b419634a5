/* test_layout.c — the map page's --paper and --orientation on the command
 * line: bad values are refused (exit 2, one line naming the option), good
 * ones reach the PDF and the PNG. */
#include "support.h"

#include <cairo.h>
#include <stdlib.h>
#include <string.h>

static void assert_refused(const char *option, const char *value)
{
    cli_result r = run_cli("--district", "TH1501", option, value, "-o", "x.pdf", NULL);
    assert_int_equal(r.code, 2);
    if (!strstr(r.err, option))
        fail_msg("%s %s: the message does not name %s: %s", option, value, option, r.err);
    const char *nl = strchr(r.err, '\n');
    if (nl && nl[1])
        fail_msg("%s %s: want one line, got: %s", option, value, r.err);
    cli_result_free(&r);
}

static void test_bad_values_exit_2_naming_the_option(void **state)
{
    (void)state;
    assert_refused("--paper", "a5");
    assert_refused("--paper", "");
    assert_refused("--orientation", "sideways");
    cli_result r = run_cli("--district", "TH1501", "--paper", NULL);
    assert_int_equal(r.code, 2);
    cli_result_free(&r);
}

static void test_help_lists_the_options(void **state)
{
    (void)state;
    cli_result r = run_cli("--help", NULL);
    assert_int_equal(r.code, 0);
    assert_non_null(strstr(r.out, "--paper SIZE"));
    assert_non_null(strstr(r.out, "--orientation O"));
    cli_result_free(&r);
}

static void page_size(const char *pdf, int page, double *w, double *h)
{
    char cmd[1300], key[32];
    snprintf(cmd, sizeof cmd, "pdfinfo -f %d -l %d '%s'", page, page, pdf);
    char *out = command_output(cmd);
    snprintf(key, sizeof key, "Page %4d size:", page);
    const char *at = strstr(out, key);
    if (!at || sscanf(at + strlen(key), " %lf x %lf", w, h) != 2)
        fail_msg("pdfinfo: no page %d size in %s", page, out);
    free(out);
}

static void test_a3_portrait_pdf_and_png(void **state)
{
    (void)state;
    char pdf[1100], png[1100];
    snprintf(pdf, sizeof pdf, "%s/a3.pdf", temp_dir());
    snprintf(png, sizeof png, "%s/a3.png", temp_dir());
    cli_result r = run_cli("--district", "TH1501", "--paper", "a3", "--orientation", "portrait",
                           "--dpi", "36", "-q", "-o", pdf, "-o", png, NULL);
    if (r.code)
        fail_msg("exit %d: %s", r.code, r.err);
    cli_result_free(&r);
    double w, h;
    page_size(pdf, 1, &w, &h);
    assert_float_equal(w, 841.89, 0.5);
    assert_float_equal(h, 1190.55, 0.5);
    cairo_surface_t *img = cairo_image_surface_create_from_png(png);
    assert_int_equal(cairo_image_surface_get_width(img), 421); /* 297 mm at 36 dpi */
    assert_int_equal(cairo_image_surface_get_height(img), 595);
    cairo_surface_destroy(img);
}

/* A province on one A4 page numbers many labels and its key is set small:
 * qsmap says so (also with -q, a warning) and names --paper a3, where the
 * key keeps its size and no warning is due. */
static void test_small_key_warns(void **state)
{
    (void)state;
    char png[1100];
    snprintf(png, sizeof png, "%s/province-a4.png", temp_dir());
    cli_result r = run_cli("--province", "อ่างทอง", "--dpi", "40", "-q", "-o", png, NULL);
    assert_int_equal(r.code, 0);
    if (!strstr(r.err, "warning:") || !strstr(r.err, "--paper a3"))
        fail_msg("no small-key warning: %s", r.err);
    cli_result_free(&r);
    r = run_cli("--province", "อ่างทอง", "--paper", "a3", "--dpi", "40", "-q", "-o", png, NULL);
    assert_int_equal(r.code, 0);
    assert_null(strstr(r.err, "warning:"));
    cli_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_values_exit_2_naming_the_option),
        cmocka_unit_test(test_help_lists_the_options),
        cmocka_unit_test(test_a3_portrait_pdf_and_png),
        cmocka_unit_test(test_small_key_warns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
