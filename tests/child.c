/* child.c — see child.h. */
#include "child.h"

#include "support.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The child's environment: this one, but with LeakSanitizer's statistics
 * of suppressions used (printed on stderr at exit in a sanitizer build)
 * turned off, so that stderr holds what qsmap printed. Made before fork:
 * the test process may have threads (Pango's), and after fork only
 * async-signal-safe calls are allowed. Static: one child at a time. */
static char **child_env(void)
{
    static char *env[512];
    static char lsan[1024];
    const char *old = getenv("LSAN_OPTIONS");
    snprintf(lsan, sizeof lsan, "LSAN_OPTIONS=%s%sprint_suppressions=0", old ? old : "",
             old ? ":" : "");
    size_t n = 0;
    for (char **e = environ; *e && n < 510; e++)
        if (strncmp(*e, "LSAN_OPTIONS=", 13) != 0)
            env[n++] = *e;
    env[n++] = lsan;
    env[n] = NULL;
    return env;
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void exec_child(const char *cwd, long fsize, const char *const *args, int err_w,
                       char **env)
{
    char *argv[64];
    int n = 0;
    argv[n++] = (char *)QSMAP_BINARY;
    for (; args[n - 1] && n < 63; n++)
        argv[n] = (char *)args[n - 1];
    argv[n] = NULL;
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(err_w, 2);
    if (cwd && chdir(cwd) != 0)
        _exit(126);
    if (fsize > 0) {
        struct rlimit rl = {(rlim_t)fsize, (rlim_t)fsize};
        signal(SIGXFSZ, SIG_IGN);
        setrlimit(RLIMIT_FSIZE, &rl);
    }
    execve(QSMAP_BINARY, argv, env);
    _exit(127);
}

child_proc child_start(const char *cwd, long fsize, const char *const *args)
{
    int p[2];
    assert_int_equal(pipe(p), 0);
    char **env = child_env();
    child_proc c = {fork(), p[0]};
    assert_true(c.pid >= 0);
    if (c.pid == 0)
        exec_child(cwd, fsize, args, p[1], env);
    close(p[1]);
    return c;
}

int child_wait(child_proc *c, char **err)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    for (;;) {
        if (n + 1 == cap)
            assert_non_null(buf = realloc(buf, cap *= 2));
        ssize_t got = read(c->err_fd, buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    buf[n] = '\0';
    close(c->err_fd);
    int status;
    while (waitpid(c->pid, &status, 0) < 0)
        assert_int_equal(errno, EINTR);
    if (err)
        *err = buf;
    else
        free(buf);
    return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
}

int dir_count(const char *dir, bool hidden)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && (!hidden || e->d_name[0] == '.'))
            n++;
    closedir(d);
    return n;
}

const char *dir_find(const char *dir, const char *prefix, char *buf, size_t size)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    const char *found = NULL;
    for (struct dirent *e; !found && (e = readdir(d));)
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 && strcmp(e->d_name, ".") &&
            strcmp(e->d_name, "..")) {
            snprintf(buf, size, "%s", e->d_name);
            found = buf;
        }
    closedir(d);
    return found;
}

const char *fresh_dir(const char *what, char *buf, size_t size)
{
    static int k;
    snprintf(buf, size, "%s/%s-%d", temp_dir(), what, k++);
    if (mkdir(buf, 0755) != 0)
        fail_msg("mkdir %s: %s", buf, strerror(errno));
    return buf;
}

bool file_is(const char *path, const char *bytes)
{
    size_t len;
    char *now = read_all(path, &len);
    bool same = now && len == strlen(bytes) && memcmp(now, bytes, len) == 0;
    free(now);
    return same;
}
