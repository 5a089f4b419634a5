/* docx.h — a small builder of Word documents (.docx, WordprocessingML in
 * a zip), for the reports of render/docx_report.c and render/docx_i10.c.
 *
 * The page and the type are fixed as Thai official documents want them
 * (ระเบียบงานสารบรรณ): A4 portrait, margins top 2.5 cm, left 3 cm, right
 * and bottom 2 cm, TH Sarabun New 16 pt, headings bold; a page number in
 * the footer. Paragraphs, runs, tables, pictures and footnotes go in in
 * reading order; qsmap_docx_finish writes the package.
 *
 * Errors are sticky: the first failure (libxml2's writer, memory) is kept
 * and every later call does nothing, so a document is written with plain
 * calls and checked once, by qsmap_docx_finish (or qsmap_docx_status when
 * the caller wants to stop early). Every string is written through
 * libxml2's xmlTextWriter, escaped; control characters that XML cannot
 * hold are dropped. */
#ifndef QSMAP_RENDER_DOCX_H
#define QSMAP_RENDER_DOCX_H

#include "qsmap/qsmap.h"
#include "render/module.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct qsmap_docx qsmap_docx;

/* The text block: A4 (11906 × 16838 twips) less the margins. */
#define QSMAP_DOCX_TEXT_W 9071 /* twips, 16.0 cm */
#define QSMAP_DOCX_TEXT_H 14287 /* twips, 25.2 cm */
#define QSMAP_DOCX_MAX_COLS 12

/* Paragraph styles of word/styles.xml. */
#define QSMAP_DOCX_NORMAL "Normal"
#define QSMAP_DOCX_TITLE "Title"
#define QSMAP_DOCX_SUBTITLE "Subtitle"
#define QSMAP_DOCX_H1 "Heading1"
#define QSMAP_DOCX_H2 "Heading2"
#define QSMAP_DOCX_NOTE "Note" /* 14 pt: lines under a table, sources */
#define QSMAP_DOCX_CELL "TableText"
#define QSMAP_DOCX_CELL_SUB "TableSub" /* a cell's second, smaller line */

typedef enum { QSMAP_DOCX_LEFT = 0, QSMAP_DOCX_CENTER, QSMAP_DOCX_RIGHT } qsmap_docx_align;

/* How a paragraph sits; zero is the style's own. */
typedef struct {
    qsmap_docx_align align;
    bool keep_next;         /* on the page of the next paragraph (a heading's table) */
    bool page_break_before; /* starts a page */
    int indent;             /* left indent, twips */
    int hanging;            /* the first line this much left of the rest, twips */
    int space_before;       /* twips above it (0: the style's) */
} qsmap_docx_para;

/* A run's look beyond its paragraph style; NULL or zero: the style's. */
typedef struct {
    bool bold;
    const char *color; /* "RRGGBB" */
    int half_points;   /* size in half points (32 = 16 pt) */
} qsmap_docx_font;

qsmap_status qsmap_docx_new(const char *title, bool thai_digits, qsmap_docx **out,
                            qsmap_error *err);
void qsmap_docx_free(qsmap_docx *d);
/* The first failure so far (QSMAP_OK: none), copied to err. */
qsmap_status qsmap_docx_status(const qsmap_docx *d, qsmap_error *err);
/* Close the body and write the package to fp; the document is spent
 * (free it still). */
qsmap_status qsmap_docx_finish(qsmap_docx *d, FILE *fp, qsmap_error *err);

/* ---- docx_body.c: paragraphs and runs ---------------------------------- */
void qsmap_docx_p_begin(qsmap_docx *d, const char *style, const qsmap_docx_para *pp);
void qsmap_docx_run(qsmap_docx *d, const char *text, const qsmap_docx_font *f);
/* A tab to the next stop; in qsmap_docx_fill_lines a dotted leader. */
void qsmap_docx_tab(qsmap_docx *d);
/* A real Word footnote: its number here, `text` at the foot of the page. */
void qsmap_docx_footnote(qsmap_docx *d, const char *text);
void qsmap_docx_p_end(qsmap_docx *d);
/* A paragraph of one run. */
void qsmap_docx_para_text(qsmap_docx *d, const char *style, const char *text,
                          const qsmap_docx_font *f);
/* Heading 1 or 2 (Word's navigation pane and table of contents); level 1
 * may start a page. */
void qsmap_docx_heading(qsmap_docx *d, int level, const char *text, bool new_page);
/* A form's line to fill in: `label` (may be "") and dots to the right
 * margin, then lines - 1 more dotted lines; all `indent` twips in. */
void qsmap_docx_fill_lines(qsmap_docx *d, const char *label, int lines, int indent);
/* A PNG (copied) in a paragraph of its own, as wide as the text, keeping
 * its aspect, at most max_h twips tall; descr is its alternative text. */
void qsmap_docx_image(qsmap_docx *d, const void *png, size_t len, int max_h,
                      const char *descr);

/* ---- docx_body.c: tables ------------------------------------------------ */
typedef enum { QSMAP_DOCX_ROW_HEAD = 0, QSMAP_DOCX_ROW_BODY, QSMAP_DOCX_ROW_TOTAL } qsmap_docx_row_kind;

typedef struct {
    const char *text;
    const char *sub;        /* a smaller, muted line under it, or NULL */
    qsmap_docx_align align; /* header rows centre their text anyway */
    int span;               /* columns taken (0, 1: one) */
    int vmerge;             /* 1: starts a cell merged down, 2: continues it */
    const char *color;      /* the text's "RRGGBB", or NULL */
    const char *mark;       /* a coloured "■" before the text: its "RRGGBB" */
} qsmap_docx_cell;

/* A table with the TableGrid style, column widths in twips (at most
 * QSMAP_DOCX_MAX_COLS), `indent` twips in from the margin (under an
 * indented item). Header rows repeat on every page a table runs to. */
void qsmap_docx_table_begin(qsmap_docx *d, const int *widths, size_t ncols, int indent);
/* One row: cells[0..n) cover the columns (spans included). keep_next
 * holds it on the page of the next row. Header and totals rows are bold and
 * filled; body rows alternate a light fill. */
void qsmap_docx_row(qsmap_docx *d, qsmap_docx_row_kind kind, const qsmap_docx_cell *cells,
                    size_t n, bool keep_next);
void qsmap_docx_table_end(qsmap_docx *d);

/* "RRGGBB" of a readiness colour, the maps' tone (render/style.c). */
void qsmap_docx_color_hex(qsmap_color c, char out[7]);

/* ---- the two documents (qsmap_render_docx picks one) --------------------- */
/* docx_report.c: the district report. */
qsmap_status qsmap_docx_write_report(FILE *fp, const qsmap_report *r,
                                     const qsmap_render_opts *opt, qsmap_error *err);
/* docx_i10.c: the Indicator-10 form's quantitative part. */
qsmap_status qsmap_docx_write_i10(FILE *fp, const qsmap_report *r, const qsmap_render_opts *opt,
                                  const qsmap_indicator10 *i10, qsmap_error *err);
/* What a report covers, for titles: the office, the district, the
 * province, or how many districts (g_free it). */
char *qsmap_docx_scope(const qsmap_report *r);

#endif
