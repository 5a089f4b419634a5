/* shapefile.c — district polygons from an ESRI shapefile, read through
 * shapelib from memory maps (load/shapefile_mmap.c) and quietly: qsmap
 * words its own errors, with the file's name. A .prj that is not WGS84
 * longitude/latitude, a .shp whose header disagrees with its .shx, shapes
 * that are not polygons, a record with a null or empty shape or a .dbf
 * with another number of rows are refused
 * rather than guessed at; DBF text is read as UTF-8 or CP874 (--encoding,
 * the .cpg, or a guess) and refused where it holds what no output can
 * carry, and each shape's parts become closed rings. */
#include "load/shapefile.h"

#include "base/fileio.h"
#include "base/paths.h"
#include "base/text.h"
#include "base/utf8.h"
#include "load/shapefile_mmap.h"
#include "places/districts_impl.h"

#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static void quiet_error(const char *message)
{
    (void)message; /* qsmap reports shapefile errors itself, with the file name */
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

static void shapefile_base(const char *shp_path, char *base, size_t size);

/* A projected .prj (PROJCS) or a datum other than WGS84 would make every
 * distance wrong: such a shapefile goes to the GDAL reader, which
 * reprojects it (load/gdal.h); this reader refuses it rather than guess. */

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
        if (at[n] && at[n] != '"') /* cut short: between characters */
            n = qsmap_utf8_cut(at, n);
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

bool qsmap_shapefile_lonlat_wgs84(const char *shp_path)
{
    char base[520];
    shapefile_base(shp_path, base, sizeof base);
    return check_prj(base, shp_path, NULL) == QSMAP_OK;
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

/* A name no output can carry (any C0 control, a Unicode noncharacter) is
 * refused as the school table's are: see load/schools.c. */
static qsmap_status check_name(const char *s, const char *field, size_t record,
                               const char *dbfname, qsmap_error *err)
{
    char what[96];
    if (!qsmap_utf8_uncarried(s, what, sizeof what))
        return QSMAP_OK;
    return qsmap_error_set(err, QSMAP_E_VALUE, dbfname, (long)record,
                           "field %s of record %zu holds %s, which no output can carry (fix "
                           "the name in the .dbf)",
                           field, record, what);
}

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
            qsmap_status st = check_name(s, FIELDS[k], i + 1, dbfname, err);
            if (st)
                return st;
        }
        if (!d->v[i].name_th[0] || !d->v[i].pcode[0])
            return qsmap_error_set(err, QSMAP_E_VALUE, dbfname, (long)i + 1,
                                   "record %zu has an empty ADM2_TH or ADM2_PCODE", i + 1);
    }
    return QSMAP_OK;
}

/* Where read_shapes puts vertices and ring offsets, and how much room. */
typedef struct {
    size_t cap_xy, cap_r, nxy;
} ring_room;

/* Part p of shape o as a closed ring after d's others; a degenerate part is
 * left out. QSMAP_E_NOMEM when the room cannot grow. */
static qsmap_status append_part(qsmap_districts *d, const SHPObject *o, int p, ring_room *room)
{
    int a = o->panPartStart[p], b = p + 1 < o->nParts ? o->panPartStart[p + 1] : o->nVertices;
    if (a < 0 || b > o->nVertices || b - a < 3)
        return QSMAP_OK; /* a degenerate ring encloses nothing */
    int closed = o->padfX[a] == o->padfX[b - 1] && o->padfY[a] == o->padfY[b - 1];
    size_t need = (size_t)(b - a) + (closed ? 0 : 1);
    if (need < 4)
        return QSMAP_OK;
    while (room->nxy + need > room->cap_xy) {
        room->cap_xy *= 2;
        double *nx = realloc(d->xy, room->cap_xy * 2 * sizeof *nx);
        if (!nx)
            return QSMAP_E_NOMEM;
        d->xy = nx;
    }
    size_t nxy = room->nxy;
    for (int k = a; k < b; k++, nxy++)
        d->xy[2 * nxy] = o->padfX[k], d->xy[2 * nxy + 1] = o->padfY[k];
    if (!closed)
        d->xy[2 * nxy] = o->padfX[a], d->xy[2 * nxy + 1] = o->padfY[a], nxy++;
    room->nxy = nxy;
    if (d->nrings + 1 >= room->cap_r) {
        room->cap_r *= 2;
        uint32_t *no = realloc(d->off, (room->cap_r + 1) * sizeof *no);
        if (!no)
            return QSMAP_E_NOMEM;
        d->off = no;
    }
    d->off[++d->nrings] = (uint32_t)nxy;
    return QSMAP_OK;
}

/* The box comes from the vertices kept, not the record header: a damaged
 * header (regression: inverted_record_bbox, found by fuzz_shapefile) must
 * not size the district grid or hide points. Vertices v0 .. nxy-1 are
 * district i's. */
static qsmap_status district_box(qsmap_district *dist, const double *xy, size_t v0, size_t nxy,
                                 size_t i, const char *path, qsmap_error *err)
{
    if (!qsmap_district_set_box(dist, xy, v0, nxy))
        return qsmap_error_set(err, QSMAP_E_CRS, path, 0,
                               "shape %zu has coordinates outside longitude/latitude "
                               "range: the file is projected; reproject to EPSG:4326",
                               i + 1);
    return QSMAP_OK;
}

static qsmap_status read_shapes(qsmap_districts *d, SHPHandle shp, const char *path,
                                qsmap_error *err)
{
    /* A vertex takes 16 bytes of the .shp: its size bounds the count, so the
     * vertices go into one allocation (in huge pages) that rarely grows. */
    struct stat st;
    ring_room room = {stat(path, &st) == 0 ? (size_t)st.st_size / 16 + 1024 : 1 << 16, 1024, 0};
    d->xy = qsmap_alloc_huge(room.cap_xy * 2 * sizeof *d->xy);
    d->off = malloc((room.cap_r + 1) * sizeof *d->off);
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
        for (int p = 0; p < o->nParts; p++)
            if (append_part(d, o, p, &room) != QSMAP_OK) {
                SHPDestroyObject(o);
                return qsmap_error_set(err, QSMAP_E_NOMEM, path, 0, "out of memory");
            }
        dist->ring_count = (uint32_t)(d->nrings - dist->first_ring);
        int type = o->nSHPType;
        SHPDestroyObject(o);
        /* A district without a polygon can cover no school: dropping it
         * would lose its schools without a word, and drawing it fails. */
        if (dist->ring_count == 0)
            return qsmap_error_set(err, QSMAP_E_FORMAT, path, 0,
                                   "record %zu (%s %s) has %s: no polygon for the district "
                                   "(draw or repair its polygon, e.g. in QGIS, or delete the "
                                   "record)",
                                   i + 1, dist->pcode, dist->name_th,
                                   type == SHPT_NULL ? "a null shape"
                                                     : "an empty shape (no ring of three "
                                                       "or more points)");
        qsmap_status s = district_box(dist, d->xy, d->off[dist->first_ring], room.nxy, i, path,
                                      err);
        if (s)
            return s;
    }
    return QSMAP_OK;
}

/* The path without ".shp" (or ".SHP"): the shapefile's files are it plus
 * their extensions. */
static void shapefile_base(const char *shp_path, char *base, size_t size)
{
    snprintf(base, size, "%s", shp_path);
    size_t bl = strlen(base);
    if (bl > 4 && (strcmp(base + bl - 4, ".shp") == 0 || strcmp(base + bl - 4, ".SHP") == 0))
        base[bl - 4] = '\0';
}

static const char *const PART_EXT[] = {".shp", ".shx", ".dbf", ".prj", ".cpg"};
#define NPART_EXT (sizeof PART_EXT / sizeof PART_EXT[0])

size_t qsmap_shapefile_parts(const char *shp_path, char (*parts)[QSMAP_SHAPEFILE_PATH],
                             size_t max)
{
    char base[QSMAP_SHAPEFILE_PATH];
    shapefile_base(shp_path, base, sizeof base);
    size_t n = 0;
    for (size_t k = 0; k < NPART_EXT && n + 2 <= max; k++) {
        char upper[8];
        size_t i = 0;
        for (const char *c = PART_EXT[k]; *c; c++)
            upper[i++] = *c >= 'a' && *c <= 'z' ? (char)(*c - 32) : *c;
        upper[i] = '\0';
        snprintf(parts[n++], QSMAP_SHAPEFILE_PATH, "%s%s", base, PART_EXT[k]);
        snprintf(parts[n++], QSMAP_SHAPEFILE_PATH, "%s%s", base, upper);
    }
    return n;
}

/* A shapefile is read by name, three files at least: stdin or a pipe cannot
 * be one, a part of one is named with its .shp, and another format (GeoJSON,
 * GeoPackage, KML) with the way to convert it. */
static qsmap_status check_kind(const char *shp_path, const char *base, qsmap_error *err)
{
    struct stat st;
    bool there = stat(shp_path, &st) == 0;
    if (strcmp(shp_path, "-") == 0 || (there && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)))
        return qsmap_error_set(err, QSMAP_E_FORMAT, shp_path, 0,
                               "the boundaries cannot come from stdin or a pipe: a shapefile "
                               "is three files (.shp, .shx, .dbf) opened by name; name the "
                               ".shp on disk");
    const char *ext = qsmap_path_extension(shp_path);
    if ((there && S_ISDIR(st.st_mode)) || !ext[0] || strcasecmp(ext, "shp") == 0 ||
        file_exists(base, ".shp", ".SHP"))
        return QSMAP_OK;
    for (size_t k = 1; k < NPART_EXT; k++)
        if (strcasecmp(ext, PART_EXT[k] + 1) == 0)
            return qsmap_error_set(err, QSMAP_E_FORMAT, shp_path, 0,
                                   "is the %s of a shapefile: name its .shp "
                                   "(--boundaries %.*s.shp)",
                                   PART_EXT[k], (int)(ext - 1 - shp_path), shp_path);
    return qsmap_error_set(err, QSMAP_E_FORMAT, shp_path, 0,
                           "qsmap reads district boundaries from a shapefile (a .shp with its "
                           ".shx and .dbf beside it), not .%s: convert it with ogr2ogr -f "
                           "\"ESRI Shapefile\" out.shp %s",
                           ext, shp_path);
}

/* The .shp named, its .shx and .dbf beside it, and a .prj that says WGS84
 * if there is one; base is the path without ".shp". */
static qsmap_status check_files(const char *shp_path, const char *base, qsmap_error *err)
{
    qsmap_status s = check_kind(shp_path, base, err);
    if (s)
        return s;
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
    return check_prj(base, shp_path, err);
}

/* Open the .shp/.shx pair and the .dbf (named dbfname in errors). */
static qsmap_status open_files(const char *shp_path, const char *base, const char *dbfname,
                               SHPHandle *shp, DBFHandle *dbf, qsmap_error *err)
{
    SAHooks hooks;
    qsmap_shapefile_hooks(&hooks);
    hooks.Error = quiet_error;
    *shp = SHPOpenLL(base, "rb", &hooks);
    if (!*shp)
        return qsmap_error_set(err, QSMAP_E_FORMAT, shp_path, 0,
                               "not a readable shapefile (.shp or .shx damaged or truncated)");
    *dbf = DBFOpenLL(base, "rb", &hooks);
    if (!*dbf) {
        SHPClose(*shp);
        return qsmap_error_set(err, QSMAP_E_FORMAT, dbfname, 0,
                               "not a readable dBASE table (damaged or truncated)");
    }
    return QSMAP_OK;
}

/* A layer of polygons, at least one, with a row of attributes each: the
 * number of shapes in *count. */
static qsmap_status check_layer(SHPHandle shp, DBFHandle dbf, const char *base,
                                const char *shp_path, size_t *count, qsmap_error *err)
{
    int nent = 0, type = 0;
    SHPGetInfo(shp, &nent, &type, NULL, NULL);
    qsmap_status s = check_shp_header(base, shp_path, type, err);
    if (s)
        return s;
    if (type != SHPT_POLYGON && type != SHPT_POLYGONZ && type != SHPT_POLYGONM)
        return qsmap_error_set(err, QSMAP_E_FORMAT, shp_path, 0,
                               "holds %s shapes, not polygons; give the district boundary "
                               "layer",
                               SHPTypeName(type));
    if (nent <= 0)
        return qsmap_error_set(err, QSMAP_E_EMPTY, shp_path, 0, "holds no shapes");
    if (DBFGetRecordCount(dbf) != nent)
        return qsmap_error_set(err, QSMAP_E_FORMAT, shp_path, 0,
                               "%d shapes but %d rows in the .dbf: the two files do not "
                               "belong together",
                               nent, DBFGetRecordCount(dbf));
    *count = (size_t)nent;
    return QSMAP_OK;
}

qsmap_status qsmap_districts_load(const char *shp_path, qsmap_encoding enc,
                                  qsmap_districts **out, qsmap_error *err)
{
    *out = NULL;
    char base[520];
    shapefile_base(shp_path, base, sizeof base);
    qsmap_status s = check_files(shp_path, base, err);
    if (s)
        return s;
    char dbfname[540];
    snprintf(dbfname, sizeof dbfname, "%s.dbf", base);
    SHPHandle shp;
    DBFHandle dbf;
    s = open_files(shp_path, base, dbfname, &shp, &dbf, err);
    if (s)
        return s;
    qsmap_districts *d = qsmap_districts_new(shp_path);
    if (!d) {
        SHPClose(shp);
        DBFClose(dbf);
        return qsmap_error_set(err, QSMAP_E_NOMEM, shp_path, 0, "out of memory");
    }
    s = check_layer(shp, dbf, base, shp_path, &d->n, err);
    if (!s && !(d->v = calloc(d->n, sizeof *d->v)))
        s = qsmap_error_set(err, QSMAP_E_NOMEM, shp_path, 0, "out of memory");
    if (!s)
        s = read_attributes(d, dbf, dbfname, enc, err);
    if (!s)
        s = read_shapes(d, shp, shp_path, err);
    SHPClose(shp);
    DBFClose(dbf);
    if (!s)
        s = qsmap_districts_build_cells(d, err);
    if (s) {
        qsmap_districts_free(d);
        return s;
    }
    *out = d;
    return QSMAP_OK;
}
