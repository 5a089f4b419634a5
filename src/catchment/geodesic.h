/* geodesic.h — geodesics on WGS84 through PROJ (Karney's algorithm), the
 * boxes and bounds that let the join skip most of them, and geodesic
 * circles. Distance and direct problem are public (qsmap.h). */
#ifndef QSMAP_CATCHMENT_GEODESIC_H
#define QSMAP_CATCHMENT_GEODESIC_H

#include <stddef.h>

struct geod_geodesic;
/* Fill g with the WGS84 ellipsoid, for loops that call geod_inverse. */
void qsmap_geod_wgs84(struct geod_geodesic *g);
/* A flat-earth distance with the ellipsoid's radii of curvature at the mean
 * latitude: within 0.1% of the geodesic up to a few hundred km at Thai
 * latitudes. Only to order candidates and to skip those surely too far;
 * answers come from geod_inverse. */
double qsmap_geod_approx_m(double lat1, double lon1, double lat2, double lon2);
/* A distance the geodesic is sure to reach, given qsmap_geod_approx_m's
 * value: 1% and 1 m less, or 0 beyond the few hundred km where that holds. */
double qsmap_geod_lower_bound_m(double approx_m);
/* Vertices a geodesic circle of radius r needs for chords within 0.5 m of it. */
size_t qsmap_geod_circle_vertices(double r);
/* n points at distance r from (lat, lon), azimuths 0, 360/n, … clockwise from north. */
void qsmap_geod_circle(double lat, double lon, double r, size_t n, double *lats,
                       double *lons);
/* A lat/lon box sure to contain every point within r metres of (lat, lon). */
void qsmap_geod_bbox(double lat, double lon, double r, double *lat0, double *lat1,
                     double *lon0, double *lon1);

#endif
