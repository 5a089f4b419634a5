/* render.h — qsmap's rendering modules (cairo + Pango): the shared style,
 * label placement, the map page and the table pages. Internal to qsmap. */
#ifndef QSMAP_RENDER_H
#define QSMAP_RENDER_H

#include "qsmap/qsmap.h"
#include "render/module.h"

#include <cairo.h>
#include <pango/pangocairo.h>

/* A4 landscape in PDF points: the table, cover and index pages. The map
 * page has its own paper and orientation (qsmap_map_page_size). */
#define QSMAP_PAGE_W 841.89
#define QSMAP_PAGE_H 595.28

/* ---- style.c --------------------------------------------------------- */
typedef struct {
    double r, g, b;
} qsmap_rgb;

/* Readiness colours, one accessible tone each, used on every map and table. */
qsmap_rgb qsmap_style_color(qsmap_color c);
/* Fonts: Laksaman (TH Sarabun New's design) for text, Noto Sans Thai for
 * small labels. */
#define QSMAP_FONT_TEXT "Laksaman"
#define QSMAP_FONT_LABEL "Noto Sans Thai"


/* A Pango layout in `family` at `size_pt`, bold or not, with `text`. */
PangoLayout *qsmap_style_layout(cairo_t *cr, const char *family, double size_pt, bool bold,
                                const char *text);
void qsmap_style_set(cairo_t *cr, qsmap_rgb c);
/* Text for a layout, made with printf into a fresh string (g_free it), with
 * Thai digits when asked: names, paths and --date are never cut to a
 * buffer. Layouts take it as plain text: nothing from data, paths or
 * options is ever parsed as Pango markup. */
char *qsmap_style_printf(bool thai, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* A district's title ("อำเภอ… จังหวัด…") in a fresh string; g_free it. */
char *qsmap_style_place(const qsmap_district *d);
/* `key='value'` for a cairo tag (a link, a destination), the value quoted
 * as cairo's attribute syntax wants: ' and \ escaped by a backslash, so
 * that a pcode cannot end the string early. g_free it. */
char *qsmap_style_tag_attr(const char *key, const char *value);
/* Load fontconfig on this thread, before any drawing thread starts. */
void qsmap_style_fonts_init(void);

/* ---- labels.c: label placement (after QGIS PAL) ----------------------- */
typedef struct {
    double x0, y0, x1, y1;
} qsmap_rect;

typedef struct {
    double x, y;     /* anchor: the marker's centre, page units */
    double marker_r; /* marker radius */
    double w, h;     /* the label's box */
    int priority;    /* higher is placed first (quality schools) */
} qsmap_label_req;

typedef enum {
    QSMAP_LABEL_AT_MARKER = 0, /* in one of the 8 positions around the marker */
    QSMAP_LABEL_LEADER,        /* moved away, joined to the marker by a line */
    QSMAP_LABEL_NUMBERED       /* no room: a number by the marker, keyed to the table */
} qsmap_label_kind;

typedef struct {
    qsmap_label_kind kind;
    qsmap_rect box;      /* the label (for NUMBERED: the number's box) */
    int candidate;       /* which candidate position was chosen, or for a
                            number QSMAP_NUMBER_MOVED: away from its marker,
                            joined to it by a line */
    double leader_x, leader_y; /* LEADER: where the line meets the box */
    int number;          /* NUMBERED: 1, 2, … in request order */
} qsmap_label_pos;
#define QSMAP_NUMBER_MOVED (-2)

/* A line on the map that labels should rather not cover (a boundary, a
 * ring): points x, y, … in page units, the closing segment too if closed.
 * A candidate box it crosses costs `cost` more (a candidate rank is 1.0;
 * 8 is more than any rank), so a label sits across it only when the free
 * places are worse. */
typedef struct {
    const double *xy;
    size_t n;
    bool closed;
    double cost;
} qsmap_label_line;

/* Place n labels inside `frame`, clear of each other, of every marker, and
 * of the obstacles (legend, scale bar, north arrow). Deterministic.
 * `number_w`/`number_h` give the size of a number box for a given number
 * (callback so the caller can measure with Pango). */
qsmap_status qsmap_labels_place(const qsmap_label_req *req, size_t n,
                                const qsmap_rect *obstacles, size_t nobstacles,
                                qsmap_rect frame,
                                void (*number_size)(void *ctx, int number, double *w,
                                                    double *h),
                                void *ctx, qsmap_label_pos *out, qsmap_label_stats *stats);
/* The same, with lines to keep labels off where there is room. */
qsmap_status qsmap_labels_place_lines(const qsmap_label_req *req, size_t n,
                                      const qsmap_rect *obstacles, size_t nobstacles,
                                      const qsmap_label_line *lines, size_t nlines,
                                      qsmap_rect frame,
                                      void (*number_size)(void *ctx, int number, double *w,
                                                          double *h),
                                      void *ctx, qsmap_label_pos *out,
                                      qsmap_label_stats *stats);
/* How many of the placed labels (numbers too) a line with a cost of at
 * least min_cost crosses. */
size_t qsmap_labels_crossed(const qsmap_label_pos *pos, size_t n, const qsmap_label_line *lines,
                            size_t nlines, double min_cost);
int qsmap_rect_overlap(const qsmap_rect *a, const qsmap_rect *b);

/* ---- labels_text.c: where a label may break into lines ---------------- */
typedef struct {
    size_t start, end; /* bytes [start, end) of the text */
} qsmap_text_span;

/* The unbreakable chunks of a label's text, in order (a malloc'd array):
 * lines break only between chunks, at a space (dropped), before an opening
 * bracket or after a closing one; a bracketed part and the distance (from
 * the last "·" outside brackets on) are one chunk each. */
qsmap_status qsmap_label_chunks(const char *text, qsmap_text_span **out, size_t *n);
/* Lines of whole chunks, each as many as fit in `width` by `measure`, a
 * chunk wider than that alone on its line (a malloc'd array of spans). */
qsmap_status qsmap_label_wrap(const char *text, double width,
                              double (*measure)(void *ctx, const char *s, size_t len), void *ctx,
                              qsmap_text_span **lines, size_t *nlines);
/* The lines joined by '\n', for pango_layout_set_text (g_free it). */
char *qsmap_label_join(const char *text, const qsmap_text_span *lines, size_t n);
/* Does s start with what cannot start a line (punctuation, a Thai vowel or
 * mark that belongs to the letter before it)? */
bool qsmap_label_no_line_start(const char *s);

/* ---- table.c: the table pages of the PDF ------------------------------ */
/* Column edges colx[0..n] from margin on, widths w[c] in points, the one
 * width <= 0 taking what the A4 landscape page leaves (table_text.c; the
 * tables of the PDF, the networks' index and table pages). */
void qsmap_table_columns(const double *w, int n, double margin, double *colx);
/* Draw the tables for r: one block per quality school, network schools by
 * distance, totals; long tables continue with the header repeated. Each
 * page ends with cairo_show_page. *pages counts the pages drawn. */
qsmap_status qsmap_tables_draw(cairo_t *cr, const qsmap_report *r,
                               const qsmap_render_opts *opt, size_t *pages,
                               qsmap_error *err);

/* Where the table module sends a finished page: next_page takes the
 * context of the page just drawn (and owns it from then on) and returns the
 * one to draw the next on. */
typedef struct {
    cairo_t *(*next_page)(void *ctx, cairo_t *done);
    void *ctx;
} qsmap_page_sink;
/* With a sink the context changes page by page, so *cr is in and out: on
 * return it is the context the sink handed out last, the caller's to
 * destroy (the one passed in may be gone). */
qsmap_status qsmap_tables_draw_to(cairo_t **cr, const qsmap_page_sink *sink,
                                  const qsmap_report *r, const qsmap_render_opts *opt,
                                  size_t *pages, qsmap_error *err);

/* ---- map.c: the map page ---------------------------------------------- */
/* Draw the map page in page units (points) on cr; does not show the page.
 * *unplaced counts labels not at their marker (leaders + numbers). */
qsmap_status qsmap_map_draw(cairo_t *cr, const qsmap_report *r, const qsmap_render_opts *opt,
                            qsmap_label_stats *labels, qsmap_error *err);

/* map_rings.c: how many of the map's rings (one per quality school of r)
 * reach each school, into rings[0 .. r->schools->n) unless rings is NULL;
 * returns how many schools two or more reach, the network schools the map
 * marks with a second ring. SIZE_MAX when out of memory (rings NULL). */
size_t qsmap_map_ring_reach(const qsmap_report *r, uint32_t *rings);

/* The map page's size in points: opt's paper, portrait or landscape as
 * opt asks or as the shape of what is mapped suits. */
qsmap_status qsmap_map_page_size(const qsmap_report *r, const qsmap_render_opts *opt,
                                 double *w, double *h, qsmap_error *err);
/* Where (lat, lon) falls on the map page, in points: for tests and callers
 * that annotate the map. */
qsmap_status qsmap_map_page_point(const qsmap_report *r, const qsmap_render_opts *opt,
                                  double lat, double lon, double *px, double *py,
                                  qsmap_error *err);

/* ---- png.c: an RGB24 image surface as a PNG, tagged with its dpi ------- */
qsmap_status qsmap_png_write(FILE *fp, cairo_surface_t *s, double dpi, qsmap_error *err);

/* ---- output.c: PNG and PDF files -------------------------------------- */
qsmap_status qsmap_render_png(FILE *fp, const qsmap_report *r, const qsmap_render_opts *opt,
                              qsmap_label_stats *labels, qsmap_error *err);
qsmap_status qsmap_render_pdf(FILE *fp, const qsmap_report *r, const qsmap_render_opts *opt,
                              qsmap_label_stats *labels, qsmap_error *err);

/* ---- atlas.c: many districts in one PDF -------------------------------- */
/* Cover with an index map, index pages, then each selected district of
 * `all` (map page + table pages, a bookmark each), drawn by `threads`
 * workers. progress (may be NULL) is called after each district written. */
qsmap_status qsmap_render_atlas(FILE *fp, const qsmap_report *all, const char *scope,
                                const qsmap_render_opts *opt, int threads,
                                void (*progress)(void *ctx, size_t done, size_t total),
                                void *pctx, qsmap_atlas_stats *stats, qsmap_error *err);
/* atlas_front.c: the atlas's cover and index pages, each shown; returns how
 * many (qsmap_atlas_front_pages of the districts). first[k] is the page of
 * the k-th selected district's map, 0 for one left out of the atlas. Sets
 * stats->cover_pages and stats->without_quality. */
size_t qsmap_atlas_front(cairo_t *cr, const qsmap_report *all, const char *scope,
                         const qsmap_render_opts *opt, const size_t *first,
                         qsmap_atlas_stats *stats);
size_t qsmap_atlas_front_pages(size_t ndistricts);
/* "หน้า N" at the foot of an atlas page without its own (cover, index, map). */
void qsmap_atlas_page_number(cairo_t *cr, size_t number, const qsmap_render_opts *opt);

/* One PNG per selected district of `all`, named DIR<pcode>-<name>-<radius>.png
 * (dir ends with '/'), each to a temporary file in `commit` that the run
 * renames into place with its other outputs (write/commit.h). */
qsmap_status qsmap_render_png_dir(const char *dir, const qsmap_report *all,
                                  const char *radius_label, const qsmap_render_opts *opt,
                                  int threads, void (*progress)(void *, size_t, size_t),
                                  void *pctx, struct qsmap_commit *commit,
                                  qsmap_label_stats *labels, qsmap_error *err);

/* ---- xlsx.c: both tables as an Excel workbook at `path` (sheets
 * คู่โรงเรียน and สรุป) -------------------------------------------------- */
qsmap_status qsmap_render_xlsx(const char *path, const qsmap_report *r, qsmap_error *err);

/* ---- docx*.c: a Word document (.docx) of r: with i10 NULL the district
 * report (headings, maps, a Word table per quality school, the Stand Alone
 * candidates), else the Indicator-10 form's quantitative part ------------ */
qsmap_status qsmap_render_docx(FILE *fp, const qsmap_report *r, const qsmap_render_opts *opt,
                               const qsmap_indicator10 *i10, qsmap_error *err);

/* ---- networks*.c: named networks (qsmap networks) -------------------- */
/* The selected networks of nw: one alone as its map page and table pages;
 * several as an atlas (index pages, a chart page, then each network's map
 * and table pages, numbered through, a bookmark each), drawn by `threads`
 * workers. progress (may be NULL) is called after each network written;
 * stats->districts counts the networks drawn. */
qsmap_status qsmap_render_networks_pdf(FILE *fp, const qsmap_networks *nw,
                                       const qsmap_render_opts *opt, int threads,
                                       qsmap_progress_fn progress, void *pctx,
                                       qsmap_atlas_stats *stats, qsmap_error *err);
/* Sheets สมาชิก and สรุปเครือข่าย at path: the networks CSVs' columns. */
qsmap_status qsmap_render_networks_xlsx(const char *path, const qsmap_networks *nw,
                                        qsmap_error *err);

/* cairo write callback onto a FILE*. */
cairo_status_t qsmap_file_writer(void *closure, const unsigned char *data,
                                 unsigned int length);

#endif
