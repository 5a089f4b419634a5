/* test_office.c — resolving --office (src/select/office.c): the table's
 * own affiliations, the registry's name without its brackets, today's names
 * through the alias table (restricted to their provinces), several provinces
 * run together, ํา typed as ำ, suggestions of the right kind of office, and a
 * malformed alias table named at its line. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char TABLE[] =
    "school_id,name_th,affiliation,province,latitude,longitude,role\n"
    "1,ก,สพม.เขต 5(สิงห์บุรี-ลพบุรี-ชัยนาท-อ่างทอง),อ่างทอง,14.59,100.45,quality\n"
    "2,ข,สพม.เขต 5(สิงห์บุรี-ลพบุรี-ชัยนาท-อ่างทอง),ลพบุรี,14.80,100.61,quality\n"
    "3,ค,สพม.เขต 5(สิงห์บุรี-ลพบุรี-ชัยนาท-อ่างทอง),สิงห์บุรี,14.89,100.40,quality\n"
    "4,ง,สพป.อ่างทอง,อ่างทอง,14.60,100.46,network\n"
    "5,จ,สพป.สตูล,สตูล,6.62,100.07,quality\n"
    "6,ฉ,สพม.เขต 41(กําแพงเพชร-พิจิตร),กำแพงเพชร,16.48,99.52,quality\n"
    "7,ช,สพม.เขต 13(ตรัง-กระบี่),ตรัง,7.56,99.61,quality\n"
    "8,ซ,สพม.เขต 13(ตรัง-กระบี่),กระบี่,8.09,98.91,quality\n";

static const char ALIASES[] =
    "alias,office,province,source\n"
    "สพม.สิงห์บุรี,สพม.เขต 5(สิงห์บุรี-ลพบุรี-ชัยนาท-อ่างทอง),สิงห์บุรี,test\n"
    "สพม.ลพบุรี,สพม.เขต 5(สิงห์บุรี-ลพบุรี-ชัยนาท-อ่างทอง),ลพบุรี,test\n"
    "สพม.อ่างทอง,สพม.เขต 5(สิงห์บุรี-ลพบุรี-ชัยนาท-อ่างทอง),อ่างทอง,test\n"
    "สพม.ตรัง,สพม.เขต 13(ตรัง-กระบี่),ตรัง,test\n"
    "สพม.กระบี่,สพม.เขต 13(ตรัง-กระบี่),กระบี่,test\n"
    "สพม.กำแพงเพชร,สพม.เขต 41(กําแพงเพชร-พิจิตร),กำแพงเพชร,test\n";

typedef struct {
    qsmap_schools *s;
    const char *aliases;
} fixture;

static int setup(void **state)
{
    static fixture f;
    qsmap_error err = {0};
    if (qsmap_schools_parse(TABLE, sizeof TABLE - 1, "office.csv", NULL, &f.s, &err))
        return -1;
    f.aliases = write_temp("office_aliases.csv", ALIASES, sizeof ALIASES - 1);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    qsmap_schools_free(f->s);
    return 0;
}

/* The ids of the office's schools, "1,3," */
static void members(const fixture *f, const char *typed, char *out, size_t size)
{
    qsmap_office *o;
    qsmap_error err = {0};
    if (qsmap_office_resolve(f->s, typed, f->aliases, &o, &err)) {
        char msg[1400];
        qsmap_error_format(&err, msg, sizeof msg);
        fail_msg("%s: %s", typed, msg);
    }
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < f->s->n; i++)
        if (qsmap_office_has(o, &f->s->v[i]))
            n += (size_t)snprintf(out + n, size - n, "%s,", f->s->v[i].id);
    assert_string_equal(qsmap_office_name(o), typed);
    qsmap_office_free(o);
}

static void test_resolves(void **state)
{
    const fixture *f = *state;
    static const struct {
        const char *typed, *ids;
    } CASES[] = {
        {"สพป. อ่างทอง", "4,"},                                  /* the table's, spaces */
        {"สพม.เขต 5(สิงห์บุรี-ลพบุรี-ชัยนาท-อ่างทอง)", "1,2,3,"}, /* whole */
        {"สพม.เขต 5", "1,2,3,"},                                 /* without brackets */
        {"สพม.อ่างทอง", "1,"},                                   /* alias: one province */
        {"สพม.สิงห์บุรี อ่างทอง", "1,3,"},                         /* provinces run together */
        {"สพม.สิงห์บุรีอ่างทอง", "1,3,"},                          /* without the space */
        {"สพม.ตรัง กระบี่", "7,8,"},
        {"สพม.เขต 41(กำแพงเพชร-พิจิตร)", "6,"}, /* ำ typed, ํา in the registry */
        {"สพม.กำแพงเพชร", "6,"},
    };
    for (size_t k = 0; k < sizeof CASES / sizeof *CASES; k++) {
        char ids[200];
        members(f, CASES[k].typed, ids, sizeof ids);
        if (strcmp(ids, CASES[k].ids))
            fail_msg("%s: got %s, want %s", CASES[k].typed, ids, CASES[k].ids);
    }
}

static void test_not_found_suggests_same_kind(void **state)
{
    const fixture *f = *state;
    /* the last: two provinces of different old regions */
    static const char *const TYPED[] = {"สพม.เขต 55", "สพม.อ่างทองx", "สพม.สิงห์บุรี นครปฐม",
                                        "สพม.อ่างทอง ตรัง"};
    for (size_t k = 0; k < 4; k++) {
        qsmap_office *o = (qsmap_office *)1;
        qsmap_error err = {0};
        assert_int_equal(qsmap_office_resolve(f->s, TYPED[k], f->aliases, &o, &err),
                         QSMAP_E_NOT_FOUND);
        assert_null(o);
        /* the first suggestion is a secondary office, not สพป.สตูล */
        const char *closest = strstr(err.msg, "(closest: ");
        assert_non_null(closest);
        if (strncmp(closest + strlen("(closest: "), "สพม.", strlen("สพม.")))
            fail_msg("%s: %s", TYPED[k], err.msg);
    }
}

static void test_bad_alias_table_named_at_its_line(void **state)
{
    const fixture *f = *state;
    static const char BAD[] = "alias,office,province,source\n"
                              "สพม.ตรัง,สพม.เขต 13(ตรัง-กระบี่),ตรัง,test\n"
                              "only two,fields\n";
    const char *path = write_temp("bad_aliases.csv", BAD, sizeof BAD - 1);
    qsmap_office *o;
    qsmap_error err = {0};
    assert_int_equal(qsmap_office_resolve(f->s, "สพม.ตรัง", path, &o, &err), QSMAP_E_FORMAT);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.file, path);
    /* a line longer than the reader takes is one error at that line */
    char longer[4000];
    int n = snprintf(longer, sizeof longer, "alias,office,province,source\n");
    memset(longer + n, 'x', 3000);
    snprintf(longer + n + 3000, sizeof longer - (size_t)n - 3000, ",a,b,c\n");
    path = write_temp("long_aliases.csv", longer, strlen(longer));
    assert_int_equal(qsmap_office_resolve(f->s, "สพม.ตรัง", path, &o, &err), QSMAP_E_FORMAT);
    assert_int_equal(err.line, 2);
    /* no alias table at all: the table's own names still resolve */
    assert_int_equal(qsmap_office_resolve(f->s, "สพป.อ่างทอง", NULL, &o, &err), QSMAP_OK);
    qsmap_office_free(o);
    assert_int_equal(qsmap_office_resolve(f->s, "สพม.ตรัง", "/nonexistent/aliases.csv", &o, &err),
                     QSMAP_E_NOT_FOUND);
}

/* The shipped alias table parses and every office it names is in the
 * shipped school table. */
static void test_shipped_alias_table(void **state)
{
    (void)state;
    qsmap_schools *s;
    qsmap_error err = {0};
    assert_int_equal(qsmap_schools_load(QSMAP_GEODATA "/schools_th.csv.gz", NULL, &s, &err),
                     QSMAP_OK);
    FILE *f = fopen(QSMAP_GEODATA "/office_aliases.csv", "r");
    assert_non_null(f);
    char line[1200];
    size_t rows = 0;
    while (fgets(line, sizeof line, f)) {
        if (rows++ == 0)
            continue;
        *strchr(line, ',') = '\0';
        qsmap_office *o;
        if (qsmap_office_resolve(s, line, QSMAP_GEODATA "/office_aliases.csv", &o, &err))
            fail_msg("alias %s: %s", line, err.msg);
        size_t n = 0;
        for (size_t i = 0; i < s->n; i++)
            n += qsmap_office_has(o, &s->v[i]);
        if (n == 0)
            fail_msg("alias %s names no school of the shipped table", line);
        qsmap_office_free(o);
    }
    fclose(f);
    assert_true(rows > 70);
    qsmap_schools_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolves),
        cmocka_unit_test(test_not_found_suggests_same_kind),
        cmocka_unit_test(test_bad_alias_table_named_at_its_line),
        cmocka_unit_test(test_shipped_alias_table),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
