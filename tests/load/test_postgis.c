/* test_postgis.c — PostGIS as a source (`--schools "PG:…" --layer T`,
 * `--boundaries "PG:…" --boundaries-layer T`) against the local
 * PostgreSQL that tests/ref/pg_setup.sh prepares (.ci/run and the README's
 * set-up run it; run as root, this test runs it too when it cannot
 * connect). The Ang Thong schools and districts loaded with ogr2ogr give
 * the pair table of the CSV + WGS84-shapefile run, byte for byte; a wrong
 * password and an unknown table are one line each, the password masked. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PG "PG:host=127.0.0.1 dbname=qsmap_test user=qsmap password=qsmap"

static char schools_table[64], adm2_table[64];

static int can_connect(void)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "ogrinfo -ro -so -q '%s' >/dev/null 2>&1", PG);
    return system(cmd) == 0;
}

static int setup(void **state)
{
    (void)state;
    if (!can_connect() && geteuid() == 0) {
        char cmd[1200];
        snprintf(cmd, sizeof cmd, "sh %s/../tests/ref/pg_setup.sh", QSMAP_GEODATA);
        if (system(cmd) != 0)
            fprintf(stderr, "tests/ref/pg_setup.sh failed\n");
    }
    if (!can_connect()) {
        fprintf(stderr, "test_postgis: cannot connect to %s: run tests/ref/pg_setup.sh as root "
                        "(it starts PostgreSQL 15 and makes the database)\n", PG);
        return -1;
    }
    /* tables of this process only, so that two runs never meet */
    snprintf(schools_table, sizeof schools_table, "schools_%d", (int)getpid());
    snprintf(adm2_table, sizeof adm2_table, "adm2_%d", (int)getpid());
    run_sh("zcat %s/schools_th.csv.gz | awk -F, 'NR==1 || $6==\"อ่างทอง\"' > at.csv",
           QSMAP_GEODATA);
    run_sh("ogr2ogr -f PostgreSQL '%s' at.csv -nln %s -oo X_POSSIBLE_NAMES=longitude "
           "-oo Y_POSSIBLE_NAMES=latitude -a_srs EPSG:4326 -lco FID=gid",
           PG, schools_table);
    run_sh("ogr2ogr -f PostgreSQL '%s' %s/tha_adm2.shp -nln %s -nlt PROMOTE_TO_MULTI "
           "-where \"ADM1_PCODE='TH15'\"",
           PG, QSMAP_GEODATA, adm2_table);
    run_sh("%s --schools at.csv --province อ่างทอง -q -o ref.csv", QSMAP_BINARY);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ogrinfo '%s' -q -sql 'DROP TABLE IF EXISTS %s, %s' >/dev/null 2>&1",
             PG, schools_table, adm2_table);
    return system(cmd) == 0 ? 0 : -1;
}

static void assert_same_file(const char *a, const char *b)
{
    char pa[1100], pb[1100];
    snprintf(pa, sizeof pa, "%s/%s", temp_dir(), a);
    snprintf(pb, sizeof pb, "%s/%s", temp_dir(), b);
    size_t na, nb;
    char *x = read_all(pa, &na), *y = read_all(pb, &nb);
    assert_non_null(x);
    assert_non_null(y);
    assert_true(na > 1000); /* a real table, not an empty one */
    assert_int_equal(na, nb);
    assert_memory_equal(x, y, na);
    free(x);
    free(y);
}

static void test_schools_and_boundaries_from_postgis(void **state)
{
    (void)state;
    run_sh("%s --schools '%s' --layer %s --boundaries '%s' --boundaries-layer %s "
           "--province อ่างทอง -q -o pg.csv",
           QSMAP_BINARY, PG, schools_table, PG, adm2_table);
    assert_same_file("pg.csv", "ref.csv");
    /* pairs from the table's points: as many as the CSV's */
    char cmd[400];
    snprintf(cmd, sizeof cmd, "cd %s && wc -l < pg.csv", temp_dir());
    char *n = command_output(cmd);
    printf("  PostGIS schools + boundaries: %ld pairs, the CSV run's\n", atol(n) - 1);
    free(n);
}

static void test_wrong_password_is_one_masked_line(void **state)
{
    (void)state;
    char cmd[1200];
    snprintf(cmd, sizeof cmd,
             "cd %s && %s --schools 'PG:host=127.0.0.1 dbname=qsmap_test user=qsmap "
             "password=Secr3t' --province อ่างทอง -q -o bad.csv 2>&1; echo \"exit $?\"",
             temp_dir(), QSMAP_BINARY);
    char *out = command_output(cmd);
    assert_non_null(strstr(out, "qsmap: PG:host=127.0.0.1 dbname=qsmap_test user=qsmap "
                                "password=***: "));
    assert_non_null(strstr(out, "password authentication failed"));
    assert_null(strstr(out, "Secr3t"));
    assert_non_null(strstr(out, "exit 3"));
    /* one line of message, then the exit line; no GDAL "ERROR 1:" of its own */
    assert_null(strstr(out, "ERROR"));
    assert_int_equal(strchr(out, '\n') - out + 1 + (long)strlen("exit 3\n"), (long)strlen(out));
    free(out);
}

static void test_unknown_table_lists_the_tables(void **state)
{
    (void)state;
    char cmd[1200];
    snprintf(cmd, sizeof cmd,
             "cd %s && %s --schools '%s' --layer no_such_table --province อ่างทอง -q -o x.csv "
             "2>&1; echo \"exit $?\"",
             temp_dir(), QSMAP_BINARY, PG);
    char *out = command_output(cmd);
    assert_non_null(strstr(out, "no layer named 'no_such_table' (there are: "));
    assert_non_null(strstr(out, schools_table));
    assert_non_null(strstr(out, "exit 2"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schools_and_boundaries_from_postgis),
        cmocka_unit_test(test_wrong_password_is_one_masked_line),
        cmocka_unit_test(test_unknown_table_lists_the_tables),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
