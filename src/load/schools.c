/* schools.c — the school table from CSV: records parsed with file:line
 * errors (coordinates, counts, area, role, colour, participation, text no
 * output can carry), on both cores for large tables. Columns are
 * load/columns.c's, whole-table checks load/checks.c's. */
#include "base/fileio.h"
#include "base/number.h"
#include "base/text.h"
#include "base/utf8.h"
#include "base/vocab.h"
#include "load/checks.h"
#include "load/columns.h"
#include "load/csv.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A count: digits, or digits grouped as Excel's "#,##0" writes them
 * ("1,806": one to three digits, then groups of three), at most a billion.
 * No sign, point, exponent or hexadecimal: "12.0" or "1e3" is not how a
 * table counts pupils, and reading it would hide a column of something
 * else (strtod would take all of them). */
static int parse_count(const char *s, int32_t *out)
{
    uint64_t v = 0;
    size_t digits = 0, group = 0;
    bool grouped = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            if (++digits > 10)
                return -1;
            v = v * 10 + (uint64_t)(*s - '0');
            group++;
        } else if (*s == ',' && group > 0 && (grouped ? group == 3 : group <= 3)) {
            grouped = true;
            group = 0;
        } else {
            return -1;
        }
    }
    if (digits == 0 || (grouped && group != 3) || v > 1000000000u)
        return -1;
    *out = (int32_t)v;
    return 0;
}

/* The strings a school keeps (id, name, district, province, affiliation,
 * district pcode) are copied into the table's text, one arena: the input
 * itself is a read-only map, released after parsing. Copies never outgrow
 * the bytes they come from, so the arena is the input's size. */
static bool kept_column(qsmap_column c)
{
    return c == COL_ID || c == COL_NAME || c == COL_DISTRICT || c == COL_PROVINCE ||
           c == COL_AFFILIATION || c == COL_PCODE;
}

/* This record's columns as C strings, trimmed; "" for a column the table
 * lacks. The rest (numbers, role, colour, participation) go to `tmp`, grown first
 * so that no pointer into it moves. */
static bool column_strings(const qsmap_field *f, const qsmap_header_map *h, char **arena,
                           char **tmp, size_t *tmp_cap, const char *c[COL_COUNT])
{
    size_t need = 0;
    for (int k = 0; k < COL_COUNT; k++)
        if (h->col[k] >= 0 && !kept_column((qsmap_column)k))
            need += f[h->col[k]].len + 1;
    if (need > *tmp_cap) {
        char *nt = realloc(*tmp, need);
        if (!nt)
            return false;
        *tmp = nt, *tmp_cap = need;
    }
    char *t = *tmp;
    for (int k = 0; k < COL_COUNT; k++) {
        if (h->col[k] < 0) {
            c[k] = "";
            continue;
        }
        qsmap_field v = qsmap_field_trim(f[h->col[k]]);
        char **at = kept_column((qsmap_column)k) ? arena : &t;
        memcpy(*at, v.s, v.len);
        (*at)[v.len] = '\0';
        c[k] = *at;
        *at += v.len + 1;
    }
    return true;
}

/* Id, name and a position on the globe. */
static qsmap_status parse_place(const char *const *f, long line, const qsmap_header_map *h,
                                const char *name, qsmap_school *s, qsmap_error *err)
{
    const char *id = f[COL_ID], *nm = f[COL_NAME];
    if (!*id)
        return qsmap_error_set(err, QSMAP_E_VALUE, name, line, "empty school_id");
    if (!*nm)
        return qsmap_error_set(err, QSMAP_E_VALUE, name, line, "empty name_th for school %s",
                               id);
    s->id = id;
    s->name = nm;
    s->line = (uint32_t)line;
    const char *lat = f[COL_LAT], *lon = f[COL_LON];
    const struct {
        qsmap_column col;
        double *to;
        const char *example;
    } COORDS[] = {{COL_LAT, &s->lat, "14.594158"}, {COL_LON, &s->lon, "100.4372"}};
    for (size_t k = 0; k < 2; k++)
        if (qsmap_parse_double(f[COORDS[k].col], COORDS[k].to) != 0)
            return qsmap_error_set(err, QSMAP_E_VALUE, name, line,
                                   "%s '%s' is not a number in decimal degrees like %s "
                                   "(column %d)",
                                   qsmap_column_name(COORDS[k].col), f[COORDS[k].col],
                                   COORDS[k].example, h->col[COORDS[k].col] + 1);
    if (fabs(s->lat) <= 90 && fabs(s->lon) <= 180)
        return QSMAP_OK;
    if (fabs(s->lat) > 90 && fabs(s->lon) <= 90)
        return qsmap_error_set(err, QSMAP_E_VALUE, name, line,
                               "latitude %s is out of range (-90..90); latitude and "
                               "longitude look swapped (swap the two columns)",
                               lat);
    return qsmap_error_set(err, QSMAP_E_VALUE, name, line,
                           "coordinate %s, %s is out of range (latitude -90..90, "
                           "longitude -180..180)",
                           lat, lon);
}

/* Students, teachers and land area, each optional. */
static qsmap_status parse_sizes(const char *const *f, long line, const qsmap_header_map *h,
                                const char *name, qsmap_school *s, qsmap_error *err)
{
    static const struct {
        qsmap_column col;
        size_t off;
    } COUNTS[] = {{COL_STUDENTS, offsetof(qsmap_school, students)},
                  {COL_TEACHERS, offsetof(qsmap_school, teachers)}};
    for (size_t k = 0; k < 2; k++) {
        int32_t *dst = (int32_t *)((char *)s + COUNTS[k].off);
        *dst = QSMAP_MISSING_INT;
        int c = h->col[COUNTS[k].col];
        if (c >= 0 && parse_count(f[COUNTS[k].col], dst) != 0)
            return qsmap_error_set(err, QSMAP_E_VALUE, name, line,
                                   "%s '%s' is not a whole number written in digits "
                                   "like 1806 or 1,806 (column %d)",
                                   qsmap_column_name(COUNTS[k].col), f[COUNTS[k].col], c + 1);
    }
    s->area_rai = NAN;
    int ca = h->col[COL_AREA];
    if (ca >= 0 && (qsmap_parse_double(f[COL_AREA], &s->area_rai) != 0 || s->area_rai < 0))
        return qsmap_error_set(err, QSMAP_E_VALUE, name, line,
                               "area_rai '%s' is not a number of rai in decimals like "
                               "12.5 (column %d)",
                               f[COL_AREA],
                               ca + 1);
    return QSMAP_OK;
}

/* Role, readiness colour (quality schools only) and participation: a word
 * of base/vocab.c each, or the column's default where the table lacks it. */
static qsmap_status parse_kinds(const char *const *f, long line, const qsmap_header_map *h,
                                const char *name, qsmap_school *s, qsmap_error *err)
{
    static const struct {
        qsmap_column col;
        int (*parse)(const char *text, uint8_t *out);
        size_t off;
        uint8_t absent;
        const char *expected;
    } KINDS[] = {
        {COL_ROLE, qsmap_vocab_role, offsetof(qsmap_school, role), QSMAP_ROLE_NETWORK,
         "is neither quality nor network"},
        {COL_COLOR, qsmap_vocab_color, offsetof(qsmap_school, color), QSMAP_COLOR_NONE,
         "is not one of แดง, เหลือง, เขียว, ฟ้า, ม่วง"},
        {COL_PARTICIPATION, qsmap_vocab_participation, offsetof(qsmap_school, participation),
         QSMAP_PART_NONE,
         "is not one of เรียนรวม, ใช้ทรัพยากรร่วมกัน, ยังไม่เข้าร่วม (joint, shared, none)"},
        {COL_PART_Y0, qsmap_vocab_participation, offsetof(qsmap_school, part_year),
         QSMAP_PART_NONE,
         "is not one of เรียนรวม, ใช้ทรัพยากรร่วมกัน, ยังไม่เข้าร่วม (joint, shared, none)"},
        {COL_PART_Y1, qsmap_vocab_participation, offsetof(qsmap_school, part_year) + 1,
         QSMAP_PART_NONE,
         "is not one of เรียนรวม, ใช้ทรัพยากรร่วมกัน, ยังไม่เข้าร่วม (joint, shared, none)"},
    };
    for (size_t k = 0; k < sizeof KINDS / sizeof KINDS[0]; k++) {
        uint8_t *dst = (uint8_t *)s + KINDS[k].off;
        *dst = KINDS[k].absent;
        int c = h->col[KINDS[k].col];
        if (c >= 0 && KINDS[k].parse(f[KINDS[k].col], dst) != 0)
            return qsmap_error_set(err, QSMAP_E_VALUE, name, line, "%s '%s' %s (column %d)",
                                   qsmap_column_name(KINDS[k].col), f[KINDS[k].col],
                                   KINDS[k].expected, c + 1);
    }
    if (s->role != QSMAP_ROLE_QUALITY)
        s->color = QSMAP_COLOR_NONE;
    return QSMAP_OK;
}

/* Text that no output can carry is refused in every column the table maps:
 * U+FFFE and U+FFFF are not XML characters (the workbook would not open)
 * and cairo refuses them (no PDF); the other noncharacters are not text
 * either; a C0 control is not an XML 1.0 character (libxlsxwriter writes
 * it as _x001B_) and shows as nothing or a box on the map. Tab and the
 * line breaks a quoted field may hold are kept (XML allows them). The
 * column and the character's place say where to look for something one
 * cannot see. */
static qsmap_status check_text(const char *const *f, long line, const qsmap_header_map *h,
                               const char *name, qsmap_error *err)
{
    for (int k = 0; k < COL_COUNT; k++) {
        if (h->col[k] < 0)
            continue;
        size_t len = strlen(f[k]);
        uint32_t cp;
        size_t at = qsmap_utf8_unusable_at(f[k], len, true, &cp);
        if (at == len)
            continue;
        char what[96];
        qsmap_utf8_describe(cp, f[k], at, what, sizeof what);
        return qsmap_error_set(err, QSMAP_E_VALUE, name, line,
                               "%s (column %d) holds %s, which no output can carry (delete "
                               "it from the table)",
                               qsmap_column_name((qsmap_column)k), h->col[k] + 1, what);
    }
    return QSMAP_OK;
}

/* check: the table may hold text no output can carry (check_text). */
static qsmap_status parse_record(const char *const *f, size_t n, long line,
                                 const qsmap_header_map *h, bool check, const char *name,
                                 qsmap_school *s, qsmap_error *err)
{
    if (n != h->nfields)
        return qsmap_error_set(err, QSMAP_E_FORMAT, name, line,
                               "%zu fields where the header has %zu (an unquoted comma in a "
                               "name? quote the field)",
                               n, h->nfields);
    qsmap_status st = check ? check_text(f, line, h, name, err) : QSMAP_OK;
    if (!st)
        st = parse_place(f, line, h, name, s, err);
    if (!st)
        st = parse_sizes(f, line, h, name, s, err);
    if (!st)
        st = parse_kinds(f, line, h, name, s, err);
    s->district = f[COL_DISTRICT];
    s->province = f[COL_PROVINCE];
    s->affiliation = f[COL_AFFILIATION];
    s->adm2_pcode = f[COL_PCODE];
    return st;
}

void qsmap_schools_free(qsmap_schools *s)
{
    if (!s)
        return;
    free(s->v);
    free(s->text);
    free(s);
}

/* Rows of one stretch of the text, parsed into their own array, their
 * strings copied into their own stretch of the arena. */
typedef struct {
    qsmap_csv csv;
    const qsmap_header_map *h;
    bool check;       /* the text may hold what no output can carry */
    const char *name;
    const char *stop; /* stop at the first record starting at or after it */
    char *arena;      /* where the next kept string goes */
    char *tmp;        /* this record's other columns as C strings */
    size_t tmp_cap;
    qsmap_school *v;
    size_t n, cap;
    qsmap_status st;
    qsmap_error err;
} row_part;

static void *parse_rows(void *arg)
{
    row_part *w = arg;
    const qsmap_field *f;
    size_t n;
    long line;
    int r;
    while (w->csv.p < w->stop &&
           (r = qsmap_csv_next(&w->csv, &f, &n, &line, w->name, &w->err)) != 0) {
        if (r < 0) {
            w->st = w->err.status;
            return NULL;
        }
        if (w->n == w->cap) {
            size_t cap = w->cap * 2;
            if (!w->v) /* rarely under 64 bytes a row: one allocation, in huge pages */
                cap = (size_t)(w->stop - w->csv.p) / 64 + 1024;
            qsmap_school *nv = w->v ? realloc(w->v, cap * sizeof *nv)
                                    : qsmap_alloc_huge(cap * sizeof *nv);
            if (!nv) {
                w->st = qsmap_error_set(&w->err, QSMAP_E_NOMEM, w->name, line, "out of memory");
                return NULL;
            }
            w->v = nv, w->cap = cap;
        }
        const char *col[COL_COUNT];
        if (n == w->h->nfields &&
            !column_strings(f, w->h, &w->arena, &w->tmp, &w->tmp_cap, col)) {
            w->st = qsmap_error_set(&w->err, QSMAP_E_NOMEM, w->name, line, "out of memory");
            return NULL;
        }
        w->st = parse_record(col, n, line, w->h, w->check, w->name, &w->v[w->n], &w->err);
        if (w->st)
            return NULL;
        w->n++;
    }
    return NULL;
}

/* A national table is 10 MB: its rows are parsed in two halves side by
 * side. The second half must start where a record does, which only the
 * quotes tell: they are followed from the start as the tokenizer reads them
 * (a quote opens a field only as its first byte; a closing one is doubled
 * or ends the field), and the split is the first line start past the middle
 * outside quotes. Any quote the tokenizer would read otherwise (a stray
 * quote, text after a closing one) and the table is parsed in one pass. */
#define PARALLEL_MIN_BYTES (1u << 20)

static const char *second_half(const char *from, const char *end, char delim)
{
    const char *target = from + (end - from) / 2, *p = from;
    bool quoted = false;
    for (;;) {
        const char *q = memchr(p, '"', (size_t)(end - p));
        if (!quoted) {
            /* a line end outside quotes, at or past the middle */
            const char *look = p > target - 1 ? p : target - 1, *stop = q ? q : end;
            const char *nl = look < stop ? memchr(look, '\n', (size_t)(stop - look)) : NULL;
            if (nl)
                return nl + 1 < end ? nl + 1 : NULL;
            if (!q || !(q == from || q[-1] == delim || q[-1] == '\n' || q[-1] == '\r'))
                return NULL;
            quoted = true;
            p = q + 1;
        } else {
            if (!q)
                return NULL;
            if (q + 1 < end && q[1] == '"') {
                p = q + 2;
                continue;
            }
            if (q + 1 < end && q[1] != delim && q[1] != '\n' && q[1] != '\r')
                return NULL;
            quoted = false;
            p = q + 1;
        }
    }
}

/* A's arena starts at the table's text, B's where its half does: neither
 * copies more than its stretch of the input holds. */
static qsmap_status parse_all_rows(row_part *a, const char *text, char *arena, qsmap_error *err)
{
    const char *mid = NULL;
    if ((size_t)(a->csv.end - a->csv.p) >= PARALLEL_MIN_BYTES && sysconf(_SC_NPROCESSORS_ONLN) > 1)
        mid = second_half(a->csv.p, a->csv.end, a->csv.delim);
    row_part b = *a;
    pthread_t t;
    bool threaded = false;
    if (mid) {
        b.v = NULL, b.n = b.cap = 0, b.tmp = NULL, b.tmp_cap = 0;
        qsmap_csv_init(&b.csv, mid, (size_t)(a->csv.end - mid));
        b.csv.delim = a->csv.delim; /* the header's, not the middle line's */
        b.arena = arena + (mid - text);
        a->stop = mid;
        threaded = pthread_create(&t, NULL, parse_rows, &b) == 0;
    }
    parse_rows(a);
    if (threaded)
        pthread_join(t, NULL);
    if (threaded && !a->st && a->csv.p == mid) {
        /* b counted lines from 1: shift them to the file's */
        long shift = a->csv.line - 1;
        for (size_t i = 0; i < b.n; i++)
            b.v[i].line += (uint32_t)shift;
        if (b.st && b.err.line > 0)
            b.err.line += shift;
        qsmap_school *v = b.st                    ? NULL
                          : a->n + b.n <= a->cap ? a->v
                                                  : realloc(a->v, (a->n + b.n) * sizeof *v);
        if (v) {
            if (b.n)
                memcpy(v + a->n, b.v, b.n * sizeof *v);
            a->v = v, a->n += b.n;
        } else {
            a->st = b.st ? b.st : QSMAP_E_NOMEM;
            a->err = b.st ? b.err : a->err;
            if (!b.st)
                qsmap_error_set(&a->err, QSMAP_E_NOMEM, a->name, 0, "out of memory");
        }
    } else if (threaded && !a->st) {
        /* second_half follows the tokenizer's rules, so the first half ends
         * at the split; should it not, it reads on alone (the input is
         * read-only, and B's strings are simply overwritten) */
        a->stop = a->csv.end;
        parse_rows(a);
    }
    if (threaded) {
        free(b.v);
        free(b.tmp);
        qsmap_csv_free(&b.csv);
    }
    if (a->st)
        *err = a->err;
    return a->st;
}

/* A text made from a sheet or layer: its records and its errors name the
 * row or feature, not the line of the text (load/gdal.h). */
static void name_units(qsmap_schools *s, const qsmap_schools_options *opt, qsmap_error *err)
{
    if (!opt || !opt->units)
        return;
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].line < opt->nunits)
            s->v[i].line = opt->units[s->v[i].line];
    if (err && err->status && err->line > 0 && (size_t)err->line < opt->nunits)
        err->line = opt->units[err->line];
    if (opt->origin) {
        s->origin = *opt->origin;
        if (err && err->status)
            err->origin = *opt->origin;
    }
}

/* Parse the UTF-8 text (tlen bytes, read-only) into s; frees s on error. */
static qsmap_status parse_text(qsmap_schools *s, const char *text, size_t tlen,
                               const char *name, const qsmap_schools_options *opt,
                               qsmap_schools **out, qsmap_error *err)
{
    qsmap_status st = QSMAP_OK;
    qsmap_header_map h = {0};
    s->text = qsmap_alloc_huge(tlen + 1);
    if (!s->text) {
        qsmap_schools_free(s);
        return qsmap_error_set(err, QSMAP_E_NOMEM, name, 0, "out of memory");
    }
    /* one quick pass over the whole text spares the field-by-field check
     * of nearly every table */
    row_part rows = {.h = &h,
                     .check = qsmap_utf8_may_be_unusable(text, tlen, true),
                     .name = name,
                     .arena = s->text};
    qsmap_csv_init(&rows.csv, text, tlen);
    rows.stop = rows.csv.end;
    const qsmap_field *f;
    size_t n;
    long line;
    int r = qsmap_csv_next(&rows.csv, &f, &n, &line, name, err);
    if (r == 0)
        st = qsmap_error_set(err, QSMAP_E_EMPTY, name, 0, "the file holds no header and no rows");
    else if (r < 0)
        st = err ? err->status : QSMAP_E_FORMAT;
    else
        st = qsmap_columns_map(f, n, name, line, &h, err);
    qsmap_error row_err = {0};
    if (!st && (st = parse_all_rows(&rows, text, s->text, &row_err)) && err)
        *err = row_err;
    s->v = rows.v;
    s->n = rows.n;
    free(rows.tmp);
    qsmap_csv_free(&rows.csv);
    if (!st && s->n == 0)
        st = qsmap_error_set(err, QSMAP_E_EMPTY, name, 0,
                             "a header but no school rows");
    name_units(s, opt, st ? err : NULL);
    if (!st)
        st = qsmap_check_duplicates(s, err);
    if (!st)
        st = qsmap_check_swapped(s, err);
    if (st && err && opt && opt->origin)
        err->origin = *opt->origin;
    if (st) {
        qsmap_schools_free(s);
        return st;
    }
    s->has_students = h.col[COL_STUDENTS] >= 0;
    s->has_teachers = h.col[COL_TEACHERS] >= 0;
    s->has_area = h.col[COL_AREA] >= 0;
    s->has_role = h.col[COL_ROLE] >= 0;
    s->has_participation = h.col[COL_PARTICIPATION] >= 0;
    s->nyears = (h.col[COL_PART_Y0] >= 0) + (h.col[COL_PART_Y1] >= 0);
    s->years[0] = h.year[0], s->years[1] = h.year[1];
    *out = s;
    return QSMAP_OK;
}

static qsmap_schools *schools_new(const char *name, qsmap_error *err)
{
    qsmap_schools *s = calloc(1, sizeof *s);
    if (!s)
        qsmap_error_set(err, QSMAP_E_NOMEM, name, 0, "out of memory");
    else
        qsmap_text_copy(s->path, sizeof s->path, name);
    return s;
}

qsmap_status qsmap_schools_parse(const char *data, size_t len, const char *name,
                                 const qsmap_schools_options *opt, qsmap_schools **out,
                                 qsmap_error *err)
{
    *out = NULL;
    const char *text;
    size_t tlen;
    char *converted;
    qsmap_status st = qsmap_text_utf8(data, len, opt ? opt->encoding : QSMAP_ENC_AUTO, name,
                                      &text, &tlen, &converted, err);
    qsmap_schools *s = st ? NULL : schools_new(name, err);
    if (!st && !s)
        st = QSMAP_E_NOMEM;
    if (!st)
        st = parse_text(s, text, tlen, name, opt, out, err);
    free(converted);
    return st;
}

qsmap_status qsmap_schools_load(const char *path, const qsmap_schools_options *opt,
                                qsmap_schools **out, qsmap_error *err)
{
    *out = NULL;
    /* "-" is stdin: messages name it so, the map's source note too */
    const char *name = strcmp(path, "-") == 0 ? "(stdin)" : path;
    qsmap_input in;
    qsmap_status st = qsmap_input_open(path, name, &in, err);
    if (st)
        return st;
    /* The strings the table keeps are copied out: the map goes away here. */
    st = qsmap_schools_parse(in.data, in.len, name, opt, out, err);
    qsmap_input_release(&in);
    return st;
}
