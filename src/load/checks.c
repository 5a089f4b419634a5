/* checks.c — whole-table checks of a school table. */
#include "load/checks.h"

#include "load/ids.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Both lines of the first school id seen twice. */
qsmap_status qsmap_check_duplicates(const qsmap_schools *s, qsmap_error *err)
{
    qsmap_id_index x;
    uint32_t dup, first;
    qsmap_status st = qsmap_id_index_build(&x, s, &dup, &first, err);
    qsmap_id_index_free(&x);
    if (st || dup == UINT32_MAX)
        return st;
    const qsmap_school *d = &s->v[dup], *o = &s->v[first];
    return qsmap_error_set(err, QSMAP_E_DUPLICATE, s->path, d->line,
                           "school_id %s appears twice, on %ss %u and %u "
                           "(each school must have one row)",
                           d->id, s->origin.word[0] ? s->origin.word : "line", o->line,
                           d->line);
}

static int in_thailand(double lat, double lon)
{
    return lat >= 5.0 && lat <= 21.0 && lon >= 97.0 && lon <= 106.0;
}

/* Typed in the wrong order, Thai coordinates (lat 5–21, lon 97–106) land
 * off Africa or out of range; most of them land in Thailand once swapped. */
qsmap_status qsmap_check_swapped(const qsmap_schools *s, qsmap_error *err)
{
    size_t as_given = 0, swapped = 0;
    const qsmap_school *first = NULL;
    for (size_t i = 0; i < s->n; i++) {
        const qsmap_school *p = &s->v[i];
        if (in_thailand(p->lat, p->lon))
            as_given++;
        else if (in_thailand(p->lon, p->lat)) {
            swapped++;
            if (!first)
                first = p;
        }
    }
    if (first && swapped > as_given)
        return qsmap_error_set(err, QSMAP_E_VALUE, s->path, first->line,
                               "latitude %g, longitude %g lies outside Thailand, and so do "
                               "%zu of %zu schools; swapped they fall inside: the latitude "
                               "and longitude columns look exchanged (swap their headers)",
                               first->lat, first->lon, swapped, s->n);
    return QSMAP_OK;
}

