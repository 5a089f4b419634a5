/* rows.h — the rows of the report as the tables print them, declared once:
 * the pair table (one row per quality→network pair) and the summary (one
 * row per quality school). Each is a table of columns; a column has the
 * key of the CSV header and of GeoJSON properties, the Thai heading of the
 * Excel sheet, the kind of its value and a function that gets its values
 * for a block of rows. The pairs and summary CSV, the workbook's two
 * sheets and the GeoJSON properties all loop over these tables and format
 * values their own way (the CSV distances in metres with 4 decimals, the
 * sheet's in km with 2; blank cells, JSON nulls), so a column added here
 * reaches every format in the same place. It lives in the core (report/)
 * rather than write/ because the workbook is written by the renderer
 * module, which reaches the core through the executable's exports. */
#ifndef QSMAP_REPORT_ROWS_H
#define QSMAP_REPORT_ROWS_H

#include "qsmap/qsmap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a value is, which says how each format writes it. */
typedef enum {
    QSMAP_VAL_TEXT,   /* text, as it is */
    QSMAP_VAL_INT,    /* a count or a sum */
    QSMAP_VAL_METRES, /* a distance in metres */
    QSMAP_VAL_AREA,   /* an area in rai, as the school table gives it */
    QSMAP_VAL_RATIO   /* a ratio or a percentage: 2 decimals everywhere */
} qsmap_val_kind;

/* One cell. blank: no value (no network school in the row, a count the
 * table does not give, NaN): an empty CSV field, a blank cell, JSON null.
 * Otherwise the member of the column's kind holds it (text may be ""). */
typedef struct {
    union {
        const char *text; /* QSMAP_VAL_TEXT */
        long n;           /* QSMAP_VAL_INT */
        double x;         /* QSMAP_VAL_METRES, _AREA, _RATIO */
    };
    bool blank;
} qsmap_row_value;

/* The row a getter reads: the schools it is about and the record it comes
 * from. Columns about a school read only that school (q or n, or its
 * index), so that the GeoJSON can draw on them for its points: a quality
 * school's own figures without the summary having been made. */
typedef struct {
    uint32_t quality, network;        /* school indices; network QSMAP_NO_SCHOOL when none */
    const qsmap_school *q, *n;        /* the schools themselves; n NULL when none */
    const qsmap_pair *pair;           /* pair rows: the pair; else NULL */
    const qsmap_summary_row *summary; /* summary rows: the row; else NULL */
} qsmap_row;

/* When a column is in the table at all. */
typedef enum {
    QSMAP_COL_ALWAYS,
    QSMAP_COL_IF_PARTICIPATION, /* the school table reports network participation */
    QSMAP_COL_IF_SAMPLE,        /* the positions are the shipped synthetic sample */
    QSMAP_COL_IF_BY_TABLE       /* a quality school is listed under its table's district */
} qsmap_col_when;

/* The values of a column in rows[0..n-1], into out[0..n-1]. A column at a
 * time, a block of rows per call: with a call through a pointer per cell
 * the national CSV took ~40% longer than when it was written out by hand;
 * a block also lets the cache misses on the school records overlap. */
typedef void (*qsmap_row_getter)(const qsmap_report *r, const qsmap_row *rows, size_t n,
                                  int arg, qsmap_row_value *out);

typedef struct {
    const char *key;     /* CSV header, GeoJSON property */
    const char *th;      /* Excel heading; NULL: made by heading() */
    void (*heading)(const qsmap_report *r, int arg, char *buf, size_t size);
    qsmap_val_kind kind;
    qsmap_col_when when;
    qsmap_row_getter get;
    int arg;             /* passed to get and heading (a participation kind) */
} qsmap_row_col;

/* The columns of the pair table, in its order (the index of each in
 * qsmap_pair_cols, for the GeoJSON's properties). */
enum {
    QSMAP_PAIR_DISTRICT, QSMAP_PAIR_PCODE, QSMAP_PAIR_QUALITY_ID, QSMAP_PAIR_QUALITY_NAME,
    QSMAP_PAIR_QUALITY_COLOR, QSMAP_PAIR_NETWORK_ID, QSMAP_PAIR_NETWORK_NAME,
    QSMAP_PAIR_NETWORK_DISTRICT, QSMAP_PAIR_DISTANCE, QSMAP_PAIR_AREA, QSMAP_PAIR_STUDENTS,
    QSMAP_PAIR_TEACHERS, QSMAP_PAIR_QUALITY_COUNT, QSMAP_PAIR_NEAREST_QUALITY,
    QSMAP_PAIR_QUALITY_LOCATED, QSMAP_PAIR_DATA_NOTE, QSMAP_PAIR_NCOLS
};

/* The columns of the summary, in its order. */
enum {
    QSMAP_SUM_DISTRICT, QSMAP_SUM_QUALITY_ID, QSMAP_SUM_QUALITY_NAME, QSMAP_SUM_QUALITY_COLOR,
    QSMAP_SUM_QUALITY_STUDENTS, QSMAP_SUM_QUALITY_TEACHERS, QSMAP_SUM_AREA,
    QSMAP_SUM_NETWORK_COUNT, QSMAP_SUM_NETWORK_STUDENTS, QSMAP_SUM_NETWORK_TEACHERS,
    QSMAP_SUM_SMALL_SCHOOLS, QSMAP_SUM_STUDENTS_MERGED, QSMAP_SUM_TEACHERS_MERGED,
    QSMAP_SUM_RATIO_MERGED, QSMAP_SUM_JOINT, QSMAP_SUM_JOINT_PCT, QSMAP_SUM_SHARED,
    QSMAP_SUM_SHARED_PCT, QSMAP_SUM_NOT_JOINED, QSMAP_SUM_NOT_JOINED_PCT,
    QSMAP_SUM_QUALITY_LOCATED, QSMAP_SUM_DATA_NOTE, QSMAP_SUM_NCOLS
};

extern const qsmap_row_col qsmap_pair_cols[QSMAP_PAIR_NCOLS];
extern const qsmap_row_col qsmap_summary_cols[QSMAP_SUM_NCOLS];

/* A kind of row: its columns, how many rows a report has, and rows
 * first..first+n-1 into out[0..n-1]. */
typedef struct {
    const qsmap_row_col *cols;
    size_t ncols;
    size_t (*count)(const qsmap_report *r);
    void (*at)(const qsmap_report *r, size_t first, size_t n, qsmap_row *out);
} qsmap_row_table;

extern const qsmap_row_table qsmap_pair_rows, qsmap_summary_rows;

/* The most columns a table has, and the rows a cursor holds at a time. */
#define QSMAP_ROW_MAX_COLS 24
#define QSMAP_ROW_BLOCK 32

/* Whether the column is in r's tables (participation, the sample note, how
 * quality schools were placed). */
bool qsmap_row_col_shown(const qsmap_row_col *c, const qsmap_report *r);
/* The column's Excel heading: c->th, or made into buf. */
const char *qsmap_row_col_heading(const qsmap_row_col *c, const qsmap_report *r, char *buf,
                                  size_t size);

/* Row i of table t, and the value of column c in it (GeoJSON features). */
qsmap_row qsmap_row_at(const qsmap_row_table *t, const qsmap_report *r, size_t i);
qsmap_row_value qsmap_row_value_of(const qsmap_row_col *c, const qsmap_report *r,
                                   const qsmap_row *row);

/* A table's rows for a writer: its shown columns, then a block of rows at
 * a time with every shown value. On the stack (~14 KB): no allocation. */
typedef struct {
    const qsmap_row_table *t;
    const qsmap_report *r;
    const qsmap_row_col *cols[QSMAP_ROW_MAX_COLS]; /* the columns r shows, in order */
    size_t ncols;
    size_t next, nrows;      /* the next row to fetch; the table's rows */
    size_t n;                /* rows in the block */
    qsmap_row rows[QSMAP_ROW_BLOCK];
    qsmap_row_value v[QSMAP_ROW_MAX_COLS][QSMAP_ROW_BLOCK]; /* v[k][j]: column k, row j */
} qsmap_row_cursor;

void qsmap_row_cursor_init(qsmap_row_cursor *c, const qsmap_row_table *t, const qsmap_report *r);
/* The next block into c->rows and c->v; false when every row is done. */
bool qsmap_row_cursor_next(qsmap_row_cursor *c);

#endif
