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
    COL_PCODE, /* the district's pcode (ADM2_PCODE), as the default table has it */
    /* participation by academic year (network_status_2565, …): the two
     * latest year columns, earlier first, matched by year, not by alias */
    COL_PART_Y0,
    COL_PART_Y1,
    COL_COUNT
} qsmap_column;


/* The column's canonical name ("school_id"), as messages say it. */
const char *qsmap_column_name(qsmap_column c);

/* Where each column is in a table's records. */
typedef struct {
    int col[COL_COUNT]; /* field index of each column, or -1 */
    size_t nfields;
    int year[2];        /* the academic years (B.E.) of COL_PART_Y0/Y1, or 0 */
} qsmap_header_map;

/* The column a header names (any alias, compared as qsmap_text_key
 * compares), or COL_COUNT for none. */
qsmap_column qsmap_column_named(const char *header, size_t len);

/* Map a header record to columns: each column to the field that names it;
 * QSMAP_E_COLUMN when two fields name the same column (both named, with
 * their positions) or a required one (id, name, latitude, longitude) is
 * missing (with the columns found). */
qsmap_status qsmap_columns_map(const qsmap_field *f, size_t n, const char *name, long line,
                               qsmap_header_map *h, qsmap_error *err);

#endif
