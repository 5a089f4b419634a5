/* docx_parts.c — the fixed parts of a Word package: content types and
 * relationships, the document's properties, the styles (Thai government
 * typography: TH Sarabun New 16 pt, headings bold), the settings and the
 * footer with the page number. Elements are written in the order the
 * WordprocessingML schema gives them: Word refuses a file whose properties
 * come out of order, where LibreOffice would not mind. */
#include "render/docx_impl.h"

#include <stdio.h>

#define FONT "TH Sarabun New"
#define NS_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define OFFICE_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define WML "application/vnd.openxmlformats-officedocument.wordprocessingml."
#define FIXED_DATE "2000-01-01T00:00:00Z" /* same input, same bytes */

/* ---- the package's index ---------------------------------------------------- */

static void content_types(qsmap_docx *d)
{
    static const char *const OVERRIDE[][2] = {
        {"/word/document.xml", WML "document.main+xml"},
        {"/word/styles.xml", WML "styles+xml"},
        {"/word/settings.xml", WML "settings+xml"},
        {"/word/footnotes.xml", WML "footnotes+xml"},
        {"/word/footer1.xml", WML "footer+xml"},
        {"/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"},
        {"/docProps/app.xml",
         "application/vnd.openxmlformats-officedocument.extended-properties+xml"},
    };
    static const char *const DEFAULT[][2] = {
        {"rels", "application/vnd.openxmlformats-package.relationships+xml"},
        {"xml", "application/xml"},
        {"png", "image/png"},
    };
    docx_part p;
    qsmap_docx_part_open(d, &p);
    dx_start(&p, "Types");
    dx_attr(&p, "xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
    for (size_t k = 0; k < sizeof DEFAULT / sizeof *DEFAULT; k++) {
        dx_start(&p, "Default");
        dx_attr(&p, "Extension", DEFAULT[k][0]);
        dx_attr(&p, "ContentType", DEFAULT[k][1]);
        dx_end(&p);
    }
    for (size_t k = 0; k < sizeof OVERRIDE / sizeof *OVERRIDE; k++) {
        dx_start(&p, "Override");
        dx_attr(&p, "PartName", OVERRIDE[k][0]);
        dx_attr(&p, "ContentType", OVERRIDE[k][1]);
        dx_end(&p);
    }
    dx_end(&p);
    qsmap_docx_part_close(&p, "[Content_Types].xml");
}

static void relationship(docx_part *p, const char *id, const char *type, const char *target)
{
    dx_start(p, "Relationship");
    dx_attr(p, "Id", id);
    dx_attr(p, "Type", type);
    dx_attr(p, "Target", target);
    dx_end(p);
}

static void package_rels(qsmap_docx *d)
{
    docx_part p;
    qsmap_docx_part_open(d, &p);
    dx_start(&p, "Relationships");
    dx_attr(&p, "xmlns", NS_REL);
    relationship(&p, "rId1", OFFICE_REL "officeDocument", "word/document.xml");
    relationship(&p, "rId2", NS_REL "/metadata/core-properties", "docProps/core.xml");
    relationship(&p, "rId3", OFFICE_REL "extended-properties", "docProps/app.xml");
    dx_end(&p);
    qsmap_docx_part_close(&p, "_rels/.rels");
}

static void document_rels(qsmap_docx *d)
{
    docx_part p;
    qsmap_docx_part_open(d, &p);
    dx_start(&p, "Relationships");
    dx_attr(&p, "xmlns", NS_REL);
    relationship(&p, DOCX_RID_STYLES, OFFICE_REL "styles", "styles.xml");
    relationship(&p, DOCX_RID_SETTINGS, OFFICE_REL "settings", "settings.xml");
    relationship(&p, DOCX_RID_FOOTNOTES, OFFICE_REL "footnotes", "footnotes.xml");
    relationship(&p, DOCX_RID_FOOTER, OFFICE_REL "footer", "footer1.xml");
    for (size_t k = 1; k <= d->images; k++) {
        char id[32], target[48];
        snprintf(id, sizeof id, "rId%zu", DOCX_RID_MEDIA + k);
        snprintf(target, sizeof target, "media/map%zu.png", k);
        relationship(&p, id, OFFICE_REL "image", target);
    }
    dx_end(&p);
    qsmap_docx_part_close(&p, "word/_rels/document.xml.rels");
}

/* ---- properties ----------------------------------------------------------- */

static void core_props(qsmap_docx *d)
{
    docx_part p;
    qsmap_docx_part_open(d, &p);
    dx_start(&p, "cp:coreProperties");
    dx_attr(&p, "xmlns:cp",
            "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
    dx_attr(&p, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
    dx_attr(&p, "xmlns:dcterms", "http://purl.org/dc/terms/");
    dx_attr(&p, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    dx_elem_text(&p, "dc:title", d->title);
    dx_elem_text(&p, "dc:creator", "qsmap " QSMAP_VERSION);
    dx_elem_text(&p, "dc:language", "th-TH");
    static const char *const DATES[] = {"dcterms:created", "dcterms:modified"};
    for (int k = 0; k < 2; k++) {
        dx_start(&p, DATES[k]);
        dx_attr(&p, "xsi:type", "dcterms:W3CDTF");
        dx_text(&p, FIXED_DATE);
        dx_end(&p);
    }
    dx_end(&p);
    qsmap_docx_part_close(&p, "docProps/core.xml");
}

static void app_props(qsmap_docx *d)
{
    docx_part p;
    qsmap_docx_part_open(d, &p);
    dx_start(&p, "Properties");
    dx_attr(&p, "xmlns",
            "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
    dx_elem_text(&p, "Application", "qsmap " QSMAP_VERSION);
    dx_end(&p);
    qsmap_docx_part_close(&p, "docProps/app.xml");
}

/* ---- styles ----------------------------------------------------------------- */

/* Bold and size for Latin and Thai alike: Word sets Thai, a complex
 * script, with the cs font and the *Cs properties. */
static void font_props(docx_part *p, bool bold, int half_points, const char *color)
{
    if (bold) {
        dx_empty(p, "w:b");
        dx_empty(p, "w:bCs");
    }
    if (color)
        dx_val(p, "w:color", color);
    if (half_points) {
        dx_val_long(p, "w:sz", half_points);
        dx_val_long(p, "w:szCs", half_points);
    }
}

static void spacing(docx_part *p, int before, int after)
{
    dx_start(p, "w:spacing");
    dx_attr_long(p, "w:before", before);
    dx_attr_long(p, "w:after", after);
    dx_end(p);
}

static void doc_defaults(docx_part *p)
{
    dx_start(p, "w:docDefaults");
    dx_start(p, "w:rPrDefault");
    dx_start(p, "w:rPr");
    dx_start(p, "w:rFonts");
    dx_attr(p, "w:ascii", FONT);
    dx_attr(p, "w:hAnsi", FONT);
    dx_attr(p, "w:eastAsia", FONT);
    dx_attr(p, "w:cs", FONT);
    dx_end(p);
    font_props(p, false, 32, NULL); /* 16 pt, the official size */
    /* Thai for the complex script (bidi) so that Word picks the cs font,
     * its Thai line breaking and spelling */
    dx_start(p, "w:lang");
    dx_attr(p, "w:val", "th-TH");
    dx_attr(p, "w:eastAsia", "en-US");
    dx_attr(p, "w:bidi", "th-TH");
    dx_end(p);
    dx_end(p); /* rPr */
    dx_end(p); /* rPrDefault */
    dx_start(p, "w:pPrDefault");
    dx_start(p, "w:pPr");
    spacing(p, 0, 0);
    dx_end(p);
    dx_end(p);
    dx_end(p); /* docDefaults */
}

typedef struct {
    const char *id, *name, *based_on, *next;
    int outline;          /* outline level + 1 (0: none) */
    bool keep_next, center;
    int before, after;    /* twips */
    bool bold;
    int half_points;
    const char *color;
} para_style;

static const para_style PARA_STYLES[] = {
    {"Normal", "Normal", NULL, NULL, 0, false, false, 0, 0, false, 0, NULL},
    {"Title", "Title", "Normal", "Normal", 0, true, true, 0, 120, true, 40, NULL},
    {"Subtitle", "Subtitle", "Normal", "Normal", 0, true, true, 0, 120, true, 32, NULL},
    {"Heading1", "heading 1", "Normal", "Normal", 1, true, false, 240, 120, true, 40, NULL},
    {"Heading2", "heading 2", "Normal", "Normal", 2, true, false, 200, 60, true, 36, NULL},
    {"Note", "qsmap note", "Normal", NULL, 0, false, false, 60, 0, false, 28, NULL},
    {"TableText", "qsmap table text", "Normal", NULL, 0, false, false, 0, 0, false, 28, NULL},
    {"TableSub", "qsmap table sub", "TableText", NULL, 0, false, false, 0, 0, false, 24,
     "595959"},
    {"FootnoteText", "footnote text", "Normal", NULL, 0, false, false, 0, 0, false, 28, NULL},
    {"Footer", "footer", "Normal", NULL, 0, false, true, 0, 0, false, 28, NULL},
};

static void paragraph_style(docx_part *p, const para_style *s)
{
    dx_start(p, "w:style");
    dx_attr(p, "w:type", "paragraph");
    if (!s->based_on)
        dx_attr(p, "w:default", "1");
    dx_attr(p, "w:styleId", s->id);
    dx_val(p, "w:name", s->name);
    if (s->based_on)
        dx_val(p, "w:basedOn", s->based_on);
    if (s->next)
        dx_val(p, "w:next", s->next);
    if (s->outline)
        dx_val_long(p, "w:uiPriority", 9);
    dx_empty(p, "w:qFormat");
    dx_start(p, "w:pPr");
    if (s->keep_next) {
        dx_empty(p, "w:keepNext");
        dx_empty(p, "w:keepLines");
    }
    spacing(p, s->before, s->after);
    if (s->center)
        dx_val(p, "w:jc", "center");
    if (s->outline)
        dx_val_long(p, "w:outlineLvl", s->outline - 1);
    dx_end(p);
    dx_start(p, "w:rPr");
    font_props(p, s->bold, s->half_points, s->color);
    dx_end(p);
    dx_end(p);
}

static void border(docx_part *p, const char *side)
{
    dx_start(p, side);
    dx_attr(p, "w:val", "single");
    dx_attr(p, "w:sz", "4");
    dx_attr(p, "w:space", "0");
    dx_attr(p, "w:color", "808080");
    dx_end(p);
}

/* Word's default table style, and TableGrid: thin grey rules all round. */
static void table_styles(docx_part *p)
{
    dx_start(p, "w:style");
    dx_attr(p, "w:type", "table");
    dx_attr(p, "w:default", "1");
    dx_attr(p, "w:styleId", "TableNormal");
    dx_val(p, "w:name", "Normal Table");
    dx_start(p, "w:tblPr");
    dx_start(p, "w:tblCellMar");
    static const char *const SIDE[] = {"w:top", "w:left", "w:bottom", "w:right"};
    for (int k = 0; k < 4; k++) {
        dx_start(p, SIDE[k]);
        dx_attr(p, "w:w", k % 2 ? "85" : "0");
        dx_attr(p, "w:type", "dxa");
        dx_end(p);
    }
    dx_end(p);
    dx_end(p);
    dx_end(p);

    dx_start(p, "w:style");
    dx_attr(p, "w:type", "table");
    dx_attr(p, "w:styleId", "TableGrid");
    dx_val(p, "w:name", "Table Grid");
    dx_val(p, "w:basedOn", "TableNormal");
    dx_start(p, "w:tblPr");
    dx_start(p, "w:tblBorders");
    static const char *const EDGE[] = {"w:top",    "w:left",    "w:bottom",
                                       "w:right",  "w:insideH", "w:insideV"};
    for (int k = 0; k < 6; k++)
        border(p, EDGE[k]);
    dx_end(p);
    dx_end(p);
    dx_end(p);
}

static void styles(qsmap_docx *d)
{
    docx_part p;
    qsmap_docx_part_open(d, &p);
    dx_start(&p, "w:styles");
    dx_attr(&p, "xmlns:w", DOCX_NS_W);
    doc_defaults(&p);
    for (size_t k = 0; k < sizeof PARA_STYLES / sizeof *PARA_STYLES; k++)
        paragraph_style(&p, &PARA_STYLES[k]);
    dx_start(&p, "w:style");
    dx_attr(&p, "w:type", "character");
    dx_attr(&p, "w:default", "1");
    dx_attr(&p, "w:styleId", "DefaultParagraphFont");
    dx_val(&p, "w:name", "Default Paragraph Font");
    dx_end(&p);
    dx_start(&p, "w:style");
    dx_attr(&p, "w:type", "character");
    dx_attr(&p, "w:styleId", "FootnoteReference");
    dx_val(&p, "w:name", "footnote reference");
    dx_start(&p, "w:rPr");
    dx_val(&p, "w:vertAlign", "superscript");
    dx_end(&p);
    dx_end(&p);
    table_styles(&p);
    dx_end(&p);
    qsmap_docx_part_close(&p, "word/styles.xml");
}

/* ---- settings, footer ------------------------------------------------------- */

static void settings(qsmap_docx *d)
{
    docx_part p;
    qsmap_docx_part_open(d, &p);
    dx_start(&p, "w:settings");
    dx_attr(&p, "xmlns:w", DOCX_NS_W);
    dx_val(&p, "w:defaultTabStop", "720");
    dx_val(&p, "w:characterSpacingControl", "doNotCompress");
    dx_start(&p, "w:footnotePr"); /* the separators of word/footnotes.xml */
    for (int id = -1; id <= 0; id++) {
        dx_start(&p, "w:footnote");
        dx_attr_long(&p, "w:id", id);
        dx_end(&p);
    }
    dx_end(&p);
    dx_start(&p, "w:compat");
    dx_start(&p, "w:compatSetting");
    dx_attr(&p, "w:name", "compatibilityMode");
    dx_attr(&p, "w:uri", "http://schemas.microsoft.com/office/word");
    dx_attr(&p, "w:val", "15"); /* Word 2013 and later: no compatibility mode */
    dx_end(&p);
    dx_end(&p);
    dx_start(&p, "w:themeFontLang");
    dx_attr(&p, "w:val", "en-US");
    dx_attr(&p, "w:bidi", "th-TH");
    dx_end(&p);
    dx_val(&p, "w:decimalSymbol", ".");
    dx_val(&p, "w:listSeparator", ",");
    dx_end(&p);
    qsmap_docx_part_close(&p, "word/settings.xml");
}

/* The page number, centred at the foot of every page: a field, so Word
 * and LibreOffice count the pages themselves. */
static void footer(qsmap_docx *d)
{
    docx_part p;
    qsmap_docx_part_open(d, &p);
    dx_start(&p, "w:ftr");
    dx_attr(&p, "xmlns:w", DOCX_NS_W);
    dx_attr(&p, "xmlns:r", DOCX_NS_R);
    dx_start(&p, "w:p");
    dx_start(&p, "w:pPr");
    dx_val(&p, "w:pStyle", "Footer");
    dx_end(&p);
    dx_start(&p, "w:fldSimple");
    dx_attr(&p, "w:instr", " PAGE ");
    dx_start(&p, "w:r");
    dx_elem_text(&p, "w:t", d->thai ? "๑" : "1");
    dx_end(&p);
    dx_end(&p);
    dx_end(&p); /* p */
    dx_end(&p);
    qsmap_docx_part_close(&p, "word/footer1.xml");
}

void qsmap_docx_parts(qsmap_docx *d)
{
    content_types(d);
    package_rels(d);
    core_props(d);
    app_props(d);
    qsmap_docx_part_close(&d->body, "word/document.xml");
    styles(d);
    settings(d);
    qsmap_docx_part_close(&d->notes, "word/footnotes.xml");
    footer(d);
    document_rels(d);
}
