/* session.c — browser sessions and the school tables they uploaded. A
 * session is a random id in a cookie; only sessions that uploaded something
 * take a slot, and when every slot is taken the one used longest ago is
 * dropped. Tables are shared with the requests using them by a reference
 * count, so a session dropped mid-request frees its table afterwards. The
 * tables live in memory only. */
#include "serve/serve.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

typedef struct {
    char id[SERVE_SESSION_ID + 1];
    serve_table *t;
    unsigned long used; /* a tick of the last use: the oldest goes first */
} session;

struct serve_sessions {
    pthread_mutex_t mu;
    session *v;
    int max;
    unsigned long tick;
};

serve_sessions *serve_sessions_new(int max)
{
    serve_sessions *ss = calloc(1, sizeof *ss);
    if (!ss)
        return NULL;
    ss->v = calloc((size_t)max, sizeof *ss->v);
    if (!ss->v) {
        free(ss);
        return NULL;
    }
    ss->max = max;
    pthread_mutex_init(&ss->mu, NULL);
    return ss;
}

void serve_table_release(serve_table *t)
{
    if (t && atomic_fetch_sub(&t->refs, 1) == 1) {
        qsmap_schools_free(t->s);
        free(t->raw);
        free(t);
    }
}

void serve_sessions_free(serve_sessions *ss)
{
    if (!ss)
        return;
    for (int k = 0; k < ss->max; k++)
        serve_table_release(ss->v[k].t);
    pthread_mutex_destroy(&ss->mu);
    free(ss->v);
    free(ss);
}

bool serve_session_id(char id[SERVE_SESSION_ID + 1])
{
    unsigned char raw[SERVE_SESSION_ID / 2];
    size_t got = 0;
    while (got < sizeof raw) {
        ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
        if (n <= 0)
            return false;
        got += (size_t)n;
    }
    static const char HEX[] = "0123456789abcdef";
    for (size_t k = 0; k < sizeof raw; k++)
        id[2 * k] = HEX[raw[k] >> 4], id[2 * k + 1] = HEX[raw[k] & 15];
    id[SERVE_SESSION_ID] = '\0';
    return true;
}

bool serve_session_valid(const char *id)
{
    if (!id || strlen(id) != SERVE_SESSION_ID)
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

static session *find(serve_sessions *ss, const char *id)
{
    for (int k = 0; k < ss->max; k++)
        if (ss->v[k].t && strcmp(ss->v[k].id, id) == 0)
            return &ss->v[k];
    return NULL;
}

serve_table *serve_sessions_table(serve_sessions *ss, const char *id)
{
    pthread_mutex_lock(&ss->mu);
    session *s = find(ss, id);
    serve_table *t = NULL;
    if (s) {
        s->used = ++ss->tick;
        t = s->t;
        atomic_fetch_add(&t->refs, 1);
    }
    pthread_mutex_unlock(&ss->mu);
    return t;
}

void serve_sessions_set(serve_sessions *ss, const char *id, serve_table *t)
{
    serve_table *old = NULL;
    pthread_mutex_lock(&ss->mu);
    session *s = find(ss, id);
    if (!s && t) { /* a free slot, else the one used longest ago */
        s = &ss->v[0];
        for (int k = 0; k < ss->max; k++) {
            if (!ss->v[k].t) {
                s = &ss->v[k];
                break;
            }
            if (ss->v[k].used < s->used)
                s = &ss->v[k];
        }
    }
    if (s) {
        old = s->t;
        s->t = t;
        memcpy(s->id, id, sizeof s->id);
        s->used = ++ss->tick;
    }
    pthread_mutex_unlock(&ss->mu);
    serve_table_release(old); /* freed outside the lock: it may be large */
}
