/* geodesic.c — distances and forward points on the WGS84 ellipsoid through
 * PROJ's geodesic.h (Karney's algorithm, the one GeodSolve and PostGIS use),
 * and the conservative lat/lon box that feeds the spatial index. */
#include "catchment/geodesic.h"

#include <geodesic.h>
#include <math.h>

#define WGS84_A 6378137.0
#define WGS84_F (1 / 298.257223563)
#define M_PI_CONST 3.14159265358979323846
#define DEG (M_PI_CONST / 180.0)

void qsmap_geod_wgs84(struct geod_geodesic *g) { geod_init(g, WGS84_A, WGS84_F); }

/* The ellipsoid is a constant; setting it up per call costs little next to
 * geod_inverse and keeps this module free of mutable globals. Loops use
 * qsmap_geod_wgs84 once instead. */
static struct geod_geodesic wgs84(void)
{
    struct geod_geodesic g;
    qsmap_geod_wgs84(&g);
    return g;
}

double qsmap_geod_distance(double lat1, double lon1, double lat2, double lon2)
{
    struct geod_geodesic g = wgs84();
    double s12;
    geod_inverse(&g, lat1, lon1, lat2, lon2, &s12, NULL, NULL);
    return s12;
}

void qsmap_geod_direct(double lat, double lon, double azi_deg, double dist_m, double *lat2,
                       double *lon2)
{
    struct geod_geodesic g = wgs84();
    geod_direct(&g, lat, lon, azi_deg, dist_m, lat2, lon2, NULL);
}

/* A degree of latitude is never shorter than on the equator's meridian
 * (a(1-e²)·π/180 = 110574.27 m), and a degree of longitude at latitude φ is
 * at least a·cos φ·π/180; 2% slack covers the gap between a geodesic and the
 * parallel for any radius qsmap accepts (≤ 100 km). The exact test is
 * geod_inverse afterwards, so the box only has to be big enough. */
void qsmap_geod_bbox(double lat, double lon, double r, double *lat0, double *lat1,
                     double *lon0, double *lon1)
{
    double dlat = r / 110574.0 * 1.02 + 1e-9;
    *lat0 = lat - dlat;
    *lat1 = lat + dlat;
    double far = fmax(fabs(*lat0), fabs(*lat1));
    if (far >= 89.0) {
        *lon0 = -180.0, *lon1 = 180.0;
        return;
    }
    double per_deg = WGS84_A * cos(far * DEG) * DEG;
    double dlon = r / per_deg * 1.02 + 1e-9;
    *lon0 = lon - dlon;
    *lon1 = lon + dlon;
}

double qsmap_geod_approx_m(double lat1, double lon1, double lat2, double lon2)
{
    const double e2 = WGS84_F * (2 - WGS84_F);
    double phi = (lat1 + lat2) / 2 * DEG, s = sin(phi), w = sqrt(1 - e2 * s * s);
    double m = WGS84_A * (1 - e2) / (w * w * w), n = WGS84_A / w;
    double dlon = lon2 - lon1;
    if (dlon > 180)
        dlon -= 360;
    else if (dlon < -180)
        dlon += 360;
    double dy = (lat2 - lat1) * DEG * m, dx = dlon * DEG * n * cos(phi);
    return sqrt(dx * dx + dy * dy);
}

double qsmap_geod_lower_bound_m(double approx_m)
{
    return approx_m < 300000.0 ? approx_m * (1 - 0.01) - 1.0 : 0.0;
}

size_t qsmap_geod_circle_vertices(double r)
{
    /* A chord between vertices k apart in azimuth sags r(1 - cos(π/n)) ≈
     * r·π²/(2n²) from the circle; keep that under 0.5 m (half the 1 m the
     * maps promise) for the radius asked. */
    double n = ceil(M_PI_CONST * sqrt(r / (2 * 0.5)));
    return n < 64 ? 64 : (size_t)n;
}

void qsmap_geod_circle(double lat, double lon, double r, size_t n, double *lats, double *lons)
{
    struct geod_geodesic g;
    qsmap_geod_wgs84(&g);
    for (size_t k = 0; k < n; k++)
        geod_direct(&g, lat, lon, 360.0 * (double)k / (double)n, r, &lats[k], &lons[k], NULL);
}
