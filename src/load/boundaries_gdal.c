/* boundaries_gdal.c — districts from the polygons the GDAL module read
 * (already in WGS84 lon/lat), checked as the shapefile reader checks its
 * records: names that are UTF-8 any output can carry, ADM2_TH and
 * ADM2_PCODE never empty, every district with a polygon, coordinates in
 * range. The module's arrays become the container's, uncopied. */
#include "load/gdal.h"

#include "base/text.h"
#include "base/utf8.h"
#include "places/districts_impl.h"
#include "places/places.h"

#include <stdlib.h>
#include <string.h>

static const char *const FIELD[QSMAP_GDAL_NNAMES] = {"ADM2_TH", "ADM2_EN", "ADM2_PCODE",
                                                     "ADM1_TH", "ADM1_EN", "ADM1_PCODE"};

/* Name k as UTF-8: a shapefile without a .cpg comes as its bytes
 * (gdal_util.c), UTF-8 or CP874 as the shapelib reader tells them. */
static bool utf8_name(char **names, int k)
{
    char *s = names[k], *conv;
    size_t n = strlen(s), clen;
    if (qsmap_utf8_invalid_at(s, n) == n)
        return true;
    if (qsmap_cp874_to_utf8(s, n, &conv, &clen, NULL) != QSMAP_OK)
        return false;
    free(s);
    names[k] = conv;
    return true;
}

static qsmap_status check_names(char **names, uint32_t feature, const char *path,
                                const qsmap_origin *o, qsmap_error *err)
{
    qsmap_status st = QSMAP_OK;
    for (int k = 0; k < QSMAP_GDAL_NNAMES && !st; k++) {
        char what[96];
        if (!utf8_name(names, k)) {
            st = qsmap_error_set(err, QSMAP_E_ENCODING, path, feature,
                                 "field %s is neither UTF-8 nor CP874 text (say which in a "
                                 ".cpg file beside the shapefile)",
                                 FIELD[k]);
            break;
        }
        char *s = names[k];
        size_t n = strlen(s);
        while (n && s[n - 1] == ' ')
            s[--n] = '\0';
        if (qsmap_utf8_uncarried(s, what, sizeof what))
            st = qsmap_error_set(err, QSMAP_E_VALUE, path, feature,
                                 "field %s holds %s, which no output can carry", FIELD[k], what);
    }
    if (!st && (!names[QSMAP_GDAL_ADM2_TH][0] || !names[QSMAP_GDAL_ADM2_PCODE][0]))
        st = qsmap_error_set(err, QSMAP_E_VALUE, path, feature, "an empty ADM2_TH or ADM2_PCODE");
    if (st && err)
        err->origin = *o;
    return st;
}

/* District i of p, whose names, vertices and offsets the container now
 * holds (names, xy, off). */
static qsmap_status district_from(qsmap_district *dist, char **names, double *xy,
                                  const uint32_t *off, const qsmap_gdal_polys *p, size_t i,
                                  const char *path, qsmap_error *err)
{
    qsmap_status st = check_names(names, p->feature[i], path, &p->origin, err);
    if (st)
        return st;
    *dist = (qsmap_district){names[0], names[1], names[2], names[3], names[4], names[5],
                             0, 0, 0, 0, p->first[i], p->count[i]};
    if (p->count[i] == 0) {
        qsmap_error_set(err, QSMAP_E_FORMAT, path, p->feature[i],
                        "district %s %s has no polygon (draw or repair it, e.g. in QGIS, or "
                        "delete the feature)",
                        dist->pcode, dist->name_th);
        if (err)
            err->origin = p->origin;
        return QSMAP_E_FORMAT;
    }
    uint32_t v0 = off[p->first[i]], v1 = off[p->first[i] + p->count[i]];
    if (!qsmap_district_set_box(dist, xy, v0, v1)) {
        qsmap_error_set(err, QSMAP_E_CRS, path, p->feature[i],
                        "coordinates outside longitude/latitude range: the layer has no CRS "
                        "saying how it is projected (assign one, e.g. ogr2ogr -a_srs "
                        "EPSG:32647)");
        if (err)
            err->origin = p->origin;
        return QSMAP_E_CRS;
    }
    return QSMAP_OK;
}

/* Shells clockwise and holes counter-clockwise, as the districts container
 * reads rings (places/districts.c); GeoJSON and GeoPackage wind the other
 * way. */
static void wind_as_shapefiles(double *xy, const uint32_t *off, const uint8_t *shell,
                               size_t nrings)
{
    for (size_t r = 0; r < nrings; r++) {
        double *v = xy + 2 * off[r];
        size_t m = off[r + 1] - off[r];
        if ((qsmap_ring_signed_area(v, m) < 0) == (shell[r] != 0))
            continue;
        for (size_t a = 0, b = m - 1; a < b; a++, b--) {
            double x = v[2 * a], y = v[2 * a + 1];
            v[2 * a] = v[2 * b], v[2 * a + 1] = v[2 * b + 1];
            v[2 * b] = x, v[2 * b + 1] = y;
        }
    }
}

qsmap_status qsmap_gdal_districts(qsmap_gdal *g, const char *path, const char *layer,
                                  qsmap_districts **out, qsmap_error *err)
{
    *out = NULL;
    char name[512];
    qsmap_gdal_display_name(path, name, sizeof name);
    qsmap_gdal_polys p;
    qsmap_status st = qsmap_gdal_calls(g)->polygons(path, layer, &p, err);
    if (st) {
        if (err)
            qsmap_text_copy(err->file, sizeof err->file, name);
        return st;
    }
    qsmap_districts *d = qsmap_districts_new(name);
    if (!d || !(d->v = calloc(p.n ? p.n : 1, sizeof *d->v)))
        st = qsmap_error_set(err, QSMAP_E_NOMEM, name, 0, "out of memory");
    if (!st && p.n == 0)
        st = qsmap_error_set(err, QSMAP_E_EMPTY, name, 0, "%s holds no districts",
                             p.origin.part);
    /* the container owns the module's arrays from here */
    if (d) {
        wind_as_shapefiles(p.xy, p.off, p.shell, p.nrings);
        d->n = p.n;
        d->xy = p.xy, d->off = p.off, d->nrings = p.nrings;
        d->strings = p.names, d->nstrings = p.n * QSMAP_GDAL_NNAMES;
        p.xy = NULL, p.off = NULL, p.names = NULL;
    }
    for (size_t i = 0; !st && i < p.n; i++)
        st = district_from(&d->v[i], d->strings + i * QSMAP_GDAL_NNAMES, d->xy, d->off, &p, i,
                           name, err);
    qsmap_gdal_calls(g)->polygons_free(&p);
    if (!st)
        st = qsmap_districts_build_cells(d, err);
    if (st) {
        qsmap_districts_free(d);
        return st;
    }
    *out = d;
    return QSMAP_OK;
}
