/* gdal_util.c — opening datasets, naming layers, CRS transformations and
 * the text buffer the module's readers share. */
#include "load/gdal/gdal_util.h"

#include "base/paths.h"

#include <cpl_conv.h>
#include <cpl_error.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

const char *qsmap_gdal_last_error(char *buf, size_t size, const char *fallback)
{
    const char *m = CPLGetLastErrorMsg();
    snprintf(buf, size, "%s", m && *m ? m : fallback);
    /* GDAL's messages (libpq's among them) run over lines: keep one */
    for (char *p = buf; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = p[1] ? ' ' : '\0';
    return buf;
}

/* Is there a .cpg (or .CPG) beside the shapefile? */
static bool has_cpg(const char *shp)
{
    char p[1100];
    size_t n = strlen(shp) - 4;
    struct stat st;
    for (int k = 0; k < 2; k++) {
        snprintf(p, sizeof p, "%.*s%s", (int)n, shp, k ? ".CPG" : ".cpg");
        if (stat(p, &st) == 0)
            return true;
    }
    return false;
}

qsmap_status qsmap_gdal_open(const char *path, GDALDatasetH *out, bool *sheet,
                             qsmap_error *err)
{
    const char *ext = qsmap_path_extension(path);
    *sheet = strcasecmp(ext, "xlsx") == 0 || strcasecmp(ext, "ods") == 0;
    /* Thread-local: the boundaries may be opening on another thread. */
    if (*sheet) {
        CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "DISABLE");
        CPLSetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", "STRING");
        CPLSetThreadLocalConfigOption("OGR_ODS_HEADERS", "DISABLE");
        CPLSetThreadLocalConfigOption("OGR_ODS_FIELD_TYPES", "STRING");
    }
    struct stat st;
    /* a connection, or a file in GDAL's memory (an upload), has no stat */
    if (strncmp(path, "PG:", 3) != 0 && strncmp(path, "/vsimem/", 8) != 0 &&
        stat(path, &st) != 0)
        return qsmap_error_set(err, QSMAP_E_IO, path, 0, "cannot open: %s", strerror(errno));
    /* A .dbf without a .cpg is, in Thailand, CP874 as often as not; GDAL
     * would read it as Latin-1 and make valid-looking nonsense of the Thai.
     * Its bytes come through as they are, and the core tells UTF-8 from
     * CP874 as it does for CSV files. */
    bool raw = strcasecmp(ext, "shp") == 0 && !has_cpg(path);
    CPLSetThreadLocalConfigOption("SHAPE_ENCODING", raw ? "" : NULL);
    CPLErrorReset();
    *out = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (*out)
        return QSMAP_OK;
    char why[400];
    return qsmap_error_set(err, QSMAP_E_FORMAT, path, 0, "GDAL cannot read it as a table or "
                           "layer: %s",
                           qsmap_gdal_last_error(why, sizeof why, "no driver knows it (damaged, or not the "
                                                 "format its name says)"));
}

void qsmap_gdal_part(OGRLayerH l, bool sheet, char *out, size_t size)
{
    snprintf(out, size, "%s %s", sheet ? "sheet" : "layer", OGR_L_GetName(l));
}

qsmap_status qsmap_gdal_layer_named(GDALDatasetH ds, const char *path, const char *name,
                                    bool sheet, OGRLayerH *out, qsmap_error *err)
{
    int n = GDALDatasetGetLayerCount(ds);
    for (int i = 0; i < n; i++) {
        OGRLayerH l = GDALDatasetGetLayer(ds, i);
        if (l && strcmp(OGR_L_GetName(l), name) == 0) {
            *out = l;
            return QSMAP_OK;
        }
    }
    char names[400] = "";
    size_t used = 0;
    for (int i = 0; i < n && used + 40 < sizeof names; i++)
        used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "",
                                 OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
    /* only --layer/--sheet names one: a bad argument */
    return qsmap_error_set(err, QSMAP_E_USAGE, path, 0, "no %s named '%s' (there are: %s)",
                           sheet ? "sheet" : "layer", name, n ? names : "none");
}

qsmap_status qsmap_gdal_to_wgs84(OGRLayerH l, const char *path, const char *part,
                                 OGRCoordinateTransformationH *out, qsmap_error *err)
{
    *out = NULL;
    OGRSpatialReferenceH src = OGR_L_GetSpatialRef(l);
    if (!src)
        return QSMAP_OK; /* no CRS: lon/lat WGS84 assumed; the readers check the range */
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    /* x = longitude, y = latitude, whatever EPSG's axis order says */
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReferenceH s = OSRClone(src);
    OSRSetAxisMappingStrategy(s, OAMS_TRADITIONAL_GIS_ORDER);
    qsmap_status st = QSMAP_OK;
    if (!OSRIsSame(s, wgs)) {
        CPLErrorReset();
        *out = OCTNewCoordinateTransformation(s, wgs);
        if (!*out) {
            char why[400];
            char *wkt = NULL;
            OSRExportToWkt(s, &wkt);
            st = qsmap_error_set(err, QSMAP_E_CRS, path, 0,
                                 "%s: PROJ finds no way from its CRS to WGS84 (%s): %.120s",
                                 part, qsmap_gdal_last_error(why, sizeof why, "unknown CRS"), wkt ? wkt : "?");
            CPLFree(wkt);
        }
    }
    OSRDestroySpatialReference(s);
    OSRDestroySpatialReference(wgs);
    return st;
}

void qsmap_gdal_buf_add(qsmap_gdal_buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *ns = realloc(b->s, cap);
        if (!ns) {
            b->failed = true;
            return;
        }
        b->s = ns, b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void qsmap_gdal_buf_field(qsmap_gdal_buf *b, const char *s, bool first)
{
    if (!first)
        qsmap_gdal_buf_add(b, ",", 1);
    qsmap_gdal_buf_add(b, "\"", 1);
    for (const char *p = s; *p;) {
        size_t run = strcspn(p, "\r\n\"");
        qsmap_gdal_buf_add(b, p, run);
        p += run;
        if (!*p)
            break;
        /* one record a line, so that a line of the text is one row or
         * feature (module.h); a cell's line break is only layout */
        qsmap_gdal_buf_add(b, *p == '"' ? "\"\"" : " ", *p == '"' ? 2 : 1);
        p++;
    }
    qsmap_gdal_buf_add(b, "\"", 1);
}
