/* shapefile_io.c — shapelib's file hooks, serving each file from one
 * read-only memory map. shapelib seeks before every record; through stdio
 * that was ~1,900 lseek calls for the 928 districts, now none. */
#define _DEFAULT_SOURCE /* MAP_POPULATE */
#include "load/shapefile_mmap.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    const unsigned char *data; /* NULL for an empty file */
    size_t len, pos;
} mapped_file;

static SAFile map_open(const char *filename, const char *access)
{
    if (strcmp(access, "rb") != 0 && strcmp(access, "r") != 0)
        return NULL; /* qsmap only reads shapefiles */
    int fd = open(filename, O_RDONLY);
    if (fd < 0)
        return NULL;
    struct stat st;
    mapped_file *f = calloc(1, sizeof *f);
    if (!f || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        free(f);
        close(fd);
        return NULL;
    }
    f->len = (size_t)st.st_size;
    if (f->len > 0) {
        void *p = mmap(NULL, f->len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (p == MAP_FAILED) {
            free(f);
            close(fd);
            return NULL;
        }
        f->data = p;
    }
    close(fd);
    return (SAFile)(void *)f;
}

static SAOffset map_read(void *p, SAOffset size, SAOffset nmemb, SAFile file)
{
    mapped_file *f = (mapped_file *)(void *)file;
    if (size == 0 || f->pos >= f->len)
        return 0;
    SAOffset n = (SAOffset)((f->len - f->pos) / size);
    if (n > nmemb)
        n = nmemb;
    memcpy(p, f->data + f->pos, n * size);
    f->pos += n * size;
    return n;
}

static SAOffset map_write(void *p, SAOffset size, SAOffset nmemb, SAFile file)
{
    (void)p, (void)size, (void)nmemb, (void)file;
    return 0;
}

static SAOffset map_seek(SAFile file, SAOffset offset, int whence)
{
    mapped_file *f = (mapped_file *)(void *)file;
    size_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? f->pos : f->len;
    if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END)
        return (SAOffset)-1;
    f->pos = base + offset; /* past the end is allowed, as with fseek; reads give 0 */
    return 0;
}

static SAOffset map_tell(SAFile file) { return ((mapped_file *)(void *)file)->pos; }

static int map_flush(SAFile file)
{
    (void)file;
    return 0;
}

static int map_close(SAFile file)
{
    mapped_file *f = (mapped_file *)(void *)file;
    if (f->data)
        munmap((void *)f->data, f->len);
    free(f);
    return 0;
}

static int map_remove(const char *filename)
{
    (void)filename;
    return -1;
}

void qsmap_shapefile_hooks(SAHooks *hooks)
{
    SASetupDefaultHooks(hooks); /* Error and Atof */
    hooks->FOpen = map_open;
    hooks->FRead = map_read;
    hooks->FWrite = map_write;
    hooks->FSeek = map_seek;
    hooks->FTell = map_tell;
    hooks->FFlush = map_flush;
    hooks->FClose = map_close;
    hooks->Remove = map_remove;
}
