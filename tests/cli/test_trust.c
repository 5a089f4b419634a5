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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schools_from_a_pipe),
        cmocka_unit_test(test_stdin_named_in_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
