/* gdal.c — the GDAL module from the core's side (load/gdal.h): loading it,
 * choosing which inputs go through it, and the columns a school table or
 * roles list needs, which decide the layer or sheet and its header row. */
#include "load/gdal.h"

#include "base/module.h"
#include "base/paths.h"
#include "base/text.h"
#include "base/utf8.h"
#include "load/columns.h"
#include "load/shapefile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct qsmap_gdal {
    void *handle;
    const qsmap_gdal_api *api;
};

static bool is_connection(const char *path)
{
    return strncmp(path, "PG:", 3) == 0;
}

bool qsmap_gdal_wanted_table(const char *path)
{
    if (is_connection(path))
        return true;
    const char *ext = qsmap_path_extension(path);
    static const char *const GIS[] = {"xlsx", "ods", "gpkg", "geojson", "json", "kml", "kmz",
                                      "shp", "fgb", "gml", "sqlite"};
    for (size_t k = 0; k < sizeof GIS / sizeof *GIS; k++)
        if (strcasecmp(ext, GIS[k]) == 0)
            return true;
    return false;
}

bool qsmap_gdal_wanted_boundaries(const char *path)
{
    if (is_connection(path))
        return true;
    const char *ext = qsmap_path_extension(path);
    if (strcasecmp(ext, "shp") == 0)
        return !qsmap_shapefile_lonlat_wgs84(path);
    /* no extension, or one GDAL may know: the shapefile reader's message
     * for a missing file is the clearer one */
    return ext[0] && qsmap_gdal_wanted_table(path);
}

qsmap_status qsmap_gdal_new(qsmap_gdal **out, qsmap_error *err)
{
    *out = NULL;
    qsmap_gdal *g = calloc(1, sizeof *g);
    if (!g)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    void *entry;
    qsmap_status st = qsmap_module_open("qsmap-gdal.so", "qsmap_gdal_module",
                                        "the GDAL reader (for spreadsheets, GIS layers and "
                                        "reprojection)",
                                        QSMAP_E_IO, &g->handle, &entry, err);
    if (st) {
        free(g);
        return st;
    }
    const qsmap_gdal_api *(*fn)(void) = NULL;
    *(void **)&fn = entry;
    g->api = fn();
    if (g->api->version != QSMAP_GDAL_API_VERSION) {
        qsmap_gdal_free(g);
        return qsmap_error_set(err, QSMAP_E_IO, "qsmap-gdal.so", 0,
                               "the GDAL reader is of another qsmap version (reinstall)");
    }
    g->api->init();
    *out = g;
    return QSMAP_OK;
}

void qsmap_gdal_free(qsmap_gdal *g)
{
    if (!g)
        return;
    qsmap_module_close(g->handle);
    free(g);
}

const qsmap_gdal_api *qsmap_gdal_calls(const qsmap_gdal *g)
{
    return g->api;
}

void qsmap_gdal_display_name(const char *path, char *out, size_t size)
{
    qsmap_text_copy(out, size, path);
    if (!is_connection(path))
        return;
    char *pw = strstr(out, "password=");
    if (!pw)
        return;
    char *end = pw + 9;
    while (*end && *end != ' ')
        end++;
    char rest[512];
    qsmap_text_copy(rest, sizeof rest, end);
    snprintf(pw + 9, size - (size_t)(pw + 9 - out), "***%s", rest);
}

/* ---- what a school table and a roles list need ----------------------- */

void qsmap_gdal_prefer_planner(char **names, const bool *own, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (!own[k])
            continue;
        qsmap_column c = qsmap_column_named(names[k], strlen(names[k]));
        for (size_t j = 0; c < COL_COUNT && j < n; j++)
            if (!own[j] && qsmap_column_named(names[j], strlen(names[j])) == c) {
                names[k][0] = '\0';
                break;
            }
    }
}

const char *qsmap_gdal_lacking(char **names, size_t n, const qsmap_column *need,
                               size_t nneed, bool have[COL_COUNT])
{
    for (int c = 0; c < COL_COUNT; c++)
        have[c] = false;
    for (size_t k = 0; k < n; k++) {
        qsmap_column c = qsmap_column_named(names[k], strlen(names[k]));
        if (c < COL_COUNT)
            have[c] = true;
    }
    for (size_t k = 0; k < nneed; k++)
        if (!have[need[k]])
            return qsmap_column_name(need[k]);
    return NULL;
}

static int accept_schools(void *ctx, char **names, const bool *own, size_t n, bool points,
                          char *why, size_t why_size)
{
    (void)ctx;
    qsmap_gdal_prefer_planner(names, own, n);
    static const qsmap_column NEED[] = {COL_ID, COL_NAME};
    bool have[COL_COUNT];
    const char *miss = qsmap_gdal_lacking(names, n, NEED, 2, have);
    if (!miss && have[COL_LAT] && have[COL_LON])
        return QSMAP_GDAL_TAKE;
    if (!miss && points && !have[COL_LAT] && !have[COL_LON])
        return QSMAP_GDAL_TAKE_POINTS;
    if (!miss)
        miss = points ? "latitude or longitude (give both, or neither and the points)"
                      : (!have[COL_LAT] ? "latitude" : "longitude");
    snprintf(why, why_size, "no %s", miss);
    return QSMAP_GDAL_SKIP;
}

static qsmap_status gdal_table(qsmap_gdal *g, const char *path, const char *layer,
                               qsmap_gdal_accept_fn accept, qsmap_gdal_table *t,
                               qsmap_error *err)
{
    qsmap_gdal_table_opts o = {layer, accept, NULL};
    qsmap_status st = g->api->table(path, &o, t, err);
    if (st && err && is_connection(path))
        qsmap_gdal_display_name(path, err->file, sizeof err->file);
    return st;
}

qsmap_status qsmap_gdal_schools(qsmap_gdal *g, const char *path, const char *layer,
                                qsmap_encoding enc, qsmap_schools **out, qsmap_error *err)
{
    *out = NULL;
    char name[512];
    qsmap_gdal_display_name(path, name, sizeof name);
    qsmap_gdal_table t;
    qsmap_status st = gdal_table(g, path, layer, accept_schools, &t, err);
    if (st)
        return st;
    /* GDAL gives UTF-8, but a shapefile without a .cpg its own bytes */
    qsmap_schools_options so = {enc, t.units, t.nunits, &t.origin};
    st = qsmap_schools_parse(t.text, t.len, name, &so, out, err);
    g->api->table_free(&t);
    return st;
}

qsmap_status qsmap_gdal_read_table(qsmap_gdal *g, const char *path, const char *layer,
                                   qsmap_gdal_accept_fn accept, qsmap_csv_each each, void *ctx,
                                   qsmap_origin *origin, qsmap_error *err)
{
    qsmap_gdal_table t;
    qsmap_status st = gdal_table(g, path, layer, accept, &t, err);
    if (st)
        return st;
    *origin = t.origin;
    qsmap_csv c;
    qsmap_csv_init(&c, t.text, t.len);
    c.units = t.units, c.nunits = t.nunits;
    st = each(ctx, &c, err);
    if (st && err && err->line > 0)
        err->origin = t.origin;
    qsmap_csv_free(&c);
    g->api->table_free(&t);
    return st;
}
