/* dataset.h — where the default dataset shipped in geodata/ is. */
#ifndef QSMAP_LOAD_DATASET_H
#define QSMAP_LOAD_DATASET_H

#include "qsmap/qsmap.h"

#include <stddef.h>

/* Paths of the default dataset (build tree or install). */
qsmap_status qsmap_dataset_find(char *schools, size_t ssize, char *boundaries, size_t bsize,
                                qsmap_error *err);

/* A file shipped beside the dataset (office_aliases.csv) in the first
 * folder that has it: 0, or -1 when none does. */
int qsmap_dataset_file(const char *name, char *out, size_t size);

#endif
