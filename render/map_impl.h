/* map_impl.h — what the files of the map page share: the page layout, the
 * view (projected extent → frame on the page), the district colours the
 * legend repeats, and the parts one file draws for another. map.c frames
 * the view and composes the page; map_layers.c draws what lies in the frame
 * (districts, provinces, rings, schools, labels); map_legend.c what lies
 * around it (legend panel, scale bar, north arrow, title). Private to
 * render/map*.c. */
#ifndef QSMAP_RENDER_MAP_IMPL_H
#define QSMAP_RENDER_MAP_IMPL_H

#include "render/projection.h"
#include "render/render.h"

/* Page layout, in points, on any paper: the margin, the title's band, the
 * legend panel's column (columns right of the frame, or on a portrait page
 * a band of columns under it) and the gap between frame and panel. */
#define MARGIN 22.0
#define TITLE_H 46.0
#define PANEL_W 222.0
#define GAP 12.0
#define BAND_COL_MIN 180.0 /* the narrowest column of a band */
/* A first guess at a band's height (symbols in three columns and
 * the fine print), for choosing the orientation before anything is measured. */
#define BAND_EST 210.0
/* The frame keeps at least this share of the page's width (panel beside)
 * or height (band under it); a longer key is set smaller instead. */
#define FRAME_MIN_SHARE 0.4
#define KEY_PT 7.5     /* the number key's text, shrunk only when it cannot fit */
#define KEY_PT_MIN 3.0

#define QUALITY_R 5.2  /* half-size of the quality school marker */
#define NETWORK_R 2.6
#define CONTEXT_R 1.1
#define OTHER_OFFICE_R 3.4 /* another office's quality school, in its frame */
#define LABEL_WRAP 120.0 /* widest label before a name wraps */

/* District fills and lines, shared by the map and its legend. */
static const qsmap_rgb SELECTED_FILL = {1.0, 0.96, 0.84}, SELECTED_LINE = {0.15, 0.15, 0.15},
                       NEIGHBOUR_FILL = {0.93, 0.93, 0.93}, NEIGHBOUR_LINE = {0.66, 0.66, 0.66};

/* The map page: its paper and where the panel goes. */
typedef struct {
    double w, h; /* points: w < h is portrait */
    bool band;   /* the panel is a band under the frame, not columns beside it */
} page_shape;

/* Where the legend panel lies and how it flows: columns of col_w, the key's
 * lines at key_pt. */
typedef struct {
    qsmap_rect box; /* the panel's area; the frame lies left of or above it */
    int ncols;
    double col_w;
    double key_pt;
    bool sym_ok;     /* sym_h holds the heading's and the symbols' heights */
    double sym_h[3]; /* at col_w, measured once a page */
} panel_layout;

typedef struct {
    double x0, y0, x1, y1; /* projected extent, metres */
    double fx0, fy0, fx1, fy1; /* frame on the page */
    double scale;              /* points per metre */
    double ox, oy;             /* page offset of the extent's corner */
    const qsmap_projection *proj;
    bool network; /* a named network's map (opt->network_title): lead and members */
} view;

static inline void to_page(const view *v, double lon, double lat, double *px, double *py)
{
    double x, y;
    qsmap_projection_forward(v->proj, lon, lat, &x, &y);
    *px = v->ox + (x - v->x0) * v->scale;
    *py = v->oy - (y - v->y0) * v->scale;
}

/* ---- map.c: text on the page ------------------------------------------- */
/* Show layout l with its top left at (x, y), on a white halo if asked. */
void qsmap_map_show_text(cairo_t *cr, PangoLayout *l, double x, double y, bool halo);
void qsmap_map_text_size(PangoLayout *l, double *w, double *h);

/* ---- map_layers.c: inside the frame ------------------------------------ */
void qsmap_map_quality_marker(cairo_t *cr, double x, double y, double s, qsmap_color c);
void qsmap_map_network_marker(cairo_t *cr, double x, double y, double s,
                              qsmap_participation st, bool overlap);
void qsmap_map_context_dot(cairo_t *cr, double x, double y);
void qsmap_map_other_office_marker(cairo_t *cr, double x, double y, double s, qsmap_color c);
/* Is the school a quality school of another office than the run's? */
bool qsmap_map_other_office(const qsmap_report *r, uint32_t school);

/* visible[d]: district d's box meets the view. */
void qsmap_map_districts(cairo_t *cr, const view *v, const qsmap_report *r,
                         const bool *visible);
void qsmap_map_district_outlines(cairo_t *cr, const view *v, const qsmap_report *r);
qsmap_status qsmap_map_provinces(cairo_t *cr, const view *v, const qsmap_report *r,
                                 const bool *visible, qsmap_error *err);
void qsmap_map_district_names(cairo_t *cr, const view *v, const qsmap_report *r,
                              qsmap_geos *geos, const bool *visible,
                              const qsmap_label_req *req, const qsmap_label_pos *pos,
                              size_t nlabels);
void qsmap_map_rings(cairo_t *cr, const view *v, const qsmap_report *r,
                     const uint32_t *quality, size_t nq);
/* dist[s]: school s's distance to the nearest quality school of the
 * report, NAN for a school in no ring. */
qsmap_status qsmap_map_schools(cairo_t *cr, const view *v, const qsmap_report *r,
                               const uint32_t *quality, size_t nq, const double *dist);
/* map_rings.c: each ring's tag (its school's short name) on its line.
 * Tags are placed before the labels, which then keep clear of them as of
 * the scale bar: where a tag goes is a choice among 72 points on its ring,
 * a label's among a few by its marker. tag[k] of ring k, tagged[k] false
 * where no point of the ring is in the frame clear of keep_out. */
qsmap_status qsmap_map_ring_tags_place(cairo_t *cr, const view *v, const qsmap_report *r,
                                       const uint32_t *quality, size_t nq,
                                       const qsmap_label_req *req, size_t nreq,
                                       const qsmap_rect *keep_out, size_t nkeep,
                                       qsmap_rect *tag, bool *tagged);
void qsmap_map_ring_tags_draw(cairo_t *cr, const qsmap_report *r, const uint32_t *quality,
                              size_t nq, const qsmap_rect *tag, const bool *tagged);

/* A network school's name as the map prints it, in its label and in the
 * key: without the word โรงเรียน on a map of several districts. */
const char *qsmap_map_network_name(const qsmap_report *r, const char *name);

/* The school labels of the map, measured for the placer. */
typedef struct {
    uint32_t *school; /* labelled schools: quality first */
    qsmap_label_req *req;
    PangoLayout **layout;
    size_t n;
} label_set;

qsmap_status qsmap_map_labels_build(cairo_t *cr, const view *v, const qsmap_report *r,
                                    const qsmap_render_opts *opt, const uint32_t *quality,
                                    size_t nq, const double *dist, label_set *ls);
void qsmap_map_labels_draw(cairo_t *cr, const label_set *ls, const qsmap_label_pos *pos,
                           bool thai);
void qsmap_map_labels_free(label_set *ls);

/* The lines the labels should keep off: district outlines, province lines
 * and rings, in page points (line[k].xy points into xy). */
typedef struct {
    qsmap_label_line *line;
    size_t n;
    double *xy;
    size_t nxy;
} label_lines;
qsmap_status qsmap_map_label_lines(const view *v, const qsmap_report *r, const bool *visible,
                                   const uint32_t *quality, size_t nq, label_lines *ll,
                                   qsmap_error *err);
void qsmap_map_label_lines_free(label_lines *ll);

/* ---- map_network.c: a named network's map (view.network) --------------- */
/* The lead school: a star, apart from the readiness diamonds. */
void qsmap_map_lead_marker(cairo_t *cr, double x, double y, double s);
/* The line from a lead to a member: solid within the radius, dashed beyond. */
void qsmap_map_member_line(cairo_t *cr, double x0, double y0, double x1, double y1, bool beyond);
/* Every pair of r as such a line, under the markers. */
void qsmap_map_member_lines(cairo_t *cr, const view *v, const qsmap_report *r);

/* A column of the legend panel as it is drawn: the cursor and the width. */
typedef struct {
    double x, y; /* panel cursor */
    double w;
    cairo_t *cr;
} legend_panel;
/* A line of text at the cursor, which moves under it (map_legend.c). */
void qsmap_map_panel_text(legend_panel *p, const char *text, double size, bool bold, qsmap_rgb c,
                          double indent);
/* The lead, the members and the two kinds of line, for the legend. */
void qsmap_map_legend_members(legend_panel *p, const qsmap_report *r,
                              const qsmap_render_opts *opt);

/* ---- map_locator.c: the locator inset ---------------------------------- */
/* The inset's box: the frame corner whose box covers the fewest label
 * anchors (quality schools count more), clear of the scale bar and the north
 * arrow. */
qsmap_rect qsmap_map_locator_box(const view *v, const qsmap_report *r,
                                 const qsmap_label_req *req, size_t n);
/* The selected districts' province(s), the selected shaded, the map's view
 * as a rectangle where it is a part of them. */
void qsmap_map_locator(cairo_t *cr, const view *v, const qsmap_report *r, qsmap_rect box);

/* ---- map_legend.c: around the frame ------------------------------------ */
/* The boxes the scale bar and the north arrow take, kept clear of labels. */
qsmap_rect qsmap_map_scale_bar_box(const view *v);
qsmap_rect qsmap_map_north_arrow_box(const view *v);
void qsmap_map_scale_bar(cairo_t *cr, const view *v, bool thai);
void qsmap_map_north_arrow(cairo_t *cr, const view *v);
void qsmap_map_title(cairo_t *cr, const qsmap_report *r, const qsmap_render_opts *opt,
                     double page_w);
/* What the panel shows: symbols, the key to numbered labels (pos NULL: none
 * yet), the fine print. */
typedef struct {
    const qsmap_report *r;
    const qsmap_render_opts *opt;
    const qsmap_projection *proj;
    const qsmap_label_pos *pos;
    const uint32_t *labelled;
    size_t nlabels;
    const double *dist;
} legend_src;
/* The panel that holds src on a page of `shape`. grow: as large as the key
 * needs (the frame then gives way, down to FRAME_MIN_SHARE; beyond it the
 * key is set smaller); else pl->box stays and only the key's size is
 * chosen, so that everything fits. */
void qsmap_map_panel_fit(cairo_t *cr, const legend_src *src, page_shape shape, bool grow,
                         panel_layout *pl);
/* The frame the panel leaves on the page. */
qsmap_rect qsmap_map_frame_of(page_shape shape, const panel_layout *pl);
void qsmap_map_legend(cairo_t *cr, const legend_src *src, panel_layout *pl);

#endif
