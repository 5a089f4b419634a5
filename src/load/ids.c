/* ids.c — see ids.h. FNV-1a, linear probing, at most half full. */
#include "load/ids.h"

#include <stdlib.h>
#include <string.h>

static uint64_t id_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t k = 0; k < n; k++)
        h = (h ^ (unsigned char)s[k]) * 1099511628211ull;
    return h;
}

qsmap_status qsmap_id_index_build(qsmap_id_index *x, const qsmap_schools *s, uint32_t *dup,
                                  uint32_t *first, qsmap_error *err)
{
    size_t cap = 16;
    while (cap < s->n * 2)
        cap <<= 1;
    *dup = *first = UINT32_MAX;
    x->slot = malloc(cap * sizeof *x->slot);
    if (!x->slot)
        return qsmap_error_set(err, QSMAP_E_NOMEM, s->path, 0, "out of memory");
    memset(x->slot, 0xFF, cap * sizeof *x->slot);
    x->mask = cap - 1;
    for (size_t i = 0; i < s->n; i++) {
        const char *id = s->v[i].id;
        size_t k = id_hash(id, strlen(id)) & x->mask;
        while (x->slot[k] != UINT32_MAX && strcmp(s->v[x->slot[k]].id, id) != 0)
            k = (k + 1) & x->mask;
        if (x->slot[k] == UINT32_MAX)
            x->slot[k] = (uint32_t)i;
        else if (*dup == UINT32_MAX)
            *dup = (uint32_t)i, *first = x->slot[k];
    }
    return QSMAP_OK;
}

long qsmap_id_index_find(const qsmap_id_index *x, const qsmap_schools *s, const char *id,
                         size_t n)
{
    for (size_t k = id_hash(id, n) & x->mask; x->slot[k] != UINT32_MAX; k = (k + 1) & x->mask) {
        const char *t = s->v[x->slot[k]].id;
        if (strncmp(t, id, n) == 0 && t[n] == '\0')
            return (long)x->slot[k];
    }
    return -1;
}

void qsmap_id_index_free(qsmap_id_index *x)
{
    free(x->slot);
    x->slot = NULL;
}
