/* docx_body.c — what goes into word/document.xml (render/docx.h):
 * paragraphs and runs, headings, the dotted lines of a form, pictures,
 * tables whose header rows repeat on every page, and footnotes, which are
 * written into word/footnotes.xml as they come. */
#include "render/docx_impl.h"
#include "render/render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EMU_PER_TWIP 635 /* 914400 EMU an inch, 1440 twips */

/* The table fills, the PDF's tones (render/table.c). */
#define FILL_HEAD "D9E3F0"
#define FILL_TOTAL "E8EBED"
#define FILL_ALT "F4F5F8"

static const char *jc(qsmap_docx_align a)
{
    return a == QSMAP_DOCX_CENTER ? "center" : a == QSMAP_DOCX_RIGHT ? "right" : "left";
}

/* ---- paragraphs ------------------------------------------------------------- */

static void para_open(qsmap_docx *d, const char *style, const qsmap_docx_para *pp,
                      bool dot_leader)
{
    docx_part *p = &d->body;
    if (d->in_para)
        qsmap_docx_p_end(d);
    static const qsmap_docx_para none = {0};
    if (!pp)
        pp = &none;
    dx_start(p, "w:p");
    dx_start(p, "w:pPr");
    dx_val(p, "w:pStyle", style ? style : QSMAP_DOCX_NORMAL);
    if (pp->keep_next)
        dx_empty(p, "w:keepNext");
    if (pp->page_break_before)
        dx_empty(p, "w:pageBreakBefore");
    if (dot_leader) { /* a line to fill in by hand: dots up to the margin */
        dx_start(p, "w:tabs");
        dx_start(p, "w:tab");
        dx_attr(p, "w:val", "right");
        dx_attr(p, "w:leader", "dot");
        dx_attr_long(p, "w:pos", QSMAP_DOCX_TEXT_W);
        dx_end(p);
        dx_end(p);
    }
    if (pp->space_before) {
        dx_start(p, "w:spacing");
        dx_attr_long(p, "w:before", pp->space_before);
        dx_end(p);
    }
    if (pp->indent || pp->hanging) {
        dx_start(p, "w:ind");
        dx_attr_long(p, "w:left", pp->indent);
        if (pp->hanging)
            dx_attr_long(p, "w:hanging", pp->hanging);
        dx_end(p);
    }
    if (pp->align != QSMAP_DOCX_LEFT)
        dx_val(p, "w:jc", jc(pp->align));
    dx_end(p); /* pPr */
    d->in_para = true;
}

void qsmap_docx_p_begin(qsmap_docx *d, const char *style, const qsmap_docx_para *pp)
{
    para_open(d, style, pp, false);
}

void qsmap_docx_p_end(qsmap_docx *d)
{
    if (!d->in_para)
        return;
    dx_end(&d->body);
    d->in_para = false;
}

static void run_props(docx_part *p, const qsmap_docx_font *f)
{
    if (!f || (!f->bold && !f->color && !f->half_points))
        return;
    dx_start(p, "w:rPr");
    if (f->bold) {
        dx_empty(p, "w:b");
        dx_empty(p, "w:bCs");
    }
    if (f->color)
        dx_val(p, "w:color", f->color);
    if (f->half_points) {
        dx_val_long(p, "w:sz", f->half_points);
        dx_val_long(p, "w:szCs", f->half_points);
    }
    dx_end(p);
}

/* Text of a run: a line break for each '\n'. */
static void run_text(docx_part *p, const char *text)
{
    char *copy = strdup(text);
    if (!copy) {
        qsmap_docx_fail(p->d, QSMAP_E_NOMEM, "out of memory");
        return;
    }
    char *line = copy;
    for (;;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (*line) {
            dx_start(p, "w:t");
            dx_attr(p, "xml:space", "preserve"); /* spaces at either end stay */
            dx_text(p, line);
            dx_end(p);
        }
        if (!nl)
            break;
        dx_empty(p, "w:br");
        line = nl + 1;
    }
    free(copy);
}

void qsmap_docx_run(qsmap_docx *d, const char *text, const qsmap_docx_font *f)
{
    docx_part *p = &d->body;
    if (!d->in_para)
        qsmap_docx_p_begin(d, NULL, NULL);
    dx_start(p, "w:r");
    run_props(p, f);
    run_text(p, text);
    dx_end(p);
}

void qsmap_docx_tab(qsmap_docx *d)
{
    docx_part *p = &d->body;
    if (!d->in_para)
        qsmap_docx_p_begin(d, NULL, NULL);
    dx_start(p, "w:r");
    dx_empty(p, "w:tab");
    dx_end(p);
}

static void note_ref(docx_part *p)
{
    dx_start(p, "w:rPr");
    dx_val(p, "w:rStyle", "FootnoteReference");
    dx_end(p);
}

void qsmap_docx_footnote(qsmap_docx *d, const char *text)
{
    if (d->st)
        return;
    int id = ++d->footnotes;
    docx_part *p = &d->body;
    if (!d->in_para)
        qsmap_docx_p_begin(d, NULL, NULL);
    dx_start(p, "w:r");
    note_ref(p);
    dx_start(p, "w:footnoteReference");
    dx_attr_long(p, "w:id", id);
    dx_end(p);
    dx_end(p);

    docx_part *n = &d->notes;
    dx_start(n, "w:footnote");
    dx_attr_long(n, "w:id", id);
    dx_start(n, "w:p");
    dx_start(n, "w:pPr");
    dx_val(n, "w:pStyle", "FootnoteText");
    dx_end(n);
    dx_start(n, "w:r");
    note_ref(n);
    dx_empty(n, "w:footnoteRef");
    dx_end(n);
    dx_start(n, "w:r");
    run_text(n, " ");
    run_text(n, text);
    dx_end(n);
    dx_end(n); /* p */
    dx_end(n); /* footnote */
}

void qsmap_docx_para_text(qsmap_docx *d, const char *style, const char *text,
                          const qsmap_docx_font *f)
{
    qsmap_docx_p_begin(d, style, NULL);
    qsmap_docx_run(d, text, f);
    qsmap_docx_p_end(d);
}

void qsmap_docx_heading(qsmap_docx *d, int level, const char *text, bool new_page)
{
    qsmap_docx_para pp = {.keep_next = true, .page_break_before = new_page};
    qsmap_docx_p_begin(d, level <= 1 ? QSMAP_DOCX_H1 : QSMAP_DOCX_H2, &pp);
    qsmap_docx_run(d, text, NULL);
    qsmap_docx_p_end(d);
}

void qsmap_docx_fill_lines(qsmap_docx *d, const char *label, int lines, int indent)
{
    qsmap_docx_para pp = {.indent = indent, .space_before = 120};
    for (int k = 0; k < lines; k++) {
        pp.keep_next = k + 1 < lines;
        if (k == 1)
            pp.space_before = 0;
        para_open(d, QSMAP_DOCX_NORMAL, &pp, true);
        if (k == 0 && label && *label)
            qsmap_docx_run(d, label, NULL);
        qsmap_docx_tab(d);
        qsmap_docx_p_end(d);
    }
}

/* ---- pictures ------------------------------------------------------------------ */

static uint32_t be32(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* The picture element of an inline drawing: the PNG by its relationship. */
static void picture(docx_part *p, size_t k, const char *rid, long cx, long cy)
{
    char name[32];
    snprintf(name, sizeof name, "map%zu.png", k);
    dx_start(p, "a:graphic");
    dx_start(p, "a:graphicData");
    dx_attr(p, "uri", "http://schemas.openxmlformats.org/drawingml/2006/picture");
    dx_start(p, "pic:pic");
    dx_start(p, "pic:nvPicPr");
    dx_start(p, "pic:cNvPr");
    dx_attr_long(p, "id", (long)k);
    dx_attr(p, "name", name);
    dx_end(p);
    dx_empty(p, "pic:cNvPicPr");
    dx_end(p);
    dx_start(p, "pic:blipFill");
    dx_start(p, "a:blip");
    dx_attr(p, "r:embed", rid);
    dx_end(p);
    dx_start(p, "a:stretch");
    dx_empty(p, "a:fillRect");
    dx_end(p);
    dx_end(p); /* blipFill */
    dx_start(p, "pic:spPr");
    dx_start(p, "a:xfrm");
    dx_start(p, "a:off");
    dx_attr(p, "x", "0");
    dx_attr(p, "y", "0");
    dx_end(p);
    dx_start(p, "a:ext");
    dx_attr_long(p, "cx", cx);
    dx_attr_long(p, "cy", cy);
    dx_end(p);
    dx_end(p); /* xfrm */
    dx_start(p, "a:prstGeom");
    dx_attr(p, "prst", "rect");
    dx_empty(p, "a:avLst");
    dx_end(p);
    dx_end(p); /* spPr */
    dx_end(p); /* pic */
    dx_end(p); /* graphicData */
    dx_end(p); /* graphic */
}

/* In line with the text, so it flows with the paragraphs around it. */
static void inline_drawing(docx_part *p, size_t k, long cx, long cy, const char *descr)
{
    char rid[32], name[32];
    snprintf(rid, sizeof rid, "rId%zu", DOCX_RID_MEDIA + k);
    snprintf(name, sizeof name, "แผนที่ %zu", k);
    dx_start(p, "w:r");
    dx_start(p, "w:drawing");
    dx_start(p, "wp:inline");
    static const char *const DIST[] = {"distT", "distB", "distL", "distR"};
    for (int j = 0; j < 4; j++)
        dx_attr(p, DIST[j], "0");
    dx_start(p, "wp:extent");
    dx_attr_long(p, "cx", cx);
    dx_attr_long(p, "cy", cy);
    dx_end(p);
    dx_start(p, "wp:docPr");
    dx_attr_long(p, "id", (long)k);
    dx_attr(p, "name", name);
    dx_attr(p, "descr", descr ? descr : "");
    dx_end(p);
    dx_start(p, "wp:cNvGraphicFramePr");
    dx_start(p, "a:graphicFrameLocks");
    dx_attr(p, "noChangeAspect", "1");
    dx_end(p);
    dx_end(p);
    picture(p, k, rid, cx, cy);
    dx_end(p); /* inline */
    dx_end(p); /* drawing */
    dx_end(p); /* r */
}

void qsmap_docx_image(qsmap_docx *d, const void *png, size_t len, int max_h, const char *descr)
{
    static const unsigned char SIG[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    const unsigned char *b = png;
    if (d->st)
        return;
    if (len < 24 || memcmp(b, SIG, 8) || memcmp(b + 12, "IHDR", 4) || !be32(b + 16) ||
        !be32(b + 20)) {
        qsmap_docx_fail(d, QSMAP_E_RENDER, "the map is not a PNG");
        return;
    }
    double w = be32(b + 16), h = be32(b + 20);
    /* as wide as the text; a tall picture as tall as max_h allows */
    double cx = (double)QSMAP_DOCX_TEXT_W * EMU_PER_TWIP, cy = cx * h / w;
    double cap = (double)max_h * EMU_PER_TWIP;
    if (max_h > 0 && cy > cap) {
        cx *= cap / cy;
        cy = cap;
    }
    void *copy = malloc(len);
    if (!copy) {
        qsmap_docx_fail(d, QSMAP_E_NOMEM, "out of memory");
        return;
    }
    memcpy(copy, png, len);
    size_t k = ++d->images;
    char name[48];
    snprintf(name, sizeof name, "word/media/map%zu.png", k);
    qsmap_docx_add_file(d, name, copy, len, free, true);
    qsmap_docx_para pp = {.align = QSMAP_DOCX_CENTER};
    qsmap_docx_p_begin(d, QSMAP_DOCX_NORMAL, &pp);
    inline_drawing(&d->body, k, lround(cx), lround(cy), descr);
    qsmap_docx_p_end(d);
}

/* ---- tables ----------------------------------------------------------------- */

void qsmap_docx_table_begin(qsmap_docx *d, const int *widths, size_t ncols, int indent)
{
    docx_part *p = &d->body;
    if (d->in_para)
        qsmap_docx_p_end(d);
    if (ncols == 0 || ncols > QSMAP_DOCX_MAX_COLS) {
        qsmap_docx_fail(d, QSMAP_E_RENDER, "a table of too many columns");
        return;
    }
    long total = 0;
    for (size_t c = 0; c < ncols; c++)
        total += d->widths[c] = widths[c];
    d->ncols = ncols;
    d->body_rows = 0;
    dx_start(p, "w:tbl");
    dx_start(p, "w:tblPr");
    dx_val(p, "w:tblStyle", "TableGrid");
    dx_start(p, "w:tblW");
    dx_attr_long(p, "w:w", total);
    dx_attr(p, "w:type", "dxa");
    dx_end(p);
    if (indent) {
        dx_start(p, "w:tblInd");
        dx_attr_long(p, "w:w", indent);
        dx_attr(p, "w:type", "dxa");
        dx_end(p);
    }
    /* fixed: the widths given, not what Word would fit to the text */
    dx_start(p, "w:tblLayout");
    dx_attr(p, "w:type", "fixed");
    dx_end(p);
    dx_end(p); /* tblPr */
    dx_start(p, "w:tblGrid");
    for (size_t c = 0; c < ncols; c++) {
        dx_start(p, "w:gridCol");
        dx_attr_long(p, "w:w", widths[c]);
        dx_end(p);
    }
    dx_end(p);
}

static void cell_props(qsmap_docx *d, const qsmap_docx_cell *c, size_t col, int span,
                       const char *fill)
{
    docx_part *p = &d->body;
    long w = 0;
    for (int k = 0; k < span && col + (size_t)k < d->ncols; k++)
        w += d->widths[col + (size_t)k];
    dx_start(p, "w:tcPr");
    dx_start(p, "w:tcW");
    dx_attr_long(p, "w:w", w);
    dx_attr(p, "w:type", "dxa");
    dx_end(p);
    if (span > 1)
        dx_val_long(p, "w:gridSpan", span);
    if (c->vmerge == 1)
        dx_val(p, "w:vMerge", "restart");
    else if (c->vmerge == 2)
        dx_empty(p, "w:vMerge");
    if (fill) {
        dx_start(p, "w:shd");
        dx_attr(p, "w:val", "clear");
        dx_attr(p, "w:color", "auto");
        dx_attr(p, "w:fill", fill);
        dx_end(p);
    }
    dx_val(p, "w:vAlign", "center");
    dx_end(p);
}

static void cell_para(qsmap_docx *d, const char *style, const char *text, qsmap_docx_align al,
                      bool keep_next, const qsmap_docx_font *f, const char *mark)
{
    qsmap_docx_para pp = {.align = al, .keep_next = keep_next};
    qsmap_docx_p_begin(d, style, &pp);
    if (mark) { /* the readiness colour as a swatch, as the PDF shows it */
        qsmap_docx_font mf = {.color = mark};
        qsmap_docx_run(d, "■ ", &mf);
    }
    if (text && *text)
        qsmap_docx_run(d, text, f);
    qsmap_docx_p_end(d);
}

void qsmap_docx_row(qsmap_docx *d, qsmap_docx_row_kind kind, const qsmap_docx_cell *cells,
                    size_t n, bool keep_next)
{
    docx_part *p = &d->body;
    if (!d->ncols) {
        qsmap_docx_fail(d, QSMAP_E_RENDER, "a row outside a table");
        return;
    }
    const char *fill = kind == QSMAP_DOCX_ROW_HEAD    ? FILL_HEAD
                       : kind == QSMAP_DOCX_ROW_TOTAL ? FILL_TOTAL
                       : d->body_rows++ % 2 == 1      ? FILL_ALT
                                                      : NULL;
    dx_start(p, "w:tr");
    dx_start(p, "w:trPr");
    dx_empty(p, "w:cantSplit"); /* a row is never cut across two pages */
    if (kind == QSMAP_DOCX_ROW_HEAD)
        dx_empty(p, "w:tblHeader"); /* repeated at the top of every page */
    dx_end(p);
    size_t col = 0;
    for (size_t k = 0; k < n && col < d->ncols; k++) {
        const qsmap_docx_cell *c = &cells[k];
        int span = c->span > 1 ? c->span : 1;
        bool plain = kind == QSMAP_DOCX_ROW_BODY;
        qsmap_docx_font f = {.bold = !plain, .color = c->color};
        qsmap_docx_align al = kind == QSMAP_DOCX_ROW_HEAD ? QSMAP_DOCX_CENTER : c->align;
        dx_start(p, "w:tc");
        cell_props(d, c, col, span, fill);
        cell_para(d, QSMAP_DOCX_CELL, c->vmerge == 2 ? NULL : c->text, al, keep_next, &f,
                  c->mark);
        if (c->sub && *c->sub && c->vmerge != 2)
            cell_para(d, QSMAP_DOCX_CELL_SUB, c->sub, al, keep_next, NULL, NULL);
        dx_end(p); /* tc */
        col += (size_t)span;
    }
    dx_end(p); /* tr */
}

void qsmap_docx_table_end(qsmap_docx *d)
{
    if (!d->ncols)
        return;
    dx_end(&d->body);
    d->ncols = 0;
}

void qsmap_docx_color_hex(qsmap_color c, char out[7])
{
    qsmap_rgb rgb = qsmap_style_color(c);
    snprintf(out, 7, "%02X%02X%02X", (unsigned)lround(rgb.r * 255) & 0xFF,
             (unsigned)lround(rgb.g * 255) & 0xFF, (unsigned)lround(rgb.b * 255) & 0xFF);
}
