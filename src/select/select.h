/* select.h — what a run covers: districts by name (qsmap_districts_select in
 * qsmap.h), every district, an education-area office's quality schools, and
 * quality schools named by id. */
#ifndef QSMAP_SELECT_SELECT_H
#define QSMAP_SELECT_SELECT_H

#include "qsmap/qsmap.h"

#include <stdbool.h>
#include <stddef.h>

/* Every district of d, in file order (caller frees *idx). */
qsmap_status qsmap_select_all(const qsmap_districts *d, size_t **idx, size_t *n,
                              qsmap_error *err);
/* --quality: mark the schools with these ids (comma- or space-separated,
 * any number) as quality schools, for tables (EMIS exports) with no role
 * column; "@FILE" reads them from a file: one id a line, or a CSV whose
 * header names the school id column (load/columns.h's aliases). An id the
 * table lacks is QSMAP_E_NOT_FOUND, at the file's line for ids from a file. */
qsmap_status qsmap_select_quality_ids(qsmap_schools *s, const char *ids, qsmap_error *err);
/* The district a school table's own columns name: its adm2_pcode, else
 * its district (Thai or English name, or pcode) narrowed by its province
 * when it has one; -1 when they name no district of d, or several. */
long qsmap_districts_named_by(const qsmap_districts *d, const char *pcode, const char *district,
                              const char *province);
/* Is district t in the province named (Thai or English name, or pcode)? */
bool qsmap_district_in_province(const qsmap_district *t, const char *province);
#endif
