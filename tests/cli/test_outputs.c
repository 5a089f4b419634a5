/* test_outputs.c — the promises about output files that only a whole run
 * shows (issue 13): every output of a run, the PNGs of -o DIR/ included,
 * appears only when all are complete; SIGINT and SIGTERM leave no
 * temporary behind and the old files as they were; FIFOs and /dev/stdout,
 * /dev/fd/N are written as streams, other devices refused and left alone; a
 * full disk is exit 5 with one line naming the file, for every format.
 * Signals and the full disk run the built binary in a child (tests/child.h);
 * the rest runs in-process. */
#define _XOPEN_SOURCE 700 /* mknod */
#include "child.h"
#include "support.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BOUNDARIES QSMAP_GEODATA "/tha_adm2.shp"
#define PNG_1501 "TH1501-เมืองอ่างทอง-5km.png"

static const char OLD[] = "old bytes: must survive\n";

static void put(const char *path, const char *bytes)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(bytes, f);
    fclose(f);
}

static bool one_line(const char *s)
{
    const char *nl = strchr(s, '\n');
    return strncmp(s, "qsmap: ", 7) == 0 && nl && nl[1] == '\0';
}

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

/* ---- 1. all or nothing, the PNGs of -o DIR/ included ---------------------- */

/* The PNG directory is written first, then the CSV fails (its name is longer
 * than NAME_MAX): the directory keeps its old PNG and gets no new one. */
static void test_png_dir_waits_for_the_other_outputs(void **state)
{
    (void)state;
    char dir[1100], pngs[1200], old_png[1400], csv[1500];
    fresh_dir("all-or-nothing", dir, sizeof dir);
    snprintf(pngs, sizeof pngs, "%s/pngs/", dir);
    assert_int_equal(mkdir(pngs, 0755), 0);
    snprintf(old_png, sizeof old_png, "%s%s", pngs, PNG_1501);
    put(old_png, OLD);
    char name[320];
    memset(name, 'x', 300);
    snprintf(name + 300, sizeof name - 300, ".csv");
    snprintf(csv, sizeof csv, "%s/%s", dir, name);
    cli_result r = run_cli("--schools", test_data("variants/clean.csv"), "--boundaries",
                           BOUNDARIES, "--province", "อ่างทอง", "--dpi", "36", "-q", "-o",
                           pngs, "-o", csv, NULL);
    printf("  exit %d: %s", r.code, r.err);
    assert_int_equal(r.code, 5);
    assert_true(one_line(r.err));
    if (dir_count(pngs, false) != 1 || !file_is(old_png, OLD))
        fail_msg("the failed run left %d file(s) in %s, the old PNG %s", dir_count(pngs, false),
                 pngs, file_is(old_png, OLD) ? "intact" : "replaced");
    assert_int_equal(dir_count(dir, true), 0);
    cli_result_free(&r);
}

/* ---- 2. SIGINT and SIGTERM ------------------------------------------------ */

/* Start the run, wait until a temporary of `watch` (a directory) named
 * `prefix`* appears, send sig, and return the exit code. */
static int interrupt(const char *cwd, const char *const *args, const char *watch,
                     const char *prefix, int sig)
{
    child_proc c = child_start(cwd, 0, args);
    char found[300];
    int waited = 0;
    while (!dir_find(watch, prefix, found, sizeof found) && waited < 120000)
        sleep_ms(5), waited += 5;
    if (waited >= 120000) {
        kill(c.pid, SIGKILL);
        child_wait(&c, NULL);
        fail_msg("no temporary %s* appeared in %s", prefix, watch);
    }
    printf("  %s appeared after %d ms; signal %d\n", found, waited, sig);
    kill(c.pid, sig);
    char *err;
    int code = child_wait(&c, &err);
    printf("  exit %d, stderr [%s]\n", code, err);
    free(err);
    return code;
}

static void test_sigterm_removes_the_temporary(void **state)
{
    (void)state;
    char dir[1100], out[1200];
    fresh_dir("sigterm", dir, sizeof dir);
    snprintf(out, sizeof out, "%s/out.pdf", dir);
    put(out, OLD);
    const char *const args[] = {"--province", "อ่างทอง", "-q", "-o", "out.pdf", NULL};
    int code = interrupt(dir, args, dir, ".out.pdf.", SIGTERM);
    assert_int_equal(code, 143);
    assert_true(file_is(out, OLD));
    assert_int_equal(dir_count(dir, true), 0);
    assert_int_equal(dir_count(dir, false), 1);
}

static void test_sigint_during_a_png_directory(void **state)
{
    (void)state;
    char dir[1100], pngs[1200], old_png[1400], out[1200];
    fresh_dir("sigint", dir, sizeof dir);
    snprintf(pngs, sizeof pngs, "%s/pngs", dir);
    assert_int_equal(mkdir(pngs, 0755), 0);
    snprintf(old_png, sizeof old_png, "%s/%s", pngs, PNG_1501);
    put(old_png, OLD);
    snprintf(out, sizeof out, "%s/out.pdf", dir);
    put(out, OLD);
    const char *const args[] = {"--province", "อ่างทอง", "--dpi", "150", "-q", "-o", "pngs/",
                                "-o", "out.pdf", NULL};
    int code = interrupt(dir, args, pngs, ".", SIGINT);
    assert_int_equal(code, 130);
    assert_true(file_is(out, OLD));
    assert_true(file_is(old_png, OLD));
    assert_int_equal(dir_count(pngs, false), 1);
    assert_int_equal(dir_count(dir, true), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_png_dir_waits_for_the_other_outputs),
        cmocka_unit_test(test_sigterm_removes_the_temporary),
        cmocka_unit_test(test_sigint_during_a_png_directory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
