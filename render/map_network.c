/* map_network.c — what a named network's map (qsmap networks; render/
 * networks_map.c) draws apart from a catchment map: the lead as a star,
 * not a readiness diamond, a line from it to each member, solid within the
 * radius and dashed beyond, and the legend's lines for them. The rest of
 * the page is the catchment map's own (map.c with view.network set). */
#include "render/map_impl.h"

#include <math.h>

static const qsmap_rgb LEGEND_INK = {0.1, 0.1, 0.1};

void qsmap_map_lead_marker(cairo_t *cr, double x, double y, double s)
{
    /* five points: no readiness colour is meant, so none of the diamonds' */
    double outer = s * 1.35, inner = outer * 0.45;
    for (int k = 0; k < 10; k++) {
        double a = -G_PI / 2 + k * G_PI / 5, rr = k % 2 ? inner : outer;
        if (k == 0)
            cairo_move_to(cr, x + rr * cos(a), y + rr * sin(a));
        else
            cairo_line_to(cr, x + rr * cos(a), y + rr * sin(a));
    }
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 0.98, 0.66, 0.08);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 0.9);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_stroke(cr);
}

void qsmap_map_member_line(cairo_t *cr, double x0, double y0, double x1, double y1, bool beyond)
{
    static const double dash[] = {4.0, 2.5};
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    if (beyond) {
        cairo_set_source_rgb(cr, 0.78, 0.22, 0.12);
        cairo_set_dash(cr, dash, 2, 0);
    } else {
        cairo_set_source_rgb(cr, 0.13, 0.22, 0.42);
    }
    cairo_set_line_width(cr, 1.1);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

void qsmap_map_member_lines(cairo_t *cr, const view *v, const qsmap_report *r)
{
    for (size_t i = 0; i < r->catchment->n; i++) {
        const qsmap_pair *p = &r->catchment->v[i];
        if (p->network == QSMAP_NO_SCHOOL)
            continue;
        const qsmap_school *q = &r->schools->v[p->quality], *n = &r->schools->v[p->network];
        double x0, y0, x1, y1;
        to_page(v, q->lon, q->lat, &x0, &y0);
        to_page(v, n->lon, n->lat, &x1, &y1);
        qsmap_map_member_line(cr, x0, y0, x1, y1, p->distance_m > r->radius_m);
    }
}

/* A named network's symbols: its lead, its members, the lines between
 * them; no readiness colours (the lead is a star). */
void qsmap_map_legend_members(legend_panel *p, const qsmap_report *r, const qsmap_render_opts *opt)
{
    cairo_t *cr = p->cr;
    qsmap_map_lead_marker(cr, p->x + 8, p->y + 7, 4.2);
    qsmap_map_panel_text(p, "โรงเรียนแกนนำ (สถานศึกษาแกนนำ)", 9.5, false, LEGEND_INK, 20);
    qsmap_map_network_marker(cr, p->x + 8, p->y + 7, NETWORK_R, QSMAP_PART_NONE, false);
    qsmap_map_panel_text(p, "โรงเรียนร่วมพัฒนา (ชื่อ · ระยะจากแกนนำ)", 9.5, false, LEGEND_INK, 20);
    for (int beyond = 0; beyond <= 1; beyond++) {
        char *txt = qsmap_style_printf(opt->thai_digits,
                                       beyond ? "ไกลจากแกนนำเกิน %g กม." : "ห่างจากแกนนำไม่เกิน %g กม.",
                                       r->radius_m / 1000);
        qsmap_map_member_line(cr, p->x + 1, p->y + 7, p->x + 15, p->y + 7, beyond);
        qsmap_map_panel_text(p, txt, 9.5, false, LEGEND_INK, 20);
        g_free(txt);
    }
}
