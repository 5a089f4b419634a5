/* api.c — the reading endpoints of the JSON API: the page, the districts,
 * the offices, the report of a selection and its downloads. A download is
 * the CLI's writer for the format, writing into memory: the bytes are the
 * ones `qsmap -o NAME.EXT` writes for the same selection and table. The
 * uploads are upload_api.c's. */
#include "serve/serve.h"

#include "base/utf8.h"
#include "write/filename.h"
#include "write/html.h"
#include "write/json.h"

#include <stdlib.h>
#include <string.h>

static qsmap_status put_page(FILE *fp, void *ctx, qsmap_error *err)
{
    (void)ctx;
    return qsmap_html_app_page(fp, err);
}

static qsmap_status put_districts(FILE *fp, void *ctx, qsmap_error *err)
{
    (void)err;
    const qsmap_districts *d = ctx;
    fputs("{\"districts\":[", fp);
    for (size_t i = 0; i < qsmap_districts_count(d); i++) {
        const qsmap_district *t = qsmap_districts_get(d, i);
        fputs(i ? ",\n{\"pcode\":" : "\n{\"pcode\":", fp);
        qsmap_json_str(fp, t->pcode);
        qsmap_json_key(fp, "name_th");
        qsmap_json_str(fp, t->name_th);
        qsmap_json_key(fp, "name_en");
        qsmap_json_str(fp, t->name_en);
        qsmap_json_key(fp, "province_pcode");
        qsmap_json_str(fp, t->province_pcode);
        qsmap_json_key(fp, "province_th");
        qsmap_json_str(fp, t->province_th);
        qsmap_json_key(fp, "province_en");
        qsmap_json_str(fp, t->province_en);
        fputc('}', fp);
    }
    fputs("]}\n", fp);
    return QSMAP_OK;
}

qsmap_status serve_api_init(serve_server *srv, qsmap_error *err)
{
    serve_reply page = {0}, districts = {0};
    qsmap_status st = serve_reply_write(&page, "", put_page, NULL, err);
    if (!st)
        st = serve_reply_write(&districts, "", put_districts, (void *)srv->data->districts, err);
    srv->page = page.body, srv->page_len = page.len;
    srv->districts = districts.body, srv->districts_len = districts.len;
    return st;
}

/* The made-once bodies are copied: libmicrohttpd frees what it is given. */
static void reply_copy(serve_reply *rp, const char *type, const char *body, size_t len)
{
    rp->body = malloc(len ? len : 1);
    if (!rp->body) {
        serve_reply_error(rp, 500, "out of memory");
        return;
    }
    memcpy(rp->body, body, len);
    rp->len = len, rp->status = 200, rp->type = type;
}

void serve_api_page(serve_request *rq, serve_reply *rp)
{
    reply_copy(rp, "text/html; charset=utf-8", rq->srv->page, rq->srv->page_len);
}

void serve_api_districts(serve_request *rq, serve_reply *rp)
{
    reply_copy(rp, "application/json", rq->srv->districts, rq->srv->districts_len);
}

/* The table a request works on: its session's, or the server's. */
typedef struct {
    serve_table *t; /* a reference, or NULL */
    const qsmap_schools *s;
    bool sample;
    unsigned long gen;
} request_table;

static request_table table_of(const serve_request *rq)
{
    serve_table *t = serve_sessions_table(rq->srv->sessions, rq->session);
    if (t)
        return (request_table){t, t->s, rq->srv->data->sample && !t->schools_file[0], t->gen};
    return (request_table){NULL, rq->srv->data->schools, rq->srv->data->sample, 0};
}

static int by_affiliation(const void *a, const void *b)
{
    const qsmap_school *x = *(const qsmap_school *const *)a, *y = *(const qsmap_school *const *)b;
    return strcmp(x->affiliation, y->affiliation);
}

static qsmap_status put_offices(FILE *fp, void *ctx, qsmap_error *err)
{
    const qsmap_schools *s = ctx;
    const qsmap_school **v = malloc((s->n ? s->n : 1) * sizeof *v);
    if (!v)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].affiliation[0])
            v[n++] = &s->v[i];
    qsort(v, n, sizeof *v, by_affiliation);
    fputs("{\"offices\":[", fp);
    for (size_t i = 0, first = 1; i < n;) {
        size_t j = i, quality = 0;
        for (; j < n && !strcmp(v[j]->affiliation, v[i]->affiliation); j++)
            quality += v[j]->role == QSMAP_ROLE_QUALITY;
        fputs(first ? "\n{\"name\":" : ",\n{\"name\":", fp);
        qsmap_json_str(fp, v[i]->affiliation);
        fprintf(fp, ",\"quality\":%zu,\"schools\":%zu}", quality, j - i);
        first = 0, i = j;
    }
    fputs("]}\n", fp);
    free(v);
    return QSMAP_OK;
}

void serve_api_offices(serve_request *rq, serve_reply *rp)
{
    request_table t = table_of(rq);
    qsmap_error err = {0};
    qsmap_status st = serve_reply_write(rp, "application/json", put_offices, (void *)t.s, &err);
    if (st)
        serve_reply_status(rp, st, &err);
    serve_table_release(t.t);
}

/* What a writer is told, as cli_run_write_context tells it. */
static qsmap_write_ctx write_ctx(const serve_server *srv, serve_report *sr, double dpi)
{
    qsmap_write_ctx ctx = {.render = srv->data->render_api,
                           .render_opts = srv->data->render,
                           .scope = sr->scope,
                           .radius_label = sr->radius_label,
                           .threads = srv->threads};
    if (dpi > 0)
        ctx.render_opts.dpi = dpi;
    return ctx;
}

typedef struct {
    const serve_server *srv;
    serve_report *sr;
    const qsmap_format *format;
    const char *name;
    double dpi;
} write_job;

static void put_summary(FILE *fp, const serve_report *sr)
{
    const qsmap_report *r = &sr->r;
    size_t pairs = 0, network = 0;
    unsigned char *seen = calloc(r->schools->n ? r->schools->n : 1, 1);
    for (size_t k = 0; k < r->catchment->n; k++) {
        uint32_t nw = r->catchment->v[k].network;
        if (nw == QSMAP_NO_SCHOOL)
            continue;
        pairs++;
        if (seen && !seen[nw])
            seen[nw] = 1, network++;
    }
    free(seen);
    fprintf(fp, ",\"summary\":{\"districts\":%zu,\"quality\":%zu,\"network\":%zu,\"pairs\":%zu}",
            r->nselected, r->nsummary, network, pairs);
    qsmap_json_key(fp, "label");
    qsmap_json_str(fp, sr->label);
}

/* The .html page's data object with the summary and the label added. */
static qsmap_status put_report(FILE *fp, void *ctx, qsmap_error *err)
{
    write_job *j = ctx;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    qsmap_write_ctx wc = write_ctx(j->srv, j->sr, 0);
    qsmap_sink sink = {.fp = mem, .path = "(the report)"};
    qsmap_status st = qsmap_write_html_data(&sink, &j->sr->r, &wc, err);
    if (fclose(mem) != 0 && !st)
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    if (!st && (len == 0 || buf[len - 1] != '}'))
        st = qsmap_error_set(err, QSMAP_E_IO, NULL, 0, "the report is not one JSON object");
    if (!st) {
        fwrite(buf, 1, len - 1, fp);
        put_summary(fp, j->sr);
        fputs("}\n", fp);
    }
    free(buf);
    return st;
}

static qsmap_status put_download(FILE *fp, void *ctx, qsmap_error *err)
{
    write_job *j = ctx;
    qsmap_write_ctx wc = write_ctx(j->srv, j->sr, j->dpi);
    /* no file name: every writer then writes to the stream (the workbook
     * through an unlinked scratch file of its own) */
    qsmap_sink sink = {.fp = fp, .path = j->name, .file = NULL};
    return j->format->write(&sink, &j->sr->r, &wc, err);
}

/* What a reply depends on: the table's number, the selection, and for a
 * download its name (which goes into messages) — each part with its length,
 * so no value can pass for two. */
static void cache_key(char *key, size_t size, const request_table *t, const serve_query *q,
                      const char *name)
{
    const char *parts[] = {q->district, q->province, q->office, name};
    int n = snprintf(key, size, "%lu|%.17g|%.17g", t->gen, q->radius_m, q->dpi);
    for (size_t k = 0; k < 4 && n > 0 && (size_t)n < size; k++)
        n += snprintf(key + n, size - (size_t)n, "|%zu:%s", parts[k] ? strlen(parts[k]) : 0,
                      parts[k] ? parts[k] : "");
}

/* Parse, build, write: the report or a download of it, kept for the next
 * request of the same. */
static void answer(serve_request *rq, serve_reply *rp, write_job *job, const char *type,
                   serve_write_fn fn)
{
    qsmap_error err = {0};
    serve_query q;
    serve_report sr;
    qsmap_status st = serve_query_parse(rq->c, &q, &err);
    if (st) {
        serve_reply_status(rp, st, &err);
        return;
    }
    request_table t = table_of(rq);
    char key[4400];
    cache_key(key, sizeof key, &t, &q, job->name);
    if (serve_cache_get(rq->srv->cache, key, &rp->body, &rp->len)) {
        rp->status = 200, rp->type = type;
        serve_table_release(t.t);
        return;
    }
    st = serve_report_build(rq->srv, t.s, t.sample, &q, &sr, &err);
    job->srv = rq->srv, job->sr = &sr, job->dpi = q.dpi;
    if (!st)
        st = serve_reply_write(rp, type, fn, job, &err);
    if (st)
        serve_reply_status(rp, st, &err);
    else
        serve_cache_put(rq->srv->cache, key, rp->body, rp->len);
    serve_report_free(&sr);
    serve_table_release(t.t);
}

void serve_api_report(serve_request *rq, serve_reply *rp)
{
    write_job job = {0};
    answer(rq, rp, &job, "application/json", put_report);
}

static const struct {
    const char *ext, *type;
} TYPES[] = {
    {"csv", "text/csv; charset=utf-8"},
    {"pdf", "application/pdf"},
    {"png", "image/png"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"geojson", "application/geo+json"},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"html", "text/html; charset=utf-8"},
};

/* GET /api/download/NAME.EXT: NAME only names the download. */
void serve_api_download(serve_request *rq, serve_reply *rp)
{
    const char *name = rq->url + strlen("/api/download/");
    const char *dot = strrchr(name, '.');
    const char *type = NULL;
    for (size_t k = 0; dot && k < sizeof TYPES / sizeof TYPES[0]; k++)
        if (!strcmp(dot + 1, TYPES[k].ext))
            type = TYPES[k].type;
    if (!type || strchr(name, '/') || dot == name) {
        serve_reply_error(rp, 404,
                          "download NAME.EXT with EXT one of pdf, png, csv, xlsx, geojson, "
                          "docx, html");
        return;
    }
    write_job job = {.format = qsmap_format_for_path(name)};
    char stem[QSMAP_SAFE_NAME_MAX + 1], raw[QSMAP_SAFE_NAME_MAX + 1];
    qsmap_text_copy(raw, sizeof raw, name);
    raw[dot - name < (long)sizeof raw ? dot - name : (long)sizeof raw - 1] = '\0';
    qsmap_safe_name(raw, QSMAP_SAFE_NAME_MAX, stem, sizeof stem);
    snprintf(rp->filename, sizeof rp->filename, "%s.%s", stem, dot + 1);
    job.name = rp->filename;
    answer(rq, rp, &job, type, put_download);
    if (rp->status != 200)
        rp->filename[0] = '\0';
}
