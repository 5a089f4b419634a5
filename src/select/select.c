/* select.c — every district, and quality schools named by id. */
#include "select/select.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

qsmap_status qsmap_select_all(const qsmap_districts *d, size_t **idx, size_t *n,
                              qsmap_error *err)
{
    size_t count = qsmap_districts_count(d);
    size_t *sel = malloc((count ? count : 1) * sizeof *sel);
    if (!sel)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    for (size_t k = 0; k < count; k++)
        sel[k] = k;
    *idx = sel;
    *n = count;
    return QSMAP_OK;
}

qsmap_status qsmap_select_quality_ids(qsmap_schools *s, const char *ids, qsmap_error *err)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", ids);
    for (char *save = NULL, *t = strtok_r(buf, ", ", &save); t;
         t = strtok_r(NULL, ", ", &save)) {
        size_t i = 0;
        while (i < s->n && strcmp(s->v[i].id, t) != 0)
            i++;
        if (i == s->n)
            return qsmap_error_set(err, QSMAP_E_NOT_FOUND, s->path, 0,
                                   "--quality: no school with id %s in the table", t);
        s->v[i].role = QSMAP_ROLE_QUALITY;
    }
    return QSMAP_OK;
}
