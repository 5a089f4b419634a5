/* atlas.c — many districts in one PDF: a cover with an index map, index
 * pages listing every district (those without a quality school too), then
 * per district its map page and table pages, with a bookmark each.
 *
 * Districts are drawn by worker threads and replayed into the PDF in
 * district order (render/page_job.h), so the file is the same whatever the
 * number of threads. The cover and index pages are drawn by atlas_front.c.
 *
 * Pages are numbered through the whole atlas, and the index (drawn first)
 * gives each district's page: so before anything is drawn, a counting pass
 * lays out every district's tables without keeping them (the table module's
 * own pagination: no second rule to drift from it) and fixes where each
 * district starts. */
#include "render/page_job.h"
#include "write/filename.h"
#include "write/outfile.h"

#include <cairo-pdf.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const qsmap_report *all;
    const qsmap_render_opts *opt;
    size_t *first; /* page number of each district's map (0: left out) */
} atlas_job;

static void draw_district(void *ctx, size_t k, qsmap_geos *geos, qsmap_page_slot *dp)
{
    const atlas_job *job = ctx;
    if (!job->first[k])
        return; /* left out (--skip-empty): no pages */
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
    cairo_surface_t *map = qsmap_page_new(pw, ph);
    cairo_t *cr = cairo_create(map);
    dp->st = qsmap_map_draw(cr, &r, &opt, &dp->labels, &dp->err);
    cairo_destroy(cr);
    if (dp->st || !qsmap_page_keep(dp, map)) {
        cairo_surface_destroy(map);
        if (!dp->st)
            dp->st = qsmap_error_set(&dp->err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
        qsmap_report_release(&r);
        return;
    }
    opt.first_page = job->first[k] + 1; /* the tables follow the map */
    qsmap_page_sink sink = {qsmap_page_next_recorded, dp};
    cr = qsmap_page_fresh();
    size_t pages = 0;
    dp->st = qsmap_tables_draw_to(&cr, &sink, &r, &opt, &pages, &dp->err);
    cairo_destroy(cr); /* the fresh page after the last one: empty */
    qsmap_report_release(&r);
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
    qsmap_page_sink sink = {qsmap_page_next_discarded, NULL};
    cairo_t *cr = qsmap_page_fresh();
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
static qsmap_status number_pages(atlas_job *job, size_t n, int threads, qsmap_error *err)
{
    count_job cj = {.all = job->all, .opt = job->opt, .pages = job->first, .n = n};
    pthread_mutex_init(&cj.mu, NULL);
    pthread_t tid[QSMAP_MAX_THREADS];
    int started = qsmap_workers_start(counter, &cj, threads - 1, tid);
    counter(&cj);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&cj.mu);
    if (cj.st) {
        *err = cj.err;
        return cj.st;
    }
    size_t page = qsmap_atlas_front_pages(n) + 1;
    for (size_t k = 0; k < n; k++) {
        size_t pages = job->first[k];
        job->first[k] = pages ? page : 0;
        page += pages;
    }
    return QSMAP_OK;
}

/* ---- the atlas --------------------------------------------------------- */

/* The bookmarks of the atlas: one per province, its districts under it. */
typedef struct {
    const char *province; /* pcode of the last province bookmarked */
    int province_entry;   /* its outline entry */
} atlas_marks;

/* Bookmarks to the district's map, the next page: its province's where the
 * province changes, then the district's under it. */
static void bookmark(qsmap_pdf_out *o, atlas_marks *m, const qsmap_district *d)
{
    char link[64];
    snprintf(link, sizeof link, "page=%zu", o->page + 1);
    if (!m->province || strcmp(m->province, d->province_pcode)) {
        m->province = d->province_pcode;
        m->province_entry = cairo_pdf_surface_add_outline(o->pdf, CAIRO_PDF_OUTLINE_ROOT,
                                                          d->province_th, link, 0);
    }
    char *name = g_strdup_printf("%s %s", d->pcode, d->name_th);
    cairo_pdf_surface_add_outline(o->pdf, m->province_entry, name, link, 0);
    g_free(name);
}

/* The districts in order, each as its worker finishes it, the map under
 * the destination the index links to. The first error ends the writing. */
static qsmap_status write_districts(qsmap_page_job *pj, const atlas_job *job, qsmap_pdf_out *o,
                                    qsmap_progress_fn progress, void *pctx,
                                    qsmap_atlas_stats *stats, qsmap_error *err)
{
    qsmap_status st = QSMAP_OK;
    atlas_marks marks = {0};
    for (size_t k = 0; k < pj->n && !st; k++) {
        qsmap_page_slot *dp = qsmap_page_job_wait(pj, k);
        if (dp->st) {
            st = dp->st;
            *err = dp->err;
        }
        const qsmap_district *d = qsmap_districts_get(job->all->districts,
                                                      job->all->selected[k]);
        if (!st && job->first[k])
            bookmark(o, &marks, d);
        char *dest = qsmap_style_tag_attr("name", d->pcode);
        qsmap_pdf_replay_slot(o, dp, !st, dest, false, job->opt);
        g_free(dest);
        qsmap_label_stats_add(&stats->labels, &dp->labels);
        qsmap_page_job_release(pj, k, st != QSMAP_OK);
        if (progress && !st)
            progress(pctx, k + 1, pj->n);
    }
    return st;
}

qsmap_status qsmap_render_atlas(FILE *fp, const qsmap_report *all, const char *scope,
                                const qsmap_render_opts *opt, int threads,
                                void (*progress)(void *ctx, size_t done, size_t total),
                                void *pctx, qsmap_atlas_stats *stats, qsmap_error *err)
{
    memset(stats, 0, sizeof *stats);
    size_t n = all->nselected;
    atlas_job job = {.all = all, .opt = opt, .first = calloc(n ? n : 1, sizeof *job.first)};
    if (!job.first)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    /* Every outline is computed before any thread draws: then they only read. */
    qsmap_status st = qsmap_districts_outline_all(all->districts, err);
    if (!st)
        st = number_pages(&job, n, threads, err);
    if (st) {
        free(job.first);
        return st;
    }
    qsmap_page_job pj;
    st = qsmap_page_job_start(&pj, n, draw_district, &job, threads, err);
    qsmap_pdf_out o;
    qsmap_pdf_open(&o, fp, scope);
    o.page = qsmap_atlas_front(o.cr, all, scope, opt, job.first, stats);
    if (!st)
        st = write_districts(&pj, &job, &o, progress, pctx, stats, err);
    qsmap_page_job_end(&pj);
    stats->districts = n;
    stats->pages = o.page;
    st = qsmap_pdf_close(&o, st, err);
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
        qsmap_label_stats_add(&job->labels, &labels);
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
    pthread_t tid[QSMAP_MAX_THREADS];
    int started = qsmap_workers_start(png_worker, &job, threads, tid);
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
