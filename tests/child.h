/* child.h — the built qsmap binary run in a child process, for what an
 * in-process run cannot show: signals, a file-size limit (writes that fail
 * as on a full disk), the current directory of default outputs. */
#ifndef QSMAP_TEST_CHILD_H
#define QSMAP_TEST_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

typedef struct {
    pid_t pid;
    int err_fd; /* the read end of the child's stderr */
} child_proc;

/* Start QSMAP_BINARY with args (NULL-terminated, argv[0] added) in `cwd`
 * (NULL: here); stdin and stdout /dev/null, stderr a pipe. fsize > 0 sets
 * RLIMIT_FSIZE to that many bytes with SIGXFSZ ignored, so that a write
 * past it fails with EFBIG as a write to a full disk fails with ENOSPC. */
child_proc child_start(const char *cwd, long fsize, const char *const *args);
/* Wait for it: its exit code, or -signal when a signal killed it. *err
 * (when not NULL) gets what it printed on stderr, NUL-terminated; free it. */
int child_wait(child_proc *c, char **err);

/* Entries of `dir` other than . and .. ; with hidden, only those whose name
 * starts with '.' (temporaries and backups). */
int dir_count(const char *dir, bool hidden);
/* The directory's first entry whose name starts with `prefix`, or NULL. */
const char *dir_find(const char *dir, const char *prefix, char *buf, size_t size);
/* A fresh directory under temp_dir() named after `what`; returns its path. */
const char *fresh_dir(const char *what, char *buf, size_t size);
/* Whole-file comparison with bytes. */
bool file_is(const char *path, const char *bytes);

#endif
