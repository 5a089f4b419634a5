/* columns.h — the columns of a school table and the headers that name
 * them (English, OBEC EMIS, Thai), for every reader of school tables. */
#ifndef QSMAP_LOAD_COLUMNS_H
#define QSMAP_LOAD_COLUMNS_H

#include "load/csv.h"

#include <stddef.h>

typedef enum {
    COL_ID,
    COL_NAME,
    COL_LAT,
    COL_LON,
    COL_STUDENTS,
    COL_TEACHERS,
    COL_AREA,
    COL_ROLE,
    COL_COLOR,
    COL_DISTRICT,
    COL_PROVINCE,
    COL_AFFILIATION,
    COL_PARTICIPATION,
    COL_COUNT
} qsmap_column;


/* The column's canonical name ("school_id"), as messages say it. */
const char *qsmap_column_name(qsmap_column c);

/* Where each column is in a table's records. */
typedef struct {
    int col[COL_COUNT]; /* field index of each column, or -1 */
    size_t nfields;
} qsmap_header_map;

/* Map a header record to columns: each column to the field its first-listed
 * alias names; QSMAP_E_COLUMN (with the columns found) when a required one
 * (id, name, latitude, longitude) is missing. */
qsmap_status qsmap_columns_map(const qsmap_field *f, size_t n, const char *name, long line,
                               qsmap_header_map *h, qsmap_error *err);

#endif
