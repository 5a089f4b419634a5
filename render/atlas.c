/* atlas.c — many districts in one PDF: a cover with an index map, index
 * pages listing every district (those without a quality school too), then
 * per district its map page and table pages, with a bookmark each.
 *
 * Districts are drawn by worker threads, each on its own cairo recording
 * surfaces with its own GEOS context; the main thread replays the finished
 * pages into the PDF in district order, so the file is the same whatever
 * the number of threads. Workers stay at most WINDOW districts ahead, which
 * bounds memory. The cover and index pages are drawn by atlas_front.c.
 *
 * Pages are numbered through the whole atlas, and the index (drawn first)
 * gives each district's page: so before anything is drawn, a counting pass
 * lays out every district's tables without keeping them (the table module's
 * own pagination: no second rule to drift from it) and fixes where each
 * district starts. */
#include "render/render.h"
#include "base/array.h"
#include "write/filename.h"
#include "write/outfile.h"

#include <cairo-pdf.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW 12
#define MAX_THREADS 16

/* Start up to `threads` (1..MAX_THREADS) workers on job; how many started. */
static int start_workers(void *(*fn)(void *), void *job, int threads, pthread_t *tid)
{
    if (threads < 1)
        threads = 1;
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
    qsmap_style_fonts_init();
    int started = 0;
    for (int t = 0; t < threads; t++)
        if (pthread_create(&tid[started], NULL, fn, job) == 0)
            started++;
    return started;
}

typedef struct {
    cairo_surface_t **pages;
    size_t npages, cap;
    qsmap_label_stats labels;
    qsmap_status st;
    qsmap_error err;
    bool done;
} district_pages;

typedef struct {
    const qsmap_report *all;
    const qsmap_render_opts *opt;
    district_pages *slots;
    size_t *first;  /* page number of each district's map (0: left out) */
    size_t n;
    size_t next;    /* next district a worker takes */
    size_t emitted; /* districts already written by the main thread */
    bool stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} atlas_job;

/* A page to record on: A4 landscape, or w × h (a map page's own paper). */
static cairo_surface_t *new_sized_page(double w, double h)
{
    cairo_rectangle_t size = {0, 0, w, h};
    return cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &size);
}

static cairo_surface_t *new_page(void) { return new_sized_page(QSMAP_PAGE_W, QSMAP_PAGE_H); }

/* A context on a fresh recorded page (the context holds the surface). */
static cairo_t *fresh_page(void)
{
    cairo_surface_t *fresh = new_page();
    cairo_t *cr = cairo_create(fresh);
    cairo_surface_destroy(fresh);
    return cr;
}

static bool keep_page(district_pages *dp, cairo_surface_t *s)
{
    if (qsmap_array_reserve((void **)&dp->pages, &dp->cap, dp->npages + 1, sizeof *dp->pages, 4))
        return false;
    dp->pages[dp->npages++] = s;
    return true;
}

/* The table module's page sink: keep the finished page, start a fresh one. */
static cairo_t *next_recorded_page(void *ctx, cairo_t *done)
{
    district_pages *dp = ctx;
    cairo_surface_t *s = cairo_surface_reference(cairo_get_target(done));
    cairo_destroy(done);
    if (!keep_page(dp, s))
        cairo_surface_destroy(s);
    return fresh_page();
}

static void draw_district(const atlas_job *job, size_t k, qsmap_geos *geos,
                          district_pages *dp)
{
    qsmap_report r;
    dp->st = qsmap_report_slice(job->all, job->all->selected[k], &r, &dp->err);
    if (dp->st)
        return;
    qsmap_render_opts opt = *job->opt;
    opt.geos = geos;
    double pw, ph;
    dp->st = qsmap_map_page_size(&r, &opt, &pw, &ph, &dp->err);
    if (dp->st) {
        qsmap_report_release(&r);
        return;
    }
    cairo_surface_t *map = new_sized_page(pw, ph);
    cairo_t *cr = cairo_create(map);
    dp->st = qsmap_map_draw(cr, &r, &opt, &dp->labels, &dp->err);
    cairo_destroy(cr);
    if (dp->st || !keep_page(dp, map)) {
        cairo_surface_destroy(map);
        if (!dp->st)
            dp->st = qsmap_error_set(&dp->err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
        qsmap_report_release(&r);
        return;
    }
    opt.first_page = job->first[k] + 1; /* the tables follow the map */
    qsmap_page_sink sink = {next_recorded_page, dp};
    cairo_surface_t *first = new_page();
    cr = cairo_create(first);
    cairo_surface_destroy(first);
    size_t pages = 0;
    dp->st = qsmap_tables_draw_to(&cr, &sink, &r, &opt, &pages, &dp->err);
    cairo_destroy(cr); /* the fresh page after the last one: empty */
    qsmap_report_release(&r);
}

static void *worker(void *arg)
{
    atlas_job *job = arg;
    qsmap_geos *geos = qsmap_geos_new();
    for (;;) {
        pthread_mutex_lock(&job->mu);
        while (!job->stop && job->next < job->n && job->next >= job->emitted + WINDOW)
            pthread_cond_wait(&job->cv, &job->mu);
        if (job->stop || job->next >= job->n) {
            pthread_mutex_unlock(&job->mu);
            break;
        }
        size_t k = job->next++;
        pthread_mutex_unlock(&job->mu);
        district_pages *dp = &job->slots[k];
        if (!job->first[k])
            ; /* left out (--skip-empty): no pages */
        else if (!geos)
            dp->st = qsmap_error_set(&dp->err, QSMAP_E_GEOS, NULL, 0, "cannot start GEOS");
        else
            draw_district(job, k, geos, dp);
        pthread_mutex_lock(&job->mu);
        dp->done = true;
        pthread_cond_broadcast(&job->cv);
        pthread_mutex_unlock(&job->mu);
    }
    qsmap_geos_free(geos);
    return NULL;
}

/* ---- the counting pass ------------------------------------------------- */

typedef struct {
    const qsmap_report *all;
    const qsmap_render_opts *opt;
    size_t *pages; /* per district: map + tables, 0 when left out */
    size_t n, next;
    qsmap_status st;
    qsmap_error err;
    pthread_mutex_t mu;
} count_job;

/* The counting pass's page sink: the page is counted, not kept. */
static cairo_t *next_discarded_page(void *ctx, cairo_t *done)
{
    (void)ctx;
    cairo_destroy(done);
    return fresh_page();
}

/* How many pages district k takes: its map and its tables, or none when
 * --skip-empty leaves a district without a quality school out. */
static qsmap_status count_district(const count_job *cj, size_t k, size_t *pages,
                                   qsmap_error *err)
{
    size_t pairs, sel = cj->all->selected[k];
    *pages = 0;
    if (cj->opt->skip_empty && qsmap_summary_district(cj->all, sel, &pairs) == 0)
        return QSMAP_OK;
    qsmap_report r;
    qsmap_status st = qsmap_report_slice(cj->all, sel, &r, err);
    if (st)
        return st;
    qsmap_page_sink sink = {next_discarded_page, NULL};
    cairo_surface_t *s = new_page();
    cairo_t *cr = cairo_create(s);
    cairo_surface_destroy(s);
    size_t tables = 0;
    st = qsmap_tables_draw_to(&cr, &sink, &r, cj->opt, &tables, err);
    cairo_destroy(cr);
    qsmap_report_release(&r);
    *pages = 1 + tables;
    return st;
}

/* The next district for a worker of a job whose districts are taken in
 * order under mu, or n when all are taken or the job has failed. */
static size_t claim(pthread_mutex_t *mu, size_t *next, size_t n, const qsmap_status *st)
{
    pthread_mutex_lock(mu);
    size_t k = *next < n && !*st ? (*next)++ : n;
    pthread_mutex_unlock(mu);
    return k;
}

static void *counter(void *arg)
{
    count_job *cj = arg;
    for (;;) {
        size_t k = claim(&cj->mu, &cj->next, cj->n, &cj->st);
        if (k >= cj->n)
            break;
        qsmap_error err = {0};
        qsmap_status st = count_district(cj, k, &cj->pages[k], &err);
        pthread_mutex_lock(&cj->mu);
        if (st && !cj->st)
            cj->st = st, cj->err = err;
        pthread_mutex_unlock(&cj->mu);
    }
    return NULL;
}

/* job->first: each district's map page, counted by `threads` threads and
 * this one (which alone does it if no thread starts). */
static qsmap_status number_pages(atlas_job *job, int threads, qsmap_error *err)
{
    count_job cj = {.all = job->all, .opt = job->opt, .pages = job->first, .n = job->n};
    pthread_mutex_init(&cj.mu, NULL);
    pthread_t tid[MAX_THREADS];
    int started = start_workers(counter, &cj, threads - 1, tid);
    counter(&cj);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&cj.mu);
    if (cj.st) {
        *err = cj.err;
        return cj.st;
    }
    size_t page = qsmap_atlas_front_pages(job->n) + 1;
    for (size_t k = 0; k < job->n; k++) {
        size_t pages = job->first[k];
        job->first[k] = pages ? page : 0;
        page += pages;
    }
    return QSMAP_OK;
}

/* ---- the atlas --------------------------------------------------------- */

static void add_labels(qsmap_label_stats *to, const qsmap_label_stats *from)
{
    to->at_marker += from->at_marker;
    to->leader += from->leader;
    to->numbered += from->numbered;
    if (from->key_pt > 0 && (to->key_pt == 0 || from->key_pt < to->key_pt))
        to->key_pt = from->key_pt;
}

/* The job over all's selected districts, its workers started (*started of
 * them, into tid). */
static qsmap_status start_job(atlas_job *job, const qsmap_report *all,
                              const qsmap_render_opts *opt, int threads, pthread_t *tid,
                              int *started, qsmap_error *err)
{
    size_t n = all->nselected;
    *job = (atlas_job){.all = all, .opt = opt, .n = n};
    job->slots = calloc(n ? n : 1, sizeof *job->slots);
    job->first = calloc(n ? n : 1, sizeof *job->first);
    if (!job->slots || !job->first) {
        free(job->slots);
        free(job->first);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    /* Every outline is computed before any thread draws: then they only read. */
    qsmap_status st = qsmap_districts_outline_all(all->districts, err);
    if (!st)
        st = number_pages(job, threads, err);
    if (st) {
        free(job->slots);
        free(job->first);
        return st;
    }
    pthread_mutex_init(&job->mu, NULL);
    pthread_cond_init(&job->cv, NULL);
    *started = start_workers(worker, job, threads, tid);
    return QSMAP_OK;
}

/* Stop the workers, wait for them, and let go of the pages of districts
 * drawn ahead of an error. */
static void stop_job(atlas_job *job, const pthread_t *tid, int started)
{
    pthread_mutex_lock(&job->mu);
    job->stop = true;
    pthread_cond_broadcast(&job->cv);
    pthread_mutex_unlock(&job->mu);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    for (size_t k = 0; k < job->n; k++) {
        for (size_t p = 0; p < job->slots[k].npages && job->slots[k].pages; p++)
            cairo_surface_destroy(job->slots[k].pages[p]);
        free(job->slots[k].pages);
    }
}

/* The PDF as the main thread writes it, district after district. */
typedef struct {
    cairo_surface_t *pdf;
    cairo_t *cr;
    size_t page;          /* pages written so far */
    const char *province; /* pcode of the last province bookmarked */
    int province_entry;   /* its outline entry */
} atlas_pdf;

static atlas_pdf open_pdf(FILE *fp, const char *scope)
{
    atlas_pdf o = {0};
    o.pdf = cairo_pdf_surface_create_for_stream(qsmap_file_writer, fp, QSMAP_PAGE_W,
                                                QSMAP_PAGE_H);
    cairo_pdf_surface_set_metadata(o.pdf, CAIRO_PDF_METADATA_TITLE, scope);
    cairo_pdf_surface_set_metadata(o.pdf, CAIRO_PDF_METADATA_CREATOR, "qsmap " QSMAP_VERSION);
    /* Same input, same bytes: a fixed date rather than the clock's. */
    cairo_pdf_surface_set_metadata(o.pdf, CAIRO_PDF_METADATA_CREATE_DATE,
                                   "2000-01-01T00:00:00Z");
    o.cr = cairo_create(o.pdf);
    return o;
}

/* A recorded page into the PDF at its own size, with `number` in its foot
 * unless 0: at the foot's right whatever the size (the number is placed for
 * A4 landscape, so it is moved by the difference). */
static void replay(atlas_pdf *o, cairo_surface_t *page, size_t number,
                   const qsmap_render_opts *opt)
{
    cairo_rectangle_t size;
    if (!cairo_recording_surface_get_extents(page, &size))
        size = (cairo_rectangle_t){0, 0, QSMAP_PAGE_W, QSMAP_PAGE_H};
    cairo_pdf_surface_set_size(o->pdf, size.width, size.height);
    cairo_set_source_surface(o->cr, page, 0, 0);
    cairo_paint(o->cr);
    if (number) {
        cairo_save(o->cr);
        cairo_translate(o->cr, size.width - QSMAP_PAGE_W, size.height - QSMAP_PAGE_H);
        qsmap_atlas_page_number(o->cr, number, opt);
        cairo_restore(o->cr);
    }
    cairo_show_page(o->cr);
}

static district_pages *wait_district(atlas_job *job, size_t k)
{
    district_pages *dp = &job->slots[k];
    pthread_mutex_lock(&job->mu);
    while (!dp->done)
        pthread_cond_wait(&job->cv, &job->mu);
    pthread_mutex_unlock(&job->mu);
    return dp;
}

/* Bookmarks to the district's map, the next page: its province's where the
 * province changes, then the district's under it. */
static void bookmark(atlas_pdf *o, const qsmap_district *d)
{
    char link[64];
    snprintf(link, sizeof link, "page=%zu", o->page + 1);
    if (!o->province || strcmp(o->province, d->province_pcode)) {
        o->province = d->province_pcode;
        o->province_entry = cairo_pdf_surface_add_outline(o->pdf, CAIRO_PDF_OUTLINE_ROOT,
                                                          d->province_th, link, 0);
    }
    char *name = g_strdup_printf("%s %s", d->pcode, d->name_th);
    cairo_pdf_surface_add_outline(o->pdf, o->province_entry, name, link, 0);
    g_free(name);
}

/* The district's recorded pages into the PDF (when `write`: not after an
 * error), the map under the destination the index links to; then let go. */
static void replay_district(atlas_pdf *o, const qsmap_district *d, district_pages *dp,
                            bool write, const qsmap_render_opts *opt)
{
    for (size_t p = 0; p < dp->npages; p++) {
        if (write) {
            if (p == 0) {
                char *dest = qsmap_style_tag_attr("name", d->pcode);
                cairo_tag_begin(o->cr, CAIRO_TAG_DEST, dest);
                cairo_tag_end(o->cr, CAIRO_TAG_DEST);
                g_free(dest);
            }
            replay(o, dp->pages[p], p == 0 ? o->page + 1 : 0, opt);
            o->page++;
        }
        cairo_surface_destroy(dp->pages[p]);
    }
    free(dp->pages);
    dp->pages = NULL;
}

/* District k is written: the workers may go one further, or stop. */
static void release_district(atlas_job *job, size_t k, bool stop)
{
    pthread_mutex_lock(&job->mu);
    job->emitted = k + 1;
    if (stop)
        job->stop = true;
    pthread_cond_broadcast(&job->cv);
    pthread_mutex_unlock(&job->mu);
}

/* The districts in order, each as its worker finishes it. The first error
 * ends the writing. */
static qsmap_status write_districts(atlas_job *job, atlas_pdf *o, qsmap_progress_fn progress,
                                    void *pctx, qsmap_atlas_stats *stats, qsmap_error *err)
{
    qsmap_status st = QSMAP_OK;
    for (size_t k = 0; k < job->n && !st; k++) {
        district_pages *dp = wait_district(job, k);
        if (dp->st) {
            st = dp->st;
            *err = dp->err;
        }
        const qsmap_district *d = qsmap_districts_get(job->all->districts,
                                                      job->all->selected[k]);
        if (!st && job->first[k])
            bookmark(o, d);
        replay_district(o, d, dp, !st, job->opt);
        add_labels(&stats->labels, &dp->labels);
        release_district(job, k, st != QSMAP_OK);
        if (progress && !st)
            progress(pctx, k + 1, job->n);
    }
    return st;
}

qsmap_status qsmap_render_atlas(FILE *fp, const qsmap_report *all, const char *scope,
                                const qsmap_render_opts *opt, int threads,
                                void (*progress)(void *ctx, size_t done, size_t total),
                                void *pctx, qsmap_atlas_stats *stats, qsmap_error *err)
{
    memset(stats, 0, sizeof *stats);
    atlas_job job;
    pthread_t tid[MAX_THREADS];
    int started;
    qsmap_status st = start_job(&job, all, opt, threads, tid, &started, err);
    if (st)
        return st;
    /* Without a worker no district would ever be done: fail, don't wait. */
    if (started == 0 && job.n > 0)
        st = qsmap_error_set(err, QSMAP_E_RENDER, NULL, 0, "cannot start a drawing thread");
    atlas_pdf o = open_pdf(fp, scope);
    o.page = qsmap_atlas_front(o.cr, all, scope, opt, job.first, stats);
    if (!st)
        st = write_districts(&job, &o, progress, pctx, stats, err);
    stop_job(&job, tid, started);
    stats->districts = job.n;
    stats->pages = o.page;
    cairo_destroy(o.cr);
    cairo_surface_finish(o.pdf);
    if (!st && cairo_surface_status(o.pdf) != CAIRO_STATUS_SUCCESS)
        st = qsmap_error_set(err, QSMAP_E_RENDER, NULL, 0, "cairo: %s",
                             cairo_status_to_string(cairo_surface_status(o.pdf)));
    cairo_surface_destroy(o.pdf);
    pthread_mutex_destroy(&job.mu);
    pthread_cond_destroy(&job.cv);
    free(job.slots);
    free(job.first);
    return st;
}

/* ---- one PNG per district ----------------------------------------------- */

typedef struct {
    const qsmap_report *all;
    const qsmap_render_opts *opt;
    const char *dir, *radius_label;
    qsmap_commit *commit; /* where each PNG's temporary goes */
    size_t next, done, n;
    qsmap_status st;
    qsmap_error err;
    qsmap_label_stats labels;
    void (*progress)(void *, size_t, size_t);
    void *pctx;
    pthread_mutex_t mu;
} png_job;

static qsmap_status one_png(png_job *job, size_t k, qsmap_geos *geos,
                            qsmap_label_stats *labels, qsmap_error *err)
{
    const qsmap_district *d = qsmap_districts_get(job->all->districts, job->all->selected[k]);
    /* Names from the data, made safe (write/filename.h): the pcode, which
     * keeps the files apart, whole; the name cut to what is left. */
    char pcode[48], name[QSMAP_SAFE_NAME_MAX + 1], path[1024];
    size_t used = qsmap_safe_name(d->pcode, sizeof pcode - 1, pcode, sizeof pcode);
    qsmap_safe_name(d->name_th, QSMAP_SAFE_NAME_MAX - used, name, sizeof name);
    snprintf(path, sizeof path, "%s%s-%s-%s.png", job->dir, pcode, name, job->radius_label);
    qsmap_report r;
    qsmap_status st = qsmap_report_slice(job->all, job->all->selected[k], &r, err);
    if (st)
        return st;
    qsmap_render_opts opt = *job->opt;
    opt.geos = geos;
    /* The temporary stays in the run's commit set, committed or removed
     * with every other output of the run. */
    qsmap_outfile of;
    st = qsmap_outfile_open(&of, path, NULL, job->commit, err);
    if (!st) {
        st = qsmap_outfile_finish(&of, qsmap_render_png(of.fp, &r, &opt, labels, err), err);
        if (st && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", path);
    }
    qsmap_report_release(&r);
    return st;
}

static void *png_worker(void *arg)
{
    png_job *job = arg;
    qsmap_geos *geos = qsmap_geos_new();
    for (;;) {
        size_t k = claim(&job->mu, &job->next, job->n, &job->st);
        if (k >= job->n)
            break;
        qsmap_label_stats labels = {0};
        qsmap_error err = {0};
        qsmap_status st = geos ? one_png(job, k, geos, &labels, &err)
                               : qsmap_error_set(&err, QSMAP_E_GEOS, NULL, 0, "cannot start GEOS");
        pthread_mutex_lock(&job->mu);
        if (st && !job->st)
            job->st = st, job->err = err;
        add_labels(&job->labels, &labels);
        job->done++;
        if (job->progress && !job->st)
            job->progress(job->pctx, job->done, job->n);
        pthread_mutex_unlock(&job->mu);
    }
    qsmap_geos_free(geos);
    return NULL;
}

qsmap_status qsmap_render_png_dir(const char *dir, const qsmap_report *all,
                                  const char *radius_label, const qsmap_render_opts *opt,
                                  int threads, void (*progress)(void *, size_t, size_t),
                                  void *pctx, qsmap_commit *commit, qsmap_label_stats *labels,
                                  qsmap_error *err)
{
    qsmap_status st = qsmap_districts_outline_all(all->districts, err);
    if (st)
        return st;
    png_job job = {.all = all, .opt = opt, .dir = dir, .radius_label = radius_label,
                   .commit = commit, .n = all->nselected, .progress = progress, .pctx = pctx};
    pthread_mutex_init(&job.mu, NULL);
    pthread_t tid[MAX_THREADS];
    int started = start_workers(png_worker, &job, threads, tid);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&job.mu);
    if (!started && job.n)
        return qsmap_error_set(err, QSMAP_E_RENDER, NULL, 0, "cannot start a drawing thread");
    *labels = job.labels;
    if (job.st)
        *err = job.err;
    return job.st;
}
