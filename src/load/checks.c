/* checks.c — whole-table checks of a school table. */
#include "load/checks.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Open-addressing id set, to report both lines of a duplicated school id. */
qsmap_status qsmap_check_duplicates(const qsmap_schools *s, qsmap_error *err)
{
    size_t cap = 16;
    while (cap < s->n * 2)
        cap <<= 1;
    uint32_t *slot = malloc(cap * sizeof *slot);
    if (!slot)
        return qsmap_error_set(err, QSMAP_E_NOMEM, s->path, 0, "out of memory");
    memset(slot, 0xFF, cap * sizeof *slot);
    qsmap_status st = QSMAP_OK;
    for (size_t i = 0; i < s->n && !st; i++) {
        uint64_t h = 1469598103934665603ull;
        for (const unsigned char *p = (const unsigned char *)s->v[i].id; *p; p++)
            h = (h ^ *p) * 1099511628211ull;
        for (size_t k = h & (cap - 1);; k = (k + 1) & (cap - 1)) {
            if (slot[k] == UINT32_MAX) {
                slot[k] = (uint32_t)i;
                break;
            }
            const qsmap_school *o = &s->v[slot[k]];
            if (strcmp(o->id, s->v[i].id) == 0) {
                st = qsmap_error_set(err, QSMAP_E_DUPLICATE, s->path, s->v[i].line,
                                     "school_id %s appears twice, on lines %u and %u "
                                     "(each school must have one row)",
                                     s->v[i].id, o->line, s->v[i].line);
                break;
            }
        }
    }
    free(slot);
    return st;
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

