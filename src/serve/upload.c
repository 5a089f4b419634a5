/* upload.c — a multipart/form-data body with one file field, "file",
 * collected in memory by libmicrohttpd's post processor, never on disk. The
 * size is checked as the chunks arrive, so a body past --max-upload is
 * refused without being kept; a body that ends before its last boundary,
 * has no such field or holds it twice is refused too. */
#include "serve/serve.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct serve_upload {
    struct MHD_PostProcessor *pp;
    size_t max;
    atomic_size_t *in_flight; /* bytes all uploads under way hold */
    char *data;
    size_t len, cap;
    char name[256];
    int files;         /* parts named "file" seen */
    size_t held;       /* counted in in_flight */
    bool too_large, broken, busy;
};

static bool grow(serve_upload *u, size_t more)
{
    if (u->len + more > u->max) {
        u->too_large = true;
        return false;
    }
    /* All uploads together hold at most four of the largest one: many
     * slow uploads at once cannot take the server's memory. */
    if (atomic_fetch_add(u->in_flight, more) + more > 4 * u->max) {
        atomic_fetch_sub(u->in_flight, more);
        u->busy = true;
        return false;
    }
    u->held += more;
    if (u->len + more + 1 <= u->cap)
        return true;
    size_t cap = u->cap ? u->cap : 64 * 1024;
    while (cap < u->len + more + 1)
        cap *= 2;
    char *p = realloc(u->data, cap);
    if (!p)
        return false;
    u->data = p, u->cap = cap;
    return true;
}

/* The post processor's callback: each chunk of each part. */
static enum MHD_Result part(void *cls, enum MHD_ValueKind kind, const char *key,
                            const char *filename, const char *type, const char *encoding,
                            const char *data, uint64_t off, size_t size)
{
    (void)kind, (void)type, (void)encoding;
    serve_upload *u = cls;
    if (!key || strcmp(key, "file") != 0)
        return MHD_YES; /* other fields are ignored */
    if (off == 0) {
        if (++u->files > 1) {
            u->broken = true;
            return MHD_NO;
        }
        snprintf(u->name, sizeof u->name, "%s", filename && *filename ? filename : "upload.csv");
    }
    if (size && !grow(u, size))
        return MHD_NO;
    if (size)
        memcpy(u->data + u->len, data, size), u->len += size;
    return MHD_YES;
}

serve_upload *serve_upload_new(struct MHD_Connection *c, size_t max, atomic_size_t *in_flight)
{
    const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (!type || strncasecmp(type, "multipart/form-data", 19) != 0 || !strstr(type, "boundary="))
        return NULL;
    serve_upload *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    u->max = max;
    u->in_flight = in_flight;
    u->pp = MHD_create_post_processor(c, 64 * 1024, part, u);
    if (!u->pp) {
        free(u);
        return NULL;
    }
    return u;
}

bool serve_upload_feed(serve_upload *u, const char *data, size_t len)
{
    if (u->too_large || u->broken || u->busy)
        return false;
    if (MHD_post_process(u->pp, data, len) != MHD_YES) {
        u->broken |= !u->too_large && !u->busy;
        return false;
    }
    return true;
}

bool serve_upload_done(serve_upload *u, const char **name, const char **data, size_t *len,
                       unsigned *status, const char **why)
{
    /* The processor says here whether the body ended where it should. */
    bool complete = MHD_destroy_post_processor(u->pp) == MHD_YES;
    u->pp = NULL;
    *status = 400;
    if (u->too_large) {
        *status = 413;
        *why = "the file is larger than the server takes (--max-upload)";
    } else if (u->busy) {
        *status = 503;
        *why = "the server is taking other uploads: send the file again in a minute";
    } else if (u->broken || !complete)
        *why = "the upload is not a complete multipart/form-data body (send the file again)";
    else if (u->files == 0)
        *why = "the upload has no field named file";
    else if (u->len == 0)
        *why = "the uploaded file is empty";
    else {
        u->data[u->len] = '\0';
        *name = u->name, *data = u->data, *len = u->len;
        return true;
    }
    return false;
}

void serve_upload_free(serve_upload *u)
{
    if (!u)
        return;
    if (u->pp)
        MHD_destroy_post_processor(u->pp);
    atomic_fetch_sub(u->in_flight, u->held);
    free(u->data);
    free(u);
}
