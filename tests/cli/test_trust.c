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

static void copy_file(const char *from, const char *to)
{
    size_t len;
    char *data = read_all(from, &len);
    assert_non_null(data);
    FILE *f = fopen(to, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    free(data);
}

static size_t entries(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return n;
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

/* The run is refused (exit 2), names the output and the input, and leaves
 * the input's bytes and the directory as they were. */
static void expect_refused(const char *label, const cli_result *r, const char *output,
                           const char *input, const char *dir, size_t nfiles,
                           const char *input_copy)
{
    expect_error(label, r, 2, output, P(input));
    if (input_copy) {
        size_t a, b;
        char *now = read_all(input, &a), *was = read_all(input_copy, &b);
        if (!now || !was || a != b || memcmp(now, was, a) != 0)
            fail_msg("%s: the input %s was changed", label, input);
        free(now);
        free(was);
    }
    if (entries(dir) != nfiles)
        fail_msg("%s: %zu files in %s after a refused run, want %zu", label, entries(dir), dir,
                 nfiles);
}

static cli_result run_with(const char *schools, const char *o1, const char *o2,
                           const char *summary)
{
    return run_cli("--schools", schools, "--boundaries", BOUNDARIES, "--district", "TH1501",
                   "-q", "--summary", summary, "-o", o1, o2 ? "-o" : NULL, o2, NULL);
}

static void test_output_is_the_school_table(void **state)
{
    (void)state;
    const char *dir = fresh_dir("same-as-input");
    char s[1200], hard[1200], soft[1200], dotted[1200], sum[1200], ref[1200];
    snprintf(s, sizeof s, "%s/s.csv", dir);
    snprintf(hard, sizeof hard, "%s/hard.csv", dir);
    snprintf(soft, sizeof soft, "%s/soft.csv", dir);
    snprintf(dotted, sizeof dotted, "%s/./s.csv", dir);
    snprintf(sum, sizeof sum, "%s/sum.csv", dir);
    copy_file(test_data("variants/clean.csv"), s);
    assert_int_equal(link(s, hard), 0);
    assert_int_equal(symlink("s.csv", soft), 0);
    snprintf(ref, sizeof ref, "%s/clean.csv", temp_dir());
    copy_file(test_data("variants/clean.csv"), ref);
    cli_result r;

    r = run_with(s, s, NULL, sum);
    expect_refused("-o is the --schools file", &r, s, s, dir, 3, ref);
    cli_result_free(&r);
    r = run_with(s, sum, NULL, s);
    expect_refused("--summary is the --schools file", &r, s, s, dir, 3, ref);
    cli_result_free(&r);
    r = run_with(s, dotted, NULL, sum);
    expect_refused("-o is the --schools file by another path", &r, dotted, s, dir, 3, ref);
    cli_result_free(&r);
    r = run_with(s, hard, NULL, sum);
    expect_refused("-o is a hard link to --schools", &r, hard, s, dir, 3, ref);
    cli_result_free(&r);
    r = run_with(s, soft, NULL, sum);
    expect_refused("-o is a symlink to --schools", &r, soft, s, dir, 3, ref);
    cli_result_free(&r);
    r = run_with(soft, s, NULL, sum);
    expect_refused("--schools is a symlink to -o", &r, s, soft, dir, 3, ref);
    cli_result_free(&r);
}

/* The boundaries' .dbf behind an output name (a symlink): refused too. */
static void test_output_is_a_boundaries_file(void **state)
{
    (void)state;
    const char *dir = fresh_dir("same-as-boundaries");
    char base[1200], shp[1300], link_name[1200], sum[1200];
    snprintf(base, sizeof base, "%s/b", dir);
    static const char *const PARTS[] = {".shp", ".shx", ".dbf", ".prj", ".cpg"};
    for (size_t k = 0; k < 5; k++) {
        char from[1200], to[1300];
        snprintf(from, sizeof from, "%s/tha_adm2%s", QSMAP_GEODATA, PARTS[k]);
        snprintf(to, sizeof to, "%s%s", base, PARTS[k]);
        assert_int_equal(symlink(from, to), 0);
    }
    snprintf(shp, sizeof shp, "%s.shp", base);
    snprintf(sum, sizeof sum, "%s/sum.csv", dir);
    for (size_t k = 0; k < 5; k++) {
        snprintf(link_name, sizeof link_name, "%s/part%zu.csv", dir, k);
        char target[1300];
        snprintf(target, sizeof target, "%s%s", base, PARTS[k]);
        assert_int_equal(symlink(target, link_name), 0);
        cli_result r = run_cli("--schools", test_data("variants/clean.csv"), "--boundaries",
                               shp, "--district", "TH1501", "-q", "-o", link_name, "--summary",
                               sum, NULL);
        char label[80];
        snprintf(label, sizeof label, "-o is the boundaries' %s", PARTS[k]);
        expect_refused(label, &r, link_name, target, dir, 6 + k, NULL);
        cli_result_free(&r);
    }
}

/* Without -o the outputs are <district>-5km.pdf, .png and .csv in the
 * current directory: one of them may be the school table. */
static void test_default_output_is_the_school_table(void **state)
{
    (void)state;
    const char *dir = fresh_dir("default-names");
    char s[1200], ref[1200], cwd[1200];
    snprintf(s, sizeof s, "%s/เมืองอ่างทอง-5km.csv", dir);
    copy_file(test_data("variants/clean.csv"), s);
    snprintf(ref, sizeof ref, "%s/clean-default.csv", temp_dir());
    copy_file(test_data("variants/clean.csv"), ref);
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    cli_result r = run_cli("--schools", "เมืองอ่างทอง-5km.csv", "--boundaries", BOUNDARIES,
                           "--district", "TH1501", "-q", NULL);
    assert_int_equal(chdir(cwd), 0);
    expect_refused("default output is the --schools file", &r, "เมืองอ่างทอง-5km.csv",
                   "เมืองอ่างทอง-5km.csv", dir, 1, NULL);
    cli_result_free(&r);
    size_t a, b;
    char *now = read_all(s, &a), *was = read_all(ref, &b);
    assert_true(now && was && a == b && memcmp(now, was, a) == 0);
    free(now);
    free(was);
}

static void test_two_outputs_one_file(void **state)
{
    (void)state;
    const char *dir = fresh_dir("twice");
    char x[1200], dotx[1200], up[1200], old[1200], hard[1200], sum[1200];
    snprintf(x, sizeof x, "%s/x.csv", dir);
    snprintf(dotx, sizeof dotx, "%s/./x.csv", dir);
    snprintf(up, sizeof up, "%s/../twice/x.csv", dir);
    snprintf(old, sizeof old, "%s/old.csv", dir);
    snprintf(hard, sizeof hard, "%s/hard.csv", dir);
    snprintf(sum, sizeof sum, "%s/sum.csv", dir);
    const char *clean = test_data("variants/clean.csv");
    cli_result r;

    r = run_with(clean, x, NULL, x);
    expect_refused("-o x.csv --summary x.csv", &r, x, x, dir, 0, NULL);
    cli_result_free(&r);
    r = run_with(clean, x, dotx, sum);
    expect_refused("-o x.csv -o ./x.csv", &r, dotx, x, dir, 0, NULL);
    cli_result_free(&r);
    r = run_with(clean, x, up, sum);
    expect_refused("-o x.csv -o ../twice/x.csv", &r, up, x, dir, 0, NULL);
    cli_result_free(&r);
    /* two names of one existing file */
    copy_file(clean, old);
    assert_int_equal(link(old, hard), 0);
    r = run_with(clean, old, hard, sum);
    expect_refused("-o old.csv -o hard-link-of-old.csv", &r, hard, old, dir, 2, NULL);
    cli_result_free(&r);
    /* different files are still fine */
    r = run_with(clean, x, old, sum);
    if (r.code != 0)
        fail_msg("two different outputs refused: %s", r.err);
    cli_result_free(&r);
}

/* ---- 3. messages point to the real place ------------------------------------ */

static cli_result run_table(const char *path, const char *encoding)
{
    return run_cli("--schools", path, "--boundaries", BOUNDARIES, "--district", "TH1501", "-q",
                   "-o", "-", encoding ? "--encoding" : NULL, encoding, NULL);
}

/* UTF-8 Thai on lines 2 to 4, a byte no encoding has on line 5: named on
 * line 5 with its column, not where the CP874 guess gave up (line 2). */
static void test_bad_byte_on_its_line(void **state)
{
    (void)state;
    static const char T[] = "school_id,name_th,latitude,longitude\n"
                            "1,โรงเรียนก,14.5,100.4\n"
                            "2,โรงเรียนข,14.5,100.4\n"
                            "3,โรงเรียนค,14.5,100.4\n"
                            "4,ab\xFF"
                            "c,14.5,100.4\n"
                            "5,โรงเรียนง,14.5,100.4\n";
    const char *p = write_temp("bad-byte-line5.csv", T, sizeof T - 1);
    char where[1200];
    snprintf(where, sizeof where, "%s:5: ", p);
    cli_result r = run_table(p, NULL);
    expect_error("invalid UTF-8 on line 5 (auto)", &r, 3, where,
                 P("0xFF", "column 5", "UTF-8", "CP874"));
    cli_result_free(&r);
    r = run_table(p, "utf-8");
    expect_error("invalid UTF-8 on line 5 (--encoding utf-8)", &r, 3, where,
                 P("0xFF", "column 5", "UTF-8"));
    cli_result_free(&r);
    /* a CP874 table with one byte CP874 leaves undefined: its own line */
    static const char C[] = "school_id,name_th,latitude,longitude\n"
                            "1,\xC3\xD2,14.5,100.4\n"
                            "2,\xC3\xD2,14.5,100.4\n"
                            "3,\xC3\xDB,14.5,100.4\n";
    p = write_temp("cp874-undefined-line4.csv", C, sizeof C - 1);
    snprintf(where, sizeof where, "%s:4: ", p);
    r = run_table(p, NULL);
    expect_error("CP874 table, undefined byte on line 4", &r, 3, where,
                 P("0xDB", "column 4", "CP874", "UTF-8"));
    cli_result_free(&r);
}

static void test_utf16_named(void **state)
{
    (void)state;
#define S(x) x, sizeof x - 1
    static const struct {
        const char *label;
        const char *bytes;
        size_t len;
    } U[] = {
        {"UTF-16LE with BOM", S("\xFF\xFEs\0c\0h\0o\0o\0l\0_\0i\0d\0\n\0" "1\0\n\0")},
        {"UTF-16BE with BOM", S("\xFE\xFF\0s\0c\0h\0o\0o\0l\0_\0i\0d\0\n\0" "1\0\n")},
        {"UTF-16LE, no BOM", S("s\0c\0h\0o\0o\0l\0_\0i\0d\0,\0n\0\n\0" "1\0,\0a\0\n\0")},
        /* Thai is 0E xx: its high bytes are 0E, not NUL */
        {"UTF-16LE, Thai header, no BOM",
         S("\x23\x0e\x2b\x0e\x31\x0e,\0l\0a\0t\0\n\0" "1\0,\0" "2\0\n\0")},
    };
#undef S
    for (size_t k = 0; k < sizeof U / sizeof U[0]; k++) {
        char name[40];
        snprintf(name, sizeof name, "utf16-%zu.csv", k);
        const char *p = write_temp(name, U[k].bytes, U[k].len);
        cli_result r = run_table(p, NULL);
        expect_error(U[k].label, &r, 3, p, P("UTF-16 text: save it as CSV UTF-8"));
        cli_result_free(&r);
    }
}

/* GIS formats go to the GDAL reader: a missing file and a damaged one are
 * each named with the reason, never a crash (regression: a .geojson was
 * refused as "not a shapefile" before the reader existed). */
static void test_boundaries_in_another_format(void **state)
{
    (void)state;
    const char *dir = fresh_dir("formats");
    static const char *const NAMES[] = {"districts.geojson", "districts.gpkg", "districts.kml",
                                        "districts.json"};
    for (size_t k = 0; k < sizeof NAMES / sizeof NAMES[0]; k++) {
        char p[1200];
        snprintf(p, sizeof p, "%s/%s", dir, NAMES[k]);
        if (k % 2) {
            FILE *f = fopen(p, "w");
            assert_non_null(f);
            fputs("{}", f);
            fclose(f);
        }
        cli_result r = run_cli("--schools", test_data("variants/clean.csv"), "--boundaries", p,
                               "--district", "TH1501", "-q", "-o", "-", NULL);
        if (k % 2)
            expect_error(NAMES[k], &r, 3, p, P("GDAL cannot read it", "damaged"));
        else
            expect_error(NAMES[k], &r, 3, p, P("cannot open", "No such file"));
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

static void test_output_directory_without_slash(void **state)
{
    (void)state;
    const char *dir = fresh_dir("pngs");
    char want[1300];
    snprintf(want, sizeof want,
             "is a directory: add a trailing slash (-o %s/) to write one PNG per district", dir);
    cli_result r = run_cli("--schools", test_data("variants/clean.csv"), "--boundaries",
                           BOUNDARIES, "--district", "TH1501", "-q", "-o", dir, NULL);
    expect_error("-o DIR (no slash)", &r, 2, dir, P(want));
    assert_int_equal(entries(dir), 0);
    cli_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schools_from_a_pipe),
        cmocka_unit_test(test_stdin_named_in_messages),
        cmocka_unit_test(test_boundaries_not_a_pipe),
        cmocka_unit_test(test_output_is_the_school_table),
        cmocka_unit_test(test_output_is_a_boundaries_file),
        cmocka_unit_test(test_default_output_is_the_school_table),
        cmocka_unit_test(test_two_outputs_one_file),
        cmocka_unit_test(test_bad_byte_on_its_line),
        cmocka_unit_test(test_utf16_named),
        cmocka_unit_test(test_boundaries_in_another_format),
        cmocka_unit_test(test_output_directory_without_slash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
