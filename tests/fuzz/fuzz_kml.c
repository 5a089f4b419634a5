/* fuzz_kml.c — libFuzzer target for the KML description parser
 * (src/load/gdal/gdal_kml.c): the text a Google Earth user typed into a
 * placemark, HTML or not, turned into key/value fields.
 *
 * Input: the description's bytes (NUL-terminated copy). Invariants: every
 * key is non-empty, and key and value are NUL-terminated inside the
 * description's length (a field is never longer than the text). */
#include "load/gdal/gdal_util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t len;
    size_t fields;
} seen;

static void each(void *ctx, const char *key, const char *value)
{
    seen *s = ctx;
    if (!key[0] || strlen(key) > s->len || strlen(value) > s->len)
        abort();
    s->fields++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    seen s = {size, 0};
    qsmap_kml_description_fields(text, each, &s);
    free(text);
    return 0;
}
