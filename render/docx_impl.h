/* docx_impl.h — the insides of the document builder (render/docx.h),
 * shared by render/docx.c (the package and its fixed parts) and
 * render/docx_body.c (what goes into word/document.xml and
 * word/footnotes.xml). Private to those two. */
#ifndef QSMAP_RENDER_DOCX_IMPL_H
#define QSMAP_RENDER_DOCX_IMPL_H

#include "render/docx.h"

#include <libxml/xmlwriter.h>

/* One XML part being written. */
typedef struct {
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    qsmap_docx *d; /* whose sticky status a failure sets */
} docx_part;

/* A finished file of the package, in the order it goes into the zip. */
typedef struct {
    char name[48];
    void *data;
    size_t len;
    void (*release)(void *);
    bool store; /* a PNG is deflated already: stored as it is */
} docx_file;

typedef struct {
    int width, height; /* pixels */
} docx_image;

struct qsmap_docx {
    qsmap_status st; /* the first failure, sticky */
    qsmap_error err;
    char *title;
    bool thai;        /* page numbers in Thai digits */
    docx_part body;   /* word/document.xml, open from new to finish */
    docx_part notes;  /* word/footnotes.xml, likewise */
    docx_file *files; /* word/media/mapN.png as they come, then the parts */
    size_t nfiles, cap;
    size_t images;    /* pictures so far: mapN.png, rId, docPr id */
    int footnotes;    /* real footnotes so far (ids 1…) */
    bool in_para;     /* a w:p is open in body */
    bool fill_tabs;   /* the open paragraph's tabs lead with dots */
    size_t ncols;     /* the open table's columns (0: none open) */
    int widths[QSMAP_DOCX_MAX_COLS];
    size_t body_rows; /* of the open table, for the alternate fill */
};

/* Relationship ids of word/_rels/document.xml.rels: the fixed parts, then
 * rId<DOCX_RID_MEDIA + k> for picture k (from 1). */
#define DOCX_RID_STYLES "rId1"
#define DOCX_RID_SETTINGS "rId2"
#define DOCX_RID_FOOTNOTES "rId3"
#define DOCX_RID_FOOTER "rId4"
#define DOCX_RID_MEDIA 4

#define DOCX_NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DOCX_NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* Record the first failure; returns the status now in force. */
qsmap_status qsmap_docx_fail(qsmap_docx *d, qsmap_status st, const char *what);
/* A part with its XML declaration written. */
void qsmap_docx_part_open(qsmap_docx *d, docx_part *p);
/* End the part and add it to the package as `name`. */
void qsmap_docx_part_close(docx_part *p, const char *name);
void qsmap_docx_part_discard(docx_part *p);
/* Add a file (data is the package's from now on, freed with release). */
void qsmap_docx_add_file(qsmap_docx *d, const char *name, void *data, size_t len,
                         void (*release)(void *), bool store);

/* docx_parts.c: every part into the package in its order, the body and
 * the footnotes (ended by the caller) among them. */
void qsmap_docx_parts(qsmap_docx *d);

/* ---- writing XML: each call checks libxml2's answer --------------------- */
static inline bool dx_ok(docx_part *p) { return p->d->st == QSMAP_OK && p->w; }

static inline void dx_check(docx_part *p, int rc)
{
    if (rc < 0)
        qsmap_docx_fail(p->d, QSMAP_E_RENDER, "libxml2 could not write a part");
}

static inline void dx_start(docx_part *p, const char *name)
{
    if (dx_ok(p))
        dx_check(p, xmlTextWriterStartElement(p->w, (const xmlChar *)name));
}

static inline void dx_end(docx_part *p)
{
    if (dx_ok(p))
        dx_check(p, xmlTextWriterEndElement(p->w));
}

static inline void dx_attr(docx_part *p, const char *name, const char *value)
{
    if (dx_ok(p))
        dx_check(p, xmlTextWriterWriteAttribute(p->w, (const xmlChar *)name,
                                                (const xmlChar *)value));
}

static inline void dx_attr_long(docx_part *p, const char *name, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    dx_attr(p, name, buf);
}

/* <name w:val="v"/>, the shape of most WordprocessingML properties. */
static inline void dx_val(docx_part *p, const char *name, const char *v)
{
    dx_start(p, name);
    dx_attr(p, "w:val", v);
    dx_end(p);
}

static inline void dx_val_long(docx_part *p, const char *name, long v)
{
    dx_start(p, name);
    dx_attr_long(p, "w:val", v);
    dx_end(p);
}

/* An element with no attributes and no content: <w:b/>. */
static inline void dx_empty(docx_part *p, const char *name)
{
    dx_start(p, name);
    dx_end(p);
}

/* Element text, escaped; characters XML 1.0 cannot hold dropped. */
void qsmap_docx_xml_text(docx_part *p, const char *s);
static inline void dx_text(docx_part *p, const char *s) { qsmap_docx_xml_text(p, s); }

/* <name>s</name> */
static inline void dx_elem_text(docx_part *p, const char *name, const char *s)
{
    dx_start(p, name);
    dx_text(p, s);
    dx_end(p);
}

#endif
