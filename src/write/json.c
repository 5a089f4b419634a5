/* json.c — the pieces of JSON the GeoJSON writers share (json.h). */
#include "write/json.h"

#include <math.h>

/* A JSON string: quotes, backslashes and control characters escaped; the
 * rest (UTF-8) as it is. */
void qsmap_json_str(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\b': fputs("\\b", fp); break;
        case '\f': fputs("\\f", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\r': fputs("\\r", fp); break;
        case '\t': fputs("\\t", fp); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(fp, "\\u%04x", *p);
            else
                fputc(*p, fp);
        }
    }
    fputc('"', fp);
}

/* "name": with the comma that separates it from the previous member. */
void qsmap_json_key(FILE *fp, const char *key)
{
    fprintf(fp, ",\"%s\":", key);
}

/* A finite number with `decimals` places, or as %.15g when decimals < 0;
 * anything else is null. */
void qsmap_json_num(FILE *fp, double v, int decimals)
{
    if (!isfinite(v))
        fputs("null", fp);
    else if (decimals < 0)
        fprintf(fp, "%.15g", v);
    else
        fprintf(fp, "%.*f", decimals, v);
}

/* A value of the row tables as JSON: blank is null; distances in metres
 * with 4 decimals (0.1 mm), counts as integers, other numbers as %.15g. */
void qsmap_json_value(FILE *fp, qsmap_val_kind kind, qsmap_row_value v)
{
    if (v.blank)
        fputs("null", fp);
    else if (kind == QSMAP_VAL_TEXT)
        qsmap_json_str(fp, v.text);
    else if (kind == QSMAP_VAL_INT)
        fprintf(fp, "%ld", v.n);
    else
        qsmap_json_num(fp, v.x, kind == QSMAP_VAL_METRES ? 4 : -1);
}

void qsmap_json_pos(FILE *fp, double lon, double lat)
{
    fprintf(fp, "[%.7f,%.7f]", lon, lat);
}

/* Separator between features, and the feature's opening up to its geometry. */
void qsmap_json_begin_feature(FILE *fp, bool *first)
{
    fputs(*first ? "\n" : ",\n", fp);
    *first = false;
    fputs("{\"type\":\"Feature\",\"geometry\":", fp);
}

