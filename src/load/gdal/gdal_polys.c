/* gdal_polys.c — district polygons from any vector layer GDAL reads
 * (GeoPackage, GeoJSON, shapefiles in a projected or foreign-datum CRS,
 * PostGIS), reprojected to WGS84 longitude/latitude with the
 * transformation PROJ chooses, in the ring layout of the shapefile reader
 * (module.h). The core builds the districts from them and checks them as
 * it checks a shapefile's. */
#include "load/gdal/gdal_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const NAME_FIELDS[QSMAP_GDAL_NNAMES] = {
    "ADM2_TH", "ADM2_EN", "ADM2_PCODE", "ADM1_TH", "ADM1_EN", "ADM1_PCODE"};

typedef struct {
    size_t cap_xy, cap_r, cap_s, cap_d;
} room;

/* Field index of each name (any case: PostGIS folds them to lower case). */
static void name_fields(OGRLayerH l, int fi[QSMAP_GDAL_NNAMES])
{
    OGRFeatureDefnH def = OGR_L_GetLayerDefn(l);
    int nf = OGR_FD_GetFieldCount(def);
    for (int k = 0; k < QSMAP_GDAL_NNAMES; k++) {
        fi[k] = -1;
        for (int f = 0; f < nf && fi[k] < 0; f++)
            if (strcasecmp(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(def, f)), NAME_FIELDS[k]) == 0)
                fi[k] = f;
    }
}

static bool is_polygon_layer(OGRLayerH l)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_L_GetGeomType(l));
    return t == wkbPolygon || t == wkbMultiPolygon || t == wkbCurvePolygon ||
           t == wkbMultiSurface || t == wkbUnknown;
}

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 1024;
    while (c < need)
        c *= 2;
    void *n = realloc(*p, c * size);
    if (!n)
        return false;
    *p = n, *cap = c;
    return true;
}

/* A polygon's ring after p's others, closed; fewer than 3 points enclose
 * nothing. */
static bool add_ring(qsmap_gdal_polys *p, room *rm, OGRGeometryH ring, bool shell)
{
    int n = OGR_G_GetPointCount(ring);
    if (n < 3)
        return true;
    size_t v0 = p->off[p->nrings];
    if (!grow((void **)&p->xy, &rm->cap_xy, 2 * (v0 + (size_t)n + 1), sizeof *p->xy) ||
        !grow((void **)&p->off, &rm->cap_r, p->nrings + 2, sizeof *p->off) ||
        !grow((void **)&p->shell, &rm->cap_s, p->nrings + 1, sizeof *p->shell))
        return false;
    double *xy = p->xy + 2 * v0;
    for (int k = 0; k < n; k++)
        xy[2 * k] = OGR_G_GetX(ring, k), xy[2 * k + 1] = OGR_G_GetY(ring, k);
    size_t m = (size_t)n;
    if (xy[0] != xy[2 * m - 2] || xy[1] != xy[2 * m - 1])
        xy[2 * m] = xy[0], xy[2 * m + 1] = xy[1], m++;
    if (m < 4)
        return true;
    p->shell[p->nrings] = shell;
    p->off[++p->nrings] = (uint32_t)(v0 + m);
    return true;
}

static bool add_polygon(qsmap_gdal_polys *p, room *rm, OGRGeometryH poly)
{
    int nr = OGR_G_GetGeometryCount(poly);
    for (int r = 0; r < nr; r++)
        if (!add_ring(p, rm, OGR_G_GetGeometryRef(poly, r), r == 0))
            return false;
    return true;
}

/* The feature's geometry as rings after p's others; curves as lines. */
static bool add_geometry(qsmap_gdal_polys *p, room *rm, OGRGeometryH g)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbPolygon)
        return add_polygon(p, rm, g);
    if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        for (int k = 0; k < OGR_G_GetGeometryCount(g); k++)
            if (!add_geometry(p, rm, OGR_G_GetGeometryRef(g, k)))
                return false;
        return true;
    }
    return true; /* points and lines enclose nothing: the core names the feature */
}

static bool add_names(qsmap_gdal_polys *p, OGRFeatureH f, const int fi[QSMAP_GDAL_NNAMES])
{
    char **names = p->names + p->n * QSMAP_GDAL_NNAMES;
    for (int k = 0; k < QSMAP_GDAL_NNAMES; k++) {
        const char *s = fi[k] >= 0 && OGR_F_IsFieldSetAndNotNull(f, fi[k])
                            ? OGR_F_GetFieldAsString(f, fi[k])
                            : "";
        if (!(names[k] = strdup(s)))
            return false;
    }
    return true;
}

/* Room for one more district in each per-district array. */
static bool room_for_district(qsmap_gdal_polys *p, room *rm)
{
    if (p->n < rm->cap_d)
        return true;
    size_t c = rm->cap_d ? 2 * rm->cap_d : 256;
    uint32_t *first = realloc(p->first, c * sizeof *first);
    if (first)
        p->first = first;
    uint32_t *count = realloc(p->count, c * sizeof *count);
    if (count)
        p->count = count;
    uint32_t *feature = realloc(p->feature, c * sizeof *feature);
    if (feature)
        p->feature = feature;
    char **names = realloc(p->names, c * QSMAP_GDAL_NNAMES * sizeof *names);
    if (names)
        p->names = names;
    if (!first || !count || !feature || !names)
        return false;
    rm->cap_d = c;
    return true;
}

static qsmap_status read_features(OGRLayerH l, const int fi[QSMAP_GDAL_NNAMES],
                                  OGRCoordinateTransformationH ct, const char *path,
                                  qsmap_gdal_polys *p, qsmap_error *err)
{
    room rm = {0, 0, 0, 0};
    if (!grow((void **)&p->off, &rm.cap_r, 2, sizeof *p->off))
        return qsmap_error_set(err, QSMAP_E_NOMEM, path, 0, "out of memory");
    p->off[0] = 0;
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    uint32_t number = 0;
    qsmap_status st = QSMAP_OK;
    while (!st && (f = OGR_L_GetNextFeature(l))) {
        number++;
        if (!room_for_district(p, &rm)) {
            OGR_F_Destroy(f);
            return qsmap_error_set(err, QSMAP_E_NOMEM, path, 0, "out of memory");
        }
        memset(p->names + p->n * QSMAP_GDAL_NNAMES, 0, QSMAP_GDAL_NNAMES * sizeof *p->names);
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        OGRGeometryH lin = g && OGR_G_HasCurveGeometry(g, 0) ? OGR_G_GetLinearGeometry(g, 0, NULL)
                                                             : (g ? OGR_G_Clone(g) : NULL);
        p->first[p->n] = (uint32_t)p->nrings;
        p->feature[p->n] = number;
        char why[400];
        if (lin && ct && OGR_G_Transform(lin, ct) != OGRERR_NONE)
            st = qsmap_error_set(err, QSMAP_E_PROJ, path, number,
                                 "PROJ cannot move this feature to WGS84: %s",
                                 qsmap_gdal_last_error(why, sizeof why, "transformation failed"));
        else if (!add_names(p, f, fi) || (lin && !add_geometry(p, &rm, lin)))
            st = qsmap_error_set(err, QSMAP_E_NOMEM, path, 0, "out of memory");
        p->count[p->n] = (uint32_t)(p->nrings - p->first[p->n]);
        p->n++;
        if (lin)
            OGR_G_DestroyGeometry(lin);
        OGR_F_Destroy(f);
    }
    return st;
}

/* The layer named, or the first polygon layer with ADM2_TH and ADM2_PCODE. */
static qsmap_status pick_layer(GDALDatasetH ds, const char *path, const char *layer,
                               OGRLayerH *out, int fi[QSMAP_GDAL_NNAMES], qsmap_error *err)
{
    if (layer) {
        qsmap_status st = qsmap_gdal_layer_named(ds, path, layer, false, out, err);
        if (st)
            return st;
        name_fields(*out, fi);
        if (fi[QSMAP_GDAL_ADM2_TH] >= 0 && fi[QSMAP_GDAL_ADM2_PCODE] >= 0)
            return QSMAP_OK;
    } else {
        for (int i = 0; i < GDALDatasetGetLayerCount(ds); i++) {
            *out = GDALDatasetGetLayer(ds, i);
            name_fields(*out, fi);
            if (is_polygon_layer(*out) && fi[QSMAP_GDAL_ADM2_TH] >= 0 &&
                fi[QSMAP_GDAL_ADM2_PCODE] >= 0)
                return QSMAP_OK;
        }
    }
    char found[600] = "";
    size_t used = 0;
    int nl = layer ? 1 : GDALDatasetGetLayerCount(ds);
    for (int i = 0; i < nl && used + 80 < sizeof found; i++) {
        OGRLayerH l = layer ? *out : GDALDatasetGetLayer(ds, i);
        OGRFeatureDefnH def = OGR_L_GetLayerDefn(l);
        used += (size_t)snprintf(found + used, sizeof found - used, "%slayer %s (", i ? "; " : "",
                                 OGR_L_GetName(l));
        for (int f = 0; f < OGR_FD_GetFieldCount(def) && used + 40 < sizeof found; f++)
            used += (size_t)snprintf(found + used, sizeof found - used, "%s%s", f ? ", " : "",
                                     OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(def, f)));
        used += (size_t)snprintf(found + used, sizeof found - used, ")");
    }
    return qsmap_error_set(err, QSMAP_E_COLUMN, path, 0,
                           "no polygon layer with the fields ADM2_TH and ADM2_PCODE (as in the "
                           "OCHA COD-AB boundaries): %s",
                           nl ? found : "it has no layers");
}

void qsmap_gdal_polygons_free(qsmap_gdal_polys *p)
{
    if (p->names)
        for (size_t k = 0; k < p->n * QSMAP_GDAL_NNAMES; k++)
            free(p->names[k]);
    free(p->names);
    free(p->feature);
    free(p->first);
    free(p->count);
    free(p->xy);
    free(p->off);
    free(p->shell);
    *p = (qsmap_gdal_polys){0};
}

qsmap_status qsmap_gdal_polygons(const char *path, const char *layer, qsmap_gdal_polys *out,
                                 qsmap_error *err)
{
    *out = (qsmap_gdal_polys){0};
    GDALDatasetH ds;
    bool sheet;
    qsmap_status st = qsmap_gdal_open(path, &ds, &sheet, err);
    if (st)
        return st;
    OGRLayerH l = NULL;
    int fi[QSMAP_GDAL_NNAMES];
    OGRCoordinateTransformationH ct = NULL;
    st = pick_layer(ds, path, layer, &l, fi, err);
    if (!st) {
        qsmap_gdal_part(l, false, out->origin.part, sizeof out->origin.part);
        snprintf(out->origin.word, sizeof out->origin.word, "feature");
        st = qsmap_gdal_to_wgs84(l, path, out->origin.part, &ct, err);
    }
    if (!st)
        st = read_features(l, fi, ct, path, out, err);
    if (st && err && err->line > 0)
        err->origin = out->origin;
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    GDALClose(ds);
    if (st)
        qsmap_gdal_polygons_free(out);
    return st;
}
