/* test_commit.c — the commit of a run's temporary files (write/commit.h):
 * all renamed into place or none, and no old file lost when a rename fails
 * half-way (the rename function is replaced by one that fails on its n-th
 * call); no temporary or backup left behind either way. */
#include "child.h"
#include "support.h"
#include "write/commit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The rename of the commit under test: fails with EIO on call number
 * `fail_at` (1-based) and counts calls. Tests run one at a time. */
static int calls, fail_at;

static int failing_rename(const char *from, const char *to)
{
    if (++calls == fail_at) {
        errno = EIO;
        return -1;
    }
    return rename(from, to);
}

static void put(const char *path, const char *bytes)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(bytes, f);
    fclose(f);
}

static bool exists(const char *p)
{
    struct stat st;
    return lstat(p, &st) == 0;
}

/* A temporary for `path` in c, holding `bytes`. */
static void add(qsmap_commit *c, const char *path, const char *bytes)
{
    int fd;
    const char *tmp;
    qsmap_error err = {0};
    assert_int_equal(qsmap_commit_create(c, path, &fd, &tmp, &err), QSMAP_OK);
    assert_true(strstr(tmp, "/.") != NULL);
    assert_int_equal(write(fd, bytes, strlen(bytes)), (ssize_t)strlen(bytes));
    close(fd);
}

typedef struct {
    char dir[1100], a[1200], b[1200];
} two_files;

static void two_open(two_files *t, const char *what, bool old_a, bool old_b)
{
    fresh_dir(what, t->dir, sizeof t->dir);
    snprintf(t->a, sizeof t->a, "%s/a.pdf", t->dir);
    snprintf(t->b, sizeof t->b, "%s/b.csv", t->dir);
    if (old_a)
        put(t->a, "old a\n");
    if (old_b)
        put(t->b, "old b\n");
}

static qsmap_status commit_two(two_files *t, int fail, qsmap_error *err)
{
    qsmap_commit c;
    qsmap_commit_init(&c);
    c.rename = failing_rename;
    calls = 0, fail_at = fail;
    add(&c, t->a, "new a\n");
    add(&c, t->b, "new b\n");
    assert_int_equal(dir_count(t->dir, true), 2);
    qsmap_status st = qsmap_commit_run(&c, err);
    qsmap_commit_destroy(&c);
    printf("  %s: %d rename call(s); %s\n", t->dir, calls, st ? err->msg : "committed");
    return st;
}

/* The second of two renames fails: the first file, already replaced, is
 * put back; both old files are intact and nothing else is left. */
static void test_second_rename_fails_both_old_files_kept(void **state)
{
    (void)state;
    two_files t;
    two_open(&t, "commit-fail2", true, true);
    qsmap_error err = {0};
    assert_int_equal(commit_two(&t, 2, &err), QSMAP_E_IO);
    assert_string_equal(err.file, t.b);
    assert_non_null(strstr(err.msg, "rename"));
    assert_true(file_is(t.a, "old a\n"));
    assert_true(file_is(t.b, "old b\n"));
    assert_int_equal(dir_count(t.dir, false), 2);
}

/* The same when the first file had no predecessor: it is removed again. */
static void test_second_rename_fails_new_file_removed(void **state)
{
    (void)state;
    two_files t;
    two_open(&t, "commit-fail2-new", false, true);
    qsmap_error err = {0};
    assert_int_equal(commit_two(&t, 2, &err), QSMAP_E_IO);
    assert_false(exists(t.a));
    assert_true(file_is(t.b, "old b\n"));
    assert_int_equal(dir_count(t.dir, false), 1);
}

/* The first rename fails: nothing changes. */
static void test_first_rename_fails(void **state)
{
    (void)state;
    two_files t;
    two_open(&t, "commit-fail1", true, false);
    qsmap_error err = {0};
    assert_int_equal(commit_two(&t, 1, &err), QSMAP_E_IO);
    assert_true(file_is(t.a, "old a\n"));
    assert_false(exists(t.b));
    assert_int_equal(dir_count(t.dir, false), 1);
}

/* Every rename succeeds: the new files in place, no backup left. */
static void test_commit_replaces_and_cleans_up(void **state)
{
    (void)state;
    two_files t;
    two_open(&t, "commit-ok", true, false);
    qsmap_error err = {0};
    assert_int_equal(commit_two(&t, 0, &err), QSMAP_OK);
    assert_int_equal(calls, 2);
    assert_true(file_is(t.a, "new a\n"));
    assert_true(file_is(t.b, "new b\n"));
    assert_int_equal(dir_count(t.dir, false), 2);
}

/* One name given twice (two districts whose names sanitize alike): the
 * last one wins, and a failure afterwards still restores the first old file. */
static void test_same_name_twice_rolls_back_to_the_start(void **state)
{
    (void)state;
    char dir[1100], a[1200], b[1200];
    fresh_dir("commit-twice", dir, sizeof dir);
    snprintf(a, sizeof a, "%s/a.png", dir);
    snprintf(b, sizeof b, "%s/b.png", dir);
    put(a, "old a\n");
    qsmap_commit c;
    qsmap_commit_init(&c);
    c.rename = failing_rename;
    calls = 0, fail_at = 3;
    add(&c, a, "first\n");
    add(&c, a, "second\n");
    add(&c, b, "b\n");
    qsmap_error err = {0};
    assert_int_equal(qsmap_commit_run(&c, &err), QSMAP_E_IO);
    qsmap_commit_destroy(&c);
    assert_true(file_is(a, "old a\n"));
    assert_false(exists(b));
    assert_int_equal(dir_count(dir, false), 1);
}

/* Abort, and the signal thread's discard, remove the temporaries only. */
static void test_abort_and_discard(void **state)
{
    (void)state;
    char dir[1100], a[1200];
    fresh_dir("commit-abort", dir, sizeof dir);
    snprintf(a, sizeof a, "%s/a.csv", dir);
    put(a, "old a\n");
    qsmap_commit c;
    qsmap_commit_init(&c);
    add(&c, a, "new\n");
    qsmap_commit_abort(&c);
    assert_int_equal(dir_count(dir, false), 1);
    add(&c, a, "new\n");
    add(&c, a, "newer\n");
    qsmap_commit_discard_locked(&c);
    assert_true(file_is(a, "old a\n"));
    assert_int_equal(dir_count(dir, false), 1);
    pthread_mutex_unlock(&c.mu); /* the signal thread would end the process instead */
    qsmap_commit_destroy(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_second_rename_fails_both_old_files_kept),
        cmocka_unit_test(test_second_rename_fails_new_file_removed),
        cmocka_unit_test(test_first_rename_fails),
        cmocka_unit_test(test_commit_replaces_and_cleans_up),
        cmocka_unit_test(test_same_name_twice_rolls_back_to_the_start),
        cmocka_unit_test(test_abort_and_discard),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
