/* test_serve.c — the parts of qsmap serve that need no network: the --auth
 * file (crypt(3) hashes of three kinds, bad lines named by line), and the
 * sessions (ids, the table references, the oldest dropped first). The
 * server itself is tested end to end by the scripts beside this file. */
#include "serve/serve.h"
#include "support.h"

#include <crypt.h>
#include <stdlib.h>
#include <string.h>

static void write_users(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static char *hash_of(const char *prefix, const char *password)
{
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    assert_non_null(crypt_gensalt_rn(prefix, 0, NULL, 0, salt, sizeof salt));
    struct crypt_data cd = {0};
    const char *h = crypt_rn(password, salt, &cd, (int)sizeof cd);
    assert_non_null(h);
    return strdup(h);
}

static void test_auth_checks_hashes_of_each_kind(void **state)
{
    (void)state;
    char *y = hash_of("$y$", "ลับมาก"), *six = hash_of("$6$", "secret"),
         *two = hash_of("$2b$", "pw2");
    char text[1000], path[] = "/tmp/qsmap-test-users-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    snprintf(text, sizeof text, "# planners\n\nnok:%s\r\nsomchai:%s\nbcrypt:%s\n", y, six, two);
    write_users(path, text);
    serve_auth *a;
    qsmap_error err = {0};
    assert_int_equal(serve_auth_load(path, &a, &err), QSMAP_OK);
    assert_true(serve_auth_check(a, "nok", "ลับมาก"));
    assert_true(serve_auth_check(a, "somchai", "secret"));
    assert_true(serve_auth_check(a, "bcrypt", "pw2"));
    assert_false(serve_auth_check(a, "nok", "secret"));
    assert_false(serve_auth_check(a, "somchai", "secre"));
    assert_false(serve_auth_check(a, "somchai", ""));
    assert_false(serve_auth_check(a, "nobody", "secret"));
    assert_false(serve_auth_check(a, NULL, "secret"));
    assert_false(serve_auth_check(a, "somchai", NULL));
    serve_auth_free(a);
    unlink(path);
    free(y), free(six), free(two);
}

/* A bad line is named by its number; a plain-text password is refused. */
static void test_auth_file_errors_name_the_line(void **state)
{
    (void)state;
    static const struct {
        const char *text, *says;
        long line;
    } CASES[] = {
        {"a:$6$x$y\nno colon here\n", "not user:hash", 2},
        {"# x\nsomchai:secret\n", "plain text", 2},
        {":$6$x$y\n", "not user:hash", 1},
        {"somchai:\n", "not user:hash", 1},
        {"# only a comment\n\n", "no user:hash line", 0},
    };
    char path[] = "/tmp/qsmap-test-users-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    for (size_t k = 0; k < sizeof CASES / sizeof CASES[0]; k++) {
        write_users(path, CASES[k].text);
        serve_auth *a = (serve_auth *)1;
        qsmap_error err = {0};
        assert_int_not_equal(serve_auth_load(path, &a, &err), QSMAP_OK);
        assert_null(a);
        assert_int_equal(err.line, CASES[k].line);
        if (!strstr(err.msg, CASES[k].says))
            fail_msg("case %zu: \"%s\" lacks \"%s\"", k, err.msg, CASES[k].says);
    }
    unlink(path);
    serve_auth *a;
    qsmap_error err = {0};
    assert_int_equal(serve_auth_load("/nonexistent/users", &a, &err), QSMAP_E_IO);
}

static void test_session_ids_are_random_hex(void **state)
{
    (void)state;
    char a[SERVE_SESSION_ID + 1], b[SERVE_SESSION_ID + 1];
    assert_true(serve_session_id(a));
    assert_true(serve_session_id(b));
    assert_string_not_equal(a, b);
    assert_true(serve_session_valid(a));
    assert_false(serve_session_valid(NULL));
    assert_false(serve_session_valid(""));
    assert_false(serve_session_valid("0123456789abcdef0123456789abcde"));   /* 31 */
    assert_false(serve_session_valid("0123456789abcdef0123456789abcdefa")); /* 33 */
    assert_false(serve_session_valid("0123456789ABCDEF0123456789abcdef"));
    assert_false(serve_session_valid("../../../../../../etc/passwd....."));
}

static serve_table *table(const char *name)
{
    serve_table *t = calloc(1, sizeof *t);
    assert_non_null(t);
    atomic_init(&t->refs, 1);
    snprintf(t->schools_file, sizeof t->schools_file, "%s", name);
    return t;
}

/* Three slots: a fourth session drops the one used longest ago, and a
 * table still used by a request outlives its session. */
static void test_sessions_drop_the_oldest_and_keep_tables_in_use(void **state)
{
    (void)state;
    serve_sessions *ss = serve_sessions_new(3);
    char id[4][SERVE_SESSION_ID + 1];
    for (int k = 0; k < 4; k++)
        assert_true(serve_session_id(id[k]));
    assert_null(serve_sessions_table(ss, id[0]));
    serve_sessions_set(ss, id[0], table("a.csv"));
    serve_sessions_set(ss, id[1], table("b.csv"));
    serve_sessions_set(ss, id[2], table("c.csv"));
    serve_table *held = serve_sessions_table(ss, id[0]); /* id[0] used: id[1] is oldest */
    assert_string_equal(held->schools_file, "a.csv");
    serve_sessions_set(ss, id[3], table("d.csv"));
    serve_table *t = serve_sessions_table(ss, id[1]);
    assert_null(t);
    for (int k = 0; k < 4; k++) {
        t = serve_sessions_table(ss, id[k]);
        assert_true(k == 1 ? t == NULL : t != NULL);
        serve_table_release(t);
    }
    serve_sessions_set(ss, id[0], NULL); /* reset: the session goes, the table stays held */
    assert_null(serve_sessions_table(ss, id[0]));
    assert_string_equal(held->schools_file, "a.csv");
    serve_table_release(held);
    serve_sessions_free(ss); /* ASan: nothing leaks */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_auth_checks_hashes_of_each_kind),
        cmocka_unit_test(test_auth_file_errors_name_the_line),
        cmocka_unit_test(test_session_ids_are_random_hex),
        cmocka_unit_test(test_sessions_drop_the_oldest_and_keep_tables_in_use),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
