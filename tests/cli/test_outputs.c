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

/* ---- 4. outputs that are not regular files -------------------------------- */

/* Run TH1501 with -o DIR/pipe.<ext>, a FIFO, which a child reads into
 * DIR/got; the bytes read (free them), NULL when the FIFO was replaced. */
static char *through_fifo(const char *ext, size_t *len)
{
    char dir[1100], fifo[1200], got[1200];
    fresh_dir("fifo", dir, sizeof dir);
    snprintf(fifo, sizeof fifo, "%s/pipe.%s", dir, ext);
    snprintf(got, sizeof got, "%s/got", dir);
    assert_int_equal(mkfifo(fifo, 0644), 0);
    pid_t reader = fork();
    assert_true(reader >= 0);
    if (reader == 0) {
        alarm(60); /* a broken qsmap never opens the FIFO */
        int in = open(fifo, O_RDONLY), out = open(got, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        char buf[4096];
        ssize_t n;
        while (in >= 0 && (n = read(in, buf, sizeof buf)) > 0)
            if (write(out, buf, (size_t)n) != n)
                _exit(1);
        _exit(0);
    }
    cli_result r = run_cli("--schools", test_data("variants/clean.csv"), "--boundaries",
                           BOUNDARIES, "--district", "TH1501", "--dpi", "36", "-q", "-o", fifo,
                           NULL);
    struct stat st;
    bool still_fifo = lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode);
    if (!still_fifo)
        kill(reader, SIGKILL);
    int status;
    waitpid(reader, &status, 0);
    printf("  .%s: exit %d %s; FIFO %s\n", ext, r.code, r.err, still_fifo ? "kept" : "replaced");
    assert_int_equal(r.code, 0);
    cli_result_free(&r);
    assert_int_equal(dir_count(dir, true), 0);
    return still_fifo ? read_all(got, len) : NULL;
}

/* A FIFO is written as a stream: a reader gets the output, the FIFO stays;
 * a workbook too (written to a scratch file first: libxlsxwriter seeks). */
static void test_fifo_output(void **state)
{
    (void)state;
    size_t len;
    char *csv = through_fifo("csv", &len);
    assert_non_null(csv);
    cli_result want = run_cli("--schools", test_data("variants/clean.csv"), "--boundaries",
                              BOUNDARIES, "--district", "TH1501", "-q", "-o", "-", NULL);
    assert_true(want.out_len > 100 && len == want.out_len);
    assert_memory_equal(csv, want.out, len);
    cli_result_free(&want);
    free(csv);
    char *xlsx = through_fifo("xlsx", &len);
    assert_non_null(xlsx);
    assert_true(len > 1000 && memcmp(xlsx, "PK\x03\x04", 4) == 0);
    free(xlsx);
    char *pdf = through_fifo("pdf", &len);
    assert_non_null(pdf);
    assert_true(len > 1000 && memcmp(pdf, "%PDF-", 5) == 0);
    free(pdf);
}

/* /dev/stdout is stdout, as "-" is; /dev/fd/N writes to descriptor N as it
 * is open (here appending: nothing truncated, nothing renamed). */
static void test_stdout_and_fd_names(void **state)
{
    (void)state;
    const char *schools = test_data("variants/clean.csv");
    cli_result want = run_cli("--schools", schools, "--boundaries", BOUNDARIES, "--district",
                              "TH1501", "-q", "-o", "-", NULL);
    cli_result r = run_cli("--schools", schools, "--boundaries", BOUNDARIES, "--district",
                           "TH1501", "-q", "-o", "/dev/stdout", NULL);
    printf("  /dev/stdout: exit %d %s\n", r.code, r.err);
    assert_int_equal(r.code, 0);
    assert_true(r.out_len == want.out_len && memcmp(r.out, want.out, r.out_len) == 0);
    cli_result_free(&r);

    char dir[1100], log[1200], name[64];
    fresh_dir("fd", dir, sizeof dir);
    snprintf(log, sizeof log, "%s/log.csv", dir);
    put(log, OLD);
    int fd = open(log, O_WRONLY | O_APPEND);
    assert_true(fd > 2);
    snprintf(name, sizeof name, "/dev/fd/%d", fd);
    r = run_cli("--schools", schools, "--boundaries", BOUNDARIES, "--district", "TH1501", "-q",
                "-o", name, NULL);
    close(fd);
    printf("  %s: exit %d %s\n", name, r.code, r.err);
    assert_int_equal(r.code, 0);
    size_t len;
    char *now = read_all(log, &len);
    assert_non_null(now);
    assert_true(len == strlen(OLD) + want.out_len);
    assert_memory_equal(now, OLD, strlen(OLD));
    assert_memory_equal(now + strlen(OLD), want.out, want.out_len);
    free(now);
    assert_int_equal(dir_count(dir, true), 0);
    cli_result_free(&r);
    cli_result_free(&want);
}

static bool is_chr(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISCHR(st.st_mode);
}

/* A device, or a symlink to one, is refused (exit 5, one line) and stays. */
static int refused(const char *label, const char *opt, const char *path)
{
    cli_result r = run_cli("--schools", test_data("variants/clean.csv"), "--boundaries",
                           BOUNDARIES, "--district", "TH1501", "-q", "-o",
                           strcmp(opt, "-o") ? "-" : path, strcmp(opt, "-o") ? opt : NULL,
                           path, NULL);
    char want[1300];
    snprintf(want, sizeof want, "qsmap: %s: ", path);
    int bad = r.code != 5 || !one_line(r.err) || strncmp(r.err, want, strlen(want)) != 0;
    printf("  %-28s exit %d %s%s", label, r.code, r.err, bad ? "  <- FAIL\n" : "");
    cli_result_free(&r);
    return bad;
}

static void test_devices_refused(void **state)
{
    (void)state;
    char dir[1100], null_link[1200], full_link[1200], node[1200];
    fresh_dir("devices", dir, sizeof dir);
    snprintf(null_link, sizeof null_link, "%s/null.csv", dir);
    snprintf(full_link, sizeof full_link, "%s/full.pdf", dir);
    snprintf(node, sizeof node, "%s/node.csv", dir);
    assert_int_equal(symlink("/dev/null", null_link), 0);
    assert_int_equal(symlink("/dev/full", full_link), 0);
    int bad = refused("symlink to /dev/null", "-o", null_link);
    bad += refused("symlink to /dev/full", "-o", full_link);
    bool have_node = mknod(node, S_IFCHR | 0666, makedev(1, 3)) == 0;
    if (have_node)
        bad += refused("a char device (1,3)", "-o", node);
    else
        printf("  SKIP a char device in a temporary directory: mknod: %s\n", strerror(errno));
    char target[64] = "";
    if (readlink(null_link, target, sizeof target - 1) < 0 || strcmp(target, "/dev/null"))
        fail_msg("%s is no longer a symlink to /dev/null", null_link);
    assert_true(is_chr(null_link) && is_chr(full_link) && (!have_node || is_chr(node)));
    assert_true(is_chr("/dev/null") && is_chr("/dev/full"));
    /* /dev/null itself has no extension that names a format: refused
     * before the devices are looked at (exit 2). */
    cli_result r = run_cli("--district", "TH1501", "-q", "-o", "/dev/null", NULL);
    printf("  %-28s exit %d %s", "-o /dev/null", r.code, r.err);
    assert_int_equal(r.code, 2);
    assert_true(one_line(r.err));
    cli_result_free(&r);
    assert_true(is_chr("/dev/null"));
    assert_int_equal(dir_count(dir, true), 0);
    if (bad)
        fail_msg("%d device(s) not refused", bad);
}

/* ---- 5. a full disk, every format ----------------------------------------- */

typedef struct {
    const char *label, *out; /* the file that cannot be written, under the case dir */
    const char *args[12];
} full_case;

static const full_case FULL[] = {
    {"csv", "out.csv", {"--district", "TH1501", "-o", "out.csv"}},
    {"pdf", "out.pdf", {"--district", "TH1501", "-o", "out.pdf"}},
    {"pdf atlas", "out.pdf", {"--province", "อ่างทอง", "-o", "out.pdf"}},
    {"png", "out.png", {"--district", "TH1501", "--dpi", "36", "-o", "out.png"}},
    {"xlsx", "out.xlsx", {"--district", "TH1501", "-o", "out.xlsx"}},
    {"geojson", "out.geojson", {"--district", "TH1501", "-o", "out.geojson"}},
    {"summary", "sum.csv", {"--district", "TH1501", "-o", "-", "--summary", "sum.csv"}},
    {"png directory", "pngs/", {"--district", "TH1501", "--dpi", "36", "-o", "pngs/"}},
};

static int full_disk_case(const full_case *fc)
{
    char dir[1100];
    fresh_dir("full", dir, sizeof dir);
    const char *a[24] = {"--schools", test_data("variants/clean.csv"), "--boundaries",
                         BOUNDARIES, "-q"};
    size_t n = 5;
    for (size_t k = 0; fc->args[k]; k++)
        a[n++] = fc->args[k];
    a[n] = NULL;
    if (fc->out[strlen(fc->out) - 1] == '/') {
        char sub[1200];
        snprintf(sub, sizeof sub, "%s/%s", dir, fc->out);
        assert_int_equal(mkdir(sub, 0755), 0);
    }
    child_proc c = child_start(dir, 200, a);
    char *err;
    int code = child_wait(&c, &err);
    char want[200];
    snprintf(want, sizeof want, "qsmap: %s", fc->out);
    int bad = code != 5 || !one_line(err) || strncmp(err, want, strlen(want)) != 0;
    char leftover[300] = "";
    if (dir_find(dir, ".", leftover, sizeof leftover))
        bad = 1;
    printf("  %-14s exit %d %s%s%s\n", fc->label, code, err, leftover[0] ? " left: " : "",
           leftover);
    free(err);
    return bad;
}

static void test_full_disk_every_format(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t k = 0; k < sizeof FULL / sizeof FULL[0]; k++)
        bad += full_disk_case(&FULL[k]);
    if (bad)
        fail_msg("%d format(s) fail a full disk badly (want exit 5, one line naming the file, "
                 "no temporary left)", bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_png_dir_waits_for_the_other_outputs),
        cmocka_unit_test(test_sigterm_removes_the_temporary),
        cmocka_unit_test(test_sigint_during_a_png_directory),
        cmocka_unit_test(test_fifo_output),
        cmocka_unit_test(test_stdout_and_fd_names),
        cmocka_unit_test(test_devices_refused),
        cmocka_unit_test(test_full_disk_every_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
