/* module.h — what the rest of qsmap sees of the renderer: maps, atlases and
 * Excel workbooks. They live in a module (qsmap-render.so, with cairo, Pango,
 * libpng and libxlsxwriter) that the executable loads only when a run asks
 * for one of them, so a CSV run never maps those ~35 libraries. Tests link
 * the same code statically and hand qsmap_render_module() to the CLI. */
#ifndef QSMAP_RENDER_MODULE_H
#define QSMAP_RENDER_MODULE_H

#include "qsmap/qsmap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct qsmap_commit; /* write/commit.h: the run's temporary files */

/* The map page's paper and orientation (the table pages stay A4 landscape). */
typedef enum { QSMAP_PAPER_A4 = 0, QSMAP_PAPER_A3 } qsmap_paper;
typedef enum {
    QSMAP_ORIENT_AUTO = 0, /* from the shape of what is mapped */
    QSMAP_ORIENT_PORTRAIT,
    QSMAP_ORIENT_LANDSCAPE
} qsmap_orientation;

typedef struct {
    bool thai_digits;   /* print ๐–๙ as provincial reports do */
    double dpi;         /* PNG resolution */
    const char *date;   /* date printed on the map (YYYY-MM-DD), or NULL */
    size_t first_page;  /* page number of the first table page (0: 1) */
    bool skip_empty;    /* atlas: leave out districts without a quality school */
    qsmap_geos *geos;   /* the drawing thread's GEOS context (NULL: main thread) */
    qsmap_paper paper;             /* --paper */
    qsmap_orientation orientation; /* --orientation */
    /* A named network's map (qsmap networks): the map page's title; the
     * report's quality school is the network's lead, its network schools
     * the members, each joined to the lead by a line, and the legend speaks
     * of lead and members. NULL: a catchment map. */
    const char *network_title;
} qsmap_render_opts;

typedef struct {
    size_t at_marker, leader, numbered;
    double key_pt; /* the smallest size a map's number key was set in (0: no key) */
} qsmap_label_stats;

typedef struct {
    size_t districts, pages, cover_pages, without_quality;
    qsmap_label_stats labels;
} qsmap_atlas_stats;

typedef void (*qsmap_progress_fn)(void *ctx, size_t done, size_t total);

typedef struct {
    qsmap_status (*pdf)(FILE *fp, const qsmap_report *r, const qsmap_render_opts *opt,
                        qsmap_label_stats *labels, qsmap_error *err);
    qsmap_status (*png)(FILE *fp, const qsmap_report *r, const qsmap_render_opts *opt,
                        qsmap_label_stats *labels, qsmap_error *err);
    qsmap_status (*atlas)(FILE *fp, const qsmap_report *all, const char *scope,
                          const qsmap_render_opts *opt, int threads, qsmap_progress_fn progress,
                          void *pctx, qsmap_atlas_stats *stats, qsmap_error *err);
    qsmap_status (*png_dir)(const char *dir, const qsmap_report *all, const char *radius_label,
                            const qsmap_render_opts *opt, int threads,
                            qsmap_progress_fn progress, void *pctx,
                            struct qsmap_commit *commit, qsmap_label_stats *labels,
                            qsmap_error *err);
    qsmap_status (*xlsx)(const char *path, const qsmap_report *r, qsmap_error *err);
    /* Named networks (qsmap networks): the selected networks of nw as a PDF
     * (one network: its map page and table page; several: an atlas with an
     * index and a chart page first) and as a workbook (sheets สมาชิก and
     * สรุปเครือข่าย, the CSVs' columns). */
    qsmap_status (*networks_pdf)(FILE *fp, const qsmap_networks *nw,
                                 const qsmap_render_opts *opt, int threads,
                                 qsmap_progress_fn progress, void *pctx,
                                 qsmap_atlas_stats *stats, qsmap_error *err);
    qsmap_status (*networks_xlsx)(const char *path, const qsmap_networks *nw, qsmap_error *err);
    /* A Word document (.docx) of r: with i10 NULL the district report (per
     * district a heading, the map, a table per quality school, the merge
     * summary, the sources; the Stand Alone candidates), else the
     * Indicator-10 form's quantitative part filled with i10. */
    qsmap_status (*docx)(FILE *fp, const qsmap_report *r, const qsmap_render_opts *opt,
                         const qsmap_indicator10 *i10, qsmap_error *err);
} qsmap_render_api;

/* render/module.c: the module's one entry point. */
const qsmap_render_api *qsmap_render_module(void);

/* src/render_loader.c: find and load qsmap-render.so (beside the executable,
 * then in the install's library directory). *handle goes to
 * qsmap_render_close. */
qsmap_status qsmap_render_open(void **handle, const qsmap_render_api **api, qsmap_error *err);
void qsmap_render_close(void *handle);

#endif
