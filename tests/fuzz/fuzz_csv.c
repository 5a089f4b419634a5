/* fuzz_csv.c — libFuzzer target for the school-table reader: text decoding
 * (BOM, UTF-8, CP874), the CSV tokenizer and qsmap_schools_parse.
 *
 * Input: byte 0 picks the encoding option (0 auto, 1 UTF-8, 2 CP874, by
 * value mod 3); the rest is the file. Besides the sanitizers, the target
 * checks what the API promises of a table that loads: every string is there
 * and valid UTF-8, coordinates are finite and in range, counts are whole or
 * QSMAP_MISSING_INT, ids are unique; and of a failure: a status, a message.
 * On every input it also checks qsmap_utf8_invalid_at (a fast byte-range
 * scanner) against a plain decoding validator, and that CP874 decoding
 * yields valid UTF-8. */
#include "qsmap/qsmap.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (!(cond))                                                                       \
            __builtin_trap();                                                              \
    } while (0)

static void check_text(const char *s)
{
    CHECK(s != NULL);
    size_t n = strlen(s);
    CHECK(qsmap_utf8_invalid_at(s, n) == n);
}

/* Reference: decode each sequence and refuse overlongs, surrogates and code
 * points past U+10FFFF (RFC 3629), by value rather than by byte range. */
static size_t ref_utf8_invalid_at(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i], need, min;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xE0) == 0xC0)
            need = 1, min = 0x80;
        else if ((c & 0xF0) == 0xE0)
            need = 2, min = 0x800;
        else if ((c & 0xF8) == 0xF0)
            need = 3, min = 0x10000;
        else
            return i;
        unsigned long cp = c & (0x3Fu >> need);
        for (unsigned k = 1; k <= need; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
                return i;
            cp = cp << 6 | (s[i + k] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += need + 1;
    }
    return len;
}

static void check_encodings(const uint8_t *data, size_t size)
{
    CHECK(qsmap_utf8_invalid_at((const char *)data, size) == ref_utf8_invalid_at(data, size));
    char *out = NULL;
    size_t n = 0, bad = 0;
    qsmap_status st = qsmap_cp874_to_utf8((const char *)data, size, &out, &n, &bad);
    if (st == QSMAP_OK) {
        CHECK(out != NULL && strlen(out) <= n);
        CHECK(ref_utf8_invalid_at((const uint8_t *)out, n) == n);
        free(out);
    } else {
        CHECK(st == QSMAP_E_ENCODING && bad < size && data[bad] >= 0x80);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_encodings(data, size);
    static const qsmap_encoding ENC[3] = {QSMAP_ENC_AUTO, QSMAP_ENC_UTF8, QSMAP_ENC_CP874};
    qsmap_schools_options opt = {.encoding = QSMAP_ENC_AUTO};
    if (size > 0) {
        opt.encoding = ENC[data[0] % 3];
        data++;
        size--;
    }
    qsmap_schools *s = NULL;
    qsmap_error err;
    memset(&err, 0, sizeof err);
    qsmap_status st = qsmap_schools_parse((const char *)data, size, "fuzz.csv", &opt, &s, &err);
    char msg[2048];
    if (st != QSMAP_OK) {
        CHECK(s == NULL);
        CHECK(st == err.status && st > QSMAP_OK && st < QSMAP_STATUS_COUNT);
        qsmap_error_format(&err, msg, sizeof msg);
        CHECK(msg[0] != '\0');
        return 0;
    }
    CHECK(s != NULL && s->n > 0 && s->v != NULL && s->text != NULL);
    for (size_t i = 0; i < s->n; i++) {
        const qsmap_school *p = &s->v[i];
        check_text(p->id);
        check_text(p->name);
        check_text(p->district);
        check_text(p->province);
        check_text(p->affiliation);
        CHECK(p->id[0] != '\0' && p->name[0] != '\0');
        CHECK(isfinite(p->lat) && isfinite(p->lon));
        CHECK(fabs(p->lat) <= 90 && fabs(p->lon) <= 180);
        CHECK(p->students >= QSMAP_MISSING_INT && p->teachers >= QSMAP_MISSING_INT);
        CHECK(p->role == QSMAP_ROLE_NETWORK || p->role == QSMAP_ROLE_QUALITY);
        CHECK(p->color < QSMAP_COLOR_COUNT);
        CHECK(p->role == QSMAP_ROLE_QUALITY || p->color == QSMAP_COLOR_NONE);
        CHECK(isnan(p->area_rai) || p->area_rai >= 0);
        CHECK(p->line >= 1);
        CHECK(qsmap_color_name_th((qsmap_color)p->color) != NULL);
    }
    /* duplicate ids were refused: a quadratic check is fine for fuzz sizes */
    if (s->n <= 256)
        for (size_t i = 0; i < s->n; i++)
            for (size_t j = i + 1; j < s->n; j++)
                CHECK(strcmp(s->v[i].id, s->v[j].id) != 0);
    qsmap_schools_free(s);
    return 0;
}
