/* networks_chart.c — the chart page of a networks atlas, drawn with cairo:
 * (1) how far members are from their lead: a histogram over every member
 * with a distance, narrow bins up to 5 km and wider ones beyond (the
 * radius marked); (2) the networks by their farthest member, one thin bar
 * each, sorted, with lines at the radius and at 20 km. */
#include "base/number.h"
#include "networks/networks.h"
#include "render/networks_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NBINS 9
static const double EDGE_KM[NBINS + 1] = {0, 1, 2, 3, 4, 5, 10, 20, 50, INFINITY};

static const qsmap_rgb NEAR = {0.20, 0.42, 0.68}, MID = {0.93, 0.55, 0.15},
                       FAR = {0.78, 0.18, 0.12}, GRID = {0.86, 0.86, 0.86};

typedef struct {
    double x0, y0, x1, y1; /* the plot area */
} plot;

/* The bin of a distance: (edge[i], edge[i+1]] km, 0 in the first. */
static int bin_of(double km)
{
    for (int i = 0; i < NBINS; i++)
        if (km <= EDGE_KM[i + 1])
            return i;
    return NBINS - 1;
}

/* A round step for an axis up to max with about `ticks` ticks. */
static double nice_step(double max, int ticks)
{
    double raw = fmax(max, 1) / ticks, p = pow(10, floor(log10(raw))), f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

static void text_at(cairo_t *cr, double size, bool bold, const char *text, double x, double y,
                    net_align al, qsmap_rgb c)
{
    PangoLayout *l = qsmap_net_layout(cr, size, bold, text, 0, NET_LEFT, 0);
    double w = qsmap_net_layout_w(l), h = qsmap_net_layout_h(l);
    double left = al == NET_RIGHT ? x - w : al == NET_CENTER ? x - w / 2 : x;
    qsmap_net_show(cr, l, left, y - h / 2, c);
    g_object_unref(l);
}

/* Horizontal grid lines and their labels every `step` up to max. */
static void y_axis(cairo_t *cr, const plot *p, double max, double step, const char *unit, bool thai)
{
    for (double v = 0; v <= max + 1e-9; v += step) {
        double y = p->y1 - v / max * (p->y1 - p->y0);
        qsmap_net_hline(cr, p->x0, p->x1, y, v == 0 ? 0.8 : 0.4, v == 0 ? NET_RULE_DARK : GRID);
        char raw[32], txt[96];
        snprintf(raw, sizeof raw, "%g", v);
        qsmap_number_digits(raw, thai, txt, sizeof txt);
        text_at(cr, 9.5, false, txt, p->x0 - 4, y, NET_RIGHT, NET_MUTED);
    }
    text_at(cr, 10, false, unit, p->x0 - 4, p->y0 - 14, NET_LEFT, NET_MUTED);
}

static void dashed_line(cairo_t *cr, double x0, double y0, double x1, double y1, qsmap_rgb c)
{
    static const double dash[] = {4, 3};
    cairo_set_dash(cr, dash, 2, 0);
    qsmap_style_set(cr, c);
    cairo_set_line_width(cr, 1.1);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

/* (1) members by distance from their lead. */
static void histogram(cairo_t *cr, const plot *p, const size_t *count, double radius_km, bool thai)
{
    size_t most = 1;
    for (int i = 0; i < NBINS; i++)
        most = count[i] > most ? count[i] : most;
    double step = nice_step((double)most, 5), max = ceil((double)most * 1.08 / step) * step;
    y_axis(cr, p, max, step, "จำนวนโรงเรียน", thai);
    double bw = (p->x1 - p->x0) / NBINS;
    for (int i = 0; i < NBINS; i++) {
        double h = (double)count[i] / max * (p->y1 - p->y0), x = p->x0 + i * bw;
        qsmap_style_set(cr, EDGE_KM[i + 1] <= radius_km ? NEAR : EDGE_KM[i] < 20 ? MID : FAR);
        cairo_rectangle(cr, x + bw * 0.12, p->y1 - h, bw * 0.76, h);
        cairo_fill(cr);
        char raw[48], txt[128];
        snprintf(raw, sizeof raw, "%zu", count[i]);
        qsmap_number_digits(raw, thai, txt, sizeof txt);
        text_at(cr, 10, true, txt, x + bw / 2, p->y1 - h - 8, NET_CENTER, NET_INK);
        if (isinf(EDGE_KM[i + 1]))
            snprintf(raw, sizeof raw, "> %g", EDGE_KM[i]);
        else
            snprintf(raw, sizeof raw, "%g–%g", EDGE_KM[i], EDGE_KM[i + 1]);
        qsmap_number_digits(raw, thai, txt, sizeof txt);
        text_at(cr, 9.5, false, txt, x + bw / 2, p->y1 + 9, NET_CENTER, NET_INK);
    }
    text_at(cr, 10.5, false, "ระยะจากแกนนำ (กม.)", (p->x0 + p->x1) / 2, p->y1 + 26, NET_CENTER,
            NET_MUTED);
    /* the radius where it falls among the bins (they are not of one width) */
    int i = bin_of(radius_km);
    double frac =
        isinf(EDGE_KM[i + 1]) ? 0 : (radius_km - EDGE_KM[i]) / (EDGE_KM[i + 1] - EDGE_KM[i]);
    double x = p->x0 + (i + fmin(fmax(frac, 0), 1)) * bw;
    dashed_line(cr, x, p->y0 - 6, x, p->y1, NET_INK);
    char *txt = qsmap_style_printf(thai, "รัศมี %g กม.", radius_km);
    text_at(cr, 10, true, txt, x + 4, p->y0 - 2, NET_LEFT, NET_INK);
    g_free(txt);
}

static int by_far_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The top of the axis for sorted values v[0..n): the largest, unless a few
 * far outliers would squash every other bar, then a cap the bars beyond
 * are cut at (marked). */
static double axis_top(const double *v, size_t n, double radius_km)
{
    double top = fmax(v[0], 20 * 1.1);
    double p90 = v[n / 10];
    if (v[0] > 3 * fmax(p90, 20))
        top = fmax(p90 * 1.5, 25);
    return fmax(top, radius_km * 1.5);
}

/* (2) networks by their farthest member, farthest first. */
static void farthest_bars(cairo_t *cr, const plot *p, double *v, size_t n, double radius_km,
                          bool thai)
{
    qsmap_net_hline(cr, p->x0, p->x1, p->y1, 0.8, NET_RULE_DARK);
    if (n == 0) {
        text_at(cr, 11, false, "ไม่มีเครือข่ายที่วัดระยะได้", (p->x0 + p->x1) / 2, (p->y0 + p->y1) / 2,
                NET_CENTER, NET_MUTED);
        return;
    }
    qsort(v, n, sizeof *v, by_far_desc);
    double top = axis_top(v, n, radius_km), step = nice_step(top, 6);
    top = ceil(top / step) * step;
    y_axis(cr, p, top, step, "ไกลสุด (กม.)", thai);
    double slot = (p->x1 - p->x0) / (double)n, bw = fmin(slot * 0.8, 18);
    size_t cut = 0;
    for (size_t k = 0; k < n; k++) {
        double h = fmin(v[k], top) / top * (p->y1 - p->y0);
        double x = p->x0 + slot * ((double)k + 0.5) - bw / 2;
        qsmap_style_set(cr, v[k] <= radius_km ? NEAR : v[k] <= QSMAP_NET_FAR_M / 1000 ? MID : FAR);
        cairo_rectangle(cr, x, p->y1 - h, bw, h);
        cairo_fill(cr);
        if (v[k] > top) { /* cut at the top: a notch says so */
            cut++;
            cairo_move_to(cr, x - 1, p->y0 - 1);
            cairo_line_to(cr, x + bw / 2, p->y0 - 5);
            cairo_line_to(cr, x + bw + 1, p->y0 - 1);
            cairo_close_path(cr);
            cairo_fill(cr);
        }
    }
    double lines[2] = {radius_km, QSMAP_NET_FAR_M / 1000};
    for (int i = 0; i < 2; i++) {
        if (lines[i] > top)
            continue;
        double y = p->y1 - lines[i] / top * (p->y1 - p->y0);
        dashed_line(cr, p->x0, y, p->x1, y, NET_INK);
        char *txt = qsmap_style_printf(thai, i ? "%g กม." : "รัศมี %g กม.", lines[i]);
        text_at(cr, 10, true, txt, p->x1 + 4, y, NET_LEFT, NET_INK);
        g_free(txt);
    }
    char *txt = cut ? qsmap_style_printf(thai,
                                         "เครือข่าย (เรียงจากไกลไปใกล้) · %zu เครือข่ายไกลเกิน %g กม. "
                                         "ตัดที่ขอบบน (ไกลสุด %.0f กม.)",
                                         cut, top, v[0])
                    : qsmap_style_printf(thai, "เครือข่าย %zu เครือข่าย (เรียงจากไกลไปใกล้)", n);
    text_at(cr, 10.5, false, txt, (p->x0 + p->x1) / 2, p->y1 + 12, NET_CENTER, NET_MUTED);
    g_free(txt);
}

/* How many networks' farthest member lies within the radius, up to 20 km
 * and beyond: the line under the title. */
static char *classes_line(const double *far, size_t n, size_t measured, double radius_km, bool thai)
{
    size_t c[3] = {0, 0, 0};
    for (size_t k = 0; k < n; k++)
        c[far[k] <= radius_km ? 0 : far[k] <= QSMAP_NET_FAR_M / 1000 ? 1 : 2]++;
    return qsmap_style_printf(thai,
                              "วัดระยะได้ %zu คู่ (ทั้งแกนนำและร่วมพัฒนาพบในทะเบียน) · "
                              "%zu เครือข่ายที่วัดได้ มีสมาชิกไกลสุดไม่เกิน %g กม. %zu · "
                              "%g–20 กม. %zu · เกิน 20 กม. %zu",
                              measured, n, radius_km, c[0], radius_km, c[1], c[2]);
}

void qsmap_net_chart(cairo_t *cr, const qsmap_networks *nw, const size_t *sel, size_t n,
                     const qsmap_render_opts *opt)
{
    bool thai = opt->thai_digits;
    double radius_km = nw->radius_m / 1000;
    size_t count[NBINS] = {0}, measured = 0, nfar = 0;
    double *far = malloc((n + 1) * sizeof *far);
    for (size_t k = 0; k < n; k++) {
        const qsmap_network *net = &nw->v[sel[k]];
        for (uint32_t j = net->first + 1; j < net->first + net->count; j++)
            if (!isnan(nw->rows[j].distance_m))
                count[bin_of(nw->rows[j].distance_m / 1000)]++, measured++;
        if (far && !isnan(net->farthest_m))
            far[nfar++] = net->farthest_m / 1000;
    }
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    double w = QSMAP_PAGE_W - 2 * NET_MARGIN;
    qsmap_net_text(cr, 18, true, "ระยะทางจากโรงเรียนแกนนำถึงโรงเรียนร่วมพัฒนา", NET_MARGIN,
                   NET_MARGIN - 10, w, NET_LEFT, NET_INK);
    char *sub = classes_line(far, nfar, measured, radius_km, thai);
    PangoLayout *l = qsmap_net_layout(cr, 11.5, false, sub, w, NET_LEFT, 1);
    qsmap_net_show(cr, l, NET_MARGIN, NET_MARGIN + 18, NET_MUTED);
    g_object_unref(l);
    g_free(sub);
    double top = 140, bottom = QSMAP_PAGE_H - 84, mid = QSMAP_PAGE_W / 2;
    qsmap_net_text(cr, 13, true, "(1) โรงเรียนร่วมพัฒนาตามระยะจากแกนนำ", NET_MARGIN, 88,
                   mid - NET_MARGIN, NET_LEFT, NET_INK);
    qsmap_net_text(cr, 13, true, "(2) เครือข่ายตามระยะของสมาชิกที่ไกลที่สุด", mid + 16, 88,
                   mid - NET_MARGIN - 16, NET_LEFT, NET_INK);
    histogram(cr, &(plot){NET_MARGIN + 34, top, mid - 20, bottom}, count, radius_km, thai);
    /* the right gutter holds the reference lines' labels */
    farthest_bars(cr, &(plot){mid + 50, top, QSMAP_PAGE_W - NET_MARGIN - 58, bottom}, far, nfar,
                  radius_km, thai);
    qsmap_net_foot_note(cr, nw, opt);
    free(far);
}
