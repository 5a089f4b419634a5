/* route.c — one request, from libmicrohttpd's first call to the reply:
 * the password (--auth), the session cookie, the same-origin check of a
 * request that changes something, a body nobody asked for drained and
 * bounded, then the route table. Every reply carries the same security
 * headers, and every error is {"error": "..."} with a 4xx or 5xx. */
#include "serve/serve.h"

#include "write/json.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A body on a request that takes none is read and dropped, up to this. */
#define STRAY_BODY_MAX (64 * 1024)

typedef void (*route_fn)(serve_request *rq, serve_reply *rp);

static void route_upload_schools(serve_request *rq, serve_reply *rp)
{
    serve_api_upload(rq, rp, false);
}

static void route_upload_roles(serve_request *rq, serve_reply *rp)
{
    serve_api_upload(rq, rp, true);
}

static const struct {
    const char *method, *path;
    bool prefix; /* path is a prefix (downloads) */
    bool upload; /* a multipart body */
    route_fn fn;
} ROUTES[] = {
    {"GET", "/", false, false, serve_api_page},
    {"GET", "/index.html", false, false, serve_api_page},
    {"GET", "/api/districts", false, false, serve_api_districts},
    {"GET", "/api/offices", false, false, serve_api_offices},
    {"GET", "/api/report", false, false, serve_api_report},
    {"GET", "/api/session", false, false, serve_api_session},
    {"GET", "/api/download/", true, false, serve_api_download},
    {"POST", "/api/upload/schools", false, true, route_upload_schools},
    {"POST", "/api/upload/roles", false, true, route_upload_roles},
    {"POST", "/api/reset", false, false, serve_api_reset},
};
#define NROUTES (sizeof ROUTES / sizeof ROUTES[0])

/* The route for the path, or -1; *allowed: the method that serves the
 * path, if any. HEAD is GET without the body (libmicrohttpd drops it). */
static int find_route(const char *method, const char *url, const char **allowed)
{
    *allowed = NULL;
    if (!strcmp(method, "HEAD"))
        method = "GET";
    for (size_t k = 0; k < NROUTES; k++) {
        size_t n = strlen(ROUTES[k].path);
        bool match = ROUTES[k].prefix ? !strncmp(url, ROUTES[k].path, n) && url[n]
                                      : !strcmp(url, ROUTES[k].path);
        if (!match)
            continue;
        *allowed = ROUTES[k].method;
        if (!strcmp(method, ROUTES[k].method))
            return (int)k;
    }
    return -1;
}

/* ---- replies -------------------------------------------------------------- */
void serve_reply_error(serve_reply *rp, unsigned status, const char *msg)
{
    free(rp->body);
    *rp = (serve_reply){.status = status, .type = "application/json"};
    FILE *fp = open_memstream(&rp->body, &rp->len);
    if (fp) {
        fputs("{\"error\":", fp);
        qsmap_json_str(fp, msg);
        fputs("}\n", fp);
        if (fclose(fp) == 0)
            return;
        free(rp->body);
    }
    rp->body = NULL, rp->len = 0;
}

void serve_reply_status(serve_reply *rp, qsmap_status st, const qsmap_error *err)
{
    unsigned status;
    switch (st) {
    case QSMAP_E_NOT_FOUND:
        status = 404;
        break;
    case QSMAP_E_NOMEM:
    case QSMAP_E_GEOS:
    case QSMAP_E_PROJ:
    case QSMAP_E_RENDER:
    case QSMAP_E_IO:
        status = 500;
        break;
    default:
        status = 400;
    }
    char line[1400];
    qsmap_error_format(err, line, sizeof line);
    serve_reply_error(rp, status, line);
}

qsmap_status serve_reply_write(serve_reply *rp, const char *type, serve_write_fn fn, void *ctx,
                               qsmap_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    if (!fp)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    qsmap_status st = fn(fp, ctx, err);
    if (fclose(fp) != 0 && !st)
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    if (st) {
        free(buf);
        return st;
    }
    free(rp->body);
    rp->body = buf, rp->len = len, rp->status = 200, rp->type = type;
    return QSMAP_OK;
}

/* ---- sending ------------------------------------------------------------ */
static const char PAGE_CSP[] =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "connect-src 'self'; img-src data: blob: https://tile.openstreetmap.org; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

static void add_headers(const serve_request *rq, const serve_reply *rp, struct MHD_Response *r)
{
    MHD_add_response_header(r, "Content-Type", rp->type ? rp->type : "application/json");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Content-Security-Policy", PAGE_CSP);
    if (rp->filename[0]) {
        char cd[1400];
        /* RFC 6266: an ASCII fallback, and the UTF-8 name percent-encoded */
        int n = snprintf(cd, sizeof cd, "attachment; filename=\"download%s\"; filename*=UTF-8''",
                         strrchr(rp->filename, '.'));
        for (const unsigned char *p = (const unsigned char *)rp->filename;
             *p && n > 0 && (size_t)n + 4 < sizeof cd; p++)
            n += (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                         (*p >= '0' && *p <= '9') || strchr("-._~", *p)
                     ? snprintf(cd + n, sizeof cd - (size_t)n, "%c", *p)
                     : snprintf(cd + n, sizeof cd - (size_t)n, "%%%02X", *p);
        MHD_add_response_header(r, "Content-Disposition", cd);
    }
    if (rp->allow[0])
        MHD_add_response_header(r, "Allow", rp->allow);
    if (rq->new_session) {
        char cookie[120];
        snprintf(cookie, sizeof cookie,
                 "qsmap_session=%s; Path=/; HttpOnly; SameSite=Strict%s", rq->session,
                 rq->srv->tls ? "; Secure" : "");
        MHD_add_response_header(r, "Set-Cookie", cookie);
    }
}

static enum MHD_Result send_reply(serve_request *rq, serve_reply *rp)
{
    if (!rp->body)
        serve_reply_error(rp, 500, "out of memory");
    struct MHD_Response *r =
        MHD_create_response_from_buffer(rp->len, rp->body ? rp->body : (char *)"",
                                        rp->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(rp->body);
        return MHD_NO;
    }
    add_headers(rq, rp, r);
    enum MHD_Result ok = MHD_queue_response(rq->c, rp->status ? rp->status : 500, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result send_error(serve_request *rq, unsigned status, const char *msg)
{
    serve_reply rp = {0};
    serve_reply_error(&rp, status, msg);
    return send_reply(rq, &rp);
}

/* ---- the request's first call ------------------------------------------- */
static bool authorized(serve_request *rq)
{
    if (!rq->srv->auth)
        return true;
    char *pass = NULL;
    char *user = MHD_basic_auth_get_username_password(rq->c, &pass);
    bool ok = serve_auth_check(rq->srv->auth, user, pass);
    MHD_free(user);
    MHD_free(pass);
    return ok;
}

static enum MHD_Result refuse_auth(serve_request *rq)
{
    serve_reply rp = {0};
    serve_reply_error(&rp, 401, "give the user name and password of this qsmap server");
    struct MHD_Response *r = MHD_create_response_from_buffer(
        rp.len, rp.body ? rp.body : (char *)"", rp.body ? MHD_RESPMEM_MUST_FREE
                                                         : MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    add_headers(rq, &rp, r);
    enum MHD_Result ok = MHD_queue_basic_auth_fail_response(rq->c, "qsmap", r);
    MHD_destroy_response(r);
    return ok;
}

/* A request that changes a session must come from this server's own page:
 * its Origin header names this host (a form on another site cannot upload
 * into a planner's session, whatever the cookie). */
static bool same_origin(const serve_request *rq)
{
    const char *origin = MHD_lookup_connection_value(rq->c, MHD_HEADER_KIND, "Origin");
    const char *host = MHD_lookup_connection_value(rq->c, MHD_HEADER_KIND, "Host");
    if (!origin || !host)
        return false;
    const char *scheme = rq->srv->tls ? "https://" : "http://";
    size_t n = strlen(scheme);
    return !strncmp(origin, scheme, n) && !strcmp(origin + n, host);
}

static void take_session(serve_request *rq)
{
    const char *id = MHD_lookup_connection_value(rq->c, MHD_COOKIE_KIND, "qsmap_session");
    if (serve_session_valid(id)) {
        memcpy(rq->session, id, sizeof rq->session);
        return;
    }
    rq->new_session = serve_session_id(rq->session);
    if (!rq->new_session) /* no randomness: a session nobody else can share */
        memset(rq->session, 0, sizeof rq->session);
}

/* 405 with the Allow header RFC 9110 asks for. */
static enum MHD_Result refuse_method(serve_request *rq, const char *allowed)
{
    char msg[80];
    snprintf(msg, sizeof msg, "this address takes %s only", allowed);
    serve_reply rp = {0};
    serve_reply_error(&rp, 405, msg);
    snprintf(rp.allow, sizeof rp.allow, "%s", !strcmp(allowed, "GET") ? "GET, HEAD" : allowed);
    return send_reply(rq, &rp);
}

/* Returns the answer when the request is refused at once, else -1. */
static int first_call(serve_request *rq, int route, const char *allowed)
{
    if (!authorized(rq))
        return refuse_auth(rq);
    if (route < 0 && allowed)
        return refuse_method(rq, allowed);
    if (route < 0)
        return send_error(rq, 404, "no such page or API (see the README's Web page section)");
    take_session(rq);
    if (!strcmp(ROUTES[route].method, "POST") && !same_origin(rq))
        return send_error(rq, 403, "uploads are taken only from this server's own page");
    if (ROUTES[route].upload) {
        /* a body announced too large is refused before it is sent */
        const char *cl = MHD_lookup_connection_value(rq->c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtod(cl, NULL) > (double)rq->srv->cfg->max_upload + 64 * 1024)
            return send_error(rq, 413, "the file is larger than the server takes (--max-upload)");
        rq->upload = serve_upload_new(rq->c, rq->srv->cfg->max_upload, &rq->srv->uploading);
        if (!rq->upload)
            return send_error(rq, 400, "send the file as multipart/form-data, field file");
    }
    return -1;
}

enum MHD_Result serve_access(void *cls, struct MHD_Connection *c, const char *url,
                             const char *method, const char *version, const char *upload,
                             size_t *upload_size, void **con_cls)
{
    serve_request *rq = *con_cls;
    const char *allowed;
    int route = find_route(method, url, &allowed);
    if (!rq) {
        rq = calloc(1, sizeof *rq);
        if (!rq)
            return MHD_NO;
        *rq = (serve_request){.srv = cls, .c = c, .url = url, .method = method};
        *con_cls = rq;
        /* RFC 9112: an HTTP/1.1 request without Host is a bad request (and
         * the origin check needs it) */
        if (!strcmp(version, MHD_HTTP_VERSION_1_1) &&
            !MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host"))
            return send_error(rq, 400, "an HTTP/1.1 request needs a Host header");
        int refused = first_call(rq, route, allowed);
        if (refused >= 0)
            return (enum MHD_Result)refused;
        return MHD_YES;
    }
    if (*upload_size) {
        /* libmicrohttpd takes a reply only once the body is in: a refused
         * upload is read on and dropped, up to a bound, then cut off */
        size_t n = *upload_size;
        *upload_size = 0;
        rq->body_seen += n;
        if (rq->upload && !rq->refused && !serve_upload_feed(rq->upload, upload, n))
            rq->refused = true;
        size_t max = rq->srv->cfg->max_upload;
        size_t bound = !rq->upload ? STRAY_BODY_MAX : max + (max > (1u << 20) ? max : 1u << 20);
        return rq->body_seen > bound ? MHD_NO : MHD_YES;
    }
    serve_reply rp = {0};
    ROUTES[route].fn(rq, &rp);
    return send_reply(rq, &rp);
}

void serve_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                     enum MHD_RequestTerminationCode why)
{
    (void)cls, (void)c, (void)why;
    serve_request *rq = *con_cls;
    if (!rq)
        return;
    serve_upload_free(rq->upload);
    free(rq);
    *con_cls = NULL;
}
