/* cache.c — finished replies kept by what made them: a report or a download
 * depends only on the table (the server's, or a session's upload, by its
 * generation number: tables never change once made) and the selection, so
 * the same request from fifty planners is drawn once. Bounded in entries
 * and in bytes; the entry used longest ago goes first. Readers get a copy,
 * so an entry may be dropped while its bytes are on the wire. */
#include "serve/serve.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char *key;
    char *body;
    size_t len;
    unsigned long used;
} cache_entry;

struct serve_cache {
    pthread_mutex_t mu;
    cache_entry *v;
    size_t n, max_entries, bytes, max_bytes;
    unsigned long tick;
};

serve_cache *serve_cache_new(size_t max_entries, size_t max_bytes)
{
    serve_cache *c = calloc(1, sizeof *c);
    if (!c || !(c->v = calloc(max_entries, sizeof *c->v))) {
        free(c);
        return NULL;
    }
    c->max_entries = max_entries, c->max_bytes = max_bytes;
    pthread_mutex_init(&c->mu, NULL);
    return c;
}

static void drop(serve_cache *c, size_t k)
{
    c->bytes -= c->v[k].len;
    free(c->v[k].key);
    free(c->v[k].body);
    c->v[k] = c->v[--c->n];
}

void serve_cache_free(serve_cache *c)
{
    if (!c)
        return;
    while (c->n)
        drop(c, 0);
    pthread_mutex_destroy(&c->mu);
    free(c->v);
    free(c);
}

bool serve_cache_get(serve_cache *c, const char *key, char **body, size_t *len)
{
    bool hit = false;
    pthread_mutex_lock(&c->mu);
    for (size_t k = 0; k < c->n; k++) {
        if (strcmp(c->v[k].key, key) != 0)
            continue;
        *body = malloc(c->v[k].len ? c->v[k].len : 1);
        if (*body) {
            memcpy(*body, c->v[k].body, c->v[k].len);
            *len = c->v[k].len;
            c->v[k].used = ++c->tick;
            hit = true;
        }
        break;
    }
    pthread_mutex_unlock(&c->mu);
    return hit;
}

void serve_cache_put(serve_cache *c, const char *key, const char *body, size_t len)
{
    if (len > c->max_bytes / 4) /* an atlas of a province is not kept */
        return;
    char *k = strdup(key), *b = malloc(len ? len : 1);
    if (!k || !b) {
        free(k), free(b);
        return;
    }
    memcpy(b, body, len);
    pthread_mutex_lock(&c->mu);
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->v[i].key, key)) { /* made twice at once: keep one */
            drop(c, i);
            break;
        }
    while (c->n && (c->n == c->max_entries || c->bytes + len > c->max_bytes)) {
        size_t old = 0;
        for (size_t i = 1; i < c->n; i++)
            if (c->v[i].used < c->v[old].used)
                old = i;
        drop(c, old);
    }
    c->v[c->n++] = (cache_entry){k, b, len, ++c->tick};
    c->bytes += len;
    pthread_mutex_unlock(&c->mu);
}
