/* json.h — JSON values as the GeoJSON writers put them: strings escaped,
 * numbers finite or null, row-table values typed, positions [lon, lat]
 * with 7 decimals (about 1 cm). Both the report's GeoJSON (geojson.c) and
 * the networks' (networks_geojson.c) write through these. */
#ifndef QSMAP_WRITE_JSON_H
#define QSMAP_WRITE_JSON_H

#include "report/rows.h"

#include <stdbool.h>
#include <stdio.h>

/* A JSON string: quotes, backslashes and control characters escaped; the
 * rest (UTF-8) as it is. */
void qsmap_json_str(FILE *fp, const char *s);
/* ,"key": — with the comma that separates it from the previous member. */
void qsmap_json_key(FILE *fp, const char *key);
/* A finite number with `decimals` places (%.15g when < 0); else null. */
void qsmap_json_num(FILE *fp, double v, int decimals);
/* A row-table value: blank is null, metres with 4 decimals, counts as integers. */
void qsmap_json_value(FILE *fp, qsmap_val_kind kind, qsmap_row_value v);
void qsmap_json_pos(FILE *fp, double lon, double lat);
/* The separator before a feature, and its opening up to its geometry. */
void qsmap_json_begin_feature(FILE *fp, bool *first);

#endif
