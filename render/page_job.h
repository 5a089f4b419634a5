/* page_job.h — documents of many parts (an atlas of districts, of named
 * networks): worker threads draw the parts onto cairo recording surfaces,
 * each with its own GEOS context, and the main thread replays the finished
 * pages into the PDF in order, so the file is the same whatever the number
 * of threads. Workers stay at most QSMAP_PAGE_WINDOW parts ahead of the
 * writing, which bounds memory. Private to render/atlas.c and
 * render/networks*.c. */
#ifndef QSMAP_RENDER_PAGE_JOB_H
#define QSMAP_RENDER_PAGE_JOB_H

#include "render/render.h"

#include <pthread.h>

#define QSMAP_PAGE_WINDOW 12
#define QSMAP_MAX_THREADS 16

/* A page to record on, w × h points; a context on a fresh A4 landscape one
 * (the context holds the surface). */
cairo_surface_t *qsmap_page_new(double w, double h);
cairo_t *qsmap_page_fresh(void);

/* Start up to `threads` (1..QSMAP_MAX_THREADS) threads running fn(job);
 * how many started (into tid). */
int qsmap_workers_start(void *(*fn)(void *), void *job, int threads, pthread_t *tid);

/* The recorded pages of one part, and how drawing it went. */
typedef struct {
    cairo_surface_t **pages;
    size_t npages, cap;
    qsmap_label_stats labels;
    qsmap_status st;
    qsmap_error err;
    bool done;
} qsmap_page_slot;

/* Add a part's label counts to the document's (the smallest key size). */
void qsmap_label_stats_add(qsmap_label_stats *to, const qsmap_label_stats *from);

/* Keep a finished page in the slot; false when out of memory (the page is
 * then still the caller's). */
bool qsmap_page_keep(qsmap_page_slot *s, cairo_surface_t *page);
/* A qsmap_page_sink's next_page for the table module: keep the finished
 * page in the slot `ctx`, hand out a fresh A4 landscape one. */
cairo_t *qsmap_page_next_recorded(void *ctx, cairo_t *done);
/* The same that counts rather than keeps: the page is thrown away. */
cairo_t *qsmap_page_next_discarded(void *ctx, cairo_t *done);

/* Draw part k into slot s with the worker's GEOS context. */
typedef void (*qsmap_page_draw_fn)(void *ctx, size_t k, qsmap_geos *geos, qsmap_page_slot *s);

typedef struct {
    qsmap_page_draw_fn draw;
    void *ctx;
    qsmap_page_slot *slots;
    size_t n;
    size_t next;    /* the next part a worker takes */
    size_t emitted; /* parts already written by the main thread */
    bool stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t tid[QSMAP_MAX_THREADS];
    int started;
} qsmap_page_job;

/* n parts drawn by up to `threads` workers. QSMAP_E_NOMEM; QSMAP_E_RENDER
 * when there are parts and no worker starts (nothing would ever be done). */
qsmap_status qsmap_page_job_start(qsmap_page_job *job, size_t n, qsmap_page_draw_fn draw, void *ctx,
                                  int threads, qsmap_error *err);
/* Part k's slot once its worker is done with it. */
qsmap_page_slot *qsmap_page_job_wait(qsmap_page_job *job, size_t k);
/* Part k is written: the workers may go one further, or stop. */
void qsmap_page_job_release(qsmap_page_job *job, size_t k, bool stop);
/* Stop the workers, wait for them, let go of pages drawn ahead of an
 * error and of the job. */
void qsmap_page_job_end(qsmap_page_job *job);

/* The PDF as the main thread writes it. */
typedef struct {
    cairo_surface_t *pdf;
    cairo_t *cr;
    size_t page; /* pages written so far */
} qsmap_pdf_out;

void qsmap_pdf_open(qsmap_pdf_out *o, FILE *fp, const char *title);
/* A recorded page into the PDF at its own size, under the named
 * destination `dest` (a cairo tag attribute; NULL: none), with `number` in
 * its foot unless 0 (qsmap_atlas_page_number). */
void qsmap_pdf_replay(qsmap_pdf_out *o, cairo_surface_t *page, const char *dest, size_t number,
                      const qsmap_render_opts *opt);
/* The slot's pages into the PDF when `write` (not after an error), the
 * first under the named destination `dest` (NULL: none) and numbered, the
 * others numbered too when number_all (else they carry their own); then
 * let go of them. */
void qsmap_pdf_replay_slot(qsmap_pdf_out *o, qsmap_page_slot *s, bool write, const char *dest,
                           bool number_all, const qsmap_render_opts *opt);
/* Finish the file; st unless it is QSMAP_OK and cairo failed. */
qsmap_status qsmap_pdf_close(qsmap_pdf_out *o, qsmap_status st, qsmap_error *err);

#endif
