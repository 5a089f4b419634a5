/* districts.c — district polygons from a shapefile: reading through shapelib
 * (quietly; qsmap words its own errors), DBF text in UTF-8 or CP874, rings
 * sorted into shells and holes, point in polygon by the crossing rule with
 * GEOS prepared geometries (built on first use) next to the edges,
 * and resolving a district by Thai name, English name or pcode. */
#include "base/fileio.h"
#include "base/text.h"
#include "load/shapefile_mmap.h"
#include "places/places.h"

#include <geos_c.h>
#include <math.h>
#include <pthread.h>
#include <shapefil.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    char pcode[16];
    double *xy;
    uint32_t *off;
    size_t nrings;
} province_outline;

struct qsmap_districts {
    qsmap_district *v;
    size_t n;
    double *xy;      /* all ring vertices, (lon, lat) interleaved */
    uint32_t *off;   /* ring r: vertices off[r] .. off[r+1]-1 */
    size_t nrings;
    /* GEOS polygons are built the first time something needs one (a point
     * within NEAR_DEG of an edge, a label, a province outline): a national
     * table run needs almost none of the 928, and building them all cost
     * ~1,100 page faults. geos_lock guards building and every use of the
     * shared context `geos`; the cache does not change what d describes. */
    pthread_mutex_t geos_lock;
    GEOSContextHandle_t geos;
    GEOSGeometry **geom;
    const GEOSPreparedGeometry **prep;
    char **strings; /* every name, owned */
    size_t nstrings;
    /* Districts by bounding box on a coarse lon/lat grid (CSR): a point
     * tests only the few districts whose box covers its cell, in file order. */
    double cell_min_lon, cell_min_lat, cell_deg;
    uint32_t cell_cols, cell_rows;
    uint32_t *cell_start, *cell_item;
    province_outline *outlines; /* one per province, filled on demand */
    size_t noutlines;
    char path[512];
};

struct qsmap_geos {
    GEOSContextHandle_t h;
};

static void quiet_error(const char *message)
{
    (void)message; /* qsmap reports shapefile errors itself, with the file name */
}

static void geos_quiet(const char *fmt, ...)
{
    (void)fmt;
}

size_t qsmap_districts_count(const qsmap_districts *d) { return d->n; }

const qsmap_district *qsmap_districts_get(const qsmap_districts *d, size_t i)
{
    return i < d->n ? &d->v[i] : NULL;
}

void qsmap_districts_rings(const qsmap_districts *d, const double **xy,
                           const uint32_t **off, size_t *ring_count)
{
    *xy = d->xy;
    *off = d->off;
    *ring_count = d->nrings;
}

void qsmap_districts_free(qsmap_districts *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        if (d->prep && d->prep[i])
            GEOSPreparedGeom_destroy_r(d->geos, d->prep[i]);
        if (d->geom && d->geom[i])
            GEOSGeom_destroy_r(d->geos, d->geom[i]);
    }
    if (d->geos)
        GEOS_finish_r(d->geos);
    for (size_t i = 0; i < d->noutlines; i++)
        free(d->outlines[i].xy), free(d->outlines[i].off);
    free(d->outlines);
    free(d->cell_start);
    free(d->cell_item);
    for (size_t i = 0; i < d->nstrings; i++)
        free(d->strings[i]);
    free(d->strings);
    free(d->prep);
    free(d->geom);
    pthread_mutex_destroy(&d->geos_lock);
    free(d->off);
    free(d->xy);
    free(d->v);
    free(d);
}

static int file_exists(const char *base, const char *lower, const char *upper)
{
    char p[600];
    struct stat st;
    snprintf(p, sizeof p, "%s%s", base, lower);
    if (stat(p, &st) == 0)
        return 1;
    snprintf(p, sizeof p, "%s%s", base, upper);
    return stat(p, &st) == 0;
}

/* A projected .prj (PROJCS) or a datum other than WGS84 would make every
 * distance wrong; refuse rather than guess. */
static qsmap_status check_prj(const char *base, const char *shp, qsmap_error *err)
{
    char p[600];
    snprintf(p, sizeof p, "%s.prj", base);
    FILE *f = fopen(p, "rb");
    if (!f)
        return QSMAP_OK; /* no .prj: lon/lat WGS84 assumed, as the COD-AB data is */
    char wkt[4096];
    size_t n = fread(wkt, 1, sizeof wkt - 1, f);
    fclose(f);
    wkt[n] = '\0';
    if (strstr(wkt, "PROJCS") || strstr(wkt, "PROJCRS"))
        return qsmap_error_set(err, QSMAP_E_CRS, shp, 0,
                               "the .prj describes a projected CRS; qsmap needs WGS84 "
                               "longitude/latitude (reproject: ogr2ogr -t_srs EPSG:4326 "
                               "out.shp in.shp)");
    /* The datum's own name decides: "TOWGS84[...]" in a foreign datum's
     * definition says how to convert it, not that it is WGS84. */
    char datum[128] = "";
    const char *at = strstr(wkt, "DATUM[\"");
    if (at) {
        at += 7;
        size_t n = 0;
        while (at[n] && at[n] != '"' && n + 1 < sizeof datum)
            n++;
        memcpy(datum, at, n);
        datum[n] = '\0';
    }
    char key[128];
    qsmap_text_key(datum, key, sizeof key);
    if (datum[0] && !strstr(key, "wgs1984") && !strstr(key, "wgs84") &&
        !strstr(key, "worldgeodeticsystem1984"))
        return qsmap_error_set(err, QSMAP_E_CRS, shp, 0,
                               "the .prj names the datum %s, not WGS84; reproject to "
                               "EPSG:4326 first (ogr2ogr -t_srs EPSG:4326 out.shp in.shp)",
                               datum);
    return QSMAP_OK;
}

/* shapelib trusts the .shx for the shape type; check the .shp's own header
 * (file code 9994, version 1000, the same type) so that garbage is refused. */
static qsmap_status check_shp_header(const char *base, const char *shp, int shx_type,
                                     qsmap_error *err)
{
    char p[600];
    snprintf(p, sizeof p, "%s.shp", base);
    FILE *f = fopen(p, "rb");
    if (!f) {
        snprintf(p, sizeof p, "%s.SHP", base);
        f = fopen(p, "rb");
    }
    unsigned char h[100];
    size_t n = f ? fread(h, 1, sizeof h, f) : 0;
    if (f)
        fclose(f);
    if (n < 100)
        return qsmap_error_set(err, QSMAP_E_FORMAT, shp, 0,
                               "too short to be a shapefile (%zu bytes of header)", n);
    uint32_t code = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
    uint32_t version = h[28] | (uint32_t)h[29] << 8 | (uint32_t)h[30] << 16 |
                       (uint32_t)h[31] << 24;
    int type = (int)(h[32] | (uint32_t)h[33] << 8 | (uint32_t)h[34] << 16 |
                     (uint32_t)h[35] << 24);
    if (code != 9994 || version != 1000)
        return qsmap_error_set(err, QSMAP_E_FORMAT, shp, 0,
                               "not a shapefile: the header is damaged (file code %u, "
                               "version %u)",
                               code, version);
    if (type != shx_type)
        return qsmap_error_set(err, QSMAP_E_FORMAT, shp, 0,
                               "the .shp holds %s shapes but its .shx says %s: the files do "
                               "not belong together",
                               SHPTypeName(type), SHPTypeName(shx_type));
    return QSMAP_OK;
}

static double ring_signed_area(const double *xy, size_t n)
{
    double a = 0;
    for (size_t i = 0, j = n - 1; i < n; j = i++)
        a += xy[2 * j] * xy[2 * i + 1] - xy[2 * i] * xy[2 * j + 1];
    return a / 2;
}

static int ring_contains(const double *xy, size_t n, double x, double y)
{
    int in = 0;
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        double xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
        if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
            in = !in;
    }
    return in;
}

double qsmap_ring_signed_area(const double *xy, size_t n) { return ring_signed_area(xy, n); }

/* Shapefiles order a polygon's rings freely: outer rings clockwise, holes
 * counter-clockwise. Each hole goes to the shell that contains it; a "hole"
 * inside no shell is an island, and a file wound the wrong way round (no
 * clockwise ring at all) has only shells. */
size_t qsmap_district_ring_owners(const qsmap_districts *d, size_t i, int *owner)
{
    const qsmap_district *dist = &d->v[i];
    uint32_t r0 = dist->first_ring, nr = dist->ring_count;
    size_t nshell = 0;
    for (uint32_t k = 0; k < nr; k++) {
        const double *xy = d->xy + 2 * d->off[r0 + k];
        size_t n = d->off[r0 + k + 1] - d->off[r0 + k];
        owner[k] = ring_signed_area(xy, n) < 0 ? (int)k : -1;
        nshell += owner[k] >= 0;
    }
    if (nshell == 0) {
        for (uint32_t k = 0; k < nr; k++)
            owner[k] = (int)k;
        return nr;
    }
    for (uint32_t k = 0; k < nr; k++) {
        if (owner[k] >= 0)
            continue;
        const double *hxy = d->xy + 2 * d->off[r0 + k];
        for (uint32_t sh = 0; sh < nr && owner[k] < 0; sh++) {
            if (owner[sh] != (int)sh)
                continue;
            const double *sxy = d->xy + 2 * d->off[r0 + sh];
            size_t sn = d->off[r0 + sh + 1] - d->off[r0 + sh];
            if (ring_contains(sxy, sn, hxy[0], hxy[1]))
                owner[k] = (int)sh;
        }
        if (owner[k] < 0)
            owner[k] = (int)k, nshell++;
    }
    return nshell;
}

static GEOSGeometry *make_ring(GEOSContextHandle_t g, const double *xy, size_t n)
{
    GEOSCoordSequence *cs = GEOSCoordSeq_copyFromBuffer_r(g, xy, (unsigned)n, 0, 0);
    return cs ? GEOSGeom_createLinearRing_r(g, cs) : NULL;
}

static GEOSGeometry *build_geometry(qsmap_districts *d, size_t di)
{
    GEOSContextHandle_t g = d->geos;
    const qsmap_district *dist = &d->v[di];
    uint32_t r0 = dist->first_ring, nr = dist->ring_count;
    if (nr == 0)
        return GEOSGeom_createEmptyPolygon_r(g);
    int *owner = calloc(nr, sizeof *owner);
    GEOSGeometry **polys = calloc(nr, sizeof *polys);
    GEOSGeometry **holes = calloc(nr, sizeof *holes);
    GEOSGeometry *result = NULL;
    size_t np = 0;
    if (!owner || !polys || !holes)
        goto done;
    qsmap_district_ring_owners(d, di, owner);
    for (uint32_t sh = 0; sh < nr; sh++) {
        if (owner[sh] != (int)sh)
            continue;
        size_t nh = 0;
        int ok = 1;
        for (uint32_t k = 0; k < nr; k++) {
            if (k == sh || owner[k] != (int)sh)
                continue;
            holes[nh] = make_ring(g, d->xy + 2 * d->off[r0 + k],
                                  d->off[r0 + k + 1] - d->off[r0 + k]);
            if (!holes[nh])
                ok = 0;
            else
                nh++;
        }
        GEOSGeometry *shell =
            make_ring(g, d->xy + 2 * d->off[r0 + sh], d->off[r0 + sh + 1] - d->off[r0 + sh]);
        if (!shell || !ok) {
            for (size_t h = 0; h < nh; h++)
                GEOSGeom_destroy_r(g, holes[h]);
            if (shell)
                GEOSGeom_destroy_r(g, shell);
            goto done;
        }
        polys[np] = GEOSGeom_createPolygon_r(g, shell, holes, (unsigned)nh);
        if (!polys[np])
            goto done;
        np++;
    }
    result = np == 1 ? polys[0]
                     : GEOSGeom_createCollection_r(g, GEOS_MULTIPOLYGON, polys, (unsigned)np);
done:
    if (!result)
        for (size_t k = 0; k < np; k++)
            GEOSGeom_destroy_r(g, polys[k]);
    free(owner);
    free(polys);
    free(holes);
    return result;
}

static const char *keep_string(qsmap_districts *d, const char *raw, qsmap_encoding enc)
{
    char *s = NULL;
    size_t len = strlen(raw), n;
    if (enc == QSMAP_ENC_AUTO)
        enc = qsmap_utf8_invalid_at(raw, len) == len ? QSMAP_ENC_UTF8 : QSMAP_ENC_CP874;
    if (enc == QSMAP_ENC_CP874) {
        if (qsmap_cp874_to_utf8(raw, len, &s, &n, NULL) != QSMAP_OK)
            return NULL;
    } else {
        if (qsmap_utf8_invalid_at(raw, len) != len)
            return NULL;
        s = strdup(raw);
    }
    if (!s)
        return NULL;
    /* trim trailing blanks DBF pads with */
    n = strlen(s);
    while (n && s[n - 1] == ' ')
        s[--n] = '\0';
    d->strings[d->nstrings++] = s;
    return s;
}

static qsmap_status build_cells(qsmap_districts *d, qsmap_error *err);

static qsmap_status read_attributes(qsmap_districts *d, DBFHandle dbf, const char *dbfname,
                                    qsmap_encoding enc, qsmap_error *err)
{
    static const char *const FIELDS[6] = {"ADM2_TH", "ADM2_EN",  "ADM2_PCODE",
                                          "ADM1_TH", "ADM1_EN", "ADM1_PCODE"};
    int fi[6];
    for (int k = 0; k < 6; k++)
        fi[k] = DBFGetFieldIndex(dbf, FIELDS[k]);
    if (fi[0] < 0 || fi[2] < 0) {
        char found[300] = "";
        size_t used = 0;
        int nf = DBFGetFieldCount(dbf);
        for (int k = 0; k < nf && used + 16 < sizeof found; k++) {
            char fname[12];
            DBFGetFieldInfo(dbf, k, fname, NULL, NULL);
            used += (size_t)snprintf(found + used, sizeof found - used, "%s%s", k ? ", " : "",
                                     fname);
        }
        return qsmap_error_set(err, QSMAP_E_COLUMN, dbfname, 0,
                               "no field %s (found: %s); qsmap needs ADM2_TH and ADM2_PCODE "
                               "as in the OCHA COD-AB boundaries",
                               fi[0] < 0 ? "ADM2_TH" : "ADM2_PCODE", found);
    }
    if (enc == QSMAP_ENC_AUTO) {
        const char *cp = DBFGetCodePage(dbf);
        qsmap_encoding e;
        if (cp && qsmap_encoding_parse(cp, &e) == QSMAP_OK)
            enc = e;
    }
    d->strings = calloc(d->n * 6, sizeof *d->strings);
    if (!d->strings)
        return qsmap_error_set(err, QSMAP_E_NOMEM, dbfname, 0, "out of memory");
    for (size_t i = 0; i < d->n; i++) {
        const char **dst[6] = {&d->v[i].name_th,     &d->v[i].name_en,
                               &d->v[i].pcode,       &d->v[i].province_th,
                               &d->v[i].province_en, &d->v[i].province_pcode};
        for (int k = 0; k < 6; k++) {
            const char *raw = fi[k] >= 0 ? DBFReadStringAttribute(dbf, (int)i, fi[k]) : "";
            const char *s = keep_string(d, raw ? raw : "", enc);
            if (!s)
                return qsmap_error_set(err, QSMAP_E_ENCODING, dbfname, (long)i + 1,
                                       "field %s of record %zu is not %s text (set the "
                                       "encoding in a .cpg file or with --encoding)",
                                       FIELDS[k], i + 1,
                                       enc == QSMAP_ENC_CP874 ? "CP874" : "UTF-8 or CP874");
            *dst[k] = s;
        }
        if (!d->v[i].name_th[0] || !d->v[i].pcode[0])
            return qsmap_error_set(err, QSMAP_E_VALUE, dbfname, (long)i + 1,
                                   "record %zu has an empty ADM2_TH or ADM2_PCODE", i + 1);
    }
    return QSMAP_OK;
}

static qsmap_status read_shapes(qsmap_districts *d, SHPHandle shp, const char *path,
                                qsmap_error *err)
{
    /* A vertex takes 16 bytes of the .shp: its size bounds the count, so the
     * vertices go into one allocation (in huge pages) that rarely grows. */
    struct stat st;
    size_t cap_xy = stat(path, &st) == 0 ? (size_t)st.st_size / 16 + 1024 : 1 << 16;
    size_t cap_r = 1024, nxy = 0;
    d->xy = qsmap_alloc_huge(cap_xy * 2 * sizeof *d->xy);
    d->off = malloc((cap_r + 1) * sizeof *d->off);
    if (!d->xy || !d->off)
        return qsmap_error_set(err, QSMAP_E_NOMEM, path, 0, "out of memory");
    d->off[0] = 0;
    for (size_t i = 0; i < d->n; i++) {
        SHPObject *o = SHPReadObject(shp, (int)i);
        if (!o)
            return qsmap_error_set(err, QSMAP_E_FORMAT, path, 0,
                                   "shape %zu cannot be read: the .shp is truncated or "
                                   "damaged",
                                   i + 1);
        qsmap_district *dist = &d->v[i];
        dist->first_ring = (uint32_t)d->nrings;
        for (int p = 0; p < o->nParts; p++) {
            int a = o->panPartStart[p], b = p + 1 < o->nParts ? o->panPartStart[p + 1]
                                                              : o->nVertices;
            if (a < 0 || b > o->nVertices || b - a < 3)
                continue; /* a degenerate ring encloses nothing */
            int closed = o->padfX[a] == o->padfX[b - 1] && o->padfY[a] == o->padfY[b - 1];
            size_t need = (size_t)(b - a) + (closed ? 0 : 1);
            if (need < 4)
                continue;
            while (nxy + need > cap_xy) {
                cap_xy *= 2;
                double *nx = realloc(d->xy, cap_xy * 2 * sizeof *nx);
                if (!nx) {
                    SHPDestroyObject(o);
                    return qsmap_error_set(err, QSMAP_E_NOMEM, path, 0, "out of memory");
                }
                d->xy = nx;
            }
            for (int k = a; k < b; k++, nxy++)
                d->xy[2 * nxy] = o->padfX[k], d->xy[2 * nxy + 1] = o->padfY[k];
            if (!closed)
                d->xy[2 * nxy] = o->padfX[a], d->xy[2 * nxy + 1] = o->padfY[a], nxy++;
            if (d->nrings + 1 >= cap_r) {
                cap_r *= 2;
                uint32_t *no = realloc(d->off, (cap_r + 1) * sizeof *no);
                if (!no) {
                    SHPDestroyObject(o);
                    return qsmap_error_set(err, QSMAP_E_NOMEM, path, 0, "out of memory");
                }
                d->off = no;
            }
            d->off[++d->nrings] = (uint32_t)nxy;
        }
        dist->ring_count = (uint32_t)(d->nrings - dist->first_ring);
        int type = o->nSHPType;
        SHPDestroyObject(o);
        if (dist->ring_count == 0 && type != SHPT_NULL)
            return qsmap_error_set(err, QSMAP_E_FORMAT, path, 0,
                                   "shape %zu (%s) has no polygon ring: the .shp is damaged",
                                   i + 1, dist->pcode);
        /* The box comes from the vertices kept, not the record header: a
         * damaged header (regression: inverted_record_bbox, found by
         * fuzz_shapefile) must not size the district grid or hide points. */
        uint32_t v0 = d->off[dist->first_ring];
        dist->min_lon = dist->max_lon = dist->min_lat = dist->max_lat = 0;
        for (size_t k = v0; k < nxy; k++) {
            double x = d->xy[2 * k], y = d->xy[2 * k + 1];
            if (!(fabs(x) <= 180 && fabs(y) <= 90))
                return qsmap_error_set(err, QSMAP_E_CRS, path, 0,
                                       "shape %zu has coordinates outside longitude/latitude "
                                       "range: the file is projected; reproject to EPSG:4326",
                                       i + 1);
            if (k == v0)
                dist->min_lon = dist->max_lon = x, dist->min_lat = dist->max_lat = y;
            dist->min_lon = fmin(dist->min_lon, x), dist->max_lon = fmax(dist->max_lon, x);
            dist->min_lat = fmin(dist->min_lat, y), dist->max_lat = fmax(dist->max_lat, y);
        }
    }
    return QSMAP_OK;
}

/* District i's polygon (prepared too when asked), built on first use; NULL
 * only when memory runs out (read_shapes keeps closed rings of 4 or more
 * vertices, so GEOS accepts every ring). Call with geos_lock held. */
static const GEOSGeometry *geom_locked(qsmap_districts *d, size_t i, bool prepared)
{
    if (!d->geos) {
        if (!(d->geos = GEOS_init_r()))
            return NULL;
        GEOSContext_setErrorHandler_r(d->geos, geos_quiet);
        GEOSContext_setNoticeHandler_r(d->geos, geos_quiet);
    }
    if (!d->geom) {
        d->geom = calloc(d->n, sizeof *d->geom);
        d->prep = calloc(d->n, sizeof *d->prep);
        if (!d->geom || !d->prep) {
            free(d->geom), free(d->prep);
            d->geom = NULL, d->prep = NULL;
            return NULL;
        }
    }
    if (!d->geom[i] && !(d->geom[i] = build_geometry(d, i)))
        return NULL;
    if (prepared && !d->prep[i] && !(d->prep[i] = GEOSPrepare_r(d->geos, d->geom[i])))
        return NULL;
    return d->geom[i];
}

qsmap_status qsmap_districts_load(const char *shp_path, qsmap_encoding enc,
                                  qsmap_districts **out, qsmap_error *err)
{
    *out = NULL;
    char base[520];
    snprintf(base, sizeof base, "%s", shp_path);
    size_t bl = strlen(base);
    if (bl > 4 && (strcmp(base + bl - 4, ".shp") == 0 || strcmp(base + bl - 4, ".SHP") == 0))
        base[bl - 4] = '\0';
    struct stat st;
    if (stat(shp_path, &st) != 0 && !file_exists(base, ".shp", ".SHP"))
        return qsmap_error_set(err, QSMAP_E_IO, shp_path, 0, "cannot open: no such file");
    if (stat(shp_path, &st) == 0 && S_ISDIR(st.st_mode))
        return qsmap_error_set(err, QSMAP_E_IO, shp_path, 0,
                               "is a directory; name the .shp file inside it");
    static const char *const PARTS[2][3] = {{".shx", ".SHX", "index (.shx)"},
                                            {".dbf", ".DBF", "attribute table (.dbf)"}};
    for (int k = 0; k < 2; k++)
        if (!file_exists(base, PARTS[k][0], PARTS[k][1]))
            return qsmap_error_set(err, QSMAP_E_IO, shp_path, 0,
                                   "the shapefile's %s %s%s is missing; copy all the files "
                                   "of the shapefile together",
                                   PARTS[k][2], base, PARTS[k][0]);
    qsmap_status s = check_prj(base, shp_path, err);
    if (s)
        return s;

    SAHooks hooks;
    qsmap_shapefile_hooks(&hooks);
    hooks.Error = quiet_error;
    SHPHandle shp = SHPOpenLL(base, "rb", &hooks);
    if (!shp)
        return qsmap_error_set(err, QSMAP_E_FORMAT, shp_path, 0,
                               "not a readable shapefile (.shp or .shx damaged or truncated)");
    DBFHandle dbf = DBFOpenLL(base, "rb", &hooks);
    char dbfname[540];
    snprintf(dbfname, sizeof dbfname, "%s.dbf", base);
    if (!dbf) {
        SHPClose(shp);
        return qsmap_error_set(err, QSMAP_E_FORMAT, dbfname, 0,
                               "not a readable dBASE table (damaged or truncated)");
    }
    qsmap_districts *d = calloc(1, sizeof *d);
    if (d && pthread_mutex_init(&d->geos_lock, NULL) != 0)
        free(d), d = NULL;
    if (!d) {
        SHPClose(shp);
        DBFClose(dbf);
        return qsmap_error_set(err, QSMAP_E_NOMEM, shp_path, 0, "out of memory");
    }
    snprintf(d->path, sizeof d->path, "%s", shp_path);
    int nent = 0, type = 0;
    SHPGetInfo(shp, &nent, &type, NULL, NULL);
    s = check_shp_header(base, shp_path, type, err);
    if (s)
        ;
    else if (type != SHPT_POLYGON && type != SHPT_POLYGONZ && type != SHPT_POLYGONM)
        s = qsmap_error_set(err, QSMAP_E_FORMAT, shp_path, 0,
                            "holds %s shapes, not polygons; give the district boundary "
                            "layer",
                            SHPTypeName(type));
    else if (nent <= 0)
        s = qsmap_error_set(err, QSMAP_E_EMPTY, shp_path, 0, "holds no shapes");
    else if (DBFGetRecordCount(dbf) != nent)
        s = qsmap_error_set(err, QSMAP_E_FORMAT, shp_path, 0,
                            "%d shapes but %d rows in the .dbf: the two files do not belong "
                            "together",
                            nent, DBFGetRecordCount(dbf));
    if (!s) {
        d->n = (size_t)nent;
        d->v = calloc(d->n, sizeof *d->v);
        if (!d->v)
            s = qsmap_error_set(err, QSMAP_E_NOMEM, shp_path, 0, "out of memory");
    }
    if (!s)
        s = read_attributes(d, dbf, dbfname, enc, err);
    if (!s)
        s = read_shapes(d, shp, shp_path, err);
    SHPClose(shp);
    DBFClose(dbf);
    if (!s)
        s = build_cells(d, err);
    if (s) {
        qsmap_districts_free(d);
        return s;
    }
    *out = d;
    return QSMAP_OK;
}

/* Point in district i by the crossing rule over all its rings (what GEOS's
 * IndexedPointInAreaLocator counts): 1 inside, 0 outside, or -1 when the
 * point lies within NEAR_DEG of an edge, where only an exact test can tell
 * inside from boundary. Away from the edges the one rounded value, the
 * edge's x at the point's y, is off by ~1e-13 degrees at most, so the
 * answer is exact; without building an index per polygon it costs a pass
 * over the vertices. */
#define NEAR_DEG 1e-9

static int crossing_parity(const qsmap_districts *d, size_t i, double x, double y)
{
    const qsmap_district *t = &d->v[i];
    int in = 0;
    for (uint32_t r = t->first_ring; r < t->first_ring + t->ring_count; r++) {
        const double *xy = d->xy + 2 * d->off[r];
        size_t n = d->off[r + 1] - d->off[r];
        for (size_t a = 0, b = n - 1; a < n; b = a++) {
            double xa = xy[2 * a], ya = xy[2 * a + 1], xb = xy[2 * b], yb = xy[2 * b + 1];
            if ((y < ya && y < yb) || (y > ya && y > yb))
                continue;
            if (ya == yb) { /* horizontal edge on the point's line */
                if (x >= fmin(xa, xb) - NEAR_DEG && x <= fmax(xa, xb) + NEAR_DEG)
                    return -1;
                continue;
            }
            double xc = xa + (xb - xa) * ((y - ya) / (yb - ya));
            if (fabs(x - xc) <= NEAR_DEG)
                return -1;
            if ((ya > y) != (yb > y) && x < xc)
                in = !in;
        }
    }
    return in;
}

int qsmap_districts_covers(const qsmap_districts *d, size_t i, double lat, double lon)
{
    const qsmap_district *t = &d->v[i];
    if (lon < t->min_lon || lon > t->max_lon || lat < t->min_lat || lat > t->max_lat)
        return 0;
    int in = crossing_parity(d, i, lon, lat);
    /* on or next to the boundary: GEOS decides, boundary included */
    return in >= 0 ? in : qsmap_districts_covers_geos(d, i, lat, lon);
}

int qsmap_districts_covers_geos(const qsmap_districts *cd, size_t i, double lat, double lon)
{
    qsmap_districts *d = (qsmap_districts *)cd; /* logically const: see geos_lock */
    char r = 0;
    pthread_mutex_lock(&d->geos_lock);
    GEOSGeometry *pt = geom_locked(d, i, true) ? GEOSGeom_createPointFromXY_r(d->geos, lon, lat)
                                               : NULL;
    if (pt) {
        r = GEOSPreparedIntersects_r(d->geos, d->prep[i], pt);
        GEOSGeom_destroy_r(d->geos, pt);
    }
    pthread_mutex_unlock(&d->geos_lock);
    return r == 1;
}

#define MAX_BOX_CELLS (1u << 20)

static void cell_range(const qsmap_districts *d, double lon0, double lat0, double lon1,
                       double lat1, uint32_t r[4])
{
    double c0 = floor((lon0 - d->cell_min_lon) / d->cell_deg);
    double c1 = floor((lon1 - d->cell_min_lon) / d->cell_deg);
    double r0 = floor((lat0 - d->cell_min_lat) / d->cell_deg);
    double r1 = floor((lat1 - d->cell_min_lat) / d->cell_deg);
    r[0] = (uint32_t)fmax(0, fmin(c0, d->cell_cols - 1));
    r[1] = (uint32_t)fmax(0, fmin(c1, d->cell_cols - 1));
    r[2] = (uint32_t)fmax(0, fmin(r0, d->cell_rows - 1));
    r[3] = (uint32_t)fmax(0, fmin(r1, d->cell_rows - 1));
}

static qsmap_status build_cells(qsmap_districts *d, qsmap_error *err)
{
    double b[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (size_t i = 0; i < d->n; i++) {
        if (d->v[i].ring_count == 0)
            continue;
        b[0] = fmin(b[0], d->v[i].min_lon), b[1] = fmin(b[1], d->v[i].min_lat);
        b[2] = fmax(b[2], d->v[i].max_lon), b[3] = fmax(b[3], d->v[i].max_lat);
    }
    if (!isfinite(b[0]))
        b[0] = b[1] = b[2] = b[3] = 0;
    d->cell_deg = 0.1;
    while (((b[2] - b[0]) / d->cell_deg + 1) * ((b[3] - b[1]) / d->cell_deg + 1) > MAX_BOX_CELLS)
        d->cell_deg *= 2;
    d->cell_min_lon = b[0], d->cell_min_lat = b[1];
    d->cell_cols = (uint32_t)((b[2] - b[0]) / d->cell_deg) + 1;
    d->cell_rows = (uint32_t)((b[3] - b[1]) / d->cell_deg) + 1;
    size_t cells = (size_t)d->cell_cols * d->cell_rows, total = 0;
    d->cell_start = calloc(cells + 1, sizeof *d->cell_start);
    if (!d->cell_start)
        return qsmap_error_set(err, QSMAP_E_NOMEM, d->path, 0, "out of memory");
    /* two passes: count, then fill (file order within each cell) */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < d->n; i++) {
            const qsmap_district *t = &d->v[i];
            if (t->ring_count == 0)
                continue;
            uint32_t r[4];
            cell_range(d, t->min_lon, t->min_lat, t->max_lon, t->max_lat, r);
            for (uint32_t y = r[2]; y <= r[3]; y++)
                for (uint32_t x = r[0]; x <= r[1]; x++) {
                    size_t c = (size_t)y * d->cell_cols + x;
                    if (pass == 0)
                        d->cell_start[c + 1]++;
                    else
                        d->cell_item[d->cell_start[c]++] = (uint32_t)i;
                }
        }
        if (pass == 0) {
            for (size_t c = 0; c < cells; c++)
                d->cell_start[c + 1] += d->cell_start[c];
            total = d->cell_start[cells];
            d->cell_item = malloc((total ? total : 1) * sizeof *d->cell_item);
            if (!d->cell_item)
                return qsmap_error_set(err, QSMAP_E_NOMEM, d->path, 0, "out of memory");
        } else {
            memmove(d->cell_start + 1, d->cell_start, cells * sizeof *d->cell_start);
            d->cell_start[0] = 0;
        }
    }
    return QSMAP_OK;
}

long qsmap_districts_locate(const qsmap_districts *d, double lat, double lon)
{
    if (lon < d->cell_min_lon || lat < d->cell_min_lat ||
        lon > d->cell_min_lon + d->cell_cols * d->cell_deg ||
        lat > d->cell_min_lat + d->cell_rows * d->cell_deg)
        return -1;
    uint32_t r[4];
    cell_range(d, lon, lat, lon, lat, r);
    size_t c = (size_t)r[2] * d->cell_cols + r[0];
    /* items of a cell are in file order: the first that covers wins */
    for (uint32_t k = d->cell_start[c]; k < d->cell_start[c + 1]; k++)
        if (qsmap_districts_covers(d, d->cell_item[k], lat, lon))
            return (long)d->cell_item[k];
    return -1;
}

/* ---- Selection by name -------------------------------------------------- */

static const char *const DISTRICT_PREFIXES[] = {"กิ่งอำเภอ", "อำเภอ", "อ.", "เขต", "amphoe ",
                                                "khet ", NULL};
static const char *const PROVINCE_PREFIXES[] = {"จังหวัด", "จ.", "changwat ", NULL};

static void name_key(const char *s, const char *const *prefixes, char *out, size_t size)
{
    char lower[256];
    size_t n = 0;
    for (; *s && n + 1 < sizeof lower; s++)
        lower[n++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
    lower[n] = '\0';
    qsmap_text_key(qsmap_text_strip_prefix(lower, prefixes), out, size);
}

/* Thai name, English name or pcode: any of them names the place. */
static int names_match(const char *const names[3], const char *const *prefixes,
                       const char *key)
{
    for (int k = 0; k < 3; k++) {
        char nk[256];
        name_key(names[k], prefixes, nk, sizeof nk);
        if (nk[0] && strcmp(nk, key) == 0)
            return 1;
    }
    return 0;
}

static int province_matches(const qsmap_district *t, const char *key)
{
    const char *const names[3] = {t->province_th, t->province_en, t->province_pcode};
    return names_match(names, PROVINCE_PREFIXES, key);
}

static int district_matches(const qsmap_district *t, const char *key)
{
    const char *const names[3] = {t->name_th, t->name_en, t->pcode};
    return names_match(names, DISTRICT_PREFIXES, key);
}

/* "did you mean": the three names closest to what was typed, in the
 * script it was typed in. */
static void suggest(const qsmap_districts *d, const char *query, int provinces, char *out,
                    size_t size)
{
    int ascii = 1;
    for (const char *p = query; *p; p++)
        if ((unsigned char)*p >= 0x80)
            ascii = 0;
    qsmap_closest c = {0};
    for (size_t i = 0; i < d->n; i++) {
        const qsmap_district *t = &d->v[i];
        qsmap_closest_add(&c, query,
                          provinces ? (ascii ? t->province_en : t->province_th)
                                    : (ascii ? t->name_en : t->name_th));
    }
    qsmap_closest_format(&c, ", ", out, size);
}

qsmap_status qsmap_districts_select(const qsmap_districts *d, const char *name,
                                    const char *province, size_t **idx, size_t *n,
                                    qsmap_error *err)
{
    *idx = NULL;
    *n = 0;
    char pkey[256] = "", dkey[256] = "";
    if (province) {
        name_key(province, PROVINCE_PREFIXES, pkey, sizeof pkey);
        int any = 0;
        for (size_t i = 0; i < d->n && !any; i++)
            any = province_matches(&d->v[i], pkey);
        if (!any) {
            char sug[300];
            suggest(d, province, 1, sug, sizeof sug);
            return qsmap_error_set(err, QSMAP_E_NOT_FOUND, d->path, 0,
                                   "no province '%s' (closest: %s)", province, sug);
        }
    }
    if (name)
        name_key(name, DISTRICT_PREFIXES, dkey, sizeof dkey);
    size_t *v = malloc((d->n ? d->n : 1) * sizeof *v), m = 0;
    if (!v)
        return qsmap_error_set(err, QSMAP_E_NOMEM, d->path, 0, "out of memory");
    for (size_t i = 0; i < d->n; i++)
        if ((!province || province_matches(&d->v[i], pkey)) &&
            (!name || district_matches(&d->v[i], dkey)))
            v[m++] = i;
    if (m == 0) {
        free(v);
        char sug[300];
        suggest(d, name ? name : "", 0, sug, sizeof sug);
        if (province) {
            char list[600];
            size_t used = 0;
            list[0] = '\0';
            for (size_t i = 0; i < d->n && used + 8 < sizeof list; i++)
                if (province_matches(&d->v[i], pkey))
                    used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                             used ? ", " : "", d->v[i].name_th);
            return qsmap_error_set(err, QSMAP_E_NOT_FOUND, d->path, 0,
                                   "province '%s' has no district '%s'; its districts are: %s",
                                   province, name, list);
        }
        return qsmap_error_set(err, QSMAP_E_NOT_FOUND, d->path, 0,
                               "no district '%s' (closest: %s)", name ? name : "", sug);
    }
    if (name && !province && m > 1) {
        char list[600];
        size_t used = 0;
        for (size_t k = 0; k < m && used + 8 < sizeof list; k++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s (%s, %s)",
                                     k ? "; " : "", d->v[v[k]].name_th,
                                     d->v[v[k]].province_th, d->v[v[k]].pcode);
        free(v);
        return qsmap_error_set(err, QSMAP_E_AMBIGUOUS, d->path, 0,
                               "district '%s' is in %zu provinces: %s; add --province or give "
                               "the pcode",
                               name, m, list);
    }
    *idx = v;
    *n = m;
    return QSMAP_OK;
}

qsmap_geos *qsmap_geos_new(void)
{
    qsmap_geos *g = calloc(1, sizeof *g);
    if (g && !(g->h = GEOS_init_r())) {
        free(g);
        return NULL;
    }
    if (g) {
        GEOSContext_setErrorHandler_r(g->h, geos_quiet);
        GEOSContext_setNoticeHandler_r(g->h, geos_quiet);
    }
    return g;
}

void qsmap_geos_free(qsmap_geos *g)
{
    if (!g)
        return;
    GEOS_finish_r(g->h);
    free(g);
}

static int label_point(GEOSContextHandle_t h, const GEOSGeometry *geom, double min_lon,
                       double min_lat, double max_lon, double max_lat, double *lat, double *lon)
{
    GEOSGeometry *clip = GEOSClipByRect_r(h, geom, min_lon, min_lat, max_lon, max_lat);
    if (!clip)
        return 0;
    int ok = 0;
    GEOSGeometry *p = GEOSisEmpty_r(h, clip) ? NULL : GEOSPointOnSurface_r(h, clip);
    double x, y;
    if (p && GEOSGeomGetX_r(h, p, &x) == 1 && GEOSGeomGetY_r(h, p, &y) == 1)
        *lon = x, *lat = y, ok = 1;
    if (p)
        GEOSGeom_destroy_r(h, p);
    GEOSGeom_destroy_r(h, clip);
    return ok;
}

int qsmap_districts_label_point(const qsmap_districts *cd, qsmap_geos *g, size_t i,
                                double min_lon, double min_lat, double max_lon, double max_lat,
                                double *lat, double *lon)
{
    qsmap_districts *d = (qsmap_districts *)cd; /* logically const: see geos_lock */
    pthread_mutex_lock(&d->geos_lock);
    const GEOSGeometry *geom = geom_locked(d, i, false);
    /* Once built a polygon is only read, so a caller's own context needs
     * the lock no longer; the shared one does. */
    if (g)
        pthread_mutex_unlock(&d->geos_lock);
    int ok = geom ? label_point(g ? g->h : d->geos, geom, min_lon, min_lat, max_lon, max_lat,
                                lat, lon)
                  : 0;
    if (!g)
        pthread_mutex_unlock(&d->geos_lock);
    return ok;
}

static qsmap_status append_ring(const qsmap_districts *d, const GEOSGeometry *ring,
                                double **xy, uint32_t **off, size_t *nr, size_t *nxy)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(d->geos, ring);
    unsigned n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(d->geos, cs, &n))
        return QSMAP_E_GEOS;
    double *nx = realloc(*xy, (*nxy + n) * 2 * sizeof *nx);
    uint32_t *no = realloc(*off, (*nr + 2) * sizeof *no);
    if (nx)
        *xy = nx;
    if (no)
        *off = no;
    if (!nx || !no)
        return QSMAP_E_NOMEM;
    if (!GEOSCoordSeq_copyToBuffer_r(d->geos, cs, *xy + 2 * *nxy, 0, 0))
        return QSMAP_E_GEOS;
    *nxy += n;
    (*off)[0] = (*nr == 0) ? 0 : (*off)[0];
    (*off)[++*nr] = (uint32_t)*nxy;
    return QSMAP_OK;
}

static qsmap_status union_province(qsmap_districts *d, const char *province_pcode,
                                   double **xy, uint32_t **off, size_t *nrings,
                                   qsmap_error *err)
{
    *xy = NULL, *off = NULL, *nrings = 0;
    GEOSGeometry **parts = malloc(d->n * sizeof *parts);
    if (!parts)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    unsigned np = 0;
    bool built = true;
    for (size_t i = 0; i < d->n && built; i++)
        if (!strcmp(d->v[i].province_pcode, province_pcode)) {
            const GEOSGeometry *g = geom_locked(d, i, false);
            GEOSGeometry *c = g ? GEOSGeom_clone_r(d->geos, g) : NULL;
            if (c)
                parts[np++] = c;
            built = c != NULL;
        }
    GEOSGeometry *coll =
        built ? GEOSGeom_createCollection_r(d->geos, GEOS_GEOMETRYCOLLECTION, parts, np) : NULL;
    if (!built)
        for (unsigned k = 0; k < np; k++)
            GEOSGeom_destroy_r(d->geos, parts[k]);
    free(parts);
    /* The districts tile the province, so a coverage union is exact and fast;
     * fall back to a full union where the simplified tiles do not match. */
    GEOSGeometry *u = coll ? GEOSCoverageUnion_r(d->geos, coll) : NULL;
    if (coll && !u)
        u = GEOSUnaryUnion_r(d->geos, coll);
    if (coll)
        GEOSGeom_destroy_r(d->geos, coll);
    if (!u)
        return qsmap_error_set(err, QSMAP_E_GEOS, d->path, 0,
                               "cannot outline province %s", province_pcode);
    size_t nxy = 0;
    *off = malloc(sizeof **off);
    qsmap_status st = *off ? QSMAP_OK : QSMAP_E_NOMEM;
    if (*off)
        (*off)[0] = 0;
    int ng = GEOSGetNumGeometries_r(d->geos, u);
    for (int g = 0; g < ng && !st; g++) {
        const GEOSGeometry *poly = GEOSGetGeometryN_r(d->geos, u, g);
        if (GEOSGeomTypeId_r(d->geos, poly) != GEOS_POLYGON)
            continue;
        st = append_ring(d, GEOSGetExteriorRing_r(d->geos, poly), xy, off, nrings, &nxy);
        int nh = GEOSGetNumInteriorRings_r(d->geos, poly);
        for (int h = 0; h < nh && !st; h++)
            st = append_ring(d, GEOSGetInteriorRingN_r(d->geos, poly, h), xy, off, nrings,
                             &nxy);
    }
    GEOSGeom_destroy_r(d->geos, u);
    if (st) {
        free(*xy), free(*off);
        *xy = NULL, *off = NULL, *nrings = 0;
        return qsmap_error_set(err, st, d->path, 0, "cannot outline province %s",
                               province_pcode);
    }
    return QSMAP_OK;
}

/* Outlines are unions of many polygons: computed once per province and kept.
 * Not thread-safe while filling; qsmap_districts_outline_all fills every
 * province before threads start. */
qsmap_status qsmap_districts_province_rings(const qsmap_districts *cd,
                                            const char *province_pcode, const double **xy,
                                            const uint32_t **off, size_t *nrings,
                                            qsmap_error *err)
{
    /* The cache does not change what d describes: logically const. */
    qsmap_districts *d = (qsmap_districts *)cd;
    for (size_t k = 0; k < d->noutlines; k++)
        if (!strcmp(d->outlines[k].pcode, province_pcode)) {
            *xy = d->outlines[k].xy, *off = d->outlines[k].off, *nrings = d->outlines[k].nrings;
            return QSMAP_OK;
        }
    province_outline *nv = realloc(d->outlines, (d->noutlines + 1) * sizeof *nv);
    if (!nv)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    d->outlines = nv;
    province_outline *o = &d->outlines[d->noutlines];
    memset(o, 0, sizeof *o);
    snprintf(o->pcode, sizeof o->pcode, "%s", province_pcode);
    pthread_mutex_lock(&d->geos_lock);
    qsmap_status st = union_province(d, province_pcode, &o->xy, &o->off, &o->nrings, err);
    pthread_mutex_unlock(&d->geos_lock);
    if (st)
        return st;
    d->noutlines++;
    *xy = o->xy, *off = o->off, *nrings = o->nrings;
    return QSMAP_OK;
}

qsmap_status qsmap_districts_outline_all(const qsmap_districts *d, qsmap_error *err)
{
    for (size_t i = 0; i < d->n; i++) {
        const double *xy;
        const uint32_t *off;
        size_t nr;
        qsmap_status st =
            qsmap_districts_province_rings(d, d->v[i].province_pcode, &xy, &off, &nr, err);
        if (st)
            return st;
    }
    return QSMAP_OK;
}

void qsmap_district_title(const qsmap_district *d, char *buf, size_t size)
{
    if (!strcmp(d->province_pcode, "TH10"))
        snprintf(buf, size, "เขต%s %s", d->name_th, d->province_th);
    else
        snprintf(buf, size, "อำเภอ%s จังหวัด%s", d->name_th, d->province_th);
}
