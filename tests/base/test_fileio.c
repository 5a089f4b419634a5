/* test_fileio.c — whole-file input: a plain file mapped, everything else read
 * once from its descriptor (pipes, /dev/fd/N, stdin) and inflated in memory
 * when gzip — several members, truncated or damaged data, empty output. */
#include "support.h"

#include "base/fileio.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 300 KB of lines, far more than a stdio or pipe buffer. */
static char *pattern(size_t *len)
{
    size_t cap = 320000, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    for (int i = 0; n + 40 < cap - 20000; i++)
        n += (size_t)snprintf(buf + n, cap - n, "%d,โรงเรียน %d,14.5,100.4\n", i, i * 7);
    *len = n;
    return buf;
}

static void shell_ok(const char *fmt, const char *a, const char *b)
{
    char cmd[3000];
    snprintf(cmd, sizeof cmd, fmt, a, b);
    if (system(cmd) != 0)
        fail_msg("failed: %s", cmd);
}

static void test_plain_file_is_mapped(void **state)
{
    (void)state;
    size_t len;
    char *want = pattern(&len);
    const char *p = write_temp("plain.csv", want, len);
    qsmap_input in;
    qsmap_error err = {0};
    assert_int_equal(qsmap_input_open(p, p, &in, &err), QSMAP_OK);
    assert_non_null(in.map);
    assert_int_equal(in.len, len);
    assert_memory_equal(in.data, want, len);
    qsmap_input_release(&in);
    free(want);
}

typedef struct {
    int fd;
    const char *data;
    size_t len;
} feeder;

static void *feed(void *arg)
{
    feeder *f = arg;
    for (size_t off = 0; off < f->len;) {
        ssize_t n = write(f->fd, f->data + off, f->len - off);
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    close(f->fd);
    return NULL;
}

/* Open `path` while a thread writes `data` into the pipe behind it. */
static qsmap_status open_fed(const char *path, int wfd, const char *data, size_t len,
                             qsmap_input *in, qsmap_error *err)
{
    feeder f = {wfd, data, len};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, feed, &f), 0);
    qsmap_status st = qsmap_input_open(path, path, in, err);
    pthread_join(t, NULL);
    return st;
}

/* The regression: a pipe was read 2 bytes through stdio (which took a whole
 * buffer), then reopened by name, and the first buffer was lost. */
static void test_pipe_read_once_whole(void **state)
{
    (void)state;
    size_t len;
    char *want = pattern(&len);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
    qsmap_input in;
    qsmap_error err = {0};
    assert_int_equal(open_fed(path, fds[1], want, len, &in, &err), QSMAP_OK);
    assert_null(in.map);
    assert_int_equal(in.len, len);
    assert_memory_equal(in.data, want, len);
    qsmap_input_release(&in);
    close(fds[0]);
    free(want);
}

/* "-" is stdin, read and left open. */
static void test_stdin_gzip(void **state)
{
    (void)state;
    size_t len, gzlen;
    char *want = pattern(&len);
    const char *p = write_temp("stdin.csv", want, len);
    shell_ok("gzip -c %s > %s.gz", p, p);
    char gz[1100];
    snprintf(gz, sizeof gz, "%s.gz", p);
    char *packed = read_all(gz, &gzlen);
    assert_non_null(packed);
    int fds[2], saved = dup(STDIN_FILENO);
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
    close(fds[0]);
    qsmap_input in;
    qsmap_error err = {0};
    qsmap_status st = open_fed("-", fds[1], packed, gzlen, &in, &err);
    int still_open = fcntl(STDIN_FILENO, F_GETFD) != -1;
    dup2(saved, STDIN_FILENO);
    close(saved);
    assert_int_equal(st, QSMAP_OK);
    assert_true(still_open);
    assert_int_equal(in.len, len);
    assert_memory_equal(in.data, want, len);
    qsmap_input_release(&in);
    free(packed);
    free(want);
}

/* gzip a b > ab: both members, as gunzip reads them. */
static void test_gzip_members(void **state)
{
    (void)state;
    const char *a = write_temp("a.csv", "school_id,name_th\n", 18);
    const char *b = write_temp("b.csv", "1,ก\n", 6);
    shell_ok("gzip -c %s > %s.ab.gz", a, a);
    shell_ok("gzip -c %s >> %s.ab.gz", b, a);
    char ab[1100];
    snprintf(ab, sizeof ab, "%s.ab.gz", a);
    qsmap_input in;
    qsmap_error err = {0};
    assert_int_equal(qsmap_input_open(ab, ab, &in, &err), QSMAP_OK);
    assert_int_equal(in.len, 24);
    assert_memory_equal(in.data, "school_id,name_th\n1,ก\n", 24);
    qsmap_input_release(&in);
}

static void test_gzip_truncated_damaged_empty(void **state)
{
    (void)state;
    size_t len, gzlen;
    char *want = pattern(&len);
    const char *p = write_temp("bad.csv", want, len);
    shell_ok("gzip -c %s > %s.gz", p, p);
    char gz[1100];
    snprintf(gz, sizeof gz, "%s.gz", p);
    char *packed = read_all(gz, &gzlen);
    assert_non_null(packed);
    qsmap_input in;
    qsmap_error err = {0};

    const char *t = write_temp("truncated.csv.gz", packed, gzlen / 2);
    assert_int_equal(qsmap_input_open(t, t, &in, &err), QSMAP_E_FORMAT);
    assert_non_null(strstr(err.msg, "truncated"));
    assert_string_equal(err.file, t);

    memset(packed + gzlen / 2, 0x55, 64);
    const char *d = write_temp("damaged.csv.gz", packed, gzlen);
    assert_int_equal(qsmap_input_open(d, d, &in, &err), QSMAP_E_FORMAT);
    assert_non_null(strstr(err.msg, "damaged"));

    const char *e = write_temp("empty.csv", "", 0);
    shell_ok("gzip -c %s > %s.gz", e, e);
    char egz[1100];
    snprintf(egz, sizeof egz, "%s.gz", e);
    assert_int_equal(qsmap_input_open(egz, egz, &in, &err), QSMAP_E_EMPTY);
    assert_int_equal(qsmap_input_open(e, e, &in, &err), QSMAP_E_EMPTY);
    free(packed);
    free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_file_is_mapped),
        cmocka_unit_test(test_pipe_read_once_whole),
        cmocka_unit_test(test_stdin_gzip),
        cmocka_unit_test(test_gzip_members),
        cmocka_unit_test(test_gzip_truncated_damaged_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
