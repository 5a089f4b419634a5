/* test_dropped.c — nothing a run is given is dropped without a word (issue
 * 13): --quality ids of any length, or from @FILE. */
#include "support.h"

#include "base/fileio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOUNDARIES QSMAP_GEODATA "/tha_adm2.shp"
#define SCHOOLS_GZ QSMAP_GEODATA "/schools_th.csv.gz"

/* ---- helpers --------------------------------------------------------------- */

static const char *temp_path(const char *name)
{
    static char buf[4][1200];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", temp_dir(), name);
    return buf[k];
}

static char *must_read(const char *path)
{
    char *s = read_all(path, NULL);
    if (!s)
        fail_msg("cannot read %s", path);
    return s;
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* ---- --quality of any length, and from a file ---------------------------- */

/* The default table as given, with its colour column renamed (so that
 * --quality, which has no colours, can give the same table), and again
 * with its role column renamed too. */
static void write_tables(char **with_role, char **without_role)
{
    qsmap_input in;
    qsmap_error err = {0};
    if (qsmap_input_open(SCHOOLS_GZ, SCHOOLS_GZ, &in, &err) != QSMAP_OK)
        fail_msg("%s: %s", SCHOOLS_GZ, err.msg);
    size_t len = in.len;
    char *text = malloc(len + 1);
    assert_non_null(text);
    memcpy(text, in.data, len);
    text[len] = '\0';
    qsmap_input_release(&in);
    char *nl = strchr(text, '\n');
    assert_non_null(nl);
    char *color = strstr(text, ",quality_color,"), *role = strstr(text, ",role,");
    assert_true(color && color < nl && role && role < nl);
    memcpy(color + 1, "given_color__", 13); /* the same length as quality_color */
    /* write_temp's names are reused after four calls: keep copies */
    *with_role = strdup(write_temp("no-colour.csv", text, len));
    memcpy(role + 1, "kind", 4);
    *without_role = strdup(write_temp("no-role.csv", text, len));
    free(text);
}

/* Every quality_id of a CSV (third field), each once, comma-joined. */
static char *quality_ids(const char *csv, size_t *count)
{
    char *ids = malloc(strlen(csv) + 1);
    assert_non_null(ids);
    size_t n = 0, used = 0;
    ids[0] = '\0';
    char last[64] = "";
    for (const char *p = strstr(csv, "\r\n") + 2; *p; p = strstr(p, "\r\n") + 2) {
        const char *f = strchr(strchr(p, ',') + 1, ',') + 1, *e = strchr(f, ',');
        char id[64];
        snprintf(id, sizeof id, "%.*s", (int)(e - f), f);
        if (strcmp(id, last) != 0) {
            used += (size_t)sprintf(ids + used, "%s%s", n ? "," : "", id);
            snprintf(last, sizeof last, "%s", id);
            n++;
        }
    }
    *count = n;
    return ids;
}

typedef struct {
    char *ref;  /* the --all CSV from the table's role column */
    char *ids;  /* its quality ids, comma-joined */
    size_t nids;
    char *without_role;
} quality_fixture;

static int quality_setup(void **state)
{
    quality_fixture *f = calloc(1, sizeof *f);
    char *with_role;
    write_tables(&with_role, &f->without_role);
    const char *out = temp_path("ref-all.csv");
    cli_result r = run_cli("--schools", with_role, "--boundaries", BOUNDARIES, "--all", "-q",
                           "-o", out, NULL);
    if (r.code != 0)
        fail_msg("exit %d: %s", r.code, r.err);
    cli_result_free(&r);
    free(with_role);
    f->ref = must_read(out);
    f->ids = quality_ids(f->ref, &f->nids);
    *state = f;
    return 0;
}

static int quality_teardown(void **state)
{
    quality_fixture *f = *state;
    free(f->ref);
    free(f->ids);
    free(f->without_role);
    free(f);
    return 0;
}

static void assert_same_as_ref(const quality_fixture *f, const char *quality, const char *name)
{
    const char *out = temp_path(name);
    cli_result r = run_cli("--schools", f->without_role, "--boundaries", BOUNDARIES, "--all",
                           "--quality", quality, "-q", "-o", out, NULL);
    if (r.code != 0)
        fail_msg("--quality (%zu bytes): exit %d: %s", strlen(quality), r.code, r.err);
    cli_result_free(&r);
    char *got = must_read(out);
    if (strcmp(got, f->ref) != 0) {
        size_t n;
        char *ids = quality_ids(got, &n);
        fail_msg("%s: %zu quality schools, want %zu", name, n, f->nids);
        free(ids);
    }
    free(got);
}

/* Every quality id of the national table (1,223 ids, 13 KB) on the command
 * line: the same table as the role column gives. */
static void test_quality_ids_any_length(void **state)
{
    quality_fixture *f = *state;
    assert_true(f->nids > 1000);
    assert_true(strlen(f->ids) > 3 * 4096);
    assert_same_as_ref(f, f->ids, "long-ids.csv");
}

/* @FILE: one id a line (blank lines and CRLF allowed), or a CSV whose
 * header names the school id column. */
static void test_quality_ids_from_file(void **state)
{
    quality_fixture *f = *state;
    size_t len = strlen(f->ids);
    char *lines = malloc(len + 16), *csv = malloc(len * 2 + f->nids * 16 + 64);
    assert_true(lines && csv);
    size_t n = (size_t)sprintf(lines, "\n");
    for (const char *p = f->ids; *p; p++)
        lines[n++] = *p == ',' ? '\n' : *p;
    n += (size_t)sprintf(lines + n, "\r\n\r\n");
    char at[1300];
    snprintf(at, sizeof at, "@%s", write_temp("ids.txt", lines, n));
    assert_same_as_ref(f, at, "file-ids.csv");

    n = (size_t)sprintf(csv, "\xEF\xBB\xBFชื่อโรงเรียน,รหัสโรงเรียน\r\n");
    for (const char *p = f->ids; *p;) {
        const char *e = strchr(p, ',');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        n += (size_t)sprintf(csv + n, "\"x, y\",%.*s\r\n", (int)k, p);
        p += k + (e ? 1 : 0);
    }
    snprintf(at, sizeof at, "@%s", write_temp("ids.csv", csv, n));
    assert_same_as_ref(f, at, "csv-ids.csv");
    free(lines);
    free(csv);
}

/* An id the table lacks: exit 4 and one line, with the file's line. */
static void test_quality_unknown_ids(void **state)
{
    quality_fixture *f = *state;
    static const char IDS[] = "school_id\n1015670161\n\n1234567890\n";
    const char *p = write_temp("bad-ids.csv", IDS, sizeof IDS - 1);
    char at[1300], want[1400];
    snprintf(at, sizeof at, "@%s", p);
    cli_result r = run_cli("--schools", f->without_role, "--boundaries", BOUNDARIES, "--all",
                           "--quality", at, "-q", "-o", temp_path("x.csv"), NULL);
    assert_int_equal(r.code, 4);
    assert_int_equal(count_lines(r.err), 1);
    snprintf(want, sizeof want, "qsmap: %s:4: ", p);
    if (strncmp(r.err, want, strlen(want)) != 0 || !strstr(r.err, "1234567890") ||
        !strstr(r.err, f->without_role))
        fail_msg("want '%s… 1234567890 … %s', got %s", want, f->without_role, r.err);
    cli_result_free(&r);

    /* on the command line, as before: the table named */
    char *ids = malloc(strlen(f->ids) + 16);
    sprintf(ids, "%s,1234567890", f->ids);
    r = run_cli("--schools", f->without_role, "--boundaries", BOUNDARIES, "--all", "--quality",
                ids, "-q", "-o", temp_path("x.csv"), NULL);
    free(ids);
    assert_int_equal(r.code, 4);
    snprintf(want, sizeof want, "qsmap: %s: --quality: no school with id 1234567890",
             f->without_role);
    if (strncmp(r.err, want, strlen(want)) != 0)
        fail_msg("want '%s', got %s", want, r.err);
    cli_result_free(&r);
}

/* A file qsmap cannot read ids from: exit 3, one line naming it. */
static void test_quality_bad_files(void **state)
{
    quality_fixture *f = *state;
    static const struct {
        const char *name, *text, *phrase;
        long line;
    } BAD[] = {
        {"no-such-ids.txt", NULL, "such file", 0},
        {"empty-ids.txt", "\n\n", "no school ids", 0},
        {"two-fields.csv", "1015670161\n1015670023,1015670022\n", "2 fields", 2},
        {"empty-id.csv", "school_id,name\n1015670161,a\n,b\n", "empty school id", 3},
    };
    for (size_t k = 0; k < sizeof BAD / sizeof BAD[0]; k++) {
        const char *p = BAD[k].text ? write_temp(BAD[k].name, BAD[k].text, strlen(BAD[k].text))
                                    : temp_path(BAD[k].name);
        char at[1300], want[1400];
        snprintf(at, sizeof at, "@%s", p);
        cli_result r = run_cli("--schools", f->without_role, "--boundaries", BOUNDARIES,
                               "--all", "--quality", at, "-q", "-o", temp_path("x.csv"), NULL);
        if (BAD[k].line)
            snprintf(want, sizeof want, "qsmap: %s:%ld: ", p, BAD[k].line);
        else
            snprintf(want, sizeof want, "qsmap: %s: ", p);
        if (r.code != 3 || count_lines(r.err) != 1 || strncmp(r.err, want, strlen(want)) != 0 ||
            !strstr(r.err, BAD[k].phrase))
            fail_msg("%s: exit %d, want 3, '%s…%s': %s", BAD[k].name, r.code, want,
                     BAD[k].phrase, r.err);
        cli_result_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest quality[] = {
        cmocka_unit_test(test_quality_ids_any_length),
        cmocka_unit_test(test_quality_ids_from_file),
        cmocka_unit_test(test_quality_unknown_ids),
        cmocka_unit_test(test_quality_bad_files),
    };
    return cmocka_run_group_tests_name("--quality", quality, quality_setup, quality_teardown);
}
