/* outfile.c — one output as a writer writes it (outfile.h): the temporary
 * file of the run's commit set, or stdout. */
#include "write/outfile.h"

#include <errno.h>
#include <libgen.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void dir_of(const char *path, char *dir, size_t size)
{
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s", path);
    snprintf(dir, size, "%s", dirname(tmp));
}

qsmap_status qsmap_outfile_check(const char *path, qsmap_error *err)
{
    if (strcmp(path, "-") == 0)
        return QSMAP_OK;
    if (strlen(path) >= 1000)
        return qsmap_error_set(err, QSMAP_E_IO, path, 0, "output path is too long");
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return qsmap_error_set(err, QSMAP_E_IO, path, 0,
                               "is a directory; give a file name to write");
    char dir[1024];
    dir_of(path, dir, sizeof dir);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return qsmap_error_set(err, QSMAP_E_IO, path, 0,
                               "output directory '%s' does not exist (create it first)",
                               dir);
    if (access(dir, W_OK | X_OK) != 0)
        return qsmap_error_set(err, QSMAP_E_IO, path, 0,
                               "output directory '%s' is not writable", dir);
    return QSMAP_OK;
}

qsmap_status qsmap_outfile_open(qsmap_outfile *o, const char *path, FILE *stdout_fp,
                                qsmap_commit *commit, qsmap_error *err)
{
    memset(o, 0, sizeof *o);
    if (strcmp(path, "-") == 0) {
        o->fp = stdout_fp;
        o->borrowed = true;
        snprintf(o->path, sizeof o->path, "(stdout)");
        return QSMAP_OK;
    }
    qsmap_status st = qsmap_outfile_check(path, err);
    if (st)
        return st;
    snprintf(o->path, sizeof o->path, "%s", path);
    int fd;
    st = qsmap_commit_create(commit, path, &fd, &o->tmp, err);
    if (st)
        return st;
    o->fp = fdopen(fd, "wb");
    if (!o->fp) {
        close(fd); /* the temporary stays in the set: the run's abort removes it */
        return qsmap_error_set(err, QSMAP_E_IO, path, 0, "cannot create: %s", strerror(errno));
    }
    return QSMAP_OK;
}

qsmap_status qsmap_outfile_finish(qsmap_outfile *o, qsmap_status st, qsmap_error *err)
{
    if (!o->fp)
        return st;
    if (o->borrowed) {
        if (fflush(o->fp) != 0 && !st)
            st = qsmap_error_set(err, QSMAP_E_IO, "(stdout)", 0, "write failed: %s",
                                 strerror(errno));
        o->fp = NULL;
        return st;
    }
    int bad = ferror(o->fp);
    if (fclose(o->fp) != 0)
        bad = 1;
    o->fp = NULL;
    if (bad && !st)
        st = qsmap_error_set(err, QSMAP_E_IO, o->path, 0, "write failed: %s",
                             strerror(errno ? errno : EIO));
    return st;
}
