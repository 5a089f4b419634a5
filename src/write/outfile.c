/* outfile.c — one output as a writer writes it (outfile.h): the temporary
 * file of the run's commit set, or a stream (stdout, a descriptor, a FIFO).
 * Every write goes through a stdio cookie that keeps the first failed
 * write's errno: the libraries that write (cairo, libpng) report a full
 * disk only as "write error", and by the time they return errno is long
 * gone. */
#define _GNU_SOURCE /* fopencookie: glibc's, as qsmap's other Linux needs */
#include "write/outfile.h"

#include "write/write.h"

#include <errno.h>
#include <fcntl.h>
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

/* Today a temporary renamed over a device node would replace it (as root,
 * /dev/null itself): refuse any that is not a stream qsmap writes. */
static qsmap_status not_a_file(const char *path, const struct stat *st, qsmap_error *err)
{
    struct stat l;
    bool link = lstat(path, &l) == 0 && S_ISLNK(l.st_mode);
    const char *what = S_ISSOCK(st->st_mode) ? "a socket" : "a device";
    return qsmap_error_set(err, QSMAP_E_IO, path, 0,
                           "is %s%s, not a file (qsmap writes files, FIFOs, /dev/stdout, "
                           "/dev/stderr and /dev/fd/N; give a file name)",
                           link ? "a symlink to " : "", what);
}

/* /dev/stderr, /dev/fd/N: the descriptor is written as it is open. */
static qsmap_status check_fd(const char *path, int fd, qsmap_error *err)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0)
        return qsmap_error_set(err, QSMAP_E_IO, path, 0,
                               "descriptor %d is not open (give a file name)", fd);
    if ((fl & O_ACCMODE) == O_RDONLY)
        return qsmap_error_set(err, QSMAP_E_IO, path, 0,
                               "descriptor %d is open for reading only (give a file name)", fd);
    return QSMAP_OK;
}

qsmap_status qsmap_outfile_check(const char *path, qsmap_error *err)
{
    if (qsmap_path_is_stdout(path))
        return QSMAP_OK;
    if (qsmap_path_fd(path) >= 0)
        return check_fd(path, qsmap_path_fd(path), err);
    if (strlen(path) >= 1000)
        return qsmap_error_set(err, QSMAP_E_IO, path, 0, "output path is too long");
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return qsmap_error_set(err, QSMAP_E_IO, path, 0,
                                   "is a directory; give a file name to write");
        if (S_ISFIFO(st.st_mode))
            return QSMAP_OK; /* a stream: its directory is not written */
        if (!S_ISREG(st.st_mode))
            return not_a_file(path, &st, err);
    }
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

static bool is_fifo(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISFIFO(st.st_mode);
}

/* A stream's descriptor: a copy of /dev/fd/N's, or the FIFO opened (which
 * waits for a reader), checked to be the FIFO still. -1 with errno. */
static int stream_fd(const char *path)
{
    int fd = qsmap_path_fd(path);
    if (fd >= 0)
        return fcntl(fd, F_DUPFD_CLOEXEC, 3);
    fd = open(path, O_WRONLY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode))) {
        close(fd);
        errno = EEXIST; /* something else took its name since the check */
        return -1;
    }
    return fd;
}

/* The cookie's write: all of it, or 0 (stdio's "failed") with the errno kept. */
static ssize_t cookie_write(void *cookie, const char *buf, size_t size)
{
    qsmap_outfile *o = cookie;
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(o->fd, buf + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (!o->write_errno)
                o->write_errno = n < 0 ? errno : EIO;
            return (ssize_t)done;
        }
        done += (size_t)n;
    }
    return (ssize_t)size;
}

/* close(2) reports errors of delayed writes (NFS) too. */
static int cookie_close(void *cookie)
{
    qsmap_outfile *o = cookie;
    int r = close(o->fd);
    if (r != 0 && !o->write_errno)
        o->write_errno = errno;
    o->fd = -1;
    return r;
}

/* fd as o's stream, written through the cookie. */
static qsmap_status open_cookie(qsmap_outfile *o, int fd, qsmap_error *err)
{
    o->fd = fd;
    o->fp = fopencookie(o, "wb", (cookie_io_functions_t){.write = cookie_write,
                                                          .close = cookie_close});
    if (!o->fp) {
        close(fd); /* a temporary stays in the set: the run's abort removes it */
        return qsmap_error_set(err, QSMAP_E_NOMEM, o->path, 0, "out of memory");
    }
    /* Big blocks: PDFs and PNGs are megabytes, written a few KB a call. */
    setvbuf(o->fp, NULL, _IOFBF, 1 << 16);
    return QSMAP_OK;
}

qsmap_status qsmap_outfile_open(qsmap_outfile *o, const char *path, FILE *stdout_fp,
                                qsmap_commit *commit, qsmap_error *err)
{
    memset(o, 0, sizeof *o);
    o->fd = -1;
    snprintf(o->path, sizeof o->path, "%s", strcmp(path, "-") ? path : "(stdout)");
    if (qsmap_path_is_stdout(path)) {
        o->fp = stdout_fp;
        o->borrowed = true;
        return QSMAP_OK;
    }
    qsmap_status st = qsmap_outfile_check(path, err);
    if (st)
        return st;
    int fd;
    if (qsmap_path_fd(path) >= 0 || is_fifo(path)) {
        if ((fd = stream_fd(path)) < 0)
            return qsmap_error_set(err, QSMAP_E_IO, path, 0, "cannot open: %s",
                                   strerror(errno));
    } else if ((st = qsmap_commit_create(commit, path, &fd, &o->tmp, err))) {
        return st;
    }
    return open_cookie(o, fd, err);
}

qsmap_status qsmap_outfile_finish(qsmap_outfile *o, qsmap_status st, qsmap_error *err)
{
    if (!o->fp)
        return st;
    if (o->borrowed) {
        if (fflush(o->fp) != 0 && !st)
            st = qsmap_error_set(err, QSMAP_E_IO, o->path, 0, "write failed: %s",
                                 strerror(errno));
        o->fp = NULL;
        return st;
    }
    bool bad = ferror(o->fp) != 0;
    bad |= fclose(o->fp) != 0;
    o->fp = NULL;
    int e = o->write_errno ? o->write_errno : EIO;
    if (o->write_errno || (bad && !st)) {
        bool space = e == ENOSPC || e == EDQUOT || e == EFBIG;
        st = qsmap_error_set(err, QSMAP_E_IO, o->path, 0, "write failed: %s%s", strerror(e),
                             space ? " (free some space, or write elsewhere)" : "");
    }
    return st;
}
