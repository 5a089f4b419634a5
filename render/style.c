/* style.c — what every drawing shares: the readiness colours and fonts, so
 * the map and the tables always agree (their number formats, Thai digits
 * included, are in src/base/number.c). */
#include "render/render.h"
#include "base/number.h"

#include <fontconfig/fontconfig.h>

#include <math.h>
#include <string.h>

qsmap_rgb qsmap_style_color(qsmap_color c)
{
    /* Saturated enough to tell apart in print and for common colour-vision
     * deficiencies (red and green differ in lightness too); markers get a
     * dark outline so yellow holds on white. */
    static const qsmap_rgb PALETTE[QSMAP_COLOR_COUNT] = {
        [QSMAP_COLOR_NONE] = {0.60, 0.60, 0.60},   [QSMAP_COLOR_RED] = {0.84, 0.16, 0.16},
        [QSMAP_COLOR_YELLOW] = {0.98, 0.80, 0.08}, [QSMAP_COLOR_GREEN] = {0.10, 0.60, 0.31},
        [QSMAP_COLOR_BLUE] = {0.31, 0.70, 0.91},   [QSMAP_COLOR_PURPLE] = {0.49, 0.25, 0.65},
    };
    return (unsigned)c < QSMAP_COLOR_COUNT ? PALETTE[c] : PALETTE[0];
}

void qsmap_style_fonts_init(void)
{
    /* Pango (1.50 here) starts a thread of its own that calls FcInit() when
     * a thread first makes a font map; if another thread reaches fontconfig
     * meanwhile, both parse the configuration at once and fontconfig's
     * global state is corrupted (Pango issues 784 and 872; seen here as a
     * rare segfault of a province atlas, whose workers and cover start
     * together). Loaded once here, later FcInit() calls return at once. */
    FcInit();
}

void qsmap_style_set(cairo_t *cr, qsmap_rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

PangoLayout *qsmap_style_layout(cairo_t *cr, const char *family, double size_pt, bool bold,
                                const char *text)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    /* Unhinted metrics: the same layout on the PNG and the PDF, and glyph
     * positions pdftotext reads as words rather than broken syllables. */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pango_layout_get_context(l), fo);
    cairo_font_options_destroy(fo);
    pango_layout_context_changed(l);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, family);
    pango_font_description_set_absolute_size(fd, size_pt * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(l, text, -1);
    return l;
}

char *qsmap_style_printf(bool thai, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *raw = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (!thai)
        return raw;
    /* a digit grows from 1 byte to 3; qsmap_number_digits keeps 4 spare */
    size_t size = 3 * strlen(raw) + 5;
    char *out = g_malloc(size);
    qsmap_number_digits(raw, true, out, size);
    g_free(raw);
    return out;
}

char *qsmap_style_place(const qsmap_district *d)
{
    size_t size = strlen(d->name_th) + strlen(d->province_th) + 64;
    char *out = g_malloc(size);
    qsmap_district_title(d, out, size);
    return out;
}

char *qsmap_style_tag_attr(const char *key, const char *value)
{
    GString *s = g_string_new(key);
    g_string_append(s, "='");
    for (const char *p = value; *p; p++) {
        if (*p == '\\' || *p == '\'')
            g_string_append_c(s, '\\');
        g_string_append_c(s, *p);
    }
    g_string_append_c(s, '\'');
    return g_string_free(s, FALSE);
}
