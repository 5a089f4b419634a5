/* columns.c — the header aliases of school tables in one table, and the
 * mapping of a header record onto them. */
#include "load/columns.h"

#include "base/text.h"
#include "base/utf8.h"

#include <stdio.h>
#include <string.h>

static const char *const COLUMN_NAMES[COL_COUNT] = {
    "school_id", "name_th",  "latitude", "longitude",    "students",    "teachers",
    "area_rai",  "role",     "quality_color", "district", "province", "affiliation",
    "network_status", "adm2_pcode", "network_status_<year>", "network_status_<year>",
};

/* Every header qsmap accepts for each column, compared by qsmap_text_key
 * (case, spaces, dots and underscores ignored). A table may name a column
 * once: two headers of one column (lat and latitude, district and อำเภอ)
 * are refused rather than one of them silently read. */
static const struct {
    const char *alias;
    qsmap_column col;
} ALIASES[] = {
    {"school_id", COL_ID},         {"school_id_10", COL_ID},
    {"รหัสโรงเรียน", COL_ID},        {"รหัสสถานศึกษา", COL_ID},
    {"name_th", COL_NAME},         {"name", COL_NAME},
    {"school_name", COL_NAME},     {"ชื่อโรงเรียน", COL_NAME},
    {"ชื่อสถานศึกษา", COL_NAME},      {"latitude", COL_LAT},
    {"lat", COL_LAT},              {"ละติจูด", COL_LAT},
    {"longitude", COL_LON},        {"lon", COL_LON},
    {"lng", COL_LON},              {"ลองจิจูด", COL_LON},
    {"students", COL_STUDENTS},    {"students_total", COL_STUDENTS},
    {"จำนวนนักเรียน", COL_STUDENTS},  {"นักเรียน", COL_STUDENTS},
    {"teachers", COL_TEACHERS},    {"teachers_total", COL_TEACHERS},
    {"จำนวนครู", COL_TEACHERS},      {"ครู", COL_TEACHERS},
    {"area_rai", COL_AREA},        {"พื้นที่(ไร่)", COL_AREA},
    {"พื้นที่", COL_AREA},            {"role", COL_ROLE},
    {"บทบาท", COL_ROLE},           {"ประเภทโรงเรียน", COL_ROLE},
    {"quality_color", COL_COLOR},  {"color", COL_COLOR},
    {"สี", COL_COLOR},              {"ระดับความพร้อม", COL_COLOR},
    {"district", COL_DISTRICT},    {"อำเภอ", COL_DISTRICT},
    {"province", COL_PROVINCE},    {"จังหวัด", COL_PROVINCE},
    {"affiliation", COL_AFFILIATION}, {"สังกัด", COL_AFFILIATION},
    {"network_status", COL_PARTICIPATION},   {"สถานะเครือข่าย", COL_PARTICIPATION},
    {"สถานะ", COL_PARTICIPATION},
    {"adm2_pcode", COL_PCODE},     {"รหัสอำเภอ", COL_PCODE},
};

const char *qsmap_column_name(qsmap_column c)
{
    return (unsigned)c < COL_COUNT ? COLUMN_NAMES[c] : "";
}

qsmap_column qsmap_column_named(const char *header, size_t len)
{
    char raw[256], key[128];
    len = len < sizeof raw - 1 ? len : sizeof raw - 1;
    memcpy(raw, header, len);
    raw[len] = '\0';
    qsmap_text_key(raw, key, sizeof key);
    for (size_t a = 0; a < sizeof ALIASES / sizeof ALIASES[0]; a++) {
        char akey[128];
        qsmap_text_key(ALIASES[a].alias, akey, sizeof akey);
        if (strcmp(key, akey) == 0)
            return ALIASES[a].col;
    }
    return COL_COUNT;
}

/* The academic year a participation-by-year header names
 * ("network_status_2566", "สถานะเครือข่าย 2566", "สถานะ2566"; a year of the
 * common era, 2023, is read as 2566), or 0. */
static int year_column(const char *s, size_t len)
{
    static const char *const PREFIXES[] = {"network_status", "สถานะเครือข่าย", "สถานะ",
                                           "สถานะปีการศึกษา"};
    char raw[256], key[256];
    if (len >= sizeof raw)
        return 0;
    memcpy(raw, s, len);
    raw[len] = '\0';
    qsmap_text_key(raw, key, sizeof key);
    size_t klen = strlen(key);
    if (klen < 5)
        return 0;
    const char *digits = key + klen - 4;
    int year = 0;
    for (int k = 0; k < 4; k++) {
        if (digits[k] < '0' || digits[k] > '9')
            return 0;
        year = year * 10 + (digits[k] - '0');
    }
    for (size_t p = 0; p < sizeof PREFIXES / sizeof *PREFIXES; p++) {
        char pk[128];
        qsmap_text_key(PREFIXES[p], pk, sizeof pk);
        if (strlen(pk) == klen - 4 && strncmp(pk, key, klen - 4) == 0)
            return year < 2400 ? year + 543 : year;
    }
    return 0;
}

/* The two latest year columns into COL_PART_Y0 (earlier) and COL_PART_Y1. */
static qsmap_status map_years(const qsmap_field *f, size_t n, const char *name, long line,
                              qsmap_header_map *h, qsmap_error *err)
{
    int at[2] = {-1, -1};
    h->year[0] = h->year[1] = 0;
    for (size_t i = 0; i < n; i++) {
        int y = year_column(f[i].s, f[i].len);
        if (!y)
            continue;
        for (size_t j = 0; j < i; j++)
            if (year_column(f[j].s, f[j].len) == y)
                return qsmap_error_set(err, QSMAP_E_COLUMN, name, line,
                                       "column %zu '%.*s' and column %zu '%.*s' both give "
                                       "participation in %d (keep one of them)",
                                       j + 1, (int)f[j].len, f[j].s, i + 1, (int)f[i].len,
                                       f[i].s, y);
        if (y > h->year[1])
            at[0] = at[1], h->year[0] = h->year[1], at[1] = (int)i, h->year[1] = y;
        else if (y > h->year[0])
            at[0] = (int)i, h->year[0] = y;
    }
    h->col[COL_PART_Y0] = at[0];
    h->col[COL_PART_Y1] = at[1];
    return QSMAP_OK;
}

qsmap_status qsmap_columns_map(const qsmap_field *f, size_t n, const char *name, long line,
                               qsmap_header_map *h, qsmap_error *err)
{
    for (int c = 0; c < COL_COUNT; c++)
        h->col[c] = -1;
    h->nfields = n;
    qsmap_status st = map_years(f, n, name, line, h, err);
    if (st)
        return st;
    for (size_t i = 0; i < n; i++) {
        qsmap_column c = qsmap_column_named(f[i].s, f[i].len);
        if (c == COL_COUNT)
            continue;
        int j = h->col[c];
        if (j >= 0)
            return qsmap_error_set(err, QSMAP_E_COLUMN, name, line,
                                   "column %d '%.*s' and column %zu '%.*s' both name %s "
                                   "(keep one of them: delete or rename the other)",
                                   j + 1, (int)f[j].len, f[j].s, i + 1, (int)f[i].len,
                                   f[i].s, COLUMN_NAMES[c]);
        h->col[c] = (int)i;
    }
    static const qsmap_column REQUIRED[] = {COL_ID, COL_NAME, COL_LAT, COL_LON};
    for (size_t r = 0; r < sizeof REQUIRED / sizeof REQUIRED[0]; r++) {
        if (h->col[REQUIRED[r]] >= 0)
            continue;
        char found[400];
        size_t used = 0;
        found[0] = '\0';
        for (size_t i = 0; i < n && used + 4 < sizeof found; i++) {
            int w = snprintf(found + used, sizeof found - used, "%s%.*s", i ? ", " : "",
                             (int)f[i].len, f[i].s);
            if (w < 0 || (size_t)w >= sizeof found - used) {
                /* "..." where a header name was cut: between characters */
                snprintf(found + qsmap_utf8_cut(found, sizeof found - 5), 5, "...");
                break;
            }
            used += (size_t)w;
        }
        return qsmap_error_set(err, QSMAP_E_COLUMN, name, line,
                               "no column '%s' (found: %s)", COLUMN_NAMES[REQUIRED[r]],
                               found);
    }
    return QSMAP_OK;
}

