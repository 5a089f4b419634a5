/* select.c — which networks of the list a run is about: --all (every one),
 * --id 12,15 (those), --office NAME (the networks with a school of the
 * office). A network stays whole: its rows are never split by a selection. */
#include "networks/networks.h"

#include "base/text.h"
#include "base/utf8.h"

#include <stdio.h>
#include <string.h>

/* The closest network ids to a missing one, for the message. */
static void closest_ids(const qsmap_networks *nw, const char *want, char *out, size_t size)
{
    qsmap_closest c = {0};
    for (size_t k = 0; k < nw->n; k++)
        qsmap_closest_add(&c, want, nw->v[k].id);
    qsmap_closest_format(&c, ", ", out, size);
}

qsmap_status qsmap_networks_select_ids(qsmap_networks *nw, const char *ids, qsmap_error *err)
{
    for (size_t k = 0; k < nw->n; k++)
        nw->v[k].selected = false;
    const char *p = ids;
    while (*p) {
        size_t len = strcspn(p, ",");
        char key[128];
        qsmap_text_printf(key, sizeof key, "%.*s", (int)len, p);
        char *s = key; /* blanks trimmed: "12, 15" */
        while (*s == ' ')
            s++;
        size_t n = strlen(s);
        while (n && s[n - 1] == ' ')
            s[--n] = '\0';
        bool found = false;
        for (size_t k = 0; k < nw->n && n; k++)
            if (strcmp(nw->v[k].id, s) == 0)
                nw->v[k].selected = found = true;
        if (!found) {
            char near[300];
            closest_ids(nw, s, near, sizeof near);
            return qsmap_error_set(err, QSMAP_E_NOT_FOUND, nw->path, 0,
                                   "no network '%s' in the list (%zu networks; closest: %s)",
                                   s, nw->n, near[0] ? near : "none");
        }
        p += len + (p[len] == ',');
    }
    return QSMAP_OK;
}

size_t qsmap_networks_select_office(qsmap_networks *nw, const qsmap_office *o)
{
    size_t n = 0;
    for (size_t k = 0; k < nw->n; k++) {
        qsmap_network *net = &nw->v[k];
        net->selected = false;
        for (uint32_t j = net->first; j < net->first + net->count && !net->selected; j++) {
            uint32_t s = nw->rows[j].school;
            net->selected = s != QSMAP_NO_SCHOOL && qsmap_office_has(o, &nw->schools->v[s]);
        }
        n += net->selected;
    }
    return n;
}
