/* test_install.c — `cmake --install <build> --prefix DIR` gives a qsmap that
 * works at DIR and after DIR is moved: the installed binary finds its
 * renderer module and the installed dataset relative to itself, not where
 * the build was configured, and writes the CSV the build-tree binary writes. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define DISTRICT "เมืองอ่างทอง"

/* The test's own temporary directory (removed at the end). */
typedef struct {
    char root[64];
} install_fixture;

static int group_setup(void **state)
{
    install_fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->root, sizeof f->root, "/tmp/qsmap-install-XXXXXX");
    if (!mkdtemp(f->root))
        return free(f), -1;
    unsetenv("QSMAP_DATA_DIR"); /* the dataset must be found as an install finds it */
    unsetenv("QSMAP_MODULE_DIR"); /* and the modules */
    *state = f;
    return 0;
}

static int group_teardown(void **state)
{
    install_fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->root);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

/* The cmake that configured the build, which installs it; skip without it. */
static void need_cmake(void)
{
    if (access(QSMAP_CMAKE, X_OK) != 0) {
        printf("SKIP: no cmake at %s to install the build with\n", QSMAP_CMAKE);
        skip();
    }
}

/* Run a shell command; on failure, fail showing what it printed in log. */
static void run_ok(const char *cmd, const char *log)
{
    if (system(cmd) != 0) {
        char *out = read_all(log, NULL);
        fail_msg("'%s' failed: %s", cmd, out ? out : "(no output)");
    }
}

/* cmake --install the build directory at prefix. */
static void install_at(const install_fixture *f, const char *prefix)
{
    char cmd[2048], log[128];
    snprintf(log, sizeof log, "%s/install.log", f->root);
    snprintf(cmd, sizeof cmd, "'%s' --install '%s' --prefix '%s' > '%s' 2>&1", QSMAP_CMAKE,
             QSMAP_BUILD_DIR, prefix, log);
    run_ok(cmd, log);
}

/* Run `qsmap --district เมืองอ่างทอง -o x.<ext>...` in a fresh directory
 * <root>/<name>, which is left holding the outputs and run.log; exit status. */
static int run_qsmap(const install_fixture *f, const char *qsmap, const char *name,
                     const char *outputs)
{
    char dir[128], cmd[2048];
    snprintf(dir, sizeof dir, "%s/%s", f->root, name);
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' --district " DISTRICT " -q %s > run.log 2>&1", dir,
             qsmap, outputs);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static char *read_output(const install_fixture *f, const char *name, const char *file,
                         size_t *len)
{
    char path[192];
    snprintf(path, sizeof path, "%s/%s/%s", f->root, name, file);
    char *data = read_all(path, len);
    if (!data)
        fail_msg("no %s", path);
    return data;
}

/* The installed qsmap at prefix writes a PDF (so it loaded the renderer
 * from <prefix>/<libdir>/qsmap: none is beside it) and the build tree's CSV. */
static void check_installed_run(const install_fixture *f, const char *prefix, const char *name)
{
    char qsmap[128], beside[160];
    snprintf(qsmap, sizeof qsmap, "%s/bin/qsmap", prefix);
    snprintf(beside, sizeof beside, "%s/bin/qsmap-render.so", prefix);
    assert_int_not_equal(access(beside, F_OK), 0);
    if (run_qsmap(f, qsmap, name, "-o x.pdf -o x.csv") != 0) {
        char *log = read_output(f, name, "run.log", NULL);
        fail_msg("installed qsmap failed: %s", log);
    }
    size_t len, ref_len, csv_len;
    char *pdf = read_output(f, name, "x.pdf", &len);
    assert_true(len > 1000 && memcmp(pdf, "%PDF", 4) == 0);
    free(pdf);
    char ref_name[64];
    snprintf(ref_name, sizeof ref_name, "%s-ref", name);
    assert_int_equal(run_qsmap(f, QSMAP_BINARY, ref_name, "-o x.csv"), 0);
    char *ref = read_output(f, ref_name, "x.csv", &ref_len);
    char *csv = read_output(f, name, "x.csv", &csv_len);
    assert_true(ref_len > 1000);
    assert_int_equal(csv_len, ref_len);
    assert_memory_equal(csv, ref, ref_len);
    free(ref);
    free(csv);
}

static void test_install_at_custom_prefix(void **state)
{
    need_cmake();
    const install_fixture *f = *state;
    char prefix[128];
    snprintf(prefix, sizeof prefix, "%s/prefix", f->root);
    install_at(f, prefix);
    check_installed_run(f, prefix, "run-at-prefix");
}

/* Installed, then the whole prefix moved: nothing points at the old place. */
static void test_moved_prefix_still_works(void **state)
{
    need_cmake();
    const install_fixture *f = *state;
    char prefix[128], moved[128], cmd[320];
    snprintf(prefix, sizeof prefix, "%s/to-move", f->root);
    snprintf(moved, sizeof moved, "%s/moved", f->root);
    install_at(f, prefix);
    snprintf(cmd, sizeof cmd, "mv '%s' '%s'", prefix, moved);
    assert_int_equal(system(cmd), 0);
    assert_int_not_equal(access(prefix, F_OK), 0);
    check_installed_run(f, moved, "run-moved");
}

/* The installed dataset is the one used, not the source tree's: with the
 * installed school table spoilt, the run fails and names that file. */
static void test_installed_dataset_is_the_one_read(void **state)
{
    need_cmake();
    const install_fixture *f = *state;
    char prefix[128], table[192], qsmap[160];
    snprintf(prefix, sizeof prefix, "%s/spoilt", f->root);
    install_at(f, prefix);
    snprintf(table, sizeof table, "%s/share/qsmap/schools_th.csv.gz", prefix);
    FILE *t = fopen(table, "wb");
    assert_non_null(t);
    fputs("not a gzip file\n", t);
    fclose(t);
    snprintf(qsmap, sizeof qsmap, "%s/bin/qsmap", prefix);
    assert_int_not_equal(run_qsmap(f, qsmap, "run-spoilt", "-o x.csv"), 0);
    char *log = read_output(f, "run-spoilt", "run.log", NULL);
    if (!strstr(log, table))
        fail_msg("the error does not name %s: %s", table, log);
    free(log);
}

/* The office alias table ships with the dataset: today's office names work
 * from an install. */
static void test_installed_office_aliases(void **state)
{
    need_cmake();
    const install_fixture *f = *state;
    char prefix[128], aliases[192], qsmap[160];
    snprintf(prefix, sizeof prefix, "%s/offices", f->root);
    install_at(f, prefix);
    snprintf(aliases, sizeof aliases, "%s/share/qsmap/office_aliases.csv", prefix);
    assert_int_equal(access(aliases, R_OK), 0);
    snprintf(qsmap, sizeof qsmap, "%s/bin/qsmap", prefix);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "'%s' --office 'สพม.สิงห์บุรี อ่างทอง' -q -o - | grep -c ',TH15'",
             qsmap);
    char *out = command_output(cmd);
    if (atoi(out) < 7)
        fail_msg("installed --office 'สพม.สิงห์บุรี อ่างทอง': %s", out);
    free(out);
}

/* The network list ships with the dataset: qsmap networks works from an
 * install without --list (548 member rows and the header). */
static void test_installed_network_list(void **state)
{
    need_cmake();
    const install_fixture *f = *state;
    char prefix[128], qsmap[160];
    snprintf(prefix, sizeof prefix, "%s/networks", f->root);
    install_at(f, prefix);
    snprintf(qsmap, sizeof qsmap, "%s/bin/qsmap", prefix);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' networks --all -q -o - | wc -l", f->root, qsmap);
    char *out = command_output(cmd);
    if (atoi(out) != 549)
        fail_msg("installed qsmap networks --all: %s lines", out);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_install_at_custom_prefix),
        cmocka_unit_test(test_moved_prefix_still_works),
        cmocka_unit_test(test_installed_dataset_is_the_one_read),
        cmocka_unit_test(test_installed_office_aliases),
        cmocka_unit_test(test_installed_network_list),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
