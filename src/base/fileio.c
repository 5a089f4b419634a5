/* fileio.c — whole-file input (plain or gzip, through zlib) and large
 * allocations. */
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE, MAP_POPULATE */
#include "base/fileio.h"

#include "base/array.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* Large arrays (the 10 MB table, 2–3 MB of rows and vertices) in 2 MB
 * pages where the system allows them (transparent huge pages on madvise):
 * the kernel then faults them in 512 times less often, and on a virtual
 * machine a fault costs microseconds. Freed with free(). */
void *qsmap_alloc_huge(size_t size)
{
    const size_t huge = 2u << 20;
    if (size < huge / 2)
        return malloc(size ? size : 1);
    void *p = NULL;
    size_t rounded = (size + huge - 1) / huge * huge;
    if (posix_memalign(&p, huge, rounded) != 0)
        return NULL;
    madvise(p, rounded, MADV_HUGEPAGE);
    return p;
}

/* The rest of a plain file whose first `got` bytes are in `head`. */
static qsmap_status read_plain(FILE *plain, const unsigned char *head, size_t got, size_t size,
                               const char *path, char **out, size_t *out_len, qsmap_error *err)
{
    char *buf = qsmap_alloc_huge(size + 1);
    if (!buf) {
        fclose(plain);
        return qsmap_error_set(err, QSMAP_E_NOMEM, path, 0, "out of memory");
    }
    memcpy(buf, head, got);
    size_t n = got + fread(buf + got, 1, size - got, plain);
    int bad = ferror(plain);
    fclose(plain);
    if (bad) {
        free(buf);
        return qsmap_error_set(err, QSMAP_E_IO, path, 0, "cannot read: %s",
                               strerror(errno ? errno : EIO));
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return n ? QSMAP_OK
             : (free(buf), qsmap_error_set(err, QSMAP_E_EMPTY, path, 0, "the file is empty"));
}

/* A gzip file (or anything zlib reads through), decompressed whole; `hint`
 * sizes the first buffer. */
static qsmap_status read_gzip(const char *path, size_t hint, char **out, size_t *out_len,
                              qsmap_error *err)
{
    gzFile gz = gzopen(path, "rb");
    if (!gz)
        return qsmap_error_set(err, QSMAP_E_IO, path, 0, "cannot open: %s",
                               strerror(errno ? errno : EIO));
    gzbuffer(gz, 1 << 17);
    size_t cap = hint > 0 ? hint + 1 : 4096, len = 0;
    char *buf = malloc(cap);
    qsmap_status st = buf ? QSMAP_OK
                          : qsmap_error_set(err, QSMAP_E_NOMEM, path, 0, "out of memory");
    while (!st) {
        if (cap - len < 2 && qsmap_array_reserve((void **)&buf, &cap, cap * 2, 1, 4096)) {
            st = qsmap_error_set(err, QSMAP_E_NOMEM, path, 0, "out of memory");
            break;
        }
        size_t want = cap - len - 1;
        if (want > (1u << 30))
            want = 1u << 30;
        int got = gzread(gz, buf + len, (unsigned)want);
        if (got < 0) {
            int zerr;
            const char *msg = gzerror(gz, &zerr);
            st = qsmap_error_set(err, QSMAP_E_IO, path, 0, "cannot read: %s",
                                 zerr == Z_ERRNO ? strerror(errno) : msg);
        } else if (got == 0) {
            break;
        } else {
            len += (size_t)got;
        }
    }
    gzclose(gz);
    if (!st && len == 0)
        st = qsmap_error_set(err, QSMAP_E_EMPTY, path, 0, "the file is empty");
    if (st) {
        free(buf);
        return st;
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return QSMAP_OK;
}

qsmap_status qsmap_read_file(const char *path, char **out, size_t *out_len,
                             qsmap_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return qsmap_error_set(err, QSMAP_E_IO, path, 0, "cannot open: %s",
                               strerror(errno));
    if (S_ISDIR(st.st_mode))
        return qsmap_error_set(err, QSMAP_E_IO, path, 0,
                               "is a directory, not a file (name the file inside it)");
    /* A plain file is read in one go; zlib only for gzip (1f 8b). */
    FILE *plain = fopen(path, "rb");
    if (!plain)
        return qsmap_error_set(err, QSMAP_E_IO, path, 0, "cannot open: %s", strerror(errno));
    unsigned char magic[2] = {0, 0};
    size_t got_magic = fread(magic, 1, 2, plain);
    if (!(got_magic == 2 && magic[0] == 0x1f && magic[1] == 0x8b) && st.st_size > 0)
        return read_plain(plain, magic, got_magic, (size_t)st.st_size, path, out, out_len, err);
    fclose(plain);
    return read_gzip(path, st.st_size > 0 ? (size_t)st.st_size : 0, out, out_len, err);
}

qsmap_status qsmap_input_open(const char *path, qsmap_input *in, qsmap_error *err)
{
    memset(in, 0, sizeof *in);
    /* A plain regular file is mapped; anything else (gzip, empty, a pipe, a
     * directory, missing) goes through qsmap_read_file, which reads or
     * names the problem. */
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 2) {
        unsigned char magic[2];
        if (pread(fd, magic, 2, 0) == 2 && !(magic[0] == 0x1f && magic[1] == 0x8b)) {
            size_t len = (size_t)st.st_size;
            void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
            if (p != MAP_FAILED) {
                close(fd);
                in->data = p, in->len = len, in->map = p;
                return QSMAP_OK;
            }
        }
    }
    if (fd >= 0)
        close(fd);
    char *buf;
    size_t len;
    qsmap_status s = qsmap_read_file(path, &buf, &len, err);
    if (s)
        return s;
    in->data = in->owned = buf, in->len = len;
    return QSMAP_OK;
}

void qsmap_input_release(qsmap_input *in)
{
    if (in->map)
        munmap(in->map, in->len);
    free(in->owned);
    memset(in, 0, sizeof *in);
}
