/* networks_impl.h — what the files of the networks PDF share. networks.c
 * assembles the document (one network, or an atlas drawn by workers);
 * networks_map.c draws a network's map page through the catchment map's
 * own code (render/map.c in network mode); networks_table.c its table
 * pages; networks_front.c the atlas's index and chart pages. Private to
 * render/networks*.c. */
#ifndef QSMAP_RENDER_NETWORKS_IMPL_H
#define QSMAP_RENDER_NETWORKS_IMPL_H

#include "networks/rows.h"
#include "render/page_job.h"
#include "render/render.h"

/* Rows (the lead and its members) on a table page. Fixed, and each cell
 * held to NET_CELL_LINES lines, so that a network's pages are a function of
 * its row count alone and the index can give every page before anything
 * is drawn. */
#define NET_ROWS_PAGE 7
#define NET_CELL_LINES 3

/* Page margins of the A4 landscape pages (tables, index, chart). */
#define NET_MARGIN 36.0

static const qsmap_rgb NET_INK = {0.10, 0.10, 0.10}, NET_MUTED = {0.38, 0.38, 0.38},
                       NET_WARN = {0.75, 0.10, 0.10}, NET_RULE = {0.62, 0.62, 0.62},
                       NET_RULE_DARK = {0.20, 0.20, 0.20}, NET_HEAD_FILL = {0.85, 0.89, 0.94},
                       NET_ALT_FILL = {0.955, 0.962, 0.972};

/* A network's table pages, and all its pages (the map page first). */
size_t qsmap_net_table_page_count(const qsmap_network *net);
size_t qsmap_net_page_count(const qsmap_network *net);

/* ---- networks.c: text on the pages ------------------------------------- */
typedef enum { NET_LEFT, NET_CENTER, NET_RIGHT } net_align;
/* Laksaman at `size`, wrapped at `width` (<= 0: not) into at most `lines`
 * lines (0: any), the last cut with "…"; g_object_unref it. */
PangoLayout *qsmap_net_layout(cairo_t *cr, double size, bool bold, const char *text, double width,
                              net_align al, int lines);
double qsmap_net_layout_h(PangoLayout *l);
double qsmap_net_layout_w(PangoLayout *l);
void qsmap_net_show(cairo_t *cr, PangoLayout *l, double x, double y, qsmap_rgb c);
/* The same in one call; the text's height. */
double qsmap_net_text(cairo_t *cr, double size, bool bold, const char *text, double x, double y,
                      double width, net_align al, qsmap_rgb c);
void qsmap_net_hline(cairo_t *cr, double x0, double x1, double y, double w, qsmap_rgb c);
/* "เครือข่ายที่ 12 · แกนนำ โรงเรียน… · จังหวัด…" (g_free it). */
char *qsmap_net_title(const qsmap_networks *nw, const qsmap_network *net, bool thai);
/* The sample-data note and --date at a page's foot, left, as the catchment
 * tables have them. */
void qsmap_net_foot_note(cairo_t *cr, const qsmap_networks *nw, const qsmap_render_opts *opt);

/* ---- networks_map.c ---------------------------------------------------- */
/* The network's map page into s (one page): the catchment map in network
 * mode, or, with its lead unmatched or no polygon under its schools, a page
 * that says so. opt->geos is the drawing thread's. */
qsmap_status qsmap_net_map_page(const qsmap_networks *nw, const qsmap_network *net,
                                const qsmap_render_opts *opt, qsmap_page_slot *s);

/* ---- networks_table.c -------------------------------------------------- */
/* The network's table pages, each handed to sink (as qsmap_tables_draw_to:
 * *cr in and out). */
qsmap_status qsmap_net_tables_draw(cairo_t **cr, const qsmap_page_sink *sink,
                                   const qsmap_networks *nw, const qsmap_network *net,
                                   const qsmap_render_opts *opt, qsmap_error *err);

/* ---- networks_front.c -------------------------------------------------- */
/* Index pages for n networks (the totals take a row). */
size_t qsmap_net_index_pages(size_t n);
/* The index, page after page (each numbered and shown), then the chart
 * page; sel[k] the k-th selected network, first[k] the page of its map.
 * How many pages. */
size_t qsmap_net_front(cairo_t *cr, const qsmap_networks *nw, const size_t *sel, size_t n,
                       const size_t *first, const qsmap_render_opts *opt);
/* networks_chart.c: the chart page (not shown). */
void qsmap_net_chart(cairo_t *cr, const qsmap_networks *nw, const size_t *sel, size_t n,
                     const qsmap_render_opts *opt);

#endif
