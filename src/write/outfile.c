/* outfile.c — output files that appear only when complete: a temporary
 * file in the target directory, then a rename, so an error never leaves a
 * half-written or clobbered file. */
#include "write/outfile.h"

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
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
                                qsmap_error *err)
{
    memset(o, 0, sizeof *o);
    if (strcmp(path, "-") == 0) {
        o->fp = stdout_fp;
        o->is_stdout = true;
        snprintf(o->path, sizeof o->path, "(stdout)");
        return QSMAP_OK;
    }
    qsmap_status st = qsmap_outfile_check(path, err);
    if (st)
        return st;
    snprintf(o->path, sizeof o->path, "%s", path);
    char dir[1024], name[1024];
    dir_of(path, dir, sizeof dir);
    snprintf(name, sizeof name, "%s", path);
    const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
    snprintf(o->tmp, sizeof o->tmp, "%s/.%s.XXXXXX", dir, base);
    int fd = mkstemp(o->tmp);
    if (fd < 0)
        return qsmap_error_set(err, QSMAP_E_IO, path, 0, "cannot create: %s",
                               strerror(errno));
    /* mkstemp makes 0600; an output file should carry the usual umask. */
    mode_t um = umask(0);
    umask(um);
    fchmod(fd, 0666 & ~um);
    o->fp = fdopen(fd, "wb");
    if (!o->fp) {
        close(fd);
        unlink(o->tmp);
        return qsmap_error_set(err, QSMAP_E_IO, path, 0, "cannot create: %s",
                               strerror(errno));
    }
    return QSMAP_OK;
}

qsmap_status qsmap_outfile_commit(qsmap_outfile *o, qsmap_error *err)
{
    if (o->is_stdout) {
        if (fflush(o->fp) != 0)
            return qsmap_error_set(err, QSMAP_E_IO, "(stdout)", 0, "write failed: %s",
                                   strerror(errno));
        return QSMAP_OK;
    }
    int bad = ferror(o->fp);
    if (fclose(o->fp) != 0)
        bad = 1;
    o->fp = NULL;
    if (bad) {
        unlink(o->tmp);
        return qsmap_error_set(err, QSMAP_E_IO, o->path, 0, "write failed: %s",
                               strerror(errno ? errno : EIO));
    }
    if (rename(o->tmp, o->path) != 0) {
        int e = errno;
        unlink(o->tmp);
        return qsmap_error_set(err, QSMAP_E_IO, o->path, 0, "cannot rename into place: %s",
                               strerror(e));
    }
    return QSMAP_OK;
}

void qsmap_outfile_abort(qsmap_outfile *o)
{
    if (o->is_stdout || !o->fp)
        return;
    fclose(o->fp);
    o->fp = NULL;
    unlink(o->tmp);
}
