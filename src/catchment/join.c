/* catchment.c — the join: for each quality school, every network school
 * within the radius by geodesic distance on WGS84. Candidates come from a
 * grid over the network schools; those clearly out of reach by a flat-earth
 * bound are dropped, geod_inverse decides the rest. A national join splits
 * the quality schools between threads and joins their lists in order. */
#define _GNU_SOURCE /* qsort_r */
#include "base/array.h"
#include "catchment/geodesic.h"
#include "catchment/grid.h"

#include <geodesic.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Below this many quality schools a thread costs more than it saves. */
#define MIN_QUALITY_PER_THREAD 128
#define MAX_THREADS 8
#define MAX_CHUNKS 64

typedef struct {
    const qsmap_schools *s;
    const qsmap_grid *grid;
    struct geod_geodesic g;
    const uint32_t *quality; /* this part's quality schools */
    size_t nquality;
    uint32_t current;
    double radius;
    qsmap_pair *v;
    size_t n, cap;
    int oom;
} join_ctx;

static void push(join_ctx *c, uint32_t network, double distance_m)
{
    if (qsmap_array_reserve((void **)&c->v, &c->cap, c->n + 1, sizeof *c->v, 256) != 0) {
        c->oom = 1;
        return;
    }
    c->v[c->n++] = (qsmap_pair){c->current, network, distance_m};
}

static void visit(void *p, uint32_t id)
{
    join_ctx *c = p;
    const qsmap_school *q = &c->s->v[c->current], *t = &c->s->v[id];
    /* A quarter of the box lies outside the circle; skip the geodesic there. */
    if (qsmap_geod_lower_bound_m(qsmap_geod_approx_m(q->lat, q->lon, t->lat, t->lon)) > c->radius)
        return;
    double s12;
    geod_inverse(&c->g, q->lat, q->lon, t->lat, t->lon, &s12, NULL, NULL);
    if (s12 <= c->radius) /* inclusive, as ST_DWithin */
        push(c, id, s12);
}

static int by_distance(const void *a, const void *b, void *arg)
{
    const qsmap_schools *s = arg;
    const qsmap_pair *x = a, *y = b;
    if (x->distance_m != y->distance_m)
        return x->distance_m < y->distance_m ? -1 : 1;
    return strcmp(s->v[x->network].id, s->v[y->network].id);
}

static void join_part(join_ctx *c)
{
    for (size_t i = 0; i < c->nquality && !c->oom; i++) {
        const qsmap_school *q = &c->s->v[c->quality[i]];
        size_t first = c->n;
        c->current = c->quality[i];
        double la0, la1, lo0, lo1;
        qsmap_geod_bbox(q->lat, q->lon, c->radius, &la0, &la1, &lo0, &lo1);
        qsmap_grid_query(c->grid, la0, la1, lo0, lo1, visit, c);
        if (c->n == first) /* a row even with no network school in reach */
            push(c, QSMAP_NO_SCHOOL, NAN);
        else
            qsort_r(c->v + first, c->n - first, sizeof *c->v, by_distance, (void *)c->s);
    }
}

typedef struct {
    join_ctx *chunk;
    size_t n;
    atomic_size_t next;
} chunk_queue;

static void *join_worker(void *arg)
{
    chunk_queue *q = arg;
    for (size_t k; (k = atomic_fetch_add(&q->next, 1)) < q->n;)
        join_part(&q->chunk[k]);
    return NULL;
}

static size_t choose_threads(size_t nquality)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n = cpus > 1 ? (size_t)cpus : 1;
    n = n < MAX_THREADS ? n : MAX_THREADS;
    while (n > 1 && nquality / n < MIN_QUALITY_PER_THREAD)
        n--;
    return n;
}

void qsmap_catchment_free(qsmap_catchment *c)
{
    if (!c)
        return;
    free(c->v);
    free(c);
}

qsmap_status qsmap_catchment_new(const qsmap_schools *s, const uint32_t *quality,
                                 size_t nquality, double radius_m, qsmap_catchment **out,
                                 qsmap_error *err)
{
    *out = NULL;
    size_t nnet = 0;
    for (size_t i = 0; i < s->n; i++)
        nnet += s->v[i].role == QSMAP_ROLE_NETWORK;
    double *lat = malloc((nnet ? nnet : 1) * sizeof *lat);
    double *lon = malloc((nnet ? nnet : 1) * sizeof *lon);
    uint32_t *ids = malloc((nnet ? nnet : 1) * sizeof *ids);
    qsmap_catchment *c = calloc(1, sizeof *c);
    if (!lat || !lon || !ids || !c) {
        free(lat), free(lon), free(ids), free(c);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].role == QSMAP_ROLE_NETWORK)
            lat[k] = s->v[i].lat, lon[k] = s->v[i].lon, ids[k++] = (uint32_t)i;
    qsmap_grid grid;
    /* Cells about one radius across: a query touches ~9 cells. */
    qsmap_status st = qsmap_grid_build(&grid, lat, lon, ids, nnet,
                                       fmax(radius_m / 110574.0, 0.001));
    free(lat), free(lon), free(ids);
    if (st) {
        free(c);
        return qsmap_error_set(err, st, NULL, 0, "out of memory");
    }
    /* Dense districts cost more than rural ones: the quality schools go in
     * many chunks, taken in turn by whichever thread is free, and the
     * chunks' lists are joined in order, so the result never depends on
     * the threads. */
    size_t nthreads = choose_threads(nquality);
    size_t nchunks = nthreads == 1 ? 1 : nquality < MAX_CHUNKS ? nquality : MAX_CHUNKS;
    join_ctx *chunk = calloc(nchunks ? nchunks : 1, sizeof *chunk);
    if (!chunk) {
        qsmap_grid_free(&grid);
        free(c);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    for (size_t k = 0; k < nchunks; k++) {
        size_t a = nquality * k / nchunks, b = nquality * (k + 1) / nchunks;
        chunk[k] = (join_ctx){.s = s, .grid = &grid, .quality = quality + a, .nquality = b - a,
                              .radius = radius_m};
        qsmap_geod_wgs84(&chunk[k].g);
    }
    chunk_queue queue = {.chunk = chunk, .n = nchunks};
    atomic_init(&queue.next, 0);
    pthread_t tid[MAX_THREADS];
    bool started[MAX_THREADS] = {false};
    for (size_t t = 1; t < nthreads; t++)
        started[t] = pthread_create(&tid[t], NULL, join_worker, &queue) == 0;
    join_worker(&queue); /* this thread too, and alone if no thread started */
    for (size_t t = 1; t < nthreads; t++)
        if (started[t])
            pthread_join(tid[t], NULL);
    qsmap_grid_free(&grid);
    size_t total = 0;
    int oom = 0;
    for (size_t k = 0; k < nchunks; k++)
        total += chunk[k].n, oom |= chunk[k].oom;
    qsmap_pair *v = oom ? NULL : malloc((total ? total : 1) * sizeof *v);
    for (size_t k = 0, at = 0; k < nchunks; at += chunk[k].n, k++) {
        if (v && chunk[k].n)
            memcpy(v + at, chunk[k].v, chunk[k].n * sizeof *v);
        free(chunk[k].v);
    }
    free(chunk);
    if (!v) {
        free(c);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    c->v = v;
    c->n = total;
    c->radius_m = radius_m;
    *out = c;
    return QSMAP_OK;
}
