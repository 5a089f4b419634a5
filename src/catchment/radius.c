/* radius.c — reading and writing a radius with its unit ("5km", "5000m"). */
#include "catchment/radius.h"
#include "base/utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_RADIUS_M 100000.0

qsmap_status qsmap_radius_parse(const char *s, double *radius_m, qsmap_error *err)
{
    static const struct {
        const char *unit;
        double scale;
    } UNITS[] = {{"km", 1000}, {"กม.", 1000}, {"กม", 1000}, {"กิโลเมตร", 1000},
                 {"m", 1},     {"ม.", 1},     {"ม", 1},     {"เมตร", 1}};
    char *end;
    double v = strtod(s, &end);
    if (end == s || !isfinite(v))
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "--radius '%s' is not a distance (write 5km or 5000m)", s);
    while (*end == ' ')
        end++;
    char unit[32];
    qsmap_text_copy(unit, sizeof unit, end); /* quoted back: cut between letters */
    for (size_t n = strlen(unit); n && unit[n - 1] == ' ';)
        unit[--n] = '\0';
    end = unit;
    if (!*end)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "--radius '%s' has no unit (write %gkm or %gm)", s, v, v);
    double scale = 0;
    for (size_t i = 0; i < sizeof UNITS / sizeof UNITS[0] && !scale; i++)
        if (strcasecmp(end, UNITS[i].unit) == 0)
            scale = UNITS[i].scale;
    if (!scale)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "--radius '%s': unknown unit '%s' (use km or m)", s, end);
    v *= scale;
    if (v <= 0)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "--radius '%s' must be greater than zero", s);
    if (v > MAX_RADIUS_M)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "--radius '%s' is over 100 km, more than any catchment; "
                               "did you mean %gm?",
                               s, v / scale);
    *radius_m = v;
    return QSMAP_OK;
}

void qsmap_radius_label(double radius_m, char *buf, size_t size)
{
    if (radius_m >= 1000 && fmod(radius_m, 100) == 0)
        snprintf(buf, size, "%gkm", radius_m / 1000);
    else
        snprintf(buf, size, "%gm", radius_m);
}
