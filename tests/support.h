/* support.h — helpers shared by the cmocka tests: data paths, reading files,
 * running the CLI in-process with captured output, temporary directories. */
#ifndef QSMAP_TEST_SUPPORT_H
#define QSMAP_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "qsmap/qsmap.h"
#include "cli/cli.h"

/* tests/data/<name> */
const char *test_data(const char *name);
/* ../shared/geodata/<name>, or NULL (after printing why) when ../shared is absent. */
const char *shared_data(const char *name);
/* Whole file, NUL-terminated; NULL if unreadable. Caller frees. */
char *read_all(const char *path, size_t *len);
/* Write bytes to a fresh file in the test's temporary directory; returns its path. */
const char *write_temp(const char *name, const void *data, size_t len);
/* A fresh empty temporary directory for this test process. */
const char *temp_dir(void);

/* The shipped national table and boundaries with a report for เมืองอ่างทอง
 * (TH1501) at 5 km, summarized, marked as sample data: the fixture the
 * writer tests share (cmocka group setup/teardown). */
typedef struct {
    qsmap_schools *s;
    qsmap_districts *d;
    qsmap_report r;
} shipped_fixture;
int shipped_setup(void **state);
/* Rebuild f->r for another district or province (release the old one first). */
int shipped_build(shipped_fixture *f, const char *district, const char *province);
int shipped_teardown(void **state);

/* A district polygon for write_shapefile: rings given as the shapefile
 * stores them (part starts into x/y), and its DBF names. */
typedef struct {
    const char *th, *en, *pcode, *prov;
    int nparts;
    int part_start[3];
    int nv;
    double x[20], y[20];
} test_shape;
/* Write a polygon shapefile (ADM2_TH, ADM2_EN, ADM2_PCODE, ADM1_TH) named
 * `name` in temp_dir(), with a .prj when prj is not NULL; returns the .shp. */
const char *write_shapefile(const char *name, const test_shape *defs, int n, const char *prj);

/* Everything a shell command prints; the test fails if it fails. */
char *command_output(const char *cmd);
/* Run a shell command (printf format) in temp_dir(); fail unless it exits 0. */
void run_sh(const char *fmt, ...);

typedef struct {
    int code;
    char *out; /* captured stdout, NUL-terminated; caller frees with cli_result_free */
    char *err;
    size_t out_len, err_len;
} cli_result;

/* Run qsmap_cli_run with the given NULL-terminated arguments (argv[0] added). */
cli_result run_cli(const char *first, ...);
void cli_result_free(cli_result *r);

/* A CSV file as a table of strings, read with qsmap's own tokenizer (a BOM
 * dropped); the test fails if a row has another number of fields. */
typedef struct {
    char **cell; /* row-major, ncols per row; row 0 the header */
    size_t nrows, ncols;
} csv_table;
csv_table csv_table_read(const char *path);
/* The index of the header's column `name` (the test fails without one). */
size_t csv_col(const csv_table *t, const char *name);
/* Row `row`'s cell of column `name`. */
const char *csv_at(const csv_table *t, size_t row, const char *name);
void csv_table_free(csv_table *t);

#endif
