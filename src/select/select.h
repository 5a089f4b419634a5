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
/* --roles FILE: which schools are quality schools, with their colours
 * (and optionally network_status, and role for network schools an office
 * lists), from a CSV beside the school table; it overrides the table's
 * own role, colour and participation columns (overrode says whether the
 * table had any). Ids the table lacks are all collected, each with its
 * line, and then fail the call (QSMAP_E_VALUE): the caller prints them. */
typedef struct {
    long line;
    char id[64];
} qsmap_roles_missing;
typedef struct {
    size_t quality;              /* quality schools after the list */
    bool overrode;               /* the table had role or status columns */
    qsmap_roles_missing *missing; /* owned */
    size_t nmissing;
    qsmap_origin origin; /* the sheet or layer the lines are rows of, if one */
} qsmap_roles_result;
/* gdal: the GDAL reader for a list in a workbook or layer, or NULL. */
typedef struct qsmap_gdal qsmap_gdal;
qsmap_status qsmap_roles_apply(qsmap_schools *s, const char *file, qsmap_gdal *gdal,
                               qsmap_roles_result *out, qsmap_error *err);
/* The same for a CSV list in memory (an upload), named `name` in errors. */
qsmap_status qsmap_roles_apply_memory(qsmap_schools *s, const char *data, size_t len,
                                      const char *name, qsmap_roles_result *out,
                                      qsmap_error *err);
void qsmap_roles_result_free(qsmap_roles_result *r);
/* A report for an office must have one of its quality schools:
 * QSMAP_E_NOT_FOUND naming the office as typed otherwise. */
qsmap_status qsmap_office_require_quality(const qsmap_report *r, const char *typed,
                                          bool districts_asked, qsmap_error *err);
/* The district a school table's own columns name: its adm2_pcode, else
 * its district (Thai or English name, or pcode) narrowed by its province
 * when it has one; -1 when they name no district of d, or several. */
long qsmap_districts_named_by(const qsmap_districts *d, const char *pcode, const char *district,
                              const char *province);
/* Is district t in the province named (Thai or English name, or pcode)? */
bool qsmap_district_in_province(const qsmap_district *t, const char *province);
#endif
