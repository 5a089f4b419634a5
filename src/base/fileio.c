/* fileio.c — whole-file input and large allocations. A plain regular file
 * is mapped; anything else (gzip, a pipe, /dev/stdin, <(zcat x.gz)) is read
 * once from its descriptor into memory and, when its first bytes say gzip,
 * inflated there: nothing is opened or read twice, so a pipe loses nothing. */
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE, MAP_POPULATE */
#include "base/fileio.h"

#include "base/array.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* A school table is ~10 MB; a stream or inflated file past this is not one
 * (/dev/zero, a gzip bomb) and is refused before it takes the machine. */
#define INPUT_MAX ((size_t)512 << 20)
/* zlib counts in uInt: feed and drain it in slices no larger than this. */
#define ZLIB_SLICE ((size_t)1 << 30)

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

static int is_gzip(const unsigned char *p, size_t n)
{
    return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

static qsmap_status too_large(const char *name, qsmap_error *err)
{
    return qsmap_error_set(err, QSMAP_E_FORMAT, name, 0,
                           "more than 512 MB of text: this is not a school table");
}

/* Room for at least one more byte after len (and the final NUL). */
static qsmap_status grow(char **buf, size_t *cap, size_t len, const char *name,
                         qsmap_error *err)
{
    if (len + 2 > INPUT_MAX) /* so the buffer never doubles past it */
        return too_large(name, err);
    if (len + 2 > *cap && qsmap_array_reserve((void **)buf, cap, len + 2, 1, 1 << 16))
        return qsmap_error_set(err, QSMAP_E_NOMEM, name, 0, "out of memory");
    return QSMAP_OK;
}

/* Everything a descriptor gives until its end, in one pass. */
static qsmap_status read_stream(int fd, const char *name, char **out, size_t *out_len,
                                qsmap_error *err)
{
    char *buf = NULL;
    size_t cap = 0, len = 0;
    qsmap_status st = QSMAP_OK;
    for (;;) {
        if ((st = grow(&buf, &cap, len, name, err)))
            break;
        size_t want = cap - len - 1;
        ssize_t got = read(fd, buf + len, want < ZLIB_SLICE ? want : ZLIB_SLICE);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            st = qsmap_error_set(err, QSMAP_E_IO, name, 0, "cannot read: %s", strerror(errno));
            break;
        }
        if (got == 0)
            break;
        len += (size_t)got;
    }
    if (st) {
        free(buf);
        return st;
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return QSMAP_OK;
}

/* The size the last gzip member records (modulo 4 GB), to size the buffer
 * once: the national table inflates 1 MB to 10 MB. */
static size_t gzip_size_hint(const unsigned char *src, size_t n)
{
    if (n < 18)
        return 0;
    const unsigned char *t = src + n - 4;
    size_t size = (size_t)t[0] | (size_t)t[1] << 8 | (size_t)t[2] << 16 | (size_t)t[3] << 24;
    return size + 2 <= INPUT_MAX ? size : 0;
}

/* One inflate step's outcome: 0 go on, 1 done, or an error set. */
static int inflate_step(z_stream *z, const unsigned char *src, size_t n, const char *name,
                        qsmap_status *st, qsmap_error *err)
{
    int r = inflate(z, Z_NO_FLUSH);
    size_t used = (size_t)(z->next_in - src);
    if (r == Z_STREAM_END) {
        /* gzip a b > ab is two members: read on, as gunzip does */
        if (!is_gzip(src + used, n - used))
            return 1;
        inflateReset(z);
        return 0;
    }
    if (r == Z_OK || (r == Z_BUF_ERROR && z->avail_out == 0))
        return 0;
    if (r == Z_BUF_ERROR)
        *st = qsmap_error_set(err, QSMAP_E_FORMAT, name, 0,
                              "the gzip data ends early: the file is truncated (copy it again)");
    else if (r == Z_MEM_ERROR)
        *st = qsmap_error_set(err, QSMAP_E_NOMEM, name, 0, "out of memory");
    else
        *st = qsmap_error_set(err, QSMAP_E_FORMAT, name, 0,
                              "not readable gzip data (%s): the file is damaged",
                              z->msg ? z->msg : "bad data");
    return -1;
}

/* gzip bytes already in memory, inflated in memory. */
static qsmap_status inflate_gzip(const unsigned char *src, size_t n, const char *name,
                                 char **out, size_t *out_len, qsmap_error *err)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return qsmap_error_set(err, QSMAP_E_NOMEM, name, 0, "out of memory");
    size_t cap = gzip_size_hint(src, n) + 2, len = 0;
    char *buf = malloc(cap);
    qsmap_status st = buf ? QSMAP_OK
                          : qsmap_error_set(err, QSMAP_E_NOMEM, name, 0, "out of memory");
    z.next_in = (unsigned char *)src;
    for (int done = 0; !st && !done;) {
        if ((st = grow(&buf, &cap, len, name, err)))
            break;
        size_t in_left = n - (size_t)(z.next_in - src), room = cap - len - 1;
        z.avail_in = (uInt)(in_left < ZLIB_SLICE ? in_left : ZLIB_SLICE);
        z.next_out = (unsigned char *)buf + len;
        z.avail_out = (uInt)(room < ZLIB_SLICE ? room : ZLIB_SLICE);
        done = inflate_step(&z, src, n, name, &st, err);
        len = (size_t)((char *)z.next_out - buf);
    }
    inflateEnd(&z);
    if (st) {
        free(buf);
        return st;
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return QSMAP_OK;
}

/* A plain regular file, mapped; 1 when it is one and was mapped. */
static int map_plain(int fd, const struct stat *st, qsmap_input *in)
{
    unsigned char magic[2];
    if (!S_ISREG(st->st_mode) || st->st_size < 2 || lseek(fd, 0, SEEK_CUR) != 0 ||
        pread(fd, magic, 2, 0) != 2 || is_gzip(magic, 2))
        return 0;
    size_t len = (size_t)st->st_size;
    void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (p == MAP_FAILED)
        return 0;
    in->data = p, in->len = len, in->map = p;
    return 1;
}

/* Everything but a mapped plain file: the bytes read once, then inflated
 * in memory when they begin as gzip. */
static qsmap_status read_whole(int fd, const char *name, qsmap_input *in, qsmap_error *err)
{
    char *raw;
    size_t len;
    qsmap_status st = read_stream(fd, name, &raw, &len, err);
    if (st)
        return st;
    if (is_gzip((const unsigned char *)raw, len)) {
        char *text = NULL;
        st = inflate_gzip((const unsigned char *)raw, len, name, &text, &len, err);
        free(raw);
        if (st)
            return st;
        raw = text;
    }
    if (len == 0) {
        free(raw);
        return qsmap_error_set(err, QSMAP_E_EMPTY, name, 0, "the file is empty");
    }
    in->data = in->owned = raw, in->len = len;
    return QSMAP_OK;
}

qsmap_status qsmap_input_memory(const char *data, size_t len, const char *name,
                                qsmap_input *in, qsmap_error *err)
{
    memset(in, 0, sizeof *in);
    if (len == 0)
        return qsmap_error_set(err, QSMAP_E_EMPTY, name, 0, "the file is empty");
    if (!is_gzip((const unsigned char *)data, len)) {
        in->data = data, in->len = len;
        return QSMAP_OK;
    }
    char *text = NULL;
    size_t tlen;
    qsmap_status st = inflate_gzip((const unsigned char *)data, len, name, &text, &tlen, err);
    if (st)
        return st;
    if (tlen == 0) {
        free(text);
        return qsmap_error_set(err, QSMAP_E_EMPTY, name, 0, "the file is empty");
    }
    in->data = in->owned = text, in->len = tlen;
    return QSMAP_OK;
}

qsmap_status qsmap_input_open(const char *path, const char *name, qsmap_input *in,
                              qsmap_error *err)
{
    memset(in, 0, sizeof *in);
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
    if (fd < 0)
        return qsmap_error_set(err, QSMAP_E_IO, name, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    qsmap_status s = QSMAP_OK;
    if (fstat(fd, &st) != 0)
        s = qsmap_error_set(err, QSMAP_E_IO, name, 0, "cannot open: %s", strerror(errno));
    else if (S_ISDIR(st.st_mode))
        s = qsmap_error_set(err, QSMAP_E_IO, name, 0,
                            "is a directory, not a file (name the file inside it)");
    else if (!map_plain(fd, &st, in))
        s = read_whole(fd, name, in, err);
    if (!is_stdin)
        close(fd);
    return s;
}

void qsmap_input_release(qsmap_input *in)
{
    if (in->map)
        munmap(in->map, in->len);
    free(in->owned);
    memset(in, 0, sizeof *in);
}
