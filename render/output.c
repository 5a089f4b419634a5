/* output.c — the map as files: one drawing routine (map.c), two cairo
 * surfaces. PNG: the map page at --dpi (300 by default: 3508×2480 on A4).
 * PDF: vector, fonts embedded, the map page then the table pages. */
#include "render/render.h"

#include <cairo-pdf.h>
#include <math.h>

cairo_status_t qsmap_file_writer(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
                                                      : CAIRO_STATUS_WRITE_ERROR;
}

static qsmap_status cairo_failed(cairo_status_t s, qsmap_error *err)
{
    return qsmap_error_set(err, s == CAIRO_STATUS_WRITE_ERROR ? QSMAP_E_IO : QSMAP_E_RENDER,
                           NULL, 0, "cairo: %s", cairo_status_to_string(s));
}

qsmap_status qsmap_render_png(FILE *fp, const qsmap_report *r, const qsmap_render_opts *opt,
                              qsmap_label_stats *labels, qsmap_error *err)
{
    double dpi = opt->dpi > 0 ? opt->dpi : 300, pw, ph;
    qsmap_status st = qsmap_map_page_size(r, opt, &pw, &ph, err);
    if (st)
        return st;
    int w = (int)lround(pw * dpi / 72), h = (int)lround(ph * dpi / 72);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, dpi / 72, dpi / 72);
    st = qsmap_map_draw(cr, r, opt, labels, err);
    cairo_destroy(cr);
    if (!st)
        st = qsmap_png_write(fp, s, dpi, err);
    cairo_surface_destroy(s);
    return st;
}

qsmap_status qsmap_render_pdf(FILE *fp, const qsmap_report *r, const qsmap_render_opts *opt,
                              qsmap_label_stats *labels, qsmap_error *err)
{
    double pw, ph;
    qsmap_status st = qsmap_map_page_size(r, opt, &pw, &ph, err);
    if (st)
        return st;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(qsmap_file_writer, fp, pw, ph);
    const qsmap_district *d = qsmap_districts_get(r->districts, r->selected[0]);
    char *place = qsmap_style_place(d);
    char *title = g_strdup_printf("โรงเรียนเครือข่ายในรัศมี %g กม. %s", r->radius_m / 1000,
                                  place);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    g_free(title);
    g_free(place);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "qsmap " QSMAP_VERSION);
    /* Same input, same bytes: a fixed date rather than the clock's. */
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE,
                                   "2000-01-01T00:00:00Z");
    cairo_t *cr = cairo_create(s);
    st = qsmap_map_draw(cr, r, opt, labels, err);
    if (!st) {
        cairo_show_page(cr);
        /* the map has its paper; the tables stay A4 landscape */
        cairo_pdf_surface_set_size(s, QSMAP_PAGE_W, QSMAP_PAGE_H);
        size_t pages = 0;
        qsmap_render_opts topt = *opt;
        topt.first_page = 2; /* the map is page 1 */
        st = qsmap_tables_draw(cr, r, &topt, &pages, err);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (!st && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        st = cairo_failed(cairo_surface_status(s), err);
    cairo_surface_destroy(s);
    return st;
}
