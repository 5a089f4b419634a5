/* page_job.c — parts of a document drawn ahead by worker threads onto
 * recording surfaces and replayed into the PDF in order (page_job.h). */
#include "render/page_job.h"
#include "base/array.h"

#include <cairo-pdf.h>
#include <stdlib.h>

cairo_surface_t *qsmap_page_new(double w, double h)
{
    cairo_rectangle_t size = {0, 0, w, h};
    return cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &size);
}

cairo_t *qsmap_page_fresh(void)
{
    cairo_surface_t *fresh = qsmap_page_new(QSMAP_PAGE_W, QSMAP_PAGE_H);
    cairo_t *cr = cairo_create(fresh);
    cairo_surface_destroy(fresh);
    return cr;
}

int qsmap_workers_start(void *(*fn)(void *), void *job, int threads, pthread_t *tid)
{
    if (threads < 1)
        threads = 1;
    if (threads > QSMAP_MAX_THREADS)
        threads = QSMAP_MAX_THREADS;
    qsmap_style_fonts_init();
    int started = 0;
    for (int t = 0; t < threads; t++)
        if (pthread_create(&tid[started], NULL, fn, job) == 0)
            started++;
    return started;
}

void qsmap_label_stats_add(qsmap_label_stats *to, const qsmap_label_stats *from)
{
    to->at_marker += from->at_marker;
    to->leader += from->leader;
    to->numbered += from->numbered;
    if (from->key_pt > 0 && (to->key_pt == 0 || from->key_pt < to->key_pt))
        to->key_pt = from->key_pt;
}

bool qsmap_page_keep(qsmap_page_slot *s, cairo_surface_t *page)
{
    if (qsmap_array_reserve((void **)&s->pages, &s->cap, s->npages + 1, sizeof *s->pages, 4))
        return false;
    s->pages[s->npages++] = page;
    return true;
}

cairo_t *qsmap_page_next_recorded(void *ctx, cairo_t *done)
{
    qsmap_page_slot *s = ctx;
    cairo_surface_t *page = cairo_surface_reference(cairo_get_target(done));
    cairo_destroy(done);
    if (!qsmap_page_keep(s, page))
        cairo_surface_destroy(page);
    return qsmap_page_fresh();
}

cairo_t *qsmap_page_next_discarded(void *ctx, cairo_t *done)
{
    (void)ctx;
    cairo_destroy(done);
    return qsmap_page_fresh();
}

static void *worker(void *arg)
{
    qsmap_page_job *job = arg;
    qsmap_geos *geos = qsmap_geos_new();
    for (;;) {
        pthread_mutex_lock(&job->mu);
        while (!job->stop && job->next < job->n && job->next >= job->emitted + QSMAP_PAGE_WINDOW)
            pthread_cond_wait(&job->cv, &job->mu);
        if (job->stop || job->next >= job->n) {
            pthread_mutex_unlock(&job->mu);
            break;
        }
        size_t k = job->next++;
        pthread_mutex_unlock(&job->mu);
        qsmap_page_slot *s = &job->slots[k];
        if (!geos)
            s->st = qsmap_error_set(&s->err, QSMAP_E_GEOS, NULL, 0, "cannot start GEOS");
        else
            job->draw(job->ctx, k, geos, s);
        pthread_mutex_lock(&job->mu);
        s->done = true;
        pthread_cond_broadcast(&job->cv);
        pthread_mutex_unlock(&job->mu);
    }
    qsmap_geos_free(geos);
    return NULL;
}

qsmap_status qsmap_page_job_start(qsmap_page_job *job, size_t n, qsmap_page_draw_fn draw, void *ctx,
                                  int threads, qsmap_error *err)
{
    *job = (qsmap_page_job){.draw = draw, .ctx = ctx, .n = n};
    job->slots = calloc(n ? n : 1, sizeof *job->slots);
    if (!job->slots)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    pthread_mutex_init(&job->mu, NULL);
    pthread_cond_init(&job->cv, NULL);
    job->started = qsmap_workers_start(worker, job, threads, job->tid);
    /* Without a worker no part would ever be done: fail, don't wait. */
    if (job->started == 0 && n > 0)
        return qsmap_error_set(err, QSMAP_E_RENDER, NULL, 0, "cannot start a drawing thread");
    return QSMAP_OK;
}

qsmap_page_slot *qsmap_page_job_wait(qsmap_page_job *job, size_t k)
{
    qsmap_page_slot *s = &job->slots[k];
    pthread_mutex_lock(&job->mu);
    while (!s->done)
        pthread_cond_wait(&job->cv, &job->mu);
    pthread_mutex_unlock(&job->mu);
    return s;
}

void qsmap_page_job_release(qsmap_page_job *job, size_t k, bool stop)
{
    pthread_mutex_lock(&job->mu);
    job->emitted = k + 1;
    if (stop)
        job->stop = true;
    pthread_cond_broadcast(&job->cv);
    pthread_mutex_unlock(&job->mu);
}

void qsmap_page_job_end(qsmap_page_job *job)
{
    if (!job->slots)
        return;
    pthread_mutex_lock(&job->mu);
    job->stop = true;
    pthread_cond_broadcast(&job->cv);
    pthread_mutex_unlock(&job->mu);
    for (int t = 0; t < job->started; t++)
        pthread_join(job->tid[t], NULL);
    for (size_t k = 0; k < job->n; k++) {
        for (size_t p = 0; p < job->slots[k].npages && job->slots[k].pages; p++)
            cairo_surface_destroy(job->slots[k].pages[p]);
        free(job->slots[k].pages);
    }
    pthread_mutex_destroy(&job->mu);
    pthread_cond_destroy(&job->cv);
    free(job->slots);
    job->slots = NULL;
}

/* ---- the PDF ------------------------------------------------------------ */

void qsmap_pdf_open(qsmap_pdf_out *o, FILE *fp, const char *title)
{
    *o = (qsmap_pdf_out){0};
    o->pdf = cairo_pdf_surface_create_for_stream(qsmap_file_writer, fp, QSMAP_PAGE_W, QSMAP_PAGE_H);
    cairo_pdf_surface_set_metadata(o->pdf, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(o->pdf, CAIRO_PDF_METADATA_CREATOR, "qsmap " QSMAP_VERSION);
    /* Same input, same bytes: a fixed date rather than the clock's. */
    cairo_pdf_surface_set_metadata(o->pdf, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
    o->cr = cairo_create(o->pdf);
}

/* The number is placed for A4 landscape, so on another paper it is moved
 * by the difference: at the foot's right whatever the size. */
void qsmap_pdf_replay(qsmap_pdf_out *o, cairo_surface_t *page, const char *dest, size_t number,
                      const qsmap_render_opts *opt)
{
    cairo_rectangle_t size;
    if (!cairo_recording_surface_get_extents(page, &size))
        size = (cairo_rectangle_t){0, 0, QSMAP_PAGE_W, QSMAP_PAGE_H};
    cairo_pdf_surface_set_size(o->pdf, size.width, size.height);
    cairo_set_source_surface(o->cr, page, 0, 0);
    cairo_paint(o->cr);
    /* after the paint: cairo 1.16 drops a destination that a recording
     * surface is painted after (no /Dests: the index's links led nowhere) */
    if (dest) {
        cairo_tag_begin(o->cr, CAIRO_TAG_DEST, dest);
        cairo_tag_end(o->cr, CAIRO_TAG_DEST);
    }
    if (number) {
        cairo_save(o->cr);
        cairo_translate(o->cr, size.width - QSMAP_PAGE_W, size.height - QSMAP_PAGE_H);
        qsmap_atlas_page_number(o->cr, number, opt);
        cairo_restore(o->cr);
    }
    cairo_show_page(o->cr);
}

void qsmap_pdf_replay_slot(qsmap_pdf_out *o, qsmap_page_slot *s, bool write, const char *dest,
                           bool number_all, const qsmap_render_opts *opt)
{
    for (size_t p = 0; p < s->npages; p++) {
        if (write) {
            qsmap_pdf_replay(o, s->pages[p], p == 0 ? dest : NULL,
                             p == 0 || number_all ? o->page + 1 : 0, opt);
            o->page++;
        }
        cairo_surface_destroy(s->pages[p]);
    }
    free(s->pages);
    s->pages = NULL;
    s->npages = s->cap = 0;
}

qsmap_status qsmap_pdf_close(qsmap_pdf_out *o, qsmap_status st, qsmap_error *err)
{
    cairo_destroy(o->cr);
    cairo_surface_finish(o->pdf);
    if (!st && cairo_surface_status(o->pdf) != CAIRO_STATUS_SUCCESS)
        st = qsmap_error_set(err, QSMAP_E_RENDER, NULL, 0, "cairo: %s",
                             cairo_status_to_string(cairo_surface_status(o->pdf)));
    cairo_surface_destroy(o->pdf);
    o->cr = NULL;
    o->pdf = NULL;
    return st;
}
