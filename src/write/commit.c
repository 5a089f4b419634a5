/* commit.c — the run's temporary files and their commit (commit.h): all
 * renamed into place, or none, and no old file lost either way. */
#include "write/commit.h"

#include "base/array.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void qsmap_commit_init(qsmap_commit *c)
{
    memset(c, 0, sizeof *c);
    pthread_mutex_init(&c->mu, NULL);
    /* The umask is read by setting it, so once here before any thread that
     * creates files starts: two threads doing it at once could leave it 0. */
    mode_t um = umask(0);
    umask(um);
    c->mode = 0666 & ~um;
    c->rename = rename;
}

static void clear(qsmap_commit *c)
{
    for (size_t k = 0; k < c->n; k++) {
        free(c->v[k].tmp);
        free(c->v[k].path);
        free(c->v[k].backup);
    }
    free(c->v);
    c->v = NULL;
    c->n = c->cap = 0;
}

void qsmap_commit_destroy(qsmap_commit *c)
{
    qsmap_commit_abort(c);
    pthread_mutex_destroy(&c->mu);
}

/* ".<name>.XXXXXX" in path's directory: a rename within one file system,
 * and hidden, so that a half-written file is never taken for an output. */
static char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path) + 1 : 0;
    const char *base = path + dirlen;
    size_t n = strlen(path) + 9;
    char *t = malloc(n);
    if (t)
        snprintf(t, n, "%.*s.%s.XXXXXX", dirlen, path, base);
    return t;
}

qsmap_status qsmap_commit_create(qsmap_commit *c, const char *path, int *fd, const char **tmp,
                                 qsmap_error *err)
{
    char *t = temp_name(path), *p = strdup(path);
    qsmap_status st = QSMAP_OK;
    /* Created and remembered under the lock: a signal's cleanup sees every
     * temporary that exists. */
    pthread_mutex_lock(&c->mu);
    if (!t || !p || qsmap_array_reserve((void **)&c->v, &c->cap, c->n + 1, sizeof *c->v, 8))
        st = qsmap_error_set(err, QSMAP_E_NOMEM, path, 0, "out of memory");
    else if ((*fd = mkstemp(t)) < 0)
        st = qsmap_error_set(err, QSMAP_E_IO, path, 0, "cannot create: %s", strerror(errno));
    else {
        fchmod(*fd, c->mode); /* mkstemp makes 0600; an output carries the umask's mode */
        c->v[c->n++] = (qsmap_commit_file){.tmp = t, .path = p};
        *tmp = t;
    }
    pthread_mutex_unlock(&c->mu);
    if (st) {
        free(t);
        free(p);
    }
    return st;
}

/* Keep the file at f->path under f->backup before it is replaced: a hard
 * link, so that the name never goes missing; where the file system has no
 * links (FAT, some network shares) the file itself is moved aside, and
 * *moved says that f->path is absent until the rename. */
static qsmap_status keep_old(qsmap_commit *c, qsmap_commit_file *f, bool *moved,
                             qsmap_error *err)
{
    size_t n = strlen(f->tmp) + 5;
    if (!(f->backup = malloc(n)))
        return qsmap_error_set(err, QSMAP_E_NOMEM, f->path, 0, "out of memory");
    snprintf(f->backup, n, "%s.old", f->tmp);
    if (link(f->path, f->backup) == 0)
        return QSMAP_OK;
    int e = errno;
    bool no_links = e == EPERM || e == ENOTSUP || e == EOPNOTSUPP || e == ENOSYS || e == EMLINK;
    if (no_links && c->rename(f->path, f->backup) == 0) {
        *moved = true;
        return QSMAP_OK;
    }
    free(f->backup);
    f->backup = NULL;
    return qsmap_error_set(err, QSMAP_E_IO, f->path, 0,
                           "cannot keep the old file while replacing it: %s", strerror(e));
}

/* Put the kept old file back under its name; false leaves it as the
 * backup (its bytes are not lost, only renamed). */
static bool restore(qsmap_commit *c, qsmap_commit_file *f)
{
    if (c->rename(f->backup, f->path) != 0)
        return false;
    free(f->backup);
    f->backup = NULL;
    return true;
}

/* Rename one temporary over its name, the old file kept first. */
static qsmap_status place(qsmap_commit *c, qsmap_commit_file *f, qsmap_error *err)
{
    struct stat st;
    bool moved = false;
    if (lstat(f->path, &st) == 0) {
        /* Checked before the run; a device appearing since is left alone. */
        if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode))
            return qsmap_error_set(err, QSMAP_E_IO, f->path, 0,
                                   "is no longer a regular file (nothing was replaced)");
        qsmap_status s = keep_old(c, f, &moved, err);
        if (s)
            return s;
    } else if (errno != ENOENT) {
        return qsmap_error_set(err, QSMAP_E_IO, f->path, 0, "cannot replace: %s",
                               strerror(errno));
    }
    if (c->rename(f->tmp, f->path) != 0) {
        int e = errno;
        unlink(f->tmp);
        if (moved && !restore(c, f))
            return qsmap_error_set(err, QSMAP_E_IO, f->path, 0,
                                   "cannot rename into place: %s (the old file is now %s)",
                                   strerror(e), f->backup);
        if (f->backup)
            unlink(f->backup); /* a second link to the file still at f->path */
        free(f->backup);
        f->backup = NULL;
        return qsmap_error_set(err, QSMAP_E_IO, f->path, 0, "cannot rename into place: %s",
                               strerror(e));
    }
    f->placed = true;
    return QSMAP_OK;
}

/* After a failed rename: newest first, the files placed go back to what
 * they were (so a name given twice ends as it began), the rest are removed.
 * An old file that cannot be put back stays as its backup, and the
 * message says where. */
static void roll_back(qsmap_commit *c, qsmap_error *err)
{
    for (size_t k = c->n; k-- > 0;) {
        qsmap_commit_file *f = &c->v[k];
        if (!f->placed)
            unlink(f->tmp);
        else if (!f->backup)
            unlink(f->path);
        else if (!restore(c, f) && err) {
            size_t used = strlen(err->msg);
            snprintf(err->msg + used, sizeof err->msg - used, " (the old %s is now %s)",
                     f->path, f->backup);
        }
    }
}

qsmap_status qsmap_commit_run(qsmap_commit *c, qsmap_error *err)
{
    /* Held throughout: a signal arriving now waits until every rename, or
     * the roll-back, is done. */
    pthread_mutex_lock(&c->mu);
    qsmap_status st = QSMAP_OK;
    for (size_t k = 0; k < c->n && !st; k++)
        st = place(c, &c->v[k], err);
    if (st)
        roll_back(c, err);
    else
        for (size_t k = 0; k < c->n; k++)
            if (c->v[k].backup)
                unlink(c->v[k].backup);
    clear(c);
    pthread_mutex_unlock(&c->mu);
    return st;
}

void qsmap_commit_abort(qsmap_commit *c)
{
    pthread_mutex_lock(&c->mu);
    for (size_t k = 0; k < c->n; k++)
        unlink(c->v[k].tmp);
    clear(c);
    pthread_mutex_unlock(&c->mu);
}

void qsmap_commit_discard_locked(qsmap_commit *c)
{
    pthread_mutex_lock(&c->mu);
    for (size_t k = 0; k < c->n; k++)
        unlink(c->v[k].tmp);
}
