/* projection.c — the map's projection: the district's UTM zone (47N west of
 * 102°E, 48N east of it) on WGS84, through PROJ. A PROJ pipeline string needs
 * no proj.db, so the map works wherever libproj does. */
#include "render/projection.h"

#include <proj.h>
#include <stdlib.h>
#include <string.h>

struct qsmap_projection {
    PJ_CONTEXT *ctx;
    PJ *pj;
    int zone;
};

qsmap_status qsmap_projection_new(double center_lon, qsmap_projection **out,
                                  qsmap_error *err)
{
    *out = NULL;
    qsmap_projection *p = calloc(1, sizeof *p);
    if (!p)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    p->zone = (int)((center_lon + 180.0) / 6.0) + 1;
    if (p->zone < 1 || p->zone > 60)
        p->zone = 47;
    char def[200];
    snprintf(def, sizeof def,
             "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
             "+step +proj=utm +zone=%d +ellps=WGS84",
             p->zone);
    p->ctx = proj_context_create();
    if (p->ctx)
        proj_log_level(p->ctx, PJ_LOG_NONE);
    p->pj = p->ctx ? proj_create(p->ctx, def) : NULL;
    if (!p->pj) {
        int zone = p->zone;
        qsmap_projection_free(p);
        return qsmap_error_set(err, QSMAP_E_PROJ, NULL, 0, "PROJ cannot set up UTM zone %d",
                               zone);
    }
    *out = p;
    return QSMAP_OK;
}

void qsmap_projection_free(qsmap_projection *p)
{
    if (!p)
        return;
    if (p->pj)
        proj_destroy(p->pj);
    if (p->ctx)
        proj_context_destroy(p->ctx);
    free(p);
}

int qsmap_projection_zone(const qsmap_projection *p) { return p->zone; }

void qsmap_projection_forward(const qsmap_projection *p, double lon, double lat, double *x,
                              double *y)
{
    PJ_COORD c = proj_coord(lon, lat, 0, 0);
    c = proj_trans(p->pj, PJ_FWD, c);
    *x = c.xy.x;
    *y = c.xy.y;
}

void qsmap_projection_inverse(const qsmap_projection *p, double x, double y, double *lon,
                              double *lat)
{
    PJ_COORD c = proj_coord(x, y, 0, 0);
    c = proj_trans(p->pj, PJ_INV, c);
    *lon = c.xy.x;
    *lat = c.xy.y;
}
