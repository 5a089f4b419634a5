/* gdal_table.c — a sheet or a layer as the CSV text the core's table
 * readers parse (module.h). A sheet's header is the first of its first
 * rows the caller takes (a title row above it is common in offices'
 * workbooks), and its records keep their row numbers; a layer's columns are
 * its fields, the fields typed into KML descriptions, and latitude and
 * longitude from point geometry in WGS84. */
#include "load/gdal/gdal_util.h"

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <stdatomic.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* How far down a sheet its header row may be. */
#define HEADER_ROWS 10

typedef struct {
    char **names;
    bool *own; /* the format's own fields (KML's Name, description) */
    size_t n, cap;
    int nfields;       /* the layer's own fields, first in names */
    int desc_field;    /* a KML description field, or -1 */
    bool points;       /* latitude, longitude from the geometry, last */
    OGRCoordinateTransformationH ct;
} columns;

static bool add_name(columns *c, const char *s, bool own)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 32;
        char **nn = realloc(c->names, cap * sizeof *nn);
        if (nn)
            c->names = nn;
        bool *no = realloc(c->own, cap * sizeof *no);
        if (no)
            c->own = no;
        if (!nn || !no)
            return false;
        c->cap = cap;
    }
    c->own[c->n] = own;
    return (c->names[c->n] = strdup(s)) != NULL && ++c->n;
}

static void columns_free(columns *c)
{
    for (size_t k = 0; k < c->n; k++)
        free(c->names[k]);
    free(c->names);
    free(c->own);
    if (c->ct)
        OCTDestroyCoordinateTransformation(c->ct);
}

static const char *cell(OGRFeatureH f, int k)
{
    return OGR_F_IsFieldSetAndNotNull(f, k) ? OGR_F_GetFieldAsString(f, k) : "";
}

static bool empty_row(OGRFeatureH f, int nf)
{
    for (int k = 0; k < nf; k++)
        if (cell(f, k)[strspn(cell(f, k), " \t")])
            return false;
    return true;
}

typedef struct {
    qsmap_gdal_buf text;
    uint32_t *units;
    size_t nunits, cap;
} out_text;

/* The next line of the text is the record with this row/feature number. */
static bool end_line(out_text *o, uint32_t unit)
{
    qsmap_gdal_buf_add(&o->text, "\n", 1);
    if (o->nunits == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 1024;
        uint32_t *nu = realloc(o->units, cap * sizeof *nu);
        if (!nu)
            return false;
        o->units = nu, o->cap = cap;
    }
    o->units[o->nunits++] = unit;
    return !o->text.failed;
}

static bool header_line(out_text *o, const columns *c, uint32_t unit)
{
    o->units = calloc(1024, sizeof *o->units); /* units[0]: no line 0 */
    if (!o->units)
        return false;
    o->nunits = 1, o->cap = 1024;
    for (size_t k = 0; k < c->n; k++)
        qsmap_gdal_buf_field(&o->text, c->names[k], k == 0);
    return end_line(o, unit);
}

/* ---- sheets ------------------------------------------------------------ */

/* The non-empty cells of a row, up to its last, as c's names. */
static bool row_names(OGRFeatureH f, int nf, columns *c)
{
    int used = nf;
    while (used > 0 && !cell(f, used - 1)[0])
        used--;
    for (size_t k = 0; k < c->n; k++)
        free(c->names[k]);
    c->n = 0;
    for (int k = 0; k < used; k++)
        if (!add_name(c, cell(f, k), false))
            return false;
    return true;
}

/* Find the header among the sheet's first rows: the caller's columns.
 * When none is, c keeps the first row's cells, for the message. */
static int sheet_header(OGRLayerH l, const qsmap_gdal_table_opts *o, columns *c,
                        GIntBig *header_fid, char *why, size_t why_size)
{
    int nf = OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(l));
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    int seen = 0, took = QSMAP_GDAL_SKIP;
    GIntBig first = -1;
    snprintf(why, why_size, "the sheet is empty");
    char first_why[300] = "";
    while (took == QSMAP_GDAL_SKIP && seen < HEADER_ROWS && (f = OGR_L_GetNextFeature(l))) {
        if (!empty_row(f, nf)) {
            if (!row_names(f, nf, c)) {
                OGR_F_Destroy(f);
                return -2;
            }
            took = o->accept(o->ctx, c->names, c->own, c->n, false, why, why_size);
            *header_fid = OGR_F_GetFID(f);
            if (seen++ == 0)
                first = *header_fid, snprintf(first_why, sizeof first_why, "%s", why);
        }
        OGR_F_Destroy(f);
    }
    if (took == QSMAP_GDAL_SKIP && first >= 0) {
        f = OGR_L_GetFeature(l, first);
        bool ok = f && row_names(f, nf, c);
        if (f)
            OGR_F_Destroy(f);
        if (!ok)
            return -2;
        snprintf(why, why_size, "%s", first_why);
    }
    c->nfields = (int)c->n;
    return took;
}

static bool sheet_rows(OGRLayerH l, const columns *c, GIntBig header_fid, out_text *o)
{
    int nf = OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(l));
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    bool ok = true;
    while (ok && (f = OGR_L_GetNextFeature(l))) {
        GIntBig fid = OGR_F_GetFID(f);
        /* rows above the header (a title) and wholly empty rows hold no school */
        if (fid > header_fid && !empty_row(f, nf)) {
            for (int k = 0; k < c->nfields; k++)
                qsmap_gdal_buf_field(&o->text, k < nf ? cell(f, k) : "", k == 0);
            ok = end_line(o, (uint32_t)fid);
        }
        OGR_F_Destroy(f);
    }
    return ok;
}

/* ---- layers ------------------------------------------------------------ */

static bool is_point(OGRwkbGeometryType t)
{
    t = wkbFlatten(t);
    return t == wkbPoint || t == wkbMultiPoint;
}

typedef struct {
    columns *c;
    bool failed;
} desc_keys;

static void add_desc_key(void *ctx, const char *key, const char *value)
{
    (void)value;
    desc_keys *d = ctx;
    for (size_t k = 0; k < d->c->n; k++)
        if (strcasecmp(d->c->names[k], key) == 0)
            return; /* a field of that name already: the field wins */
    if (!add_name(d->c, key, false))
        d->failed = true;
}

/* The layer's fields, the keys of its KML descriptions (one pass), and
 * whether its geometry is points (the layer's type, or for KML's mixed
 * folders, the first feature's). */
static bool layer_columns(OGRLayerH l, bool kml, columns *c, bool *has_points)
{
    /* the fields every KML placemark has, beside the planner's own */
    static const char *const KML_OWN[] = {"Name", "description", "timestamp", "begin", "end",
                                          "altitudeMode", "tessellate", "extrude", "visibility",
                                          "drawOrder", "icon", "snippet"};
    OGRFeatureDefnH def = OGR_L_GetLayerDefn(l);
    c->nfields = OGR_FD_GetFieldCount(def);
    c->desc_field = -1;
    for (int k = 0; k < c->nfields; k++) {
        const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(def, k));
        bool own = false;
        for (size_t j = 0; kml && j < sizeof KML_OWN / sizeof *KML_OWN; j++)
            own |= strcasecmp(name, KML_OWN[j]) == 0;
        if (!add_name(c, name, own))
            return false;
        if (kml && strcasecmp(name, "description") == 0)
            c->desc_field = k;
    }
    *has_points = is_point(OGR_L_GetGeomType(l));
    bool unknown = wkbFlatten(OGR_L_GetGeomType(l)) == wkbUnknown;
    if (c->desc_field < 0 && !unknown)
        return true;
    desc_keys d = {c, false};
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    bool first = true;
    while (!d.failed && (f = OGR_L_GetNextFeature(l))) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (unknown && first && g)
            *has_points = is_point(OGR_G_GetGeometryType(g));
        first = false;
        if (c->desc_field >= 0)
            qsmap_kml_description_fields(cell(f, c->desc_field), add_desc_key, &d);
        OGR_F_Destroy(f);
        if (c->desc_field < 0)
            break;
    }
    return !d.failed;
}

typedef struct {
    const columns *c;
    const char **values; /* per description key */
} desc_values;

static void take_desc_value(void *ctx, const char *key, const char *value)
{
    desc_values *d = ctx;
    for (size_t k = (size_t)d->c->nfields; k < d->c->n - (d->c->points ? 2 : 0); k++)
        if (strcasecmp(d->c->names[k], key) == 0 && !d->values[k - (size_t)d->c->nfields]) {
            d->values[k - (size_t)d->c->nfields] = strdup(value);
            return;
        }
}

static void point_fields(OGRFeatureH f, const columns *c, out_text *o)
{
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (g && wkbFlatten(OGR_G_GetGeometryType(g)) == wkbMultiPoint &&
        OGR_G_GetGeometryCount(g) > 0)
        g = OGR_G_GetGeometryRef(g, 0);
    char lat[40] = "", lon[40] = "";
    if (g && !OGR_G_IsEmpty(g) && wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPoint) {
        double x = OGR_G_GetX(g, 0), y = OGR_G_GetY(g, 0);
        /* a point PROJ cannot move stays empty: the table reader names it */
        if (!c->ct || OCTTransform(c->ct, 1, &x, &y, NULL)) {
            snprintf(lat, sizeof lat, "%.17g", y);
            snprintf(lon, sizeof lon, "%.17g", x);
        }
    }
    qsmap_gdal_buf_field(&o->text, lat, false);
    qsmap_gdal_buf_field(&o->text, lon, false);
}

static bool layer_rows(OGRLayerH l, const columns *c, out_text *o)
{
    size_t ndesc = c->n - (size_t)c->nfields - (c->points ? 2 : 0);
    const char **values = calloc(ndesc + 1, sizeof *values);
    if (!values)
        return false;
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    bool ok = true;
    uint32_t number = 0;
    while (ok && (f = OGR_L_GetNextFeature(l))) {
        for (int k = 0; k < c->nfields; k++)
            qsmap_gdal_buf_field(&o->text, cell(f, k), k == 0);
        if (ndesc) {
            desc_values d = {c, values};
            qsmap_kml_description_fields(cell(f, c->desc_field), take_desc_value, &d);
            for (size_t k = 0; k < ndesc; k++) {
                qsmap_gdal_buf_field(&o->text, values[k] ? values[k] : "",
                                     c->nfields == 0 && k == 0);
                free((void *)values[k]);
                values[k] = NULL;
            }
        }
        if (c->points)
            point_fields(f, c, o);
        ok = end_line(o, ++number);
        OGR_F_Destroy(f);
    }
    free(values);
    return ok;
}

/* ---- the table --------------------------------------------------------- */

typedef struct {
    char tried[1200]; /* what each layer had, for the error */
    size_t used;
} tried_list;

static void note_tried(tried_list *t, const char *part, const columns *c, const char *why)
{
    if (t->used + 60 > sizeof t->tried)
        return;
    t->used += (size_t)snprintf(t->tried + t->used, sizeof t->tried - t->used, "%s%s (",
                                t->used ? "; " : "", part);
    for (size_t k = 0; k < c->n && t->used + 40 < sizeof t->tried; k++)
        t->used += (size_t)snprintf(t->tried + t->used, sizeof t->tried - t->used, "%s%s",
                                    k ? ", " : "", c->names[k]);
    t->used += (size_t)snprintf(t->tried + t->used, sizeof t->tried - t->used, ")%s%s",
                                why[0] ? ": " : "", why);
}

/* Try one layer: 1 taken (o filled), 0 not the table, -1 out of memory. */
static int try_layer(OGRLayerH l, bool sheet, bool kml, const char *path,
                     const qsmap_gdal_table_opts *o, out_text *ot, tried_list *tried,
                     qsmap_status *st, qsmap_error *err)
{
    columns c = {0};
    char why[300] = "", part[160];
    qsmap_gdal_part(l, sheet, part, sizeof part);
    int took;
    GIntBig header_fid = 0;
    bool has_points = false;
    if (sheet)
        took = sheet_header(l, o, &c, &header_fid, why, sizeof why);
    else if (!layer_columns(l, kml, &c, &has_points))
        took = -2;
    else
        took = o->accept(o->ctx, c.names, c.own, c.n, has_points, why, sizeof why);
    int r = 0;
    if (took == -2)
        r = -1;
    else if (took == QSMAP_GDAL_SKIP)
        note_tried(tried, part, &c, why);
    else {
        c.points = took == QSMAP_GDAL_TAKE_POINTS;
        if (c.points && (!add_name(&c, "latitude", true) || !add_name(&c, "longitude", true)))
            r = -1;
        else if (c.points && (*st = qsmap_gdal_to_wgs84(l, path, part, &c.ct, err)))
            r = 1;
        else if (!header_line(ot, &c, sheet ? (uint32_t)header_fid : 0) ||
                 !(sheet ? sheet_rows(l, &c, header_fid, ot) : layer_rows(l, &c, ot)))
            r = -1;
        else
            r = 1;
    }
    columns_free(&c);
    return r;
}

static qsmap_status table(const char *path, const qsmap_gdal_table_opts *o,
                          qsmap_gdal_table *out, qsmap_error *err)
{
    *out = (qsmap_gdal_table){0};
    GDALDatasetH ds;
    bool sheet;
    qsmap_status st = qsmap_gdal_open(path, &ds, &sheet, err);
    if (st)
        return st;
    OGRLayerH only = NULL;
    if (o->layer && (st = qsmap_gdal_layer_named(ds, path, o->layer, sheet, &only, err))) {
        GDALClose(ds);
        return st;
    }
    int n = only ? 1 : GDALDatasetGetLayerCount(ds);
    const char *driver = GDALGetDriverShortName(GDALGetDatasetDriver(ds));
    bool kml = strcmp(driver, "KML") == 0 || strcmp(driver, "LIBKML") == 0;
    tried_list tried = {{0}, 0};
    out_text ot = {{0}, NULL, 0, 0};
    int r = 0;
    OGRLayerH l = NULL;
    for (int i = 0; i < n && r == 0 && !st; i++) {
        l = only ? only : GDALDatasetGetLayer(ds, i);
        r = try_layer(l, sheet, kml, path, o, &ot, &tried, &st, err);
    }
    if (!st && r < 0)
        st = qsmap_error_set(err, QSMAP_E_NOMEM, path, 0, "out of memory");
    else if (!st && r == 0)
        st = qsmap_error_set(err, QSMAP_E_COLUMN, path, 0, "no %s with the columns needed: %s",
                             sheet ? "sheet" : "layer", n ? tried.tried : "it has none");
    if (!st) {
        out->text = ot.text.s, out->len = ot.text.len;
        out->units = ot.units, out->nunits = ot.nunits;
        qsmap_gdal_part(l, sheet, out->origin.part, sizeof out->origin.part);
        snprintf(out->origin.word, sizeof out->origin.word, "%s", sheet ? "row" : "feature");
    } else {
        free(ot.text.s);
        free(ot.units);
    }
    GDALClose(ds);
    return st;
}

static void table_free(qsmap_gdal_table *t)
{
    free(t->text);
    free(t->units);
    *t = (qsmap_gdal_table){0};
}

qsmap_status qsmap_gdal_polygons(const char *path, const char *layer, qsmap_gdal_polys *out,
                                 qsmap_error *err);
void qsmap_gdal_polygons_free(qsmap_gdal_polys *p);

static void init(void)
{
    GDALAllRegister();
    /* GDAL would print its own errors and warnings; the readers turn the
     * ones that matter into qsmap's one-line messages instead */
    CPLSetErrorHandler(CPLQuietErrorHandler);
}

/* One name per file in memory: a counter, as uploads may overlap. */
static qsmap_status mem_open(const char *name, const void *data, size_t len, char *path,
                             size_t size, qsmap_error *err)
{
    static atomic_ulong next;
    const char *base = strrchr(name, '/');
    snprintf(path, size, "/vsimem/qsmap/%lu/%s", atomic_fetch_add(&next, 1) + 1,
             base ? base + 1 : name);
    VSILFILE *fp = VSIFileFromMemBuffer(path, (GByte *)data, (vsi_l_offset)len, FALSE);
    if (!fp)
        return qsmap_error_set(err, QSMAP_E_NOMEM, name, 0, "out of memory");
    VSIFCloseL(fp); /* the file stays, over the caller's bytes, until VSIUnlink */
    return QSMAP_OK;
}

static void mem_close(const char *path) { VSIUnlink(path); }

const qsmap_gdal_api *qsmap_gdal_module(void)
{
    static const qsmap_gdal_api API = {QSMAP_GDAL_API_VERSION, init, table, table_free,
                                       qsmap_gdal_polygons, qsmap_gdal_polygons_free,
                                       mem_open, mem_close};
    return &API;
}
