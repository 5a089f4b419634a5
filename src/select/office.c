/* office.c — education-area offices (สพป./สพม.) as the school table's
 * affiliation column spells them. */
#include "select/select.h"

#include "base/text.h"

#include <stdio.h>
#include <string.h>

bool qsmap_office_matches(const char *affiliation, const char *office_key)
{
    char k[256];
    qsmap_text_key(affiliation, k, sizeof k);
    return strcmp(k, office_key) == 0;
}

void qsmap_office_closest(const qsmap_schools *s, const char *office, char *out, size_t size)
{
    qsmap_closest c = {0};
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].role == QSMAP_ROLE_QUALITY)
            qsmap_closest_add(&c, office, s->v[i].affiliation);
    qsmap_closest_format(&c, "; ", out, size);
    if (!c.name[0])
        snprintf(out, size, "none: the table has no affiliation column");
}
