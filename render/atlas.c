/* atlas.c — many districts in one PDF: a cover with an index map, index
 * pages listing every district (those without a quality school too), then
 * per district its map page and table pages, with a bookmark each.
 *
 * Districts are drawn by worker threads, each on its own cairo recording
 * surfaces with its own GEOS context; the main thread replays the finished
 * pages into the PDF in district order, so the file is the same whatever
 * the number of threads. Workers stay at most WINDOW districts ahead, which
 * bounds memory. */
#include "render/render.h"
#include "base/number.h"
#include "base/vocab.h"
#include "write/outfile.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW 12
#define MAX_THREADS 16
#define INDEX_ROWS 34
#define INDEX_COLS 2

/* Start up to `threads` (1..MAX_THREADS) workers on job; how many started. */
static int start_workers(void *(*fn)(void *), void *job, int threads, pthread_t *tid)
{
    if (threads < 1)
        threads = 1;
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
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
    size_t n;
    size_t next;    /* next district a worker takes */
    size_t emitted; /* districts already written by the main thread */
    bool stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} atlas_job;

static cairo_surface_t *new_page(void)
{
    cairo_rectangle_t a4 = {0, 0, QSMAP_PAGE_W, QSMAP_PAGE_H};
    return cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &a4);
}

static bool keep_page(district_pages *dp, cairo_surface_t *s)
{
    if (dp->npages == dp->cap) {
        size_t cap = dp->cap ? dp->cap * 2 : 4;
        cairo_surface_t **nv = realloc(dp->pages, cap * sizeof *nv);
        if (!nv)
            return false;
        dp->pages = nv, dp->cap = cap;
    }
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
    cairo_surface_t *fresh = new_page();
    cairo_t *cr = cairo_create(fresh);
    cairo_surface_destroy(fresh);
    return cr;
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
    opt.first_page = 0; /* each district's tables count from the map: see below */
    cairo_surface_t *map = new_page();
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
    opt.first_page = 2; /* page 1 of a district is its map */
    qsmap_page_sink sink = {next_recorded_page, dp};
    cairo_surface_t *first = new_page();
    cr = cairo_create(first);
    cairo_surface_destroy(first);
    size_t pages = 0;
    dp->st = qsmap_tables_draw_to(cr, &sink, &r, &opt, &pages, &dp->err);
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
        if (!geos)
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

/* ---- cover and index ------------------------------------------------- */

static void show(cairo_t *cr, const char *family, double size, bool bold, const char *text,
                 double x, double y, double width, qsmap_rgb c)
{
    PangoLayout *l = qsmap_style_layout(cr, family, size, bold, text);
    if (width > 0) {
        /* Index lines are cut to their column; prose wraps. */
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        if (strchr(text, '\n'))
            pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        else
            pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    }
    qsmap_style_set(cr, c);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
}

/* The index map: every district of the atlas, shaded where it has quality
 * schools, in a plate carrée scaled by the cosine of the mean latitude
 * (an overview, not a measuring map). */
static void draw_index_map(cairo_t *cr, const qsmap_report *r, double x0, double y0, double w,
                           double h)
{
    const qsmap_districts *d = r->districts;
    double b[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (size_t k = 0; k < r->nselected; k++) {
        const qsmap_district *t = qsmap_districts_get(d, r->selected[k]);
        b[0] = fmin(b[0], t->min_lon), b[1] = fmin(b[1], t->min_lat);
        b[2] = fmax(b[2], t->max_lon), b[3] = fmax(b[3], t->max_lat);
    }
    double k_lon = cos((b[1] + b[3]) / 2 * G_PI / 180);
    double sx = w / ((b[2] - b[0]) * k_lon), sy = h / (b[3] - b[1]), s = fmin(sx, sy);
    double ox = x0 + (w - (b[2] - b[0]) * k_lon * s) / 2, oy = y0 + (h - (b[3] - b[1]) * s) / 2;
    const double *xy;
    const uint32_t *off;
    size_t nr;
    qsmap_districts_rings(d, &xy, &off, &nr);
    for (size_t k = 0; k < r->nselected; k++) {
        const qsmap_district *t = qsmap_districts_get(d, r->selected[k]);
        cairo_new_path(cr);
        for (uint32_t ring = t->first_ring; ring < t->first_ring + t->ring_count; ring++) {
            for (uint32_t p = off[ring]; p < off[ring + 1]; p++) {
                double px = ox + (xy[2 * p] - b[0]) * k_lon * s;
                double py = oy + (b[3] - xy[2 * p + 1]) * s;
                if (p == off[ring])
                    cairo_move_to(cr, px, py);
                else
                    cairo_line_to(cr, px, py);
            }
            cairo_close_path(cr);
        }
        size_t pairs;
        bool has = qsmap_summary_district(r, r->selected[k], &pairs) > 0;
        if (has)
            cairo_set_source_rgb(cr, 0.55, 0.75, 0.88);
        else
            cairo_set_source_rgb(cr, 0.97, 0.90, 0.80);
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        cairo_set_line_width(cr, r->nselected > 100 ? 0.2 : 0.6);
        cairo_stroke(cr);
    }
}

static const qsmap_rgb INK = {0.1, 0.1, 0.1}, MUTED = {0.4, 0.4, 0.4},
                       WARN = {0.75, 0.1, 0.1};

static size_t index_pages(size_t n)
{
    return (n + INDEX_ROWS * INDEX_COLS - 1) / (INDEX_ROWS * INDEX_COLS);
}

static void draw_cover(cairo_t *cr, const qsmap_report *r, const char *scope,
                       const qsmap_render_opts *opt, size_t without)
{
    char raw[600], txt[1400];
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    snprintf(raw, sizeof raw, "แผนที่โรงเรียนเครือข่ายในรัศมี %g กม. ของโรงเรียนคุณภาพ",
             r->radius_m / 1000);
    qsmap_number_digits(raw, opt->thai_digits, txt, sizeof txt);
    show(cr, QSMAP_FONT_TEXT, 22, true, txt, 36, 30, 0, INK);
    show(cr, QSMAP_FONT_TEXT, 16, true, scope, 36, 62, 0, INK);
    size_t quality = r->nsummary, pairs = 0;
    for (size_t i = 0; i < r->nsummary; i++)
        pairs += r->summary[i].network_count;
    snprintf(raw, sizeof raw,
             "%zu อำเภอ · โรงเรียนคุณภาพ %zu แห่ง · คู่โรงเรียนคุณภาพ–เครือข่าย %zu คู่ · "
             "อำเภอที่ไม่มีโรงเรียนคุณภาพ %zu อำเภอ",
             r->nselected, quality, pairs, without);
    qsmap_number_digits(raw, opt->thai_digits, txt, sizeof txt);
    show(cr, QSMAP_FONT_TEXT, 12, false, txt, 36, 90, QSMAP_PAGE_W - 72, INK);
    if (r->sample_data)
        show(cr, QSMAP_FONT_TEXT, 12, true, QSMAP_SAMPLE_NOTE " — ห้ามใช้อ้างอิงตำแหน่งจริง",
             36, 108, 0, WARN);
    draw_index_map(cr, r, 36, 130, QSMAP_PAGE_W - 300, QSMAP_PAGE_H - 170);
    double lx = QSMAP_PAGE_W - 250, ly = 150;
    cairo_rectangle(cr, lx, ly + 3, 14, 9);
    cairo_set_source_rgb(cr, 0.55, 0.75, 0.88);
    cairo_fill(cr);
    show(cr, QSMAP_FONT_TEXT, 11, false, "อำเภอที่มีโรงเรียนคุณภาพ", lx + 20, ly, 0, INK);
    cairo_rectangle(cr, lx, ly + 23, 14, 9);
    cairo_set_source_rgb(cr, 0.97, 0.90, 0.80);
    cairo_fill(cr);
    show(cr, QSMAP_FONT_TEXT, 11, false, "อำเภอที่ไม่มีโรงเรียนคุณภาพ", lx + 20, ly + 20, 0, INK);
    show(cr, QSMAP_FONT_TEXT, 9, false,
         "ขอบเขตการปกครอง: กรมแผนที่ทหาร / OCHA HDX (CC BY-IGO)\n"
         "แต่ละอำเภอ: หน้าแผนที่ ตามด้วยหน้าตาราง; ดูบุ๊กมาร์กของไฟล์ PDF",
         lx, ly + 50, 230, MUTED);
    if (opt->date && *opt->date) {
        snprintf(raw, sizeof raw, "วันที่ %s", opt->date);
        show(cr, QSMAP_FONT_TEXT, 9, false, raw, lx, ly + 80, 0, MUTED);
    }
}

/* Index pages: every district with its quality schools and pairs, or the
 * note that it has no quality school; each line links to the district's map
 * (a named destination: page numbers are not known until it is drawn). */
static void draw_index(cairo_t *cr, const qsmap_report *r, const qsmap_render_opts *opt,
                       size_t page)
{
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    char raw[600], txt[1400];
    snprintf(raw, sizeof raw, "สารบัญอำเภอ (%zu/%zu)", page + 1, index_pages(r->nselected));
    qsmap_number_digits(raw, opt->thai_digits, txt, sizeof txt);
    show(cr, QSMAP_FONT_TEXT, 16, true, txt, 36, 24, 0, INK);
    double colw = (QSMAP_PAGE_W - 72) / INDEX_COLS, rowh = (QSMAP_PAGE_H - 80) / INDEX_ROWS;
    size_t first = page * INDEX_ROWS * INDEX_COLS;
    for (size_t k = first; k < r->nselected && k < first + INDEX_ROWS * INDEX_COLS; k++) {
        size_t slot = k - first, col = slot / INDEX_ROWS, row = slot % INDEX_ROWS;
        const qsmap_district *d = qsmap_districts_get(r->districts, r->selected[k]);
        size_t pairs, q = qsmap_summary_district(r, r->selected[k], &pairs);
        if (q)
            snprintf(raw, sizeof raw, "%s %s (%s) — โรงเรียนคุณภาพ %zu แห่ง, คู่เครือข่าย %zu คู่",
                     d->pcode, d->name_th, d->province_th, q, pairs);
        else
            snprintf(raw, sizeof raw, "%s %s (%s) — ไม่มีโรงเรียนคุณภาพ", d->pcode,
                     d->name_th, d->province_th);
        qsmap_number_digits(raw, opt->thai_digits, txt, sizeof txt);
        char link[64];
        snprintf(link, sizeof link, "dest='%s'", d->pcode);
        cairo_tag_begin(cr, CAIRO_TAG_LINK, link);
        show(cr, QSMAP_FONT_TEXT, 9.5, false, txt, 36 + (double)col * colw,
             52 + (double)row * rowh, colw - 8, q ? INK : WARN);
        cairo_tag_end(cr, CAIRO_TAG_LINK);
    }
}

/* ---- the atlas --------------------------------------------------------- */

static void replay(cairo_t *cr, cairo_surface_t *page)
{
    cairo_set_source_surface(cr, page, 0, 0);
    cairo_paint(cr);
    cairo_show_page(cr);
}

qsmap_status qsmap_render_atlas(FILE *fp, const qsmap_report *all, const char *scope,
                                const qsmap_render_opts *opt, int threads,
                                void (*progress)(void *ctx, size_t done, size_t total),
                                void *pctx, qsmap_atlas_stats *stats, qsmap_error *err)
{
    memset(stats, 0, sizeof *stats);
    size_t n = all->nselected;
    atlas_job job = {.all = all, .opt = opt, .n = n};
    job.slots = calloc(n ? n : 1, sizeof *job.slots);
    if (!job.slots)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    /* Every outline is computed before any thread draws: then they only read. */
    qsmap_status st = qsmap_districts_outline_all(all->districts, err);
    if (st) {
        free(job.slots);
        return st;
    }
    pthread_mutex_init(&job.mu, NULL);
    pthread_cond_init(&job.cv, NULL);
    pthread_t tid[MAX_THREADS];
    int started = start_workers(worker, &job, threads, tid);

    cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(qsmap_file_writer, fp,
                                                               QSMAP_PAGE_W, QSMAP_PAGE_H);
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE, scope);
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATOR, "qsmap " QSMAP_VERSION);
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
    cairo_t *cr = cairo_create(pdf);

    size_t without = 0;
    for (size_t k = 0; k < n; k++) {
        size_t pairs;
        without += qsmap_summary_district(all, all->selected[k], &pairs) == 0;
    }
    draw_cover(cr, all, scope, opt, without);
    cairo_show_page(cr);
    size_t page = 1, nindex = index_pages(n);
    for (size_t ip = 0; ip < nindex; ip++) {
        draw_index(cr, all, opt, ip);
        cairo_show_page(cr);
        page++;
    }
    stats->cover_pages = page;
    stats->without_quality = without;

    int province_entry = 0;
    const char *province = NULL;
    for (size_t k = 0; k < n && !st; k++) {
        district_pages *dp = &job.slots[k];
        pthread_mutex_lock(&job.mu);
        while (!dp->done)
            pthread_cond_wait(&job.cv, &job.mu);
        pthread_mutex_unlock(&job.mu);
        if (dp->st) {
            st = dp->st;
            *err = dp->err;
        }
        const qsmap_district *d = qsmap_districts_get(all->districts, all->selected[k]);
        char link[64], name[300];
        snprintf(link, sizeof link, "page=%zu", page + 1);
        if (!st && (!province || strcmp(province, d->province_pcode))) {
            province = d->province_pcode;
            province_entry = cairo_pdf_surface_add_outline(
                pdf, CAIRO_PDF_OUTLINE_ROOT, d->province_th, link, 0);
        }
        snprintf(name, sizeof name, "%s %s", d->pcode, d->name_th);
        if (!st)
            cairo_pdf_surface_add_outline(pdf, province_entry, name, link, 0);
        for (size_t p = 0; p < dp->npages; p++) {
            if (!st) {
                if (p == 0) {
                    char dest[64];
                    snprintf(dest, sizeof dest, "name='%s'", d->pcode);
                    cairo_tag_begin(cr, CAIRO_TAG_DEST, dest);
                    cairo_tag_end(cr, CAIRO_TAG_DEST);
                }
                replay(cr, dp->pages[p]);
                page++;
            }
            cairo_surface_destroy(dp->pages[p]);
        }
        free(dp->pages);
        dp->pages = NULL;
        stats->labels.at_marker += dp->labels.at_marker;
        stats->labels.leader += dp->labels.leader;
        stats->labels.numbered += dp->labels.numbered;
        pthread_mutex_lock(&job.mu);
        job.emitted = k + 1;
        if (st)
            job.stop = true;
        pthread_cond_broadcast(&job.cv);
        pthread_mutex_unlock(&job.mu);
        if (progress && !st)
            progress(pctx, k + 1, n);
    }
    pthread_mutex_lock(&job.mu);
    job.stop = true;
    pthread_cond_broadcast(&job.cv);
    pthread_mutex_unlock(&job.mu);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    /* Pages of districts drawn ahead of an error. */
    for (size_t k = 0; k < n; k++) {
        for (size_t p = 0; p < job.slots[k].npages && job.slots[k].pages; p++)
            cairo_surface_destroy(job.slots[k].pages[p]);
        free(job.slots[k].pages);
    }
    stats->districts = n;
    stats->pages = page;
    if (started == 0 && n > 0 && !st)
        st = qsmap_error_set(err, QSMAP_E_RENDER, NULL, 0, "cannot start a drawing thread");
    cairo_destroy(cr);
    cairo_surface_finish(pdf);
    if (!st && cairo_surface_status(pdf) != CAIRO_STATUS_SUCCESS)
        st = qsmap_error_set(err, QSMAP_E_RENDER, NULL, 0, "cairo: %s",
                             cairo_status_to_string(cairo_surface_status(pdf)));
    cairo_surface_destroy(pdf);
    pthread_mutex_destroy(&job.mu);
    pthread_cond_destroy(&job.cv);
    free(job.slots);
    return st;
}

/* ---- one PNG per district ----------------------------------------------- */

typedef struct {
    const qsmap_report *all;
    const qsmap_render_opts *opt;
    const char *dir, *radius_label;
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
    char path[1024];
    snprintf(path, sizeof path, "%s%s-%s-%s.png", job->dir, d->pcode, d->name_th,
             job->radius_label);
    qsmap_report r;
    qsmap_status st = qsmap_report_slice(job->all, job->all->selected[k], &r, err);
    if (st)
        return st;
    qsmap_render_opts opt = *job->opt;
    opt.geos = geos;
    qsmap_outfile of;
    st = qsmap_outfile_open(&of, path, NULL, err);
    if (!st) {
        st = qsmap_render_png(of.fp, &r, &opt, labels, err);
        if (st) {
            qsmap_outfile_abort(&of);
            if (!err->file[0])
                snprintf(err->file, sizeof err->file, "%s", path);
        } else {
            st = qsmap_outfile_commit(&of, err);
        }
    }
    qsmap_report_release(&r);
    return st;
}

static void *png_worker(void *arg)
{
    png_job *job = arg;
    qsmap_geos *geos = qsmap_geos_new();
    for (;;) {
        pthread_mutex_lock(&job->mu);
        size_t k = job->next < job->n && !job->st ? job->next++ : job->n;
        pthread_mutex_unlock(&job->mu);
        if (k >= job->n)
            break;
        qsmap_label_stats labels = {0};
        qsmap_error err = {0};
        qsmap_status st = geos ? one_png(job, k, geos, &labels, &err)
                               : qsmap_error_set(&err, QSMAP_E_GEOS, NULL, 0, "cannot start GEOS");
        pthread_mutex_lock(&job->mu);
        if (st && !job->st)
            job->st = st, job->err = err;
        job->labels.at_marker += labels.at_marker;
        job->labels.leader += labels.leader;
        job->labels.numbered += labels.numbered;
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
                                  void *pctx, qsmap_label_stats *labels, qsmap_error *err)
{
    qsmap_status st = qsmap_districts_outline_all(all->districts, err);
    if (st)
        return st;
    png_job job = {.all = all, .opt = opt, .dir = dir, .radius_label = radius_label,
                   .n = all->nselected, .progress = progress, .pctx = pctx};
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
