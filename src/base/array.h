/* array.h — growing an array by doubling, the one way qsmap's collectors
 * (pairs, candidates, pages, fields) make room. */
#ifndef QSMAP_BASE_ARRAY_H
#define QSMAP_BASE_ARRAY_H

#include <stddef.h>

/* Make room for at least `need` elements of `size` bytes in *v (capacity
 * *cap, doubled from `first`). 0, or -1 with *v and *cap unchanged when
 * memory runs out. */
int qsmap_array_reserve(void **v, size_t *cap, size_t need, size_t size, size_t first);

#endif
