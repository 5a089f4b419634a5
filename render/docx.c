/* docx.c — the Word package (render/docx.h): the XML parts written with
 * libxml2's xmlTextWriter into memory, zipped with libzip into memory, and
 * the finished zip copied to the FILE* the caller gives (the run's
 * temporary file, or stdout), so a failure leaves nothing half-written
 * behind the caller's back.
 *
 * Same input, same bytes: the document's dates and the zip's timestamps
 * are fixed (2000-01-01), and the parts go into the zip in a fixed order.
 * The page, the styles and the settings: render/docx_parts.c. */
#include "render/docx_impl.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

qsmap_status qsmap_docx_fail(qsmap_docx *d, qsmap_status st, const char *what)
{
    if (d->st == QSMAP_OK && st != QSMAP_OK)
        d->st = qsmap_error_set(&d->err, st, NULL, 0, "Word document: %s", what);
    return d->st;
}

qsmap_status qsmap_docx_status(const qsmap_docx *d, qsmap_error *err)
{
    if (d->st && err)
        *err = d->err;
    return d->st;
}

/* ---- parts --------------------------------------------------------------- */

void qsmap_docx_part_open(qsmap_docx *d, docx_part *p)
{
    *p = (docx_part){.d = d};
    if (d->st)
        return;
    p->buf = xmlBufferCreate();
    p->w = p->buf ? xmlNewTextWriterMemory(p->buf, 0) : NULL;
    if (!p->w) {
        qsmap_docx_fail(d, QSMAP_E_NOMEM, "out of memory");
        return;
    }
    dx_check(p, xmlTextWriterStartDocument(p->w, NULL, "UTF-8", "yes"));
}

void qsmap_docx_part_discard(docx_part *p)
{
    if (p->w)
        xmlFreeTextWriter(p->w);
    if (p->buf)
        xmlBufferFree(p->buf);
    p->w = NULL;
    p->buf = NULL;
}

static void free_xml(void *p) { xmlFree(p); }

void qsmap_docx_part_close(docx_part *p, const char *name)
{
    if (dx_ok(p))
        dx_check(p, xmlTextWriterEndDocument(p->w));
    if (p->w) /* the writer flushes into the buffer as it goes away */
        xmlFreeTextWriter(p->w);
    p->w = NULL;
    if (p->d->st == QSMAP_OK) {
        size_t len = (size_t)xmlBufferLength(p->buf);
        xmlChar *data = xmlBufferDetach(p->buf);
        if (!data)
            qsmap_docx_fail(p->d, QSMAP_E_NOMEM, "out of memory");
        else
            qsmap_docx_add_file(p->d, name, data, len, free_xml, false);
    }
    qsmap_docx_part_discard(p);
}

void qsmap_docx_add_file(qsmap_docx *d, const char *name, void *data, size_t len,
                         void (*release)(void *), bool store)
{
    if (d->st == QSMAP_OK && d->nfiles == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        docx_file *v = realloc(d->files, cap * sizeof *v);
        if (!v)
            qsmap_docx_fail(d, QSMAP_E_NOMEM, "out of memory");
        else
            d->files = v, d->cap = cap;
    }
    if (d->st) {
        release(data);
        return;
    }
    docx_file *f = &d->files[d->nfiles++];
    snprintf(f->name, sizeof f->name, "%s", name);
    f->data = data;
    f->len = len;
    f->release = release;
    f->store = store;
}

/* A UTF-8 character XML 1.0 cannot hold: C0 controls but tab, LF and CR;
 * U+FFFE and U+FFFF. Returns its length in bytes, 0 for one that may stay. */
static size_t not_xml(const unsigned char *s)
{
    if (*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
        return 1;
    if (s[0] == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF))
        return 3;
    return 0;
}

void qsmap_docx_xml_text(docx_part *p, const char *s)
{
    if (!dx_ok(p))
        return;
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s), o = 0;
    char small[512], *clean = n < sizeof small ? small : malloc(n + 1);
    if (!clean) {
        qsmap_docx_fail(p->d, QSMAP_E_NOMEM, "out of memory");
        return;
    }
    for (size_t i = 0; i < n;) {
        size_t bad = not_xml(u + i);
        if (bad) {
            i += bad;
            continue;
        }
        clean[o++] = s[i++];
    }
    clean[o] = '\0';
    dx_check(p, xmlTextWriterWriteString(p->w, (const xmlChar *)clean));
    if (clean != small)
        free(clean);
}

/* ---- the document and its footnotes --------------------------------------- */

static void open_body(qsmap_docx *d)
{
    docx_part *p = &d->body;
    qsmap_docx_part_open(d, p);
    dx_start(p, "w:document");
    dx_attr(p, "xmlns:w", DOCX_NS_W);
    dx_attr(p, "xmlns:r", DOCX_NS_R);
    dx_attr(p, "xmlns:wp",
            "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing");
    dx_attr(p, "xmlns:a", "http://schemas.openxmlformats.org/drawingml/2006/main");
    dx_attr(p, "xmlns:pic", "http://schemas.openxmlformats.org/drawingml/2006/picture");
    dx_start(p, "w:body");
}

/* The two separators Word draws above the footnotes of a page (ids -1 and
 * 0, as settings.xml names them); real footnotes follow from id 1. */
static void open_notes(qsmap_docx *d)
{
    docx_part *p = &d->notes;
    qsmap_docx_part_open(d, p);
    dx_start(p, "w:footnotes");
    dx_attr(p, "xmlns:w", DOCX_NS_W);
    dx_attr(p, "xmlns:r", DOCX_NS_R);
    static const char *const KIND[2][2] = {{"separator", "w:separator"},
                                           {"continuationSeparator", "w:continuationSeparator"}};
    for (int k = 0; k < 2; k++) {
        dx_start(p, "w:footnote");
        dx_attr(p, "w:type", KIND[k][0]);
        dx_attr_long(p, "w:id", k - 1);
        dx_start(p, "w:p");
        dx_start(p, "w:pPr");
        dx_start(p, "w:spacing");
        dx_attr(p, "w:after", "0");
        dx_attr(p, "w:line", "240");
        dx_attr(p, "w:lineRule", "auto");
        dx_end(p);
        dx_end(p); /* pPr */
        dx_start(p, "w:r");
        dx_empty(p, KIND[k][1]);
        dx_end(p);
        dx_end(p); /* p */
        dx_end(p); /* footnote */
    }
}

qsmap_status qsmap_docx_new(const char *title, bool thai_digits, qsmap_docx **out,
                            qsmap_error *err)
{
    *out = NULL;
    qsmap_docx *d = calloc(1, sizeof *d);
    if (!d)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    d->thai = thai_digits;
    d->title = strdup(title ? title : "");
    if (!d->title)
        qsmap_docx_fail(d, QSMAP_E_NOMEM, "out of memory");
    /* libxml2 sets up its tables once per process; calling it first, here,
     * keeps that off the lazy paths of the writer */
    xmlInitParser();
    open_body(d);
    open_notes(d);
    if (d->st) {
        qsmap_status st = qsmap_docx_status(d, err);
        qsmap_docx_free(d);
        return st;
    }
    *out = d;
    return QSMAP_OK;
}

void qsmap_docx_free(qsmap_docx *d)
{
    if (!d)
        return;
    qsmap_docx_part_discard(&d->body);
    qsmap_docx_part_discard(&d->notes);
    for (size_t k = 0; k < d->nfiles; k++)
        d->files[k].release(d->files[k].data);
    free(d->files);
    free(d->title);
    free(d);
}

/* ---- the package ---------------------------------------------------------- */

/* The DOS date of 2000-01-01 (years from 1980, month, day), time 00:00:
 * set as DOS fields rather than a time_t, which libzip would turn into
 * local time, so the bytes do not depend on the time zone either. */
#define ZIP_DATE_2000 ((20 << 9) | (1 << 5) | 1)

static qsmap_status zip_failed(zip_error_t *ze, const char *what, qsmap_error *err)
{
    qsmap_status st = zip_error_code_zip(ze) == ZIP_ER_MEMORY ? QSMAP_E_NOMEM : QSMAP_E_RENDER;
    return qsmap_error_set(err, st, NULL, 0, "Word document: %s: %s", what,
                           zip_error_strerror(ze));
}

/* Every file into the zip archive za: the parts in the order they were
 * added, the pictures after them. */
static qsmap_status zip_files(zip_t *za, const qsmap_docx *d, qsmap_error *err)
{
    for (int media = 0; media < 2; media++)
        for (size_t k = 0; k < d->nfiles; k++) {
            const docx_file *f = &d->files[k];
            if (f->store != (media == 1))
                continue;
            zip_source_t *s = zip_source_buffer(za, f->data, f->len, 0);
            zip_int64_t i = s ? zip_file_add(za, f->name, s, 0) : -1;
            if (i < 0) {
                zip_source_free(s); /* NULL-safe; not taken by a failed add */
                return zip_failed(zip_get_error(za), f->name, err);
            }
            if (zip_set_file_compression(za, (zip_uint64_t)i,
                                         f->store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) < 0 ||
                zip_file_set_dostime(za, (zip_uint64_t)i, 0, ZIP_DATE_2000, 0) < 0)
                return zip_failed(zip_get_error(za), f->name, err);
        }
    return QSMAP_OK;
}

/* The finished zip, read back from its memory source onto fp. */
static qsmap_status copy_out(zip_source_t *src, FILE *fp, qsmap_error *err)
{
    if (zip_source_open(src) < 0)
        return zip_failed(zip_source_error(src), "reading the zip back", err);
    char buf[1 << 15];
    zip_int64_t got;
    qsmap_status st = QSMAP_OK;
    while ((got = zip_source_read(src, buf, sizeof buf)) > 0)
        if (fwrite(buf, 1, (size_t)got, fp) != (size_t)got) {
            st = qsmap_error_set(err, QSMAP_E_IO, NULL, 0, "cannot write the Word document");
            break;
        }
    if (!st && got < 0)
        st = zip_failed(zip_source_error(src), "reading the zip back", err);
    zip_source_close(src);
    return st;
}

static qsmap_status zip_package(const qsmap_docx *d, FILE *fp, qsmap_error *err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src) {
        qsmap_status st = zip_failed(&ze, "a zip in memory", err);
        zip_error_fini(&ze);
        return st;
    }
    zip_source_keep(src); /* ours after zip_close, to read the zip back */
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    qsmap_status st = QSMAP_OK;
    if (!za) {
        st = zip_failed(&ze, "a zip in memory", err);
    } else if ((st = zip_files(za, d, err))) {
        zip_discard(za);
    } else if (zip_close(za) < 0) {
        st = zip_failed(zip_get_error(za), "closing the zip", err);
        zip_discard(za);
    } else {
        st = copy_out(src, fp, err);
    }
    zip_source_free(src);
    zip_error_fini(&ze);
    return st;
}

/* The body's last child: the page of the one section. */
static void section(qsmap_docx *d)
{
    docx_part *p = &d->body;
    dx_start(p, "w:sectPr");
    dx_start(p, "w:footerReference");
    dx_attr(p, "w:type", "default");
    dx_attr(p, "r:id", DOCX_RID_FOOTER);
    dx_end(p);
    dx_start(p, "w:pgSz"); /* A4 portrait */
    dx_attr(p, "w:w", "11906");
    dx_attr(p, "w:h", "16838");
    dx_end(p);
    /* ระเบียบงานสารบรรณ: top 2.5 cm, left 3 cm, right and bottom 2 cm; the
     * footer's page number 1 cm above the paper's edge */
    dx_start(p, "w:pgMar");
    dx_attr(p, "w:top", "1417");
    dx_attr(p, "w:right", "1134");
    dx_attr(p, "w:bottom", "1134");
    dx_attr(p, "w:left", "1701");
    dx_attr(p, "w:header", "709");
    dx_attr(p, "w:footer", "567");
    dx_attr(p, "w:gutter", "0");
    dx_end(p);
    if (d->thai) { /* the footer's page number in ๐–๙ */
        dx_start(p, "w:pgNumType");
        dx_attr(p, "w:fmt", "thaiNumbers");
        dx_end(p);
    }
    dx_start(p, "w:cols");
    dx_attr(p, "w:space", "708");
    dx_end(p);
    dx_end(p); /* sectPr */
}

qsmap_status qsmap_docx_finish(qsmap_docx *d, FILE *fp, qsmap_error *err)
{
    if (d->in_para)
        qsmap_docx_p_end(d);
    if (d->ncols)
        qsmap_docx_table_end(d);
    section(d);
    dx_end(&d->body); /* body */
    dx_end(&d->body); /* document */
    dx_end(&d->notes);
    qsmap_docx_parts(d); /* [Content_Types].xml first … */
    if (d->st)
        return qsmap_docx_status(d, err);
    return zip_package(d, fp, err);
}
