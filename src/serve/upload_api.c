/* upload_api.c — the endpoints that change a session: a school table or a
 * roles list uploaded, parsed from memory by the CLI's own readers (so a
 * bad file gets the CLI's message, naming the file as the browser sent its
 * name, and its line), and the reset to the server's table. A table in use
 * by other requests is never changed: a roles list is applied to a fresh
 * copy, which then replaces the session's. */
#include "serve/serve.h"

#include "base/fileio.h"
#include "base/utf8.h"
#include "select/select.h"
#include "write/json.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The name the browser sent, as messages show it: no folders, no control
 * characters, UTF-8, short. It names nothing on the server. */
static void upload_name(const char *sent, char *out, size_t size)
{
    const char *base = sent;
    for (const char *p = sent; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    qsmap_text_copy(out, size, base);
    for (char *p = out; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '_';
    if (!out[0] || qsmap_utf8_invalid_at(out, strlen(out)) < strlen(out))
        qsmap_text_copy(out, size, "upload.csv");
}

/* A workbook or a GIS layer (by the upload's extension) goes through the
 * GDAL reader as the CLI's would, from a file in GDAL's memory, never on
 * disk; one at a time, the reader loaded by the first. A name like a
 * connection string (PG:…) is only a name. */
static bool wants_gdal(const char *name)
{
    return strncasecmp(name, "PG:", 3) != 0 && qsmap_gdal_wanted_table(name);
}

typedef qsmap_status (*gdal_job)(qsmap_gdal *g, const char *path, void *ctx, qsmap_error *err);

static qsmap_status with_gdal_file(serve_server *srv, const char *name, const char *data,
                                   size_t len, gdal_job job, void *ctx, qsmap_error *err)
{
    char path[600] = "";
    pthread_mutex_lock(&srv->gdal_mu);
    qsmap_status st = srv->gdal ? QSMAP_OK : qsmap_gdal_new(&srv->gdal, err);
    const qsmap_gdal_api *api = st ? NULL : qsmap_gdal_calls(srv->gdal);
    if (!st)
        st = api->mem_open(name, data, len, path, sizeof path, err);
    if (!st) {
        st = job(srv->gdal, path, ctx, err);
        api->mem_close(path);
    }
    pthread_mutex_unlock(&srv->gdal_mu);
    if (st && path[0] && !strcmp(err->file, path)) /* messages name the upload */
        qsmap_text_copy(err->file, sizeof err->file, name);
    return st;
}

static qsmap_status gdal_schools(qsmap_gdal *g, const char *path, void *ctx, qsmap_error *err)
{
    return qsmap_gdal_schools(g, path, NULL, QSMAP_ENC_AUTO, ctx, err);
}

typedef struct {
    qsmap_schools *s;
    qsmap_roles_result *res;
} roles_job;

static qsmap_status gdal_roles(qsmap_gdal *g, const char *path, void *ctx, qsmap_error *err)
{
    roles_job *j = ctx;
    return qsmap_roles_apply(j->s, path, g, j->res, err);
}

static qsmap_status parse_schools(serve_server *srv, const char *name, const char *data,
                                  size_t len, qsmap_schools **out, qsmap_error *err)
{
    if (wants_gdal(name)) {
        qsmap_status st = with_gdal_file(srv, name, data, len, gdal_schools, out, err);
        if (!st) /* the table is known by the name the browser sent */
            qsmap_text_copy((*out)->path, sizeof (*out)->path, name);
        return st;
    }
    qsmap_input in;
    qsmap_status st = qsmap_input_memory(data, len, name, &in, err);
    if (!st)
        st = qsmap_schools_parse(in.data, in.len, name, &(qsmap_schools_options){0}, out, err);
    qsmap_input_release(&in);
    return st;
}

static qsmap_status apply_roles(serve_server *srv, qsmap_schools *s, const char *name,
                                const char *data, size_t len, qsmap_roles_result *res,
                                qsmap_error *err)
{
    if (!wants_gdal(name))
        return qsmap_roles_apply_memory(s, data, len, name, res, err);
    roles_job j = {s, res};
    return with_gdal_file(srv, name, data, len, gdal_roles, &j, err);
}

static void put_warning(FILE *fp, bool *first, const char *text)
{
    fputs(*first ? "" : ",", fp);
    *first = false;
    qsmap_json_str(fp, text);
}

typedef struct {
    const serve_table *t;
    const qsmap_roles_result *roles; /* NULL: a school table */
} upload_answer;

static qsmap_status put_answer(FILE *fp, void *ctx, qsmap_error *err)
{
    (void)err;
    const upload_answer *a = ctx;
    const qsmap_schools *s = a->t->s;
    size_t quality = 0;
    for (size_t i = 0; i < s->n; i++)
        quality += s->v[i].role == QSMAP_ROLE_QUALITY;
    fputs("{\"ok\":true,\"file\":", fp);
    qsmap_json_str(fp, a->roles ? a->t->roles_file : a->t->schools_file);
    fprintf(fp, ",\"schools\":%zu,\"quality\":%zu,\"warnings\":[", s->n, quality);
    bool first = true;
    if (!s->has_role)
        put_warning(fp, &first,
                    "the table has no role column: upload a roles list (school_id, "
                    "quality_color) to say which schools are quality schools");
    if (a->roles && a->roles->overrode)
        put_warning(fp, &first,
                    "the roles list overrides the role, quality_color and network_status "
                    "columns of the table");
    fputs("]}\n", fp);
    return QSMAP_OK;
}

/* A roles list with ids the table lacks: the CLI prints one line each and
 * then the error; the reply carries the error and the first of them. */
static void roles_error(serve_reply *rp, const char *name, const qsmap_roles_result *res,
                        qsmap_status st, const qsmap_error *err)
{
    serve_reply_status(rp, st, err);
    if (!res->nmissing || rp->status >= 500)
        return;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    if (!fp)
        return;
    char line[1400];
    qsmap_error_format(err, line, sizeof line);
    fputs("{\"error\":", fp);
    qsmap_json_str(fp, line);
    fputs(",\"details\":[", fp);
    for (size_t k = 0; k < res->nmissing && k < 20; k++) {
        char d[200];
        snprintf(d, sizeof d, "%s:%ld: school id %s is not in the table", name,
                 res->missing[k].line, res->missing[k].id);
        put_warning(fp, &(bool){k == 0}, d);
    }
    fputs("]}\n", fp);
    if (fclose(fp) == 0) {
        free(rp->body);
        rp->body = buf, rp->len = len;
    } else
        free(buf);
}

static qsmap_status new_table(serve_server *srv, serve_table **out, qsmap_error *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    atomic_init(&(*out)->refs, 1);
    (*out)->gen = atomic_fetch_add(&srv->generation, 1) + 1;
    return QSMAP_OK;
}

/* The session's table as a fresh copy: its upload parsed again, or the
 * server's loaded again; the names carried over. */
static qsmap_status fresh_copy(serve_request *rq, serve_table *t, qsmap_error *err)
{
    serve_table *cur = serve_sessions_table(rq->srv->sessions, rq->session);
    qsmap_status st;
    if (cur && cur->raw) {
        st = parse_schools(rq->srv, cur->schools_file, cur->raw, cur->raw_len, &t->s, err);
        t->raw = malloc(cur->raw_len);
        if (!st && !t->raw)
            st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
        if (!st) {
            memcpy(t->raw, cur->raw, cur->raw_len);
            t->raw_len = cur->raw_len;
            qsmap_text_copy(t->schools_file, sizeof t->schools_file, cur->schools_file);
        }
    } else
        st = rq->srv->data->reload(rq->srv->data->reload_ctx, &t->s, err);
    serve_table_release(cur);
    return st;
}

static qsmap_status take_schools(serve_server *srv, serve_table *t, const char *name,
                                 const char *data, size_t len, qsmap_error *err)
{
    qsmap_status st = parse_schools(srv, name, data, len, &t->s, err);
    t->raw = st ? NULL : malloc(len);
    if (!st && !t->raw)
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    if (!st) {
        memcpy(t->raw, data, len);
        t->raw_len = len;
        qsmap_text_copy(t->schools_file, sizeof t->schools_file, name);
    }
    return st;
}

void serve_api_upload(serve_request *rq, serve_reply *rp, bool roles)
{
    const char *sent, *data;
    size_t len;
    unsigned status;
    const char *why;
    if (!rq->upload || !serve_upload_done(rq->upload, &sent, &data, &len, &status, &why)) {
        serve_reply_error(rp, rq->upload ? status : 400,
                          rq->upload ? why : "send the file as multipart/form-data, field file");
        return;
    }
    char name[200];
    upload_name(sent, name, sizeof name);
    qsmap_error err = {0};
    qsmap_roles_result res = {0};
    serve_table *t;
    qsmap_status st = new_table(rq->srv, &t, &err);
    if (!st && roles)
        st = fresh_copy(rq, t, &err);
    if (!st && roles) {
        st = apply_roles(rq->srv, t->s, name, data, len, &res, &err);
        qsmap_text_copy(t->roles_file, sizeof t->roles_file, name);
    } else if (!st)
        st = take_schools(rq->srv, t, name, data, len, &err);
    upload_answer a = {t, roles ? &res : NULL};
    if (!st)
        st = serve_reply_write(rp, "application/json", put_answer, &a, &err);
    if (st) {
        roles_error(rp, name, &res, st, &err);
        serve_table_release(t);
    } else
        serve_sessions_set(rq->srv->sessions, rq->session, t);
    qsmap_roles_result_free(&res);
}

void serve_api_reset(serve_request *rq, serve_reply *rp)
{
    serve_sessions_set(rq->srv->sessions, rq->session, NULL);
    static const char OK[] = "{\"ok\":true}\n";
    rp->body = malloc(sizeof OK);
    if (!rp->body) {
        serve_reply_error(rp, 500, "out of memory");
        return;
    }
    memcpy(rp->body, OK, sizeof OK - 1);
    rp->len = sizeof OK - 1, rp->status = 200, rp->type = "application/json";
}

static qsmap_status put_session(FILE *fp, void *ctx, qsmap_error *err)
{
    (void)err;
    const serve_request *rq = ctx;
    serve_table *t = serve_sessions_table(rq->srv->sessions, rq->session);
    fputs("{\"schools_file\":", fp);
    if (t && t->schools_file[0])
        qsmap_json_str(fp, t->schools_file);
    else
        fputs("null", fp);
    fputs(",\"roles_file\":", fp);
    if (t && t->roles_file[0])
        qsmap_json_str(fp, t->roles_file);
    else
        fputs("null", fp);
    fprintf(fp, ",\"schools\":%zu}\n", t ? t->s->n : rq->srv->data->schools->n);
    serve_table_release(t);
    return QSMAP_OK;
}

void serve_api_session(serve_request *rq, serve_reply *rp)
{
    qsmap_error err = {0};
    qsmap_status st = serve_reply_write(rp, "application/json", put_session, rq, &err);
    if (st)
        serve_reply_status(rp, st, &err);
}
