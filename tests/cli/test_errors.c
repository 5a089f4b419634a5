/* test_errors.c — every bad input the qsmap command can meet, run in-process
 * with run_cli. Each case checks
 *   1. the exit code (2 bad option, 3 unusable input file, 4 unknown or
 *      ambiguous district/province, 5 output cannot be written);
 *   2. stderr is exactly one line, "qsmap: FILE:LINE: message", naming the
 *      file and the line where one applies;
 *   3. key phrases of the message (the column, the bad value, "swapped", ...);
 *   4. the no-file promise: the -o target does not appear (or, where it
 *      already existed, keeps its old bytes) and no temporary file is left in
 *      its directory; stdout stays empty (-q).
 * Table rows print "FAIL <case>: ..." for every broken promise and the test
 * fails once at the end, so one run lists every failing case.
 *
 * School tables: the .csv files in tests/data/bad/, small hand-written files; the bad row
 * is line 3 unless the table says otherwise (garbage.csv is the first 200
 * bytes of examples/mueang-ang-thong-5km.png). Shapefiles are written here
 * with shapelib, then damaged. */
#include "support.h"

#include <dirent.h>
#include <errno.h>
#include <shapefil.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BOUNDARIES QSMAP_GEODATA "/tha_adm2.shp"
#define ANY_LINE (-1L)
#define NO_LINE 0L

static const char OLD_BYTES[] = "old contents: must survive a failed run\n";

/* ---- helpers --------------------------------------------------------------- */

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

/* ASCII letters compared without case, every other byte exactly. */
static int contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *h = hay; *h; h++) {
        size_t i = 0;
        while (i < n && h[i]) {
            char a = h[i], b = needle[i];
            if (a >= 'A' && a <= 'Z')
                a = (char)(a + 32);
            if (b >= 'A' && b <= 'Z')
                b = (char)(b + 32);
            if (a != b)
                break;
            i++;
        }
        if (i == n)
            return 1;
    }
    return 0;
}

/* Does the decimal number n appear in s, not as part of a longer number? */
static int has_number(const char *s, long n)
{
    char num[32];
    snprintf(num, sizeof num, "%ld", n);
    size_t k = strlen(num);
    for (const char *p = s; (p = strstr(p, num)); p++) {
        int before = p > s && p[-1] >= '0' && p[-1] <= '9';
        int after = p[k] >= '0' && p[k] <= '9';
        if (!before && !after)
            return 1;
    }
    return 0;
}

static int problems; /* broken promises in the current test function */

static void problem(const char *label, const char *fmt, const char *a, const char *b)
{
    printf("FAIL %s: ", label);
    printf(fmt, a, b);
    printf("\n");
    problems++;
}

static void finish(const char *what)
{
    int n = problems;
    problems = 0;
    if (n)
        fail_msg("%d broken promise(s) in %s (see FAIL lines above)", n, what);
}

/* A fresh directory per case, holding only the -o target. */
typedef struct {
    char dir[1100];
    char out[1200];
    bool keep; /* out existed before the run with OLD_BYTES */
} case_dir;

static void case_open(case_dir *c, const char *ext, bool keep)
{
    static int k;
    snprintf(c->dir, sizeof c->dir, "%s/case-%03d", temp_dir(), k++);
    if (mkdir(c->dir, 0755) != 0)
        fail_msg("mkdir %s: %s", c->dir, strerror(errno));
    snprintf(c->out, sizeof c->out, "%s/out.%s", c->dir, ext);
    c->keep = keep;
    if (keep) {
        FILE *f = fopen(c->out, "wb");
        assert_non_null(f);
        fputs(OLD_BYTES, f);
        fclose(f);
    }
}

/* The no-file promise: the target is absent or unchanged, nothing else. */
static void check_nothing_written(const char *label, const case_dir *c)
{
    if (c->keep) {
        char *now = read_all(c->out, NULL);
        if (!now || strcmp(now, OLD_BYTES) != 0)
            problem(label, "existing target %s was changed or removed%s", c->out, "");
        free(now);
    } else if (exists(c->out)) {
        problem(label, "target %s was written by a failed run%s", c->out, "");
    }
    DIR *d = opendir(c->dir);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (c->keep && !strcmp(e->d_name, strrchr(c->out, '/') + 1))
            continue;
        problem(label, "left %s behind in the output directory %s", e->d_name, c->dir);
    }
    closedir(d);
}

/* One-line "qsmap: FILE:LINE: " shape, and the phrases. `file` NULL: any
 * file part; a file ending in '.' matches any extension after it (a
 * shapefile's .shp or .dbf). line: > 0 exactly that line, NO_LINE none,
 * ANY_LINE either. */
static void check_message(const char *label, const cli_result *r, int code,
                          const char *file, long line, const char *const *phrases)
{
    char buf[64];
    printf("  %-50s exit %d  %s", label, r->code, r->err && r->err[0] ? r->err : "(no stderr)\n");
    if (r->code == 0) {
        snprintf(buf, sizeof buf, "%d", code);
        problem(label, "the run succeeded (exit 0, no message); want exit %s%s", buf, "");
        return;
    }
    if (r->code != code) {
        snprintf(buf, sizeof buf, "%d (want %d)", r->code, code);
        problem(label, "exit %s; stderr: %s", buf, r->err ? r->err : "");
    }
    const char *e = r->err ? r->err : "";
    size_t len = strlen(e);
    const char *nl = strchr(e, '\n');
    if (len == 0 || !nl || (size_t)(nl - e) + 1 != len)
        problem(label, "stderr is not exactly one line: [%s]%s", e, "");
    if (strncmp(e, "qsmap: ", 7) != 0)
        problem(label, "stderr does not start with 'qsmap: ': %s%s", e, "");
    if (r->out_len != 0)
        problem(label, "something on stdout with -q: %s%s", r->out, "");
    if (file) {
        size_t fl = strlen(file);
        const char *p = e + 7;
        if (strncmp(e, "qsmap: ", 7) != 0 || strncmp(p, file, fl) != 0) {
            problem(label, "stderr does not name %s first: %s", file, e);
        } else {
            p += fl;
            if (fl && file[fl - 1] == '.')
                while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
                    p++;
            int has_line = p[0] == ':' && p[1] >= '0' && p[1] <= '9';
            if (line > 0) {
                char want[40];
                snprintf(want, sizeof want, ":%ld: ", line);
                if (strncmp(p, want, strlen(want)) != 0)
                    problem(label, "stderr does not give line %s after the file: %s",
                            want, e);
            } else if (line == NO_LINE && strncmp(p, ": ", 2) != 0) {
                problem(label, "want 'FILE: message' (no line): %s%s", e, "");
            } else if (line == ANY_LINE && strncmp(p, ": ", 2) != 0 && !has_line) {
                problem(label, "want 'FILE: ' or 'FILE:LINE: ': %s%s", e, "");
            }
        }
    }
    for (size_t k = 0; phrases && phrases[k]; k++)
        if (!contains(e, phrases[k]))
            problem(label, "message lacks \"%s\": %s", phrases[k], e);
}

/* run_cli with a NULL-terminated argument list (at most 24). */
static cli_result run_args(const char *const *a)
{
    const char *v[25] = {0};
    for (size_t i = 0; i < 24 && a[i]; i++)
        v[i] = a[i];
    return run_cli(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11],
                   v[12], v[13], v[14], v[15], v[16], v[17], v[18], v[19], v[20], v[21],
                   v[22], v[23], NULL);
}

/* The whole case: args + "-q -o <fresh dir>/out.csv", then every check. */
static void run_case(const char *label, const char *const *args, int code, const char *file,
                     long line, const char *const *phrases, bool keep)
{
    case_dir c;
    case_open(&c, "csv", keep);
    const char *a[25];
    size_t n = 0;
    while (args[n] && n < 20)
        a[n] = args[n], n++;
    a[n++] = "-q";
    a[n++] = "-o";
    a[n++] = c.out;
    a[n] = NULL;
    cli_result r = run_args(a);
    check_message(label, &r, code, file, line, phrases);
    check_nothing_written(label, &c);
    cli_result_free(&r);
}

#define P(...) ((const char *const[]){__VA_ARGS__, NULL})
#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ---- A. the school table -------------------------------------------------- */

static void schools_case(const char *label, const char *path, int code, long line,
                         const char *const *phrases, bool keep)
{
    run_case(label,
             ARGS("--schools", path, "--boundaries", BOUNDARIES, "--district", "TH1501"),
             code, path, line, phrases, keep);
}

static void test_unusable_school_files(void **state)
{
    (void)state;
    char missing[1100];
    snprintf(missing, sizeof missing, "%s/no-such-table.csv", temp_dir());
    schools_case("missing file", missing, 3, NO_LINE, P("such file"), true);

    if (geteuid() == 0) {
        printf("SKIP: unreadable file: running as root, chmod 000 is still readable\n");
    } else {
        const char *p = write_temp("unreadable.csv", "school_id,name_th\n1,a\n", 22);
        chmod(p, 0);
        schools_case("unreadable file", p, 3, NO_LINE, P("permission denied"), false);
        chmod(p, 0644);
    }
    schools_case("empty file", test_data("bad/empty.csv"), 3, ANY_LINE, P("empty"), false);
    schools_case("header, no rows", test_data("bad/header_only.csv"), 3, ANY_LINE,
                 P("no school rows"), true);
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/a-directory.csv", temp_dir());
    mkdir(dir, 0755);
    schools_case("directory as --schools", dir, 3, NO_LINE, P("directory"), false);
    run_case("directory as --boundaries",
             ARGS("--schools", test_data("variants/clean.csv"), "--boundaries", temp_dir(),
                  "--district", "TH1501"),
             3, temp_dir(), NO_LINE, P("directory"), false);
    char noshp[1100];
    snprintf(noshp, sizeof noshp, "%s/no-such-boundaries.shp", temp_dir());
    run_case("missing --boundaries",
             ARGS("--schools", test_data("variants/clean.csv"), "--boundaries", noshp,
                  "--district", "TH1501"),
             3, noshp, NO_LINE, P("such file"), false);
    finish("unusable school files");
}

typedef struct {
    const char *label, *file; /* tests/data/<file> */
    long line;
    const char *phrases[5];
    bool keep;
} bad_table;

static const bad_table BAD_TABLES[] = {
    /* the header names no longitude column: name it, list what is there */
    {"missing required column", "bad/missing_longitude_column.csv", 1,
     {"longitude", "found", "school_id", "name_th, latitude, students, role"}, false},
    {"non-numeric latitude", "bad/latitude_not_number.csv", 3, {"latitude", "N14.59"}, true},
    {"empty longitude", "bad/longitude_empty.csv", 3, {"longitude"}, false},
    {"non-numeric students", "bad/students_not_number.csv", 3, {"students", "ไม่ทราบ"}, false},
    {"empty teachers", "bad/teachers_empty.csv", 3, {"teachers"}, true},
    {"non-numeric area", "bad/area_not_number.csv", 3, {"area_rai", "n/a"}, false},
    {"coordinate out of range", "bad/coordinate_out_of_range.csv", 3,
     {"out of range", "200.5"}, false},
    /* every row has latitude and longitude exchanged */
    {"latitude/longitude swapped", "bad/swapped.csv", 2, {"swapped", "swap"}, true},
    /* lines 2 and 4 share 1015670161; the error points at the second */
    {"same school_id twice", "bad/duplicate_id.csv", 4, {"1015670161", "twice"}, false},
    {"unknown role", "bad/unknown_role.csv", 3, {"role", "principal", "quality"}, false},
    {"unknown readiness colour", "bad/unknown_color.csv", 2, {"ชมพู", "แดง"}, true},
    {"too many fields", "bad/too_many_fields.csv", 3, {"fields", "10", "9"}, false},
    {"too few fields", "bad/too_few_fields.csv", 3, {"fields", "6", "9"}, false},
    /* the quote opens on line 3 and runs to the end of the file */
    {"quote never closes", "bad/unclosed_quote.csv", 3, {"quote", "never closes"}, true},
    {"NUL byte", "bad/nul_byte.csv", 3, {"NUL"}, false},
    {"binary garbage (PNG header)", "bad/garbage.csv", ANY_LINE, {"binary", "CSV"}, true},
    /* valid UTF-8 that no output can carry: the column, the code point and
     * where it is, for a character nobody can see */
    {"control character in a name", "bad/control_character.csv", 3,
     {"name_th (column 2)", "control character U+001B", "character 15"}, false},
    {"noncharacter U+FFFE in a name", "bad/noncharacter_fffe.csv", 3,
     {"name_th (column 2)", "noncharacter U+FFFE", "character 25"}, true},
    {"noncharacter U+FDD0 in an id", "bad/noncharacter_fdd0.csv", 3,
     {"school_id (column 1)", "noncharacter U+FDD0", "character 6"}, false},
    {"noncharacter U+1FFFF in a quoted district", "bad/noncharacter_plane1.csv", 3,
     {"district (column 10)", "noncharacter U+1FFFF", "character 13"}, false},
    /* two headers for one column: both named, with their positions */
    {"the same column twice (latitude, latitude)", "bad/two_latitude_columns.csv", 1,
     {"column 3 'latitude'", "column 5 'latitude'", "latitude"}, false},
    {"the same column twice (lat, latitude)", "bad/lat_and_latitude.csv", 1,
     {"column 2 'lat'", "column 4 'latitude'"}, true},
    {"the same column twice (district, อำเภอ)", "bad/district_and_amphoe.csv", 1,
     {"column 3 'district'", "column 6 'อำเภอ'"}, false},
    /* coordinates are plain decimals; counts whole numbers in digits */
    {"hexadecimal latitude", "bad/latitude_hex.csv", 3, {"latitude", "0xE.9", "column 3"},
     false},
    {"longitude with an exponent", "bad/longitude_exponent.csv", 3,
     {"longitude", "1.0045117e2", "column 4"}, true},
    {"students with an exponent", "bad/students_exponent.csv", 3,
     {"students", "'1e3'", "column 5"}, false},
    {"teachers with a decimal point", "bad/teachers_decimal.csv", 3,
     {"teachers", "'12.0'", "column 6"}, false},
    {"hexadecimal students", "bad/students_hex.csv", 3, {"students", "'0x3F'", "column 5"},
     true},
    {"students grouped wrongly", "bad/students_bad_grouping.csv", 3,
     {"students", "'18,06'", "column 5"}, false},
};

static void test_bad_school_tables(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof BAD_TABLES / sizeof BAD_TABLES[0]; i++) {
        const bad_table *t = &BAD_TABLES[i];
        schools_case(t->label, test_data(t->file), 3, t->line, t->phrases, t->keep);
    }
    /* duplicate: both line numbers */
    cli_result r = run_cli("--schools", test_data("bad/duplicate_id.csv"), "--boundaries",
                           BOUNDARIES, "--district", "TH1501", "-q", "-o", "-", NULL);
    if (!has_number(r.err, 2) || !has_number(r.err, 4))
        problem("same school_id twice", "message lacks line %s and line %s", "2", "4");
    cli_result_free(&r);
    finish("bad school tables");
}

/* ---- A. shapefiles ------------------------------------------------------- */

typedef struct {
    const char *th, *pcode;
    double x[5], y[5];
} square;

static const square SQUARES[] = {
    {"เมืองอ่างทอง", "TH1501", {100.40, 100.40, 100.50, 100.50, 100.40},
     {14.55, 14.65, 14.65, 14.55, 14.55}},
    {"ไชโย", "TH1502", {100.50, 100.50, 100.60, 100.60, 100.50},
     {14.55, 14.65, 14.65, 14.55, 14.55}},
};

/* CONTROL_IN_TH, NONCHAR_IN_PROV: damaged names in the second record;
 * NULL_SECOND, EMPTY_SECOND: the second record (ไชโย) as a null shape or
 * as a polygon with no vertices. */
enum {
    WITH_TH = 1, WITH_PCODE = 2, AS_POINTS = 4, CONTROL_IN_TH = 8, NONCHAR_IN_PROV = 16,
    NULL_SECOND = 32, EMPTY_SECOND = 64
};

/* A small valid boundary shapefile in its own directory; returns the path
 * of the .shp, and its base (path without extension) in base. */
static const char *make_shapefile(const char *name, int flags, const char *prj, char *base,
                                  size_t bsize)
{
    static char shp_path[1200];
    snprintf(base, bsize, "%s/%s", temp_dir(), name);
    int type = flags & AS_POINTS ? SHPT_POINT : SHPT_POLYGON;
    SHPHandle shp = SHPCreate(base, type);
    DBFHandle dbf = DBFCreate(base);
    assert_non_null(shp);
    assert_non_null(dbf);
    int fth = -1, fpc = -1;
    if (flags & WITH_TH)
        fth = DBFAddField(dbf, "ADM2_TH", FTString, 50, 0);
    int fen = DBFAddField(dbf, "ADM2_EN", FTString, 50, 0);
    if (flags & WITH_PCODE)
        fpc = DBFAddField(dbf, "ADM2_PCODE", FTString, 10, 0);
    int fp = DBFAddField(dbf, "ADM1_TH", FTString, 50, 0);
    for (int i = 0; i < 2; i++) {
        const square *s = &SQUARES[i];
        SHPObject *o = type == SHPT_POINT
                           ? SHPCreateSimpleObject(SHPT_POINT, 1, s->x, s->y, NULL)
                           : SHPCreateSimpleObject(SHPT_POLYGON, 5, s->x, s->y, NULL);
        if (i == 1 && flags & (NULL_SECOND | EMPTY_SECOND)) {
            SHPDestroyObject(o);
            o = SHPCreateSimpleObject(flags & NULL_SECOND ? SHPT_NULL : SHPT_POLYGON, 0, NULL,
                                      NULL, NULL);
        }
        SHPWriteObject(shp, -1, o);
        SHPDestroyObject(o);
        /* the damaged names are the second record's */
        bool bad_th = (flags & CONTROL_IN_TH) && i == 1,
             bad_prov = (flags & NONCHAR_IN_PROV) && i == 1;
        if (fth >= 0)
            DBFWriteStringAttribute(dbf, i, fth, bad_th ? "ไช\x01โย" : s->th);
        DBFWriteStringAttribute(dbf, i, fen, "x");
        if (fpc >= 0)
            DBFWriteStringAttribute(dbf, i, fpc, s->pcode);
        DBFWriteStringAttribute(dbf, i, fp, bad_prov ? "อ่างทอง\xEF\xBF\xBF" : "อ่างทอง");
    }
    SHPClose(shp);
    DBFClose(dbf);
    if (prj) {
        char p[1200];
        snprintf(p, sizeof p, "%s.prj", base);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fputs(prj, f);
        fclose(f);
    }
    snprintf(shp_path, sizeof shp_path, "%s.shp", base);
    return shp_path;
}

static void boundaries_case(const char *label, const char *shp, int code, const char *file,
                            const char *const *phrases, bool keep)
{
    run_case(label,
             ARGS("--schools", test_data("variants/clean.csv"), "--boundaries", shp,
                  "--district", "TH1501"),
             code, file, NO_LINE, phrases, keep);
}

static void unlink_part(const char *base, const char *ext)
{
    char p[1200];
    snprintf(p, sizeof p, "%s%s", base, ext);
    assert_int_equal(unlink(p), 0);
}

static void test_bad_shapefiles(void **state)
{
    (void)state;
    char base[1100], prefix[1200];
    const char *shp;

    /* the undamaged file works: the damage below is what fails */
    shp = make_shapefile("good", WITH_TH | WITH_PCODE, NULL, base, sizeof base);
    cli_result r = run_cli("--schools", test_data("variants/clean.csv"), "--boundaries", shp,
                           "--district", "TH1501", "-q", "-o", "-", NULL);
    if (r.code != 0)
        fail_msg("the undamaged synthetic shapefile fails: %s", r.err);
    cli_result_free(&r);

    shp = make_shapefile("nodbf", WITH_TH | WITH_PCODE, NULL, base, sizeof base);
    unlink_part(base, ".dbf");
    snprintf(prefix, sizeof prefix, "%s.", base);
    boundaries_case("missing .dbf", shp, 3, prefix, P(".dbf", "missing"), true);

    shp = make_shapefile("noshx", WITH_TH | WITH_PCODE, NULL, base, sizeof base);
    unlink_part(base, ".shx");
    snprintf(prefix, sizeof prefix, "%s.", base);
    boundaries_case("missing .shx", shp, 3, prefix, P(".shx", "missing"), false);

    shp = make_shapefile("truncated", WITH_TH | WITH_PCODE, NULL, base, sizeof base);
    {
        struct stat st;
        assert_int_equal(stat(shp, &st), 0);
        assert_int_equal(truncate(shp, st.st_size / 2), 0);
    }
    boundaries_case("truncated .shp", shp, 3, shp, P("truncated"), true);

    shp = make_shapefile("garbage", WITH_TH | WITH_PCODE, NULL, base, sizeof base);
    {
        struct stat st;
        assert_int_equal(stat(shp, &st), 0);
        FILE *f = fopen(shp, "wb");
        assert_non_null(f);
        uint32_t x = 12345;
        for (off_t i = 0; i < st.st_size; i++) {
            x = x * 1103515245u + 12345u;
            fputc((int)(x >> 16) & 0xFF, f);
        }
        fclose(f);
    }
    boundaries_case("garbage .shp", shp, 3, shp, P("shapefile"), false);

    shp = make_shapefile("points", WITH_TH | WITH_PCODE | AS_POINTS, NULL, base, sizeof base);
    boundaries_case("point layer", shp, 3, shp, P("point", "polygon"), false);

    shp = make_shapefile("noth", WITH_PCODE, NULL, base, sizeof base);
    snprintf(prefix, sizeof prefix, "%s.", base);
    boundaries_case("DBF without ADM2_TH", shp, 3, prefix, P("ADM2_TH", "ADM2_PCODE"), true);

    shp = make_shapefile("nopcode", WITH_TH, NULL, base, sizeof base);
    snprintf(prefix, sizeof prefix, "%s.", base);
    boundaries_case("DBF without ADM2_PCODE", shp, 3, prefix, P("ADM2_PCODE", "ADM2_TH"),
                    false);

    /* A projected .prj or another datum no longer stops a run: the GDAL
     * reader reprojects (tests/load/test_formats.c pins the pairs it gives
     * against the WGS84 shapefile's). */

    /* names no output can carry: the .dbf, the record (as the line), the field */
    static const struct {
        const char *label, *name;
        int flag;
        const char *phrases[5]; /* NULL-terminated */
    } BAD_NAMES[] = {
        {"control character in ADM2_TH", "control_th", CONTROL_IN_TH,
         {"ADM2_TH", "record 2", "control character U+0001", "character 3"}},
        {"noncharacter U+FFFF in ADM1_TH", "nonchar_prov", NONCHAR_IN_PROV,
         {"ADM1_TH", "record 2", "noncharacter U+FFFF", "character 8"}},
    };
    for (size_t k = 0; k < sizeof BAD_NAMES / sizeof BAD_NAMES[0]; k++) {
        shp = make_shapefile(BAD_NAMES[k].name, WITH_TH | WITH_PCODE | BAD_NAMES[k].flag, NULL,
                             base, sizeof base);
        snprintf(prefix, sizeof prefix, "%s.dbf", base);
        run_case(BAD_NAMES[k].label,
                 ARGS("--schools", test_data("variants/clean.csv"), "--boundaries", shp,
                      "--district", "TH1501"),
                 3, prefix, 2, BAD_NAMES[k].phrases, k % 2 == 0);
    }
    finish("bad shapefiles");
}

/* A record without a shape: an error naming the record with its pcode and
 * name, where it used to be a district that covered nothing. */
static void test_null_and_empty_shapes(void **state)
{
    (void)state;
    char base[1100];
    const char *shp = make_shapefile("nullshape", WITH_TH | WITH_PCODE | NULL_SECOND, NULL,
                                     base, sizeof base);
    boundaries_case("null shape record", shp, 3, shp, P("record 2", "TH1502", "ไชโย", "null"),
                    false);
    shp = make_shapefile("emptyshape", WITH_TH | WITH_PCODE | EMPTY_SECOND, NULL, base,
                         sizeof base);
    boundaries_case("polygon record with no vertices", shp, 3, shp,
                    P("record 2", "TH1502", "ไชโย", "empty"), true);
    finish("null and empty shapes");
}

/* ---- A. districts and provinces ----------------------------------------- */

static void place_case(const char *label, const char *const *args, const char *const *phrases,
                       bool keep)
{
    const char *a[16];
    size_t n = 0;
    a[n++] = "--schools";
    a[n++] = test_data("variants/clean.csv");
    a[n++] = "--boundaries";
    a[n++] = BOUNDARIES;
    for (size_t k = 0; args[k] && n < 14; k++)
        a[n++] = args[k];
    a[n] = NULL;
    /* the boundaries file may be named (it is where the name was not found) */
    run_case(label, a, 4, NULL, ANY_LINE, phrases, keep);
}

static void test_unknown_and_ambiguous_places(void **state)
{
    (void)state;
    place_case("unknown district (typo)", ARGS("--district", "เมืองอ่างทอน"),
               P("เมืองอ่างทอน", "เมืองอ่างทอง"), true);
    place_case("province without that district",
               ARGS("--province", "อ่างทอง", "--district", "คลองลาน"),
               P("อ่างทอง", "คลองลาน", "เมืองอ่างทอง"), false);
    place_case("unknown province (typo)", ARGS("--province", "อางทอง"),
               P("อางทอง", "อ่างทอง"), true);
    place_case("unknown province with a district",
               ARGS("--province", "Atlantis", "--district", "TH1501"), P("Atlantis"), false);

    /* ambiguous: every match with its province and pcode */
    qsmap_districts *d;
    qsmap_error err = {0};
    assert_int_equal(qsmap_districts_load(BOUNDARIES, QSMAP_ENC_AUTO, &d, &err), QSMAP_OK);
    const char *phr[32];
    char pcodes[16][16];
    size_t np = 0, matches = 0;
    phr[np++] = "เฉลิมพระเกียรติ";
    for (size_t i = 0; i < qsmap_districts_count(d) && matches < 14; i++) {
        const qsmap_district *t = qsmap_districts_get(d, i);
        if (strcmp(t->name_th, "เฉลิมพระเกียรติ") != 0)
            continue;
        snprintf(pcodes[matches], sizeof pcodes[matches], "%s", t->pcode);
        phr[np++] = t->province_th;
        phr[np++] = pcodes[matches];
        matches++;
    }
    phr[np] = NULL;
    assert_true(matches >= 2);
    place_case("ambiguous district", ARGS("--district", "เฉลิมพระเกียรติ"), phr, false);
    qsmap_districts_free(d);
    finish("unknown and ambiguous places");
}

/* ---- A. radius -------------------------------------------------------------- */

static void test_bad_radius(void **state)
{
    (void)state;
    static const struct {
        const char *label, *value, *phrase;
    } RADII[] = {
        {"negative radius", "-5km", "greater than zero"},
        {"zero radius", "0km", "greater than zero"},
        {"radius not a number", "five", "not a distance"},
        {"unknown unit", "5 miles", "miles"},
        {"over 100 km", "150km", "100 km"},
    };
    for (size_t i = 0; i < sizeof RADII / sizeof RADII[0]; i++)
        run_case(RADII[i].label,
                 ARGS("--schools", test_data("variants/clean.csv"), "--boundaries",
                      BOUNDARIES, "--district", "TH1501", "--radius", RADII[i].value),
                 2, NULL, ANY_LINE, P(RADII[i].value, RADII[i].phrase), i % 2 == 0);
    finish("bad radius");
}

/* ---- A. text in options ----------------------------------------------------- */

/* A name or date typed on the command line goes onto the map and into
 * messages: bytes that are not UTF-8, control characters and noncharacters
 * are refused there (cairo failed the whole PDF on U+FFFE before). */
static void test_bad_option_text(void **state)
{
    (void)state;
    static const struct {
        const char *label, *option, *value, *phrase;
    } TEXTS[] = {
        {"--date with a noncharacter", "--date", "24 \xEF\xBF\xBE", "U+FFFE"},
        {"--date with a control character", "--date", "24\x01", "U+0001"},
        {"--district not UTF-8", "--district", "TH15\xFF", "not UTF-8"},
        {"--office with a noncharacter", "--office", "\xEF\xB7\x90", "U+FDD0"},
    };
    for (size_t i = 0; i < sizeof TEXTS / sizeof TEXTS[0]; i++) {
        bool district = strcmp(TEXTS[i].option, "--district") == 0;
        run_case(TEXTS[i].label,
                 ARGS("--schools", test_data("variants/clean.csv"), "--boundaries",
                      BOUNDARIES, district ? "--radius" : "--district",
                      district ? "5km" : "TH1501", TEXTS[i].option, TEXTS[i].value),
                 2, NULL, ANY_LINE, P(TEXTS[i].option, TEXTS[i].phrase), i % 2 == 0);
    }
    finish("bad option text");
}

/* ---- A. outputs ------------------------------------------------------------- */

static cli_result run_outputs(const char *o1, const char *o2)
{
    return run_cli("--schools", test_data("variants/clean.csv"), "--boundaries", BOUNDARIES,
                   "--district", "TH1501", "-q", "-o", o1, o2 ? "-o" : NULL, o2, NULL);
}

static void test_bad_outputs(void **state)
{
    (void)state;
    case_dir c;
    char target[1300];
    cli_result r;

    /* directory does not exist */
    case_open(&c, "csv", false);
    snprintf(target, sizeof target, "%s/no/such/dir/out.csv", c.dir);
    r = run_outputs(target, NULL);
    check_message("output directory does not exist", &r, 5, target, NO_LINE,
                  P("does not exist"));
    check_nothing_written("output directory does not exist", &c);
    cli_result_free(&r);

    /* directory not writable */
    if (geteuid() == 0) {
        printf("SKIP: output directory not writable: running as root, who may write "
               "anywhere\n");
    } else {
        case_open(&c, "csv", false);
        chmod(c.dir, 0555);
        r = run_outputs(c.out, NULL);
        chmod(c.dir, 0755);
        check_message("output directory not writable", &r, 5, c.out, NO_LINE,
                      P("not writable"));
        check_nothing_written("output directory not writable", &c);
        cli_result_free(&r);
    }

    /* unknown extension */
    case_open(&c, "odt", false);
    r = run_outputs(c.out, NULL);
    check_message("unknown output extension", &r, 2, c.out, NO_LINE, P(".odt", ".docx"));
    check_nothing_written("unknown output extension", &c);
    cli_result_free(&r);

    /* -o naming an existing directory */
    case_open(&c, "csv", false);
    snprintf(target, sizeof target, "%s/a-dir.csv", c.dir);
    assert_int_equal(mkdir(target, 0755), 0);
    r = run_outputs(target, NULL);
    check_message("-o is an existing directory", &r, 5, target, NO_LINE, P("directory"));
    {
        struct stat st;
        if (stat(target, &st) != 0 || !S_ISDIR(st.st_mode))
            problem("-o is an existing directory", "%s is no longer a directory%s", target,
                    "");
        DIR *d = opendir(target);
        int n = 0;
        for (struct dirent *e; d && (e = readdir(d));)
            n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
        if (d)
            closedir(d);
        if (n)
            problem("-o is an existing directory", "something was written into %s%s",
                    target, "");
    }
    cli_result_free(&r);

    /* all or nothing: the second output is impossible, the first (existing)
     * keeps its bytes and nothing new appears */
    case_open(&c, "csv", true);
    snprintf(target, sizeof target, "%s/missing/out.pdf", c.dir);
    r = run_outputs(c.out, target);
    check_message("all or nothing (second dir missing, first exists)", &r, 5, target, NO_LINE,
                  P("does not exist"));
    check_nothing_written("all or nothing (second dir missing, first exists)", &c);
    cli_result_free(&r);

    case_open(&c, "csv", false);
    snprintf(target, sizeof target, "%s/b-dir.png", c.dir);
    assert_int_equal(mkdir(target, 0755), 0);
    r = run_outputs(c.out, target);
    check_message("all or nothing (second is a directory)", &r, 5, target, NO_LINE,
                  P("directory"));
    if (exists(c.out))
        problem("all or nothing (second is a directory)", "first target %s was written%s",
                c.out, "");
    cli_result_free(&r);

    /* all or nothing at write time: the second name passes the early checks
     * (its directory exists and is writable) but cannot be created (name
     * longer than NAME_MAX), after the first output has been written */
    case_open(&c, "csv", true);
    {
        char longname[400];
        memset(longname, 'x', 300);
        snprintf(longname + 300, sizeof longname - 300, ".csv");
        snprintf(target, sizeof target, "%s/%s", c.dir, longname);
    }
    r = run_outputs(c.out, target);
    check_message("all or nothing (second name too long)", &r, 5, target, NO_LINE,
                  P("long"));
    check_nothing_written("all or nothing (second name too long)", &c);
    cli_result_free(&r);

    /* the same after the work is done: a bad schools file with good outputs */
    case_open(&c, "csv", true);
    snprintf(target, sizeof target, "%s/second.png", c.dir);
    r = run_cli("--schools", test_data("bad/duplicate_id.csv"), "--boundaries", BOUNDARIES,
                "--district", "TH1501", "-q", "-o", c.out, "-o", target, NULL);
    check_message("two outputs, bad input", &r, 3, test_data("bad/duplicate_id.csv"), 4,
                  P("twice"));
    check_nothing_written("two outputs, bad input", &c);
    cli_result_free(&r);
    finish("bad outputs");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unusable_school_files),
        cmocka_unit_test(test_bad_school_tables),
        cmocka_unit_test(test_bad_shapefiles),
        cmocka_unit_test(test_null_and_empty_shapes),
        cmocka_unit_test(test_unknown_and_ambiguous_places),
        cmocka_unit_test(test_bad_option_text),
        cmocka_unit_test(test_bad_radius),
        cmocka_unit_test(test_bad_outputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
