/* ids.h — a school table's ids in an open-addressing hash set: the
 * duplicate-id check (load/checks.c) and --quality's lookups
 * (select/select.c) both go through it. */
#ifndef QSMAP_LOAD_IDS_H
#define QSMAP_LOAD_IDS_H

#include "qsmap/qsmap.h"

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t *slot; /* school index, or UINT32_MAX for an empty slot */
    size_t mask;
} qsmap_id_index;

/* Index every school of s by id. When two schools share an id, *dup and
 * *first are the later and the earlier (else both UINT32_MAX); the index
 * then holds the first only. QSMAP_E_NOMEM when memory runs out. */
qsmap_status qsmap_id_index_build(qsmap_id_index *x, const qsmap_schools *s, uint32_t *dup,
                                  uint32_t *first, qsmap_error *err);
/* The school with this id (n bytes, not NUL-terminated), or -1. */
long qsmap_id_index_find(const qsmap_id_index *x, const qsmap_schools *s, const char *id,
                         size_t n);
void qsmap_id_index_free(qsmap_id_index *x);

#endif
