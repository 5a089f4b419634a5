/* networks.c — the named networks of `qsmap networks` as a PDF. One
 * network: its map page, then its table pages. Several: an atlas, whose
 * index pages and chart page come first, then each network's map page and
 * table pages, numbered through, a bookmark each, the index linking to
 * every map.
 *
 * Networks are drawn by worker threads onto recording surfaces and
 * replayed in list order by this thread (render/page_job.h), as the
 * district atlas is. Unlike the district atlas there is no counting pass:
 * a network's pages follow from its row count (networks_impl.h), so the
 * index knows every page before anything is drawn. */
#include "base/number.h"
#include "base/vocab.h"
#include "render/networks_impl.h"

#include <cairo-pdf.h>
#include <stdlib.h>
#include <string.h>

size_t qsmap_net_table_page_count(const qsmap_network *net)
{
    return net->count ? (net->count + NET_ROWS_PAGE - 1) / NET_ROWS_PAGE : 1;
}

size_t qsmap_net_page_count(const qsmap_network *net)
{
    return 1 + qsmap_net_table_page_count(net);
}

/* ---- text ---------------------------------------------------------------- */

PangoLayout *qsmap_net_layout(cairo_t *cr, double size, bool bold, const char *text, double width,
                              net_align al, int lines)
{
    PangoLayout *l = qsmap_style_layout(cr, QSMAP_FONT_TEXT, size, bold, text);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    if (lines > 0) {
        pango_layout_set_height(l, -lines);
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    }
    pango_layout_set_alignment(l, al == NET_RIGHT    ? PANGO_ALIGN_RIGHT
                                  : al == NET_CENTER ? PANGO_ALIGN_CENTER
                                                     : PANGO_ALIGN_LEFT);
    return l;
}

double qsmap_net_layout_h(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

double qsmap_net_layout_w(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)w / PANGO_SCALE;
}

void qsmap_net_show(cairo_t *cr, PangoLayout *l, double x, double y, qsmap_rgb c)
{
    qsmap_style_set(cr, c);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
}

double qsmap_net_text(cairo_t *cr, double size, bool bold, const char *text, double x, double y,
                      double width, net_align al, qsmap_rgb c)
{
    PangoLayout *l = qsmap_net_layout(cr, size, bold, text, width, al, 0);
    qsmap_net_show(cr, l, x, y, c);
    double h = qsmap_net_layout_h(l);
    g_object_unref(l);
    return h;
}

void qsmap_net_hline(cairo_t *cr, double x0, double x1, double y, double w, qsmap_rgb c)
{
    qsmap_style_set(cr, c);
    cairo_set_line_width(cr, w);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
}

char *qsmap_net_title(const qsmap_networks *nw, const qsmap_network *net, bool thai)
{
    const qsmap_net_row *lead = &nw->rows[net->first];
    const char *prov = qsmap_net_row_province(nw, lead);
    bool bangkok = !strcmp(prov, "กรุงเทพมหานคร");
    return qsmap_style_printf(thai, "เครือข่ายที่ %s · แกนนำ %s%s%s%s", net->id,
                              qsmap_net_row_name(nw, lead), prov[0] ? " · " : "",
                              prov[0] && !bangkok ? "จังหวัด" : "", prov);
}

void qsmap_net_foot_note(cairo_t *cr, const qsmap_networks *nw, const qsmap_render_opts *opt)
{
    bool dated = opt->date && *opt->date;
    if (!nw->sample_data && !dated)
        return;
    char *txt = qsmap_style_printf(
        opt->thai_digits, "%s%s%s%s", nw->sample_data ? QSMAP_SAMPLE_NOTE : "",
        nw->sample_data && dated ? "  ·  " : "", dated ? "วันที่ " : "", dated ? opt->date : "");
    PangoLayout *l =
        qsmap_net_layout(cr, 10, false, txt, QSMAP_PAGE_W - 2 * NET_MARGIN - 120, NET_LEFT, 1);
    g_free(txt);
    /* in the foot margin, level with the page number (qsmap_atlas_page_number) */
    qsmap_net_show(cr, l, NET_MARGIN, QSMAP_PAGE_H - 22 + (22 - qsmap_net_layout_h(l)) / 2,
                   nw->sample_data ? NET_WARN : NET_MUTED);
    g_object_unref(l);
}

/* ---- the document -------------------------------------------------------- */

typedef struct {
    const qsmap_networks *nw;
    const qsmap_render_opts *opt;
    size_t *sel; /* the selected networks, in list order */
    size_t n;
    size_t *first; /* the page of each one's map */
} net_job;

static void draw_network(void *ctx, size_t k, qsmap_geos *geos, qsmap_page_slot *s)
{
    const net_job *job = ctx;
    const qsmap_network *net = &job->nw->v[job->sel[k]];
    qsmap_render_opts opt = *job->opt;
    opt.geos = geos;
    s->st = qsmap_net_map_page(job->nw, net, &opt, s);
    if (s->st)
        return;
    qsmap_page_sink sink = {qsmap_page_next_recorded, s};
    cairo_t *cr = qsmap_page_fresh();
    s->st = qsmap_net_tables_draw(&cr, &sink, job->nw, net, &opt, &s->err);
    cairo_destroy(cr); /* the fresh page after the last one: empty */
    /* the index has given this network's pages already: they must come out so */
    if (!s->st && s->npages != qsmap_net_page_count(net))
        s->st = qsmap_error_set(&s->err, QSMAP_E_RENDER, NULL, 0,
                                "network %s: %zu pages drawn, %zu expected", net->id, s->npages,
                                qsmap_net_page_count(net));
}

/* A bookmark to a page: a network's map, or a part of the front. */
static void bookmark(qsmap_pdf_out *o, const char *name, size_t page)
{
    char link[64];
    snprintf(link, sizeof link, "page=%zu", page);
    cairo_pdf_surface_add_outline(o->pdf, CAIRO_PDF_OUTLINE_ROOT, name, link, 0);
}

/* The networks in order, each as its worker finishes it, every page
 * numbered, the map under the destination the index links to. */
static qsmap_status write_networks(qsmap_page_job *pj, const net_job *job, qsmap_pdf_out *o,
                                   qsmap_progress_fn progress, void *pctx, qsmap_atlas_stats *stats,
                                   qsmap_error *err)
{
    qsmap_status st = QSMAP_OK;
    for (size_t k = 0; k < job->n && !st; k++) {
        qsmap_page_slot *s = qsmap_page_job_wait(pj, k);
        if (s->st) {
            st = s->st;
            *err = s->err;
        }
        const qsmap_network *net = &job->nw->v[job->sel[k]];
        if (!st) {
            char *title = qsmap_net_title(job->nw, net, false);
            bookmark(o, title, o->page + 1);
            g_free(title);
        }
        char *id = g_strdup_printf("net-%s", net->id);
        char *dest = qsmap_style_tag_attr("name", id);
        qsmap_pdf_replay_slot(o, s, !st, dest, true, job->opt);
        g_free(dest);
        g_free(id);
        qsmap_label_stats_add(&stats->labels, &s->labels);
        qsmap_page_job_release(pj, k, st != QSMAP_OK);
        if (progress && !st)
            progress(pctx, k + 1, job->n);
    }
    return st;
}

/* The selected networks and where each starts: after the front (index and
 * chart) of an atlas, at page 1 alone. */
static qsmap_status plan(net_job *job, qsmap_error *err)
{
    const qsmap_networks *nw = job->nw;
    job->sel = malloc((nw->n + 1) * sizeof *job->sel);
    job->first = malloc((nw->n + 1) * sizeof *job->first);
    if (!job->sel || !job->first)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    job->n = 0;
    for (size_t k = 0; k < nw->n; k++)
        if (nw->v[k].selected)
            job->sel[job->n++] = k;
    if (job->n == 0)
        return qsmap_error_set(err, QSMAP_E_EMPTY, NULL, 0, "no network selected");
    size_t page = job->n > 1 ? qsmap_net_index_pages(job->n) + 2 : 1;
    for (size_t k = 0; k < job->n; k++) {
        job->first[k] = page;
        page += qsmap_net_page_count(&nw->v[job->sel[k]]);
    }
    return QSMAP_OK;
}

qsmap_status qsmap_render_networks_pdf(FILE *fp, const qsmap_networks *nw,
                                       const qsmap_render_opts *opt, int threads,
                                       qsmap_progress_fn progress, void *pctx,
                                       qsmap_atlas_stats *stats, qsmap_error *err)
{
    memset(stats, 0, sizeof *stats);
    net_job job = {.nw = nw, .opt = opt};
    qsmap_status st = plan(&job, err);
    /* Every outline is computed before any thread draws: then they only read. */
    if (!st)
        st = qsmap_districts_outline_all(nw->districts, err);
    if (st) {
        free(job.sel), free(job.first);
        return st;
    }
    bool atlas = job.n > 1;
    qsmap_page_job pj;
    st = qsmap_page_job_start(&pj, job.n, draw_network, &job, atlas ? threads : 1, err);
    char *title = atlas
                      ? qsmap_style_printf(false, "เครือข่ายนวัตกรรมคุณภาพสถานศึกษา %zu เครือข่าย", job.n)
                      : qsmap_net_title(nw, &nw->v[job.sel[0]], false);
    qsmap_pdf_out o;
    qsmap_pdf_open(&o, fp, title);
    g_free(title);
    if (!st && atlas) {
        bookmark(&o, "สารบัญเครือข่าย", 1);
        bookmark(&o, "แผนภูมิระยะทาง", qsmap_net_index_pages(job.n) + 1);
        o.page = qsmap_net_front(o.cr, nw, job.sel, job.n, job.first, opt);
        stats->cover_pages = o.page;
    }
    if (!st)
        st = write_networks(&pj, &job, &o, progress, pctx, stats, err);
    qsmap_page_job_end(&pj);
    stats->districts = job.n;
    stats->pages = o.page;
    st = qsmap_pdf_close(&o, st, err);
    free(job.sel);
    free(job.first);
    return st;
}
